// Limits on how fast a client may try things: back-off after wrong guesses (join
// codes, the teacher PIN), a sliding window (seat claims per device), and token
// buckets (requests per seat).

/** Addresses of this computer itself: the teacher's own machine, never limited per address. */
export function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/**
 * How long to wait after `failures` wrong guesses in a row: `free` guesses cost
 * nothing, then 30 s, doubling with each further wrong guess, up to `maxMs`.
 */
export function backoffMs(failures: number, maxMs: number, free = 5): number {
  return failures < free ? 0 : Math.min(maxMs, 30_000 * 2 ** (failures - free));
}

/** At most `limit` events per key in any `windowMs` (e.g. seat claims per device address). */
export class WindowLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Seconds until another event is allowed for this key; 0 when it is allowed now. */
  waitSeconds(key: string): number {
    const t = this.now();
    const list = (this.events.get(key) ?? []).filter((x) => t - x < this.windowMs);
    this.events.set(key, list);
    return list.length < this.limit ? 0 : Math.ceil((list[0]! + this.windowMs - t) / 1000);
  }

  record(key: string): void {
    const list = this.events.get(key) ?? [];
    list.push(this.now());
    this.events.set(key, list);
    if (this.events.size > 10_000) for (const [k, l] of this.events) if (!l.length || this.now() - l.at(-1)! > this.windowMs) this.events.delete(k);
  }
}

/**
 * A token bucket per key: `burst` requests at once, refilled at `perSecond`. Keeps
 * one seat's requests from crowding out the rest of the class.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(perSecond: number, burst: number, now: () => number = Date.now) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.now = now;
  }

  /** Takes a token, or returns false when the bucket is empty. */
  take(key: string): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
