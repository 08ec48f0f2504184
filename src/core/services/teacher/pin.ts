import { LedeError } from '../../../shared/errors.ts';
import { checkPinFormat, chooseFirstPin, PinGate, pinIsSet, setPin } from '../../teacher/pin.ts';
import { idleLockMinutes, setIdleLockMinutes } from '../../teacher/sessions.ts';
import type { CallContext } from '../context.ts';
import type { HandlersFor, TeacherDeps } from './types.ts';

// The PIN, unlocking and locking the teacher area, and the idle lock.

export type PinHandlers = HandlersFor<'teacherStatus' | 'setTeacherPin' | 'unlockTeacher' | 'lockTeacher' | 'setIdleLock'>;

export function pinHandlers({ store, sessions }: Pick<TeacherDeps, 'store' | 'sessions'>): PinHandlers {
  const settings = store.settings;
  const gate = new PinGate(settings);
  const status = (ctx: CallContext, unlocked = ctx.teacher) => ({
    pinSet: pinIsSet(settings),
    unlocked,
    mayChoosePin: ctx.mayChoosePin === true,
    idleLockMinutes: idleLockMinutes(settings),
    waitSeconds: gate.waitSeconds(),
  });

  return {
    teacherStatus: (_i, ctx) => status(ctx),

    async setTeacherPin({ pin, currentPin }, ctx) {
      checkPinFormat(pin);
      if (pinIsSet(settings)) {
        if (!ctx.teacher) throw new LedeError('forbidden', 'Unlock the teacher area before changing the PIN.');
        if (!(await gate.verify(currentPin ?? ''))) throw new LedeError('forbidden', 'The current PIN is not right. (Wrong PINs here count toward the lock, as on the PIN screen.)');
      } else if (!ctx.mayChoosePin) {
        throw new LedeError(
          'forbidden',
          'The teacher PIN is chosen on the computer that runs Lede: in the desktop app, or with the one-time set-up link that “lede serve” printed when it started.',
        );
      }
      const first = !pinIsSet(settings);
      if (first) {
        // Two first choices at once (two set-up windows): the first stored is the PIN; the other is refused.
        if (!(await chooseFirstPin(settings, pin))) throw new LedeError('conflict', 'A teacher PIN has just been chosen on another screen. Unlock the teacher area with it.');
      } else await setPin(settings, pin);
      // A new PIN ends every other unlocked screen.
      sessions?.revokeAll();
      if (first) ctx.pinChosen?.();
      ctx.grantTeacher();
      return status(ctx, true);
    },

    async unlockTeacher({ pin }, ctx) {
      if (!pinIsSet(settings)) throw new LedeError('conflict', 'No teacher PIN has been chosen yet.');
      if (!(await gate.verify(pin))) {
        const wait = gate.waitSeconds();
        throw new LedeError('forbidden', wait > 0 ? `That PIN is not right. Too many wrong PINs: try again in ${wait} seconds.` : 'That PIN is not right.');
      }
      ctx.grantTeacher();
      return status(ctx, true);
    },

    lockTeacher: (_i, ctx) => {
      ctx.revokeTeacher();
      return status(ctx, false);
    },

    setIdleLock: ({ minutes }, ctx) => {
      setIdleLockMinutes(settings, minutes);
      return status(ctx);
    },
  };
}
