import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { LedeError } from '../../shared/errors.ts';

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

export function pinIsSet(db: Database): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(KEY) !== undefined;
}

export async function setPin(db: Database, pin: string): Promise<void> {
  checkPinFormat(pin);
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, 32, PARAMS);
  const value = JSON.stringify({ v: 1, salt: salt.toString('base64'), hash: hash.toString('base64'), N: PARAMS.N, r: PARAMS.r, p: PARAMS.p });
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, value);
}

export async function verifyPin(db: Database, pin: string): Promise<boolean> {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return false;
  const stored = StoredPin.parse(JSON.parse(row.value));
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scrypt(pin, Buffer.from(stored.salt, 'base64'), expected.length, { N: stored.N, r: stored.r, p: stored.p, maxmem: PARAMS.maxmem });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Slows down guessing: after 5 wrong PINs in a row, each further try waits
 * 30 s, doubling up to 15 minutes. A right PIN resets it.
 */
export class PinThrottle {
  private failures = 0;
  private lockedUntil = 0;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  check(): void {
    const wait = this.lockedUntil - this.now();
    if (wait > 0) {
      throw new LedeError('forbidden', `Too many wrong PINs. Try again in ${Math.ceil(wait / 1000)} seconds.`);
    }
  }

  failed(): void {
    this.failures++;
    if (this.failures >= 5) this.lockedUntil = this.now() + Math.min(15 * 60_000, 30_000 * 2 ** (this.failures - 5));
  }

  succeeded(): void {
    this.failures = 0;
    this.lockedUntil = 0;
  }
}
