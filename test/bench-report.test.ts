// The benchmarks' checks (bench/report.ts): a bench must fail, not print "NaN ms", when
// it measured nothing, measured a non-number, or met errors it did not expect.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchFailure, figure, measured, Outcomes } from '../bench/report.ts';

describe('measured', () => {
  it('refuses an empty measurement, naming it', () => {
    assert.throws(() => measured('save latency', []), (e: Error) => e instanceof BenchFailure && e.message === 'save latency: nothing was measured (0 samples)');
  });

  it('refuses NaN and infinite samples, saying which', () => {
    assert.throws(() => measured('dashboard lag', [3, NaN, 4]), (e: Error) => e instanceof BenchFailure && e.message === 'dashboard lag: sample 2 of 3 is NaN');
    assert.throws(() => measured('dashboard lag', [Infinity]), /sample 1 of 1 is Infinity/);
  });

  it('refuses fewer samples than the bench asked for', () => {
    assert.throws(() => measured('paint', [1, 2], 5), /only 2 samples, at least 5 needed/);
  });

  it('gives nearest-rank quantiles of the samples (worked by hand)', () => {
    // Sorted: 1..10 and 100. p50 is rank ceil(5.5) = 6 → 6; p95 rank ceil(10.45) = 11 → 100; p99 likewise.
    const s = measured('x', [100, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(s, { count: 11, min: 1, p50: 6, p95: 100, p99: 100, max: 100, mean: 155 / 11 });
    assert.deepEqual(measured('one', [2.5]), { count: 1, min: 2.5, p50: 2.5, p95: 2.5, p99: 2.5, max: 2.5, mean: 2.5 });
  });
});

describe('figure', () => {
  it('passes a number through and refuses NaN (an empty ratio)', () => {
    assert.equal(figure('ratio', 1.25), 1.25);
    assert.throws(() => figure('save p99 ratio', 0 / 0), /save p99 ratio is NaN, not a measured figure/);
    assert.throws(() => figure('max', Math.max()), /max is -Infinity/);
  });
});

describe('Outcomes', () => {
  it('fails on an outcome it did not expect, with a sample of it', () => {
    const o = new Outcomes('saves');
    o.ok();
    o.add('409 conflict', '409 Your teacher has not opened that step yet.');
    assert.equal(o.total, 2);
    assert.equal(o.unexpected, 1);
    assert.equal(o.summary(), 'ok 1, 409 conflict 1');
    assert.throws(() => o.assertNone(), (e: Error) => e instanceof BenchFailure && e.message === 'saves: 1 unexpected error(s) of 2 (ok 1, 409 conflict 1): 409 Your teacher has not opened that step yet.');
  });

  it('accepts the outcomes it was told to expect', () => {
    const o = new Outcomes('the flooder', ['429 rate_limited']);
    o.ok();
    o.add('429 rate_limited', 'slow down');
    o.add('429 rate_limited', 'slow down');
    assert.equal(o.unexpected, 0);
    assert.doesNotThrow(() => o.assertNone());
  });

  it('fails when nothing was sent, or nothing succeeded', () => {
    assert.throws(() => new Outcomes('polls').assertNone(), /polls: no requests were made/);
    const refused = new Outcomes('saves', ['429 rate_limited']);
    refused.add('429 rate_limited', 'slow down');
    assert.throws(() => refused.assertNone(), /saves: none of 1 requests succeeded \(429 rate_limited 1\)/);
  });
});
