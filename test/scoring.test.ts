import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { choiceFraction, scoreAttempt, AnswerError } from '../src/core/scoring/attempt.ts';
import { coverageOf, mergeRanges, mergeSpans, scoreHighlights, spanMetrics, unlabeledMetrics, type LabeledSpan } from '../src/core/scoring/spans.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import type { ChoiceOption, Lesson } from '../src/shared/lesson.ts';
import { miniLesson } from './helpers.ts';

const close = (actual: number, expected: number, what = '') => assert.ok(Math.abs(actual - expected) < 1e-9, `${what} ${actual} ≠ ${expected}`);
const sp = (start: number, end: number, label = 'a'): LabeledSpan => ({ start, end, label });

describe('span metric, hand-computed', () => {
  it('half overlap: P = R = F1 = 0.5', () => {
    const m = spanMetrics([sp(0, 10)], [sp(5, 15)]);
    close(m.precision, 0.5);
    close(m.recall, 0.5);
    close(m.f1, 0.5);
  });

  it('labels must agree; the unlabelled metric ignores them', () => {
    const key = [sp(0, 10, 'A'), sp(20, 30, 'B')];
    const student = [sp(0, 10, 'B'), sp(20, 25, 'B')];
    const m = spanMetrics(key, student);
    close(m.precision, 0.5, 'P'); // (0/10 + 5/5) / 2
    close(m.recall, 0.25, 'R'); // (0/10 + 5/10) / 2
    close(m.f1, 1 / 3, 'F1');
    const u = unlabeledMetrics(key, student);
    close(u.precision, 1, 'uP'); // (10/10 + 5/5) / 2
    close(u.recall, 0.75, 'uR'); // (10/10 + 5/10) / 2
    close(u.f1, 6 / 7, 'uF1');
  });

  it('touching pieces with the same label are merged before scoring', () => {
    const m = spanMetrics([sp(0, 10)], [sp(0, 5), sp(5, 10)]);
    close(m.f1, 1);
    assert.deepEqual(mergeSpans([sp(5, 10), sp(0, 5), sp(3, 4), sp(20, 22, 'b')]), [sp(0, 10), sp(20, 22, 'b')]);
  });

  it('one long student span over two key spans: P counts each character once, R is full', () => {
    // key [0,4) and [6,10); student [0,10): P = 8/10, R = (4/4 + 4/4)/2 = 1.
    const m = spanMetrics([sp(0, 4), sp(6, 10)], [sp(0, 10)]);
    close(m.precision, 0.8);
    close(m.recall, 1);
    close(m.f1, (2 * 0.8) / 1.8);
  });

  it('empty sets: both empty scores 1; one empty scores 0', () => {
    assert.deepEqual(spanMetrics([], []), { precision: 1, recall: 1, f1: 1 });
    assert.deepEqual(spanMetrics([sp(0, 3)], []), { precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(spanMetrics([], [sp(0, 3)]), { precision: 0, recall: 0, f1: 0 });
  });

  it('feedback per key span: found at half, partly below, missed, with the label the student used instead', () => {
    const key = [
      { ...sp(0, 10, 'named'), quote: 'q1' },
      { ...sp(20, 30, 'named'), quote: 'q2' },
      { ...sp(40, 50, 'vague'), quote: 'q3' },
      { ...sp(60, 70, 'vague'), quote: 'q4' },
    ];
    const student = [sp(0, 5, 'named'), sp(20, 24, 'named'), sp(40, 50, 'named'), sp(80, 90, 'vague'), sp(65, 66, 'named')];
    const r = scoreHighlights(key, student);
    assert.deepEqual(
      r.keySpans.map((k) => [k.span.quote, k.status, k.coverage, k.markedAs]),
      [
        ['q1', 'found', 0.5, undefined],
        ['q2', 'partly', 0.4, undefined],
        ['q3', 'missed', 0, 'named'],
        ['q4', 'missed', 0, 'named'],
      ],
    );
    assert.deepEqual(r.extraSpans, [sp(80, 90, 'vague')]);
    assert.equal(r.keySpans[0]!.span.quote, 'q1', 'the key span object is passed through');
  });

  it('coverage index answers arbitrary windows', () => {
    const cov = coverageOf(mergeRanges([sp(2, 5), sp(10, 12)]));
    assert.equal(cov(0, 100), 5);
    assert.equal(cov(3, 11), 3);
    assert.equal(cov(5, 10), 0);
    assert.equal(cov(4, 4), 0);
  });
});

describe('choice credit', () => {
  const opts = (correct: boolean[]): ChoiceOption[] => correct.map((c, i) => ({ id: 'abcd'[i]!, text: '', correct: c, feedback: '' }));
  const multi = { multiple: true, options: opts([true, true, false, false]) };
  it('multiple answers: right minus wrong over the number right, never below zero', () => {
    assert.equal(choiceFraction(multi, ['a', 'b']), 1);
    assert.equal(choiceFraction(multi, ['a']), 0.5);
    assert.equal(choiceFraction(multi, ['a', 'b', 'c']), 0.5);
    assert.equal(choiceFraction(multi, ['a', 'c']), 0);
    assert.equal(choiceFraction(multi, ['c', 'd']), 0);
    assert.equal(choiceFraction(multi, ['a', 'b', 'c', 'd']), 0);
    assert.equal(choiceFraction(multi, []), 0);
  });
  it('single answer: all or nothing', () => {
    const single = { multiple: false, options: opts([false, true, false]) };
    assert.equal(choiceFraction(single, ['b']), 1);
    assert.equal(choiceFraction(single, ['a']), 0);
    assert.equal(choiceFraction(single, []), 0);
  });
});

describe('scoring an attempt', () => {
  const r = parseLesson(miniLesson(), 'mini.md');
  assert.ok(r.ok);
  const lesson: Lesson = r.lesson;

  it('adds points: F1 × points for highlights, fraction × points for choices', () => {
    // Key: "the council" [57,68) named, "experts" [130,137) vague. Student: [57,68) named only.
    // P = 1, R = 1/2, F1 = 2/3 → 6.67 of 10 points; the choice is right → 2 of 2.
    const s = scoreAttempt(lesson, { sources: { spans: [{ start: 57, end: 68, label: 'named' }] }, q: { choices: ['a'] } });
    assert.equal(s.exercises[0]!.points, 6.67);
    assert.equal(s.exercises[1]!.points, 2);
    assert.equal(s.points, 8.67);
    assert.equal(s.maxPoints, 12);
    assert.equal(s.pending, 0);
  });

  it('rejects answers that do not fit the lesson', () => {
    const bad = (answers: Parameters<typeof scoreAttempt>[1], re: RegExp) =>
      assert.throws(() => scoreAttempt(lesson, answers), (e: unknown) => e instanceof AnswerError && re.test(e.message));
    bad({ nope: { spans: [] } }, /unknown exercise "nope"/);
    bad({ sources: { spans: [{ start: 0, end: 3, label: 'sly' }] } }, /unknown label "sly"/);
    bad({ sources: { spans: [{ start: 5, end: 5, label: 'named' }] } }, /end \(5\) must be greater than start \(5\)/);
    bad({ sources: { spans: [{ start: 100, end: 9999, label: 'named' }] } }, /outside the text \(148 characters\)/);
    bad({ sources: { choices: ['a'] } }, /highlight exercise/);
    bad({ q: { choices: ['z'] } }, /unknown option "z"/);
    bad({ q: { choices: ['a', 'b'] } }, /takes one answer/);
  });
});

// ── Properties ───────────────────────────────────────────────────────────

const spanArb = fc
  .record({ start: fc.nat(200), len: fc.integer({ min: 1, max: 30 }), label: fc.constantFrom('a', 'b', 'c') })
  .map(({ start, len, label }) => sp(start, start + len, label));
const spansArb = fc.array(spanArb, { maxLength: 25 });
const inUnit = (x: number) => x >= 0 && x <= 1 + 1e-12;

/** Character-by-character reference implementation of the labelled metric. */
function reference(key: LabeledSpan[], student: LabeledSpan[]): { p: number; r: number } {
  const S = mergeSpans(student);
  const T = mergeSpans(key);
  if (S.length === 0 && T.length === 0) return { p: 1, r: 1 };
  const inter = (x: LabeledSpan, y: LabeledSpan) => (x.label === y.label ? Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start)) : 0);
  let p = 0;
  for (const s of S) for (const t of T) p += inter(s, t) / (s.end - s.start);
  let r = 0;
  for (const t of T) for (const s of S) r += inter(s, t) / (t.end - t.start);
  return { p: S.length ? p / S.length : 0, r: T.length ? r / T.length : 0 };
}

