// What every benchmark shares, so that none can print a figure it did not measure:
// quantiles over a measurement that is checked to be there (`measured`), figures
// checked to be numbers (`figure`), requests counted by outcome with the outcomes a
// bench expects named in advance (`Outcomes`), and the smoke mode (`--smoke` or
// BENCH_SMOKE=1: small sizes, seconds each; `npm test` runs every bench once that way
// to check that it measures, never how fast).
//
// A failed check throws a BenchFailure: the bench's `finally` still cleans up, and the
// process exits non-zero with the reason.

export const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';

/** A size for the run: `full` normally, `small` in smoke mode; an environment variable, when set, wins. */
export function size(full: number, small: number, env?: string): number {
  const raw = env ? process.env[env] : undefined;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new BenchFailure(`${env}=${raw} is not a positive number`);
    return n;
  }
  return smoke ? small : full;
}

export class BenchFailure extends Error {
  override name = 'BenchFailure';

}

/** The q-quantile (nearest rank) of numbers already checked by `measured`. */
function rank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Stats {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The summary of a measurement named `name` (used in the failure's message). Throws
 * when it is empty, when `atLeast` samples were required and fewer came, or when any
 * sample is not a finite number.
 */
export function measured(name: string, xs: readonly number[], atLeast = 1): Stats {
  if (xs.length === 0) throw new BenchFailure(`${name}: nothing was measured (0 samples)`);
  if (xs.length < atLeast) throw new BenchFailure(`${name}: only ${xs.length} samples, at least ${atLeast} needed`);
  const bad = xs.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new BenchFailure(`${name}: sample ${bad + 1} of ${xs.length} is ${xs[bad]}`);
  const s = [...xs].sort((a, b) => a - b);
  return { count: s.length, min: s[0]!, p50: rank(s, 0.5), p95: rank(s, 0.95), p99: rank(s, 0.99), max: s[s.length - 1]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** A single figure (a ratio, a share, a size): throws unless it is a finite number. */
export function figure(name: string, x: number): number {
  if (!Number.isFinite(x)) throw new BenchFailure(`${name} is ${x}, not a measured figure`);
  return x;
}

/** Throws with `why` unless `ok`. */
export function check(ok: boolean, why: string): asserts ok {
  if (!ok) throw new BenchFailure(why);
}

/**
 * Requests counted by outcome. `expected` names the outcomes that are part of what the
 * bench measures (e.g. a flooder's "429 rate_limited"); 'ok' always is. Any other
 * outcome is an error the bench did not expect, and `assertNone` throws on it.
 */
export class Outcomes {
  readonly counts = new Map<string, number>();
  private readonly samples: string[] = [];
  readonly name: string;
  private readonly expected: readonly string[];
  constructor(name: string, expected: readonly string[] = []) {
    this.name = name;
    this.expected = expected;
  }

  ok(): void {
    this.add('ok');
  }

  /** An outcome other than 'ok': `kind` is what it is counted under, `detail` a sample of it. */
  add(kind: string, detail?: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (kind !== 'ok' && !this.expected.includes(kind) && this.samples.length < 5 && detail !== undefined) this.samples.push(detail.slice(0, 200));
  }

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  get unexpected(): number {
    let n = 0;
    for (const [k, v] of this.counts) if (k !== 'ok' && !this.expected.includes(k)) n += v;
    return n;
  }

  /** "ok 120, 429 rate_limited 3" */
  summary(): string {
    return [...this.counts].map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ') || 'none';
  }

  /** Throws if nothing was sent, nothing succeeded, or any outcome was not expected. */
  assertNone(): void {
    if (this.total === 0) throw new BenchFailure(`${this.name}: no requests were made`);
    if (this.count('ok') === 0) throw new BenchFailure(`${this.name}: none of ${this.total} requests succeeded (${this.summary()})`);
    if (this.unexpected > 0) throw new BenchFailure(`${this.name}: ${this.unexpected} unexpected error(s) of ${this.total} (${this.summary()}): ${this.samples.join('; ')}`);
  }
}

/** "3.4 ms" with `digits` decimals, for a figure already checked. */
export const ms = (x: number, digits = 1) => `${figure('a time', x).toFixed(digits)} ms`;
