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

  it('the wrong label finds nothing and names the label used', () => {
    const r = scoreHighlights(key, [sp(28, 40, 'vague')]);
    assert.equal(r.items[0]!.status, 'missed');
    assert.equal(r.items[0]!.markedAs, 'vague');
    close(r.spanPrecision, 0);
    close(r.score, 0);
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
        if (touchesOwn(key, extra)) return true; // not extra: it touches the key with its label
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
});
