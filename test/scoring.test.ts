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

  it('coverage index answers arbitrary windows', () => {
    const cov = coverageOf(mergeRanges([sp(2, 5), sp(10, 12)]));
    assert.equal(cov(0, 100), 5);
    assert.equal(cov(3, 11), 3);
    assert.equal(cov(5, 10), 0);
    assert.equal(cov(4, 4), 0);
  });
});

/** A key item with one or more mentions, each `[start, end)` with its core `[coreStart, coreEnd)`. */
const item = (label: string, ...mentions: [number, number, number, number][]) => ({
  label,
  mentions: mentions.map(([start, end, coreStart, coreEnd]) => ({ start, end, coreStart, coreEnd })),
});

describe('key items, found by their core (hand-computed)', () => {
  // Like the seed: the minister named twice ("Pakistan's Defence Minister Khawaja Asif",
  // core "Khawaja Asif"), the interview once ("interview with Sky News", core "Sky News").
  const minister = item('named', [0, 40, 28, 40], [100, 140, 128, 140]);
  const interview = item('named', [50, 73, 65, 73]);
  const key = [minister, interview];

  it('marking each source once by its name finds both: full score, "2 of 2"', () => {
    const r = scoreHighlights(key, [sp(28, 40, 'named'), sp(65, 73, 'named')]);
    assert.equal(r.found, 2);
    assert.equal(r.total, 2);
    close(r.itemRecall, 1);
    close(r.spanPrecision, 1);
    close(r.score, 1);
  });

  it('the core with natural words around it inside the mention also finds the item', () => {
    const r = scoreHighlights(key, [sp(0, 40, 'named'), sp(50, 73, 'named')]);
    assert.equal(r.found, 2);
    close(r.score, 1);
  });

  it('words that leave the core out find nothing ("interview with"), and say so', () => {
    const r = scoreHighlights(key, [sp(0, 27, 'named'), sp(50, 64, 'named')]);
    assert.equal(r.found, 0);
    assert.deepEqual(r.items.map((i) => [i.status, i.nearby]), [['missed', true], ['missed', true]]);
    close(r.spanPrecision, 1);
    close(r.score, 0);
  });

  it('a further mention of a found item is neither extra nor counted twice', () => {
    const r = scoreHighlights(key, [sp(28, 40, 'named'), sp(128, 140, 'named'), sp(65, 73, 'named')]);
    assert.equal(r.found, 2);
    assert.equal(r.extraSpans.length, 0);
    close(r.score, 1);
  });

  it('part of a core earns that part: 7 of 12 characters', () => {
    const r = scoreHighlights(key, [sp(28, 35, 'named'), sp(65, 73, 'named')]);
    assert.equal(r.items[0]!.status, 'partly');
    close(r.items[0]!.credit, 7 / 12);
    close(r.itemRecall, (7 / 12 + 1) / 2);
    close(r.spanPrecision, 1);
  });

  it('a span swallowing the whole passage finds everything but pays in precision', () => {
    // 200 characters marked; inside the key: 40 + 23 + 40 = 103.
    const r = scoreHighlights(key, [sp(0, 200, 'named')]);
    assert.equal(r.found, 2);
    close(r.spanPrecision, 103 / 200);
    close(r.score, (2 * 103) / 200 / (1 + 103 / 200));
  });

  it('the right words with a wrong label earn half the item, do not count against precision, and name the label used', () => {
    const r = scoreHighlights(key, [sp(28, 40, 'vague')]);
    assert.equal(r.items[0]!.status, 'partly');
    close(r.items[0]!.credit, 0.5);
    assert.equal(r.items[0]!.markedAs, 'vague');
    close(r.itemRecall, 0.25); // (0.5 + 0) / 2
    close(r.spanPrecision, 1); // 12 characters, all in the right place (the label costs in recall, not here)
    close(r.score, (2 * 0.25 * 1) / 1.25); // 0.4
    assert.equal(r.extraSpans.length, 0);
  });

  it('the wrong-label share is set per step: 0 gives nothing (labels all or nothing, precision too), 0.25 a quarter', () => {
    const zero = scoreHighlights(key, [sp(28, 40, 'vague')], { wrongLabelCredit: 0 });
    assert.equal(zero.items[0]!.status, 'missed');
    close(zero.spanPrecision, 0);
    close(zero.score, 0);
    const quarter = scoreHighlights(key, [sp(28, 40, 'vague'), sp(65, 73, 'named')], { wrongLabelCredit: 0.25 });
    close(quarter.items[0]!.credit, 0.25);
    close(quarter.itemRecall, (0.25 + 1) / 2);
    close(quarter.spanPrecision, (12 + 8) / 20); // the place is right under any label
  });

  it('half a core under the right label and half under a wrong one: 1/2 + 1/2 × 1/2', () => {
    // "Khawaja" (28-35) named, " Asif" (35-40) vague: 7/12 + 0.5 × 5/12.
    const r = scoreHighlights(key, [sp(28, 35, 'named'), sp(35, 40, 'vague'), sp(65, 73, 'named')]);
    close(r.items[0]!.credit, 7 / 12 + 0.5 * (5 / 12));
  });

  it('an item that accepts several labels is found by any of them', () => {
    const analysts = { label: 'vague', labels: ['vague', 'anonymous'], mentions: [{ start: 0, end: 30, coreStart: 0, coreEnd: 8 }] };
    const both = [analysts, interview];
    for (const label of ['vague', 'anonymous']) {
      const r = scoreHighlights(both, [sp(0, 8, label), sp(65, 73, 'named')]);
      assert.equal(r.items[0]!.status, 'found', label);
      close(r.spanPrecision, 1);
      close(r.score, 1);
    }
    const named = scoreHighlights(both, [sp(0, 8, 'named'), sp(65, 73, 'named')]);
    close(named.items[0]!.credit, 0.5);
    assert.equal(named.items[0]!.markedAs, 'named');
  });

  it('a note (left out of the key on purpose) costs nothing when marked', () => {
    const notes = [{ start: 150, end: 170 }];
    const r = scoreHighlights(key, [sp(28, 40, 'named'), sp(65, 73, 'named'), sp(150, 170, 'named')], { notes });
    close(r.spanPrecision, 1);
    close(r.score, 1);
    assert.equal(r.extraSpans.length, 1); // still shown, with its note
    // Without the note the 20 characters are outside the key: 20 of 40 inside.
    close(scoreHighlights(key, [sp(28, 40, 'named'), sp(65, 73, 'named'), sp(150, 170, 'named')]).spanPrecision, 0.5);
    // Half on the note, half outside anything: only the 10 outside count against.
    close(scoreHighlights(key, [sp(28, 40, 'named'), sp(65, 73, 'named'), sp(160, 180, 'named')], { notes }).spanPrecision, 20 / 30);
  });

  it('precision is corrected for chance by the share of the text the key covers', () => {
    // A 200-character text; the key covers 40 + 23 + 40 = 103 of it.
    const all = scoreHighlights(key, [sp(0, 200, 'named')], { textLength: 200 });
    close(all.keyShare, 103 / 200);
    close(all.spanPrecision, 103 / 200);
    close(all.beyondChance, 0);
    close(all.score, 0);
    const exact = scoreHighlights(key, [sp(28, 40, 'named'), sp(65, 73, 'named')], { textLength: 200 });
    close(exact.beyondChance, 1);
    close(exact.score, 1);
    // 10 characters outside the key: 63 of 73 inside, then beyond chance.
    const loose = scoreHighlights(key, [sp(0, 40, 'named'), sp(50, 73, 'named'), sp(80, 90, 'named')], { textLength: 200 });
    const p = 63 / 73;
    close(loose.beyondChance, (p - 103 / 200) / (1 - 103 / 200));
    close(loose.score, (2 * loose.beyondChance) / (1 + loose.beyondChance));
  });

  it('a mark beside an item with another label says nothing about it; a mark on its core does', () => {
    // "Pakistan's Defence Minister" marked vague: beside the minister's core, so no "marked as vague".
    const beside = scoreHighlights(key, [sp(0, 27, 'vague')]);
    assert.equal(beside.items[0]!.markedAs, undefined);
    const onCore = scoreHighlights(key, [sp(100, 140, 'vague')]);
    assert.equal(onCore.items[0]!.markedAs, 'vague');
  });

  it('keeps the SemEval-2020 figures over every mention', () => {
    const r = scoreHighlights(key, [sp(28, 40, 'named'), sp(65, 73, 'named')]);
    const m = spanMetrics(
      [sp(0, 40, 'named'), sp(100, 140, 'named'), sp(50, 73, 'named')],
      [sp(28, 40, 'named'), sp(65, 73, 'named')],
    );
    assert.deepEqual({ precision: r.semeval.precision, recall: r.semeval.recall, f1: r.semeval.f1 }, m);
    close(r.semeval.recall, (12 / 40 + 0 + 8 / 23) / 3);
  });
});

