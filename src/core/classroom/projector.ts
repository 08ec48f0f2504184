import { timingSafeEqual } from 'node:crypto';
import { LedeError } from '../../shared/errors.ts';
import type { DashboardDto, ProjectorDto } from '../../shared/teacher-api.ts';
import { hashToken, newToken } from './security.ts';

// The projector view of a live session: what the whole room may see. It is built
// here, on the server, from the teacher's dashboard by copying only what a student
// may see — never by hiding parts of the dashboard in the browser:
//   - no names, no rejoin codes, no student's own figures (only counts for the class);
//   - the key of a step (underlines, the most-missed items, the right options, and
//     how many students chose each option) only once the teacher has revealed it.
//
// Who may open it: whoever holds the session's projector token (256 bits, made when
// the session's listener starts, kept only in memory: after a restart the teacher opens
// the projector again from the dashboard). The token is in the projector address the
// dashboard shows (#/projector/<session>/<token>), never on the students' network. It
// is not the teacher PIN, so the projector keeps showing the class while the teacher
// area is locked, and it cannot unlock anything: holding it gives exactly this view.

export class ProjectorTokens {
  private readonly tokens = new Map<string, string>();

  /** The session's token, made on first use. */
  token(sessionId: string): string {
    let t = this.tokens.get(sessionId);
    if (!t) this.tokens.set(sessionId, (t = newToken()));
    return t;
  }

  /** Throws unless `token` is the session's projector token (compared in constant time). */
  check(sessionId: string, token: string): void {
    const t = this.tokens.get(sessionId);
    const ok = t !== undefined && timingSafeEqual(Buffer.from(hashToken(t), 'hex'), Buffer.from(hashToken(token), 'hex'));
    if (!ok) throw new LedeError('forbidden', 'This projector address is not (or no longer) valid. Open the projector view again from the live dashboard.');
  }
}

/** The projector's view of a dashboard: only what every student in the room may see. */
export function projectorView(d: DashboardDto): ProjectorDto {
  const s = d.session;
  const current = s.step >= 1 && s.step <= d.lesson.exercises.length ? d.lesson.exercises[s.step - 1]! : null;
  const revealed = current !== null && s.revealed.includes(current.id);
  const heat = d.heat
    ? {
        exerciseId: d.heat.exerciseId,
        words: d.heat.words,
        max: d.heat.max,
        students: d.heat.students,
        key: revealed ? d.heat.key : [],
        missed: revealed ? d.heat.missed : [],
      }
    : null;
  const choices =
    d.choices && revealed
      ? { exerciseId: d.choices.exerciseId, answered: d.choices.answered, options: d.choices.options.map((o) => ({ id: o.id, text: o.text, count: o.count, correct: o.correct })) }
      : null;
  return {
    version: d.version,
    className: s.className,
    lessonTitle: s.lessonTitle,
    joinCode: s.joinCode,
    joinUrl: s.urls[0] ?? '',
    qrSvg: s.qrSvg,
    running: s.running,
    paused: s.paused,
    step: s.step,
    joined: d.joined,
    classSize: d.roster.length,
    article: { text: d.lesson.text, language: d.lesson.language, direction: d.lesson.direction, blocks: d.lesson.blocks.map((b) => ({ kind: b.kind, start: b.start, end: b.end })) },
    steps: d.steps.map((st) => ({ id: st.id, title: st.title, kind: st.kind, checked: st.checked, revealed: s.revealed.includes(st.id) })),
    heat,
    choices,
  };
}
