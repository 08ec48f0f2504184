import { createHash, randomBytes, randomInt } from 'node:crypto';
import { LedeError } from '../../shared/errors.ts';
import { backoffMs } from '../rate-limits.ts';

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I). */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A student's session token: 256 random bits. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Join-code guessing, per client address: 5 wrong codes are free; then each
 * further wrong code locks the address out for 30 s, doubling up to 15 minutes.
 * A right code resets it. Forgets addresses after an hour of quiet.
 */
export class GuessLimiter {
  private readonly clients = new Map<string, { failures: number; lockedUntil: number; last: number }>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  check(ip: string): void {
    const c = this.clients.get(ip);
    const wait = c ? c.lockedUntil - this.now() : 0;
    if (wait > 0) throw new LedeError('rate_limited', `Too many wrong codes from this device. Try again in ${Math.ceil(wait / 1000)} seconds.`);
  }

  failed(ip: string): void {
    const t = this.now();
    const c = this.clients.get(ip) ?? { failures: 0, lockedUntil: 0, last: t };
    c.failures++;
    c.last = t;
    c.lockedUntil = t + backoffMs(c.failures, 15 * 60_000);
    this.clients.set(ip, c);
    if (this.clients.size > 10_000) this.sweep();
  }

  succeeded(ip: string): void {
    this.clients.delete(ip);
  }

  private sweep(): void {
    const t = this.now();
    for (const [ip, c] of this.clients) if (t - c.last > 3_600_000 && c.lockedUntil < t) this.clients.delete(ip);
  }
}