describe('choice credit', () => {
  const opts = (correct: boolean[]): ChoiceOption[] => correct.map((c, i) => ({ id: 'abcd'[i]!, text: '', correct: c, feedback: '' }));
  const multi = { multiple: true, options: opts([true, true, false, false]) };
  it('multiple answers: share of true chosen minus share of untrue chosen, never below zero', () => {
    assert.equal(choiceFraction(multi, ['a', 'b']), 1);
    assert.equal(choiceFraction(multi, ['a']), 0.5);
    assert.equal(choiceFraction(multi, ['a', 'b', 'c']), 0.5); // 2/2 − 1/2
    assert.equal(choiceFraction(multi, ['a', 'c']), 0); // 1/2 − 1/2
    assert.equal(choiceFraction(multi, ['c', 'd']), 0);
    assert.equal(choiceFraction(multi, ['a', 'b', 'c', 'd']), 0);
    assert.equal(choiceFraction(multi, []), 0);
    // Three true, one untrue: the old "right − wrong over the number right" gave 2/3 for ticking everything.
    const mostlyTrue = { multiple: true, options: opts([true, true, true, false]) };
    assert.equal(choiceFraction(mostlyTrue, ['a', 'b', 'c', 'd']), 0);
    assert.equal(choiceFraction(mostlyTrue, ['a', 'b', 'c']), 1);
    close(choiceFraction(mostlyTrue, ['a', 'b']), 2 / 3);
    close(choiceFraction(mostlyTrue, ['a', 'b', 'c', 'd'].slice(1)), 0); // 2/3 − 1
    close(choiceFraction({ multiple: true, options: opts([true, false, false]) }, ['a', 'b']), 0.5); // 1 − 1/2
    assert.equal(choiceFraction({ multiple: true, options: opts([true, true]) }, ['a', 'b']), 1); // every option true
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
        const r = spanMetrics(key, student);
        const u = unlabeledMetrics(key, student);
        return [r.precision, r.recall, r.f1, u.precision, u.recall, u.f1].every(inUnit);
      }),
    );
  });

  it('a perfect answer scores 1, labelled and unlabelled', () => {
    fc.assert(
      fc.property(spansArb, (key) => {
        return spanMetrics(key, key).f1 === 1 && unlabeledMetrics(key, key).f1 === 1;
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
        const items = key.map((k) => item(k.label, [k.start, k.end, k.start, k.end]));
        const a = scoreHighlights(items, student);
        const b = scoreHighlights(items, split);
        return (
          Math.abs(a.semeval.f1 - b.semeval.f1) < 1e-12 &&
          Math.abs(a.semeval.unlabeled.f1 - b.semeval.unlabeled.f1) < 1e-12 &&
          Math.abs(a.score - b.score) < 1e-12 &&
          a.items.every((k, j) => k.status === b.items[j]!.status)
        );
      }),
    );
  });

  it('ignoring labels never scores lower than with labels', () => {
    fc.assert(
      fc.property(spansArb, spansArb, (key, student) => {
        const r = spanMetrics(key, student);
        const u = unlabeledMetrics(key, student);
        return u.precision >= r.precision - 1e-12 && u.recall >= r.recall - 1e-12 && u.f1 >= r.f1 - 1e-12;
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

  it('ticking everything and ticking nothing earn 0 whatever the ratio of true to untrue options', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 12 }).filter((c) => c.includes(true) && c.includes(false)), (correct) => {
        const options = correct.map((c, i) => ({ id: `o${i}`, text: '', correct: c, feedback: '' }));
        return choiceFraction({ multiple: true, options }, options.map((o) => o.id)) === 0 && choiceFraction({ multiple: true, options }, []) === 0;
      }),
    );
  });

  it('choice credit never falls when a true option is added, nor rises when an untrue one is', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 8 }).filter((c) => c.includes(true)), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.nat(7), (correct, pick, k) => {
        const options = correct.map((c, i) => ({ id: `o${i}`, text: '', correct: c, feedback: '' }));
        const i = k % options.length;
        const base = options.filter((_, j) => pick[j] && j !== i).map((o) => o.id);
        const without = choiceFraction({ multiple: true, options }, base);
        const withIt = choiceFraction({ multiple: true, options }, [...base, options[i]!.id]);
        return options[i]!.correct ? withIt >= without : withIt <= without;
      }),
    );
  });
});