describe('span metric (properties)', () => {
  it('agrees with the all-pairs definition', () => {
    fc.assert(
      fc.property(spansArb, spansArb, (key, student) => {
        const m = spanMetrics(key, student);
        const ref = reference(key, student);
        return Math.abs(m.precision - ref.p) < 1e-9 && Math.abs(m.recall - ref.r) < 1e-9;
      }),
    );
  });

  it('every value is in [0, 1]', () => {
    fc.assert(
      fc.property(spansArb, spansArb, (key, student) => {
        const r = scoreHighlights(key, student);
        return [r.precision, r.recall, r.f1, r.unlabeled.precision, r.unlabeled.recall, r.unlabeled.f1].every(inUnit);
      }),
    );
  });

  it('a perfect answer scores 1, labelled and unlabelled', () => {
    fc.assert(
      fc.property(spansArb, (key) => {
        const r = scoreHighlights(key, key);
        return r.f1 === 1 && r.unlabeled.f1 === 1 && r.keySpans.every((k) => k.status === 'found') && r.extraSpans.length === 0;
      }),
    );
  });

  it('splitting a student span into touching pieces changes nothing', () => {
    fc.assert(
      fc.property(spansArb, spansArb, fc.nat(), fc.nat(), (key, student, which, at) => {
        if (student.length === 0) return true;
        const i = which % student.length;
        const s = student[i]!;
        if (s.end - s.start < 2) return true;
        const cut = s.start + 1 + (at % (s.end - s.start - 1));
        const split = [...student.slice(0, i), sp(s.start, cut, s.label), sp(cut, s.end, s.label), ...student.slice(i + 1)];
        const a = scoreHighlights(key, student);
        const b = scoreHighlights(key, split);
        return (
          Math.abs(a.f1 - b.f1) < 1e-12 &&
          Math.abs(a.unlabeled.f1 - b.unlabeled.f1) < 1e-12 &&
          a.keySpans.every((k, j) => k.status === b.keySpans[j]!.status)
        );
      }),
    );
  });

  it('ignoring labels never scores lower than with labels', () => {
    fc.assert(
      fc.property(spansArb, spansArb, (key, student) => {
        const r = scoreHighlights(key, student);
        return r.unlabeled.precision >= r.precision - 1e-12 && r.unlabeled.recall >= r.recall - 1e-12 && r.unlabeled.f1 >= r.f1 - 1e-12;
      }),
    );
  });

  it('is symmetric: swapping key and student swaps precision and recall', () => {
    fc.assert(
      fc.property(spansArb, spansArb, (key, student) => {
        const a = spanMetrics(key, student);
        const b = spanMetrics(student, key);
        return Math.abs(a.precision - b.recall) < 1e-12 && Math.abs(a.recall - b.precision) < 1e-12;
      }),
    );
  });

  it('choice credit stays in [0, 1] and choosing exactly the correct options scores 1', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 6 }).filter((c) => c.includes(true)), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (correct, pick) => {
        const options = correct.map((c, i) => ({ id: `o${i}`, text: '', correct: c, feedback: '' }));
        const chosen = options.filter((_, i) => pick[i]).map((o) => o.id);
        const f = choiceFraction({ multiple: true, options }, chosen);
        const perfect = choiceFraction({ multiple: true, options }, options.filter((o) => o.correct).map((o) => o.id));
        return inUnit(f) && perfect === 1;
      }),
    );
  });
});
