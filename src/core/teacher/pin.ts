import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Settings } from '../db/settings.ts';
import { z } from 'zod';
import { LedeError } from '../../shared/errors.ts';
import { backoffMs } from '../rate-limits.ts';

// The teacher PIN: chosen at first use, stored only as a salted scrypt hash.

const scrypt = (pin: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pin.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

const StoredPin = z.object({ v: z.literal(1), salt: z.string(), hash: z.string(), N: z.number(), r: z.number(), p: z.number() });
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY = 'teacher_pin';

export const PIN_RULE = 'The PIN must be 4 to 12 digits.';

export function checkPinFormat(pin: string): void {
  if (!/^\d{4,12}$/.test(pin)) throw new LedeError('invalid_input', PIN_RULE);
}

export function pinIsSet(settings: Settings): boolean {
  return settings.has(KEY);
}

async function pinRecord(pin: string): Promise<string> {
  checkPinFormat(pin);
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, 32, PARAMS);
  return JSON.stringify({ v: 1, salt: salt.toString('base64'), hash: hash.toString('base64'), N: PARAMS.N, r: PARAMS.r, p: PARAMS.p });
}

export async function setPin(settings: Settings, pin: string): Promise<void> {
  settings.set(KEY, await pinRecord(pin));
}

/**
 * Chooses the first PIN, once: hashing takes a while, so two first choices made at the
 * same moment would both see no PIN; only the one stored first counts (false for the other).
 */
export async function chooseFirstPin(settings: Settings, pin: string): Promise<boolean> {
  return settings.setIfAbsent(KEY, await pinRecord(pin));
}

export async function verifyPin(settings: Settings, pin: string): Promise<boolean> {
  const value = settings.get(KEY);
  if (value === undefined) return false;
  const stored = StoredPin.parse(JSON.parse(value));
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scrypt(pin, Buffer.from(stored.salt, 'base64'), expected.length, { N: stored.N, r: stored.r, p: stored.p, maxmem: PARAMS.maxmem });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The longest a run of wrong PINs locks the teacher area (see "A student's wrong tries" in the README). */
export const PIN_MAX_LOCK_MS = 5 * 60_000;
const THROTTLE_KEY = 'teacher_pin_throttle';
const Throttle = z.object({ failures: z.int().nonnegative(), lockedUntil: z.number() });

/**
 * Checks PINs one at a time, slowing down guessing: after 5 wrong PINs in a row,
 * each further try waits 30 s, doubling up to 5 minutes. A try is counted (in the
 * database, so a restart does not reset it) before the slow hash is computed, and
 * tries are checked one after another, so sending many at once gains nothing. A
 * right PIN resets the count.
 */
export class PinGate {
  private readonly settings: Settings;
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(settings: Settings, now: () => number = Date.now) {
    this.settings = settings;
    this.now = now;
  }

  private read(): z.infer<typeof Throttle> {
    const value = this.settings.get(THROTTLE_KEY);
    const parsed = value !== undefined ? Throttle.safeParse(JSON.parse(value)) : null;
    return parsed?.success ? parsed.data : { failures: 0, lockedUntil: 0 };
  }

  private write(t: z.infer<typeof Throttle>): void {
    this.settings.set(THROTTLE_KEY, JSON.stringify(t));
  }

  /** Seconds until another PIN may be tried (0: now). */
  waitSeconds(): number {
    return Math.max(0, Math.ceil((this.read().lockedUntil - this.now()) / 1000));
  }

  /** True when `pin` is the teacher's PIN; throws while too many wrong PINs lock the area. */
  verify(pin: string): Promise<boolean> {
    const run = this.queue.then(async () => {
      const wait = this.waitSeconds();
      if (wait > 0) throw new LedeError('rate_limited', `Too many wrong PINs. Try again in ${wait} seconds.`);
      const t = this.read();
      const failures = t.failures + 1;
      // Counted as wrong until proven right: a crash during the hash still counts it.
      this.write({ failures, lockedUntil: this.now() + backoffMs(failures, PIN_MAX_LOCK_MS) });
      const ok = await verifyPin(this.settings, pin);
      if (ok) this.write({ failures: 0, lockedUntil: 0 });
      return ok;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}

/** Forgets the PIN and the count of wrong tries (`lede teacher reset-pin`). */
export function resetPin(settings: Settings): boolean {
  return settings.delete(KEY, THROTTLE_KEY);
}