// ── The fair measure (properties) ────────────────────────────────────────

const LABELS = ['a', 'b', 'c'] as const;

/**
 * A key: disjoint mentions laid out left to right (gaps between them), each with a
 * core inside it, grouped into items of one to three mentions with one label each.
 */
const keyArb = fc
  .array(
    fc.record({
      label: fc.constantFrom(...LABELS),
      mentions: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 20 }), before: fc.nat(8), core: fc.integer({ min: 1, max: 15 }), after: fc.nat(8) }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .chain((items) => {
    // Mentions of different items interleave in the text: lay them out in a shuffled order.
    const all = items.flatMap((it, i) => it.mentions.map((m, j) => ({ i, j, m })));
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }).map((order) => {
      let at = 0;
      const placed = items.map((it) => ({ label: it.label as string, mentions: [] as { start: number; end: number; coreStart: number; coreEnd: number }[] }));
      for (const { i, m } of order) {
        const start = at + m.gap;
        const coreStart = start + m.before;
        const coreEnd = coreStart + m.core;
        const end = coreEnd + m.after;
        placed[i]!.mentions.push({ start, end, coreStart, coreEnd });
        at = end;
      }
      for (const p of placed) p.mentions.sort((x, y) => x.start - y.start);
      return placed;
    });
  });

type KeyArb = { label: string; mentions: { start: number; end: number; coreStart: number; coreEnd: number }[] }[];

/** Whether `s` touches a mention with its own label. */
const touchesOwn = (key: KeyArb, s: LabeledSpan) => key.some((it) => it.label === s.label && it.mentions.some((m) => s.start < m.end && m.start < s.end));

/** Whether `s` touches any mention of the key. */
const touchesAny = (key: KeyArb, s: LabeledSpan) => key.some((it) => it.mentions.some((m) => s.start < m.end && m.start < s.end));

describe('the fair measure (properties)', () => {
  it('marking each distinct item once, by its core, with the right label scores full points', () => {
    fc.assert(
      fc.property(keyArb, fc.array(fc.nat()), (key, picks) => {
        const student = key.map((it, i) => {
          const m = it.mentions[(picks[i] ?? 0) % it.mentions.length]!;
          return sp(m.coreStart, m.coreEnd, it.label);
        });
        const r = scoreHighlights(key, student);
        return r.score === 1 && r.found === key.length && r.total === key.length;
      }),
    );
  });

  it('adding extra spans never raises the score', () => {
    fc.assert(
      fc.property(keyArb, spansArb, spanArb, (key, student, extra) => {
        if (touchesAny(key, extra)) return true; // not extra: it touches the key (a wrong label earns a share)
        return scoreHighlights(key, [...student, extra]).score <= scoreHighlights(key, student).score + 1e-12;
      }),
    );
  });

  it('relabelling a correct span to a wrong label never raises the score', () => {
    fc.assert(
      fc.property(keyArb, fc.array(fc.nat(), { minLength: 1 }), fc.nat(), fc.constantFrom(...LABELS), (key, picks, which, to) => {
        const student = key.map((it, i) => {
          const m = it.mentions[(picks[i % picks.length] ?? 0) % it.mentions.length]!;
          return sp(m.start, m.end, it.label);
        });
        const i = which % student.length;
        const moved = { ...student[i]!, label: to };
        if (to === student[i]!.label || touchesOwn(key, moved)) return true; // not a wrong label for it
        const relabelled = student.map((s, j) => (j === i ? moved : s));
        return scoreHighlights(key, relabelled).score <= scoreHighlights(key, student).score + 1e-12;
      }),
    );
  });

  it('marking a further mention of an item already found changes neither recall nor precision', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        const once = key.map((it) => sp(it.mentions[0]!.coreStart, it.mentions[0]!.coreEnd, it.label));
        const twice = [...once, ...key.flatMap((it) => it.mentions.slice(1).map((m) => sp(m.start, m.end, it.label)))];
        const a = scoreHighlights(key, once);
        const b = scoreHighlights(key, twice);
        return a.itemRecall === b.itemRecall && a.spanPrecision === b.spanPrecision && b.extraSpans.length === 0;
      }),
    );
  });

  it('every figure is in [0, 1] and the score never exceeds recall or precision by more than their balance allows', () => {
    fc.assert(
      fc.property(keyArb, spansArb, (key, student) => {
        const r = scoreHighlights(key, student);
        const ok = [r.itemRecall, r.spanPrecision, r.score, ...r.items.map((i) => i.credit)].every(inUnit);
        return ok && r.score <= Math.max(r.itemRecall, r.spanPrecision) + 1e-12 && r.score >= Math.min(r.itemRecall, r.spanPrecision) - 1e-12;
      }),
    );
  });

  it('highlighting the whole text under one label (or every label) earns nothing, whatever the key', () => {
    fc.assert(
      fc.property(keyArb, fc.nat(100), fc.double({ min: 0, max: 1, noNaN: true }), fc.subarray([...LABELS], { minLength: 1 }), (key, tail, w, labels) => {
        const textLength = Math.max(...key.flatMap((it) => it.mentions.map((m) => m.end))) + tail;
        const everything = labels.map((l) => sp(0, textLength, l));
        const r = scoreHighlights(key, everything, { textLength, wrongLabelCredit: w });
        return r.beyondChance < 1e-9 && r.score < 1e-9;
      }),
    );
  });

  it('marking a note outside the key never changes the score', () => {
    fc.assert(
      fc.property(keyArb, spansArb, spanArb, (key, student, note) => {
        if (touchesAny(key, note)) return true;
        const notes = [{ start: note.start, end: note.end }];
        const a = scoreHighlights(key, student, { notes, textLength: 260 });
        const b = scoreHighlights(key, [...student, note], { notes, textLength: 260 });
        return Math.abs(a.score - b.score) < 1e-12 && Math.abs(a.itemRecall - b.itemRecall) < 1e-12;
      }),
    );
  });

  it('a core under a wrong label earns exactly the step share; under any accepted label, the whole item', () => {
    fc.assert(
      fc.property(keyArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...LABELS), (key, which, w, other) => {
        const i = which % key.length;
        const it = key[i]!;
        const m = it.mentions[0]!;
        const multi = key.map((k, j) => (j === i ? { ...k, labels: [k.label, other] } : k));
        const wrong = ['a', 'b', 'c', 'd'].find((l) => l !== it.label && l !== other)!;
        const r = scoreHighlights(key, [sp(m.coreStart, m.coreEnd, wrong)], { wrongLabelCredit: w });
        const accepted = scoreHighlights(multi, [sp(m.coreStart, m.coreEnd, other)], { wrongLabelCredit: w });
        return Math.abs(r.items[i]!.credit - w) < 1e-12 && accepted.items[i]!.status === 'found';
      }),
    );
  });
});
