// The scoring rules tried on every shipped lesson (lessons/*.md): guessing does not pay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadLessonDir } from '../src/core/lessons/load.ts';
import { scoreExercise } from '../src/core/scoring/attempt.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { lessonToJson } from '../src/cli/lesson-json.ts';
import { patchFrontMatter } from '../src/core/studio/patch.ts';
import type { HighlightExercise, Lesson } from '../src/shared/lesson.ts';
import { miniLesson } from './helpers.ts';

const LESSONS_DIR = fileURLToPath(new URL('../lessons/', import.meta.url));
const shipped: Lesson[] = loadLessonDir(LESSONS_DIR).loaded.map((l) => l.lesson);

describe('shipped lessons: guessing earns nothing', () => {
  it('loads every shipped lesson', () => {
    assert.ok(shipped.length >= 4, `found ${shipped.length} lessons`);
  });

  it('ticking every option and ticking none earn 0 on every multiple-answer choice step', () => {
    let steps = 0;
    for (const lesson of shipped) {
      for (const ex of lesson.exercises) {
        if (ex.kind !== 'choice' || !ex.multiple) continue;
        steps++;
        const all = scoreExercise(ex, { choices: ex.options.map((o) => o.id) });
        const none = scoreExercise(ex, { choices: [] });
        assert.equal(all.points, 0, `${lesson.id}/${ex.id}: ticking everything`);
        assert.equal(none.points, 0, `${lesson.id}/${ex.id}: ticking nothing`);
        const right = scoreExercise(ex, { choices: ex.options.filter((o) => o.correct).map((o) => o.id) });
        assert.equal(right.points, ex.points, `${lesson.id}/${ex.id}: the true options`);
      }
    }
    assert.ok(steps > 0);
  });
});

describe('shipped lessons: highlighting everything earns next to nothing', () => {
  it('the whole article under one label earns under 1 point in every highlight step, whatever the label', () => {
    let steps = 0;
    for (const lesson of shipped) {
      for (const ex of lesson.exercises) {
        if (ex.kind !== 'highlight' || ex.key.length === 0) continue;
        steps++;
        for (const l of ex.labels) {
          const r = scoreExercise(ex, { spans: [{ start: 0, end: lesson.text.length, label: l.id }] });
          assert.ok((r.points ?? 0) < 1, `${lesson.id}/${ex.id} all "${l.id}": ${r.points} of ${r.maxPoints}`);
        }
        const every = scoreExercise(ex, { spans: ex.labels.map((l) => ({ start: 0, end: lesson.text.length, label: l.id })) });
        assert.ok((every.points ?? 0) < 1, `${lesson.id}/${ex.id} every label: ${every.points}`);
      }
    }
    assert.ok(steps > 0);
  });

  it('every item located under a wrong label earns two thirds of the step on every shipped lesson, however dense its key', () => {
    // Each item half (recall ½); every character in the right place (precision 1, beyond chance 1):
    // 2 × ½ × 1 ÷ (½ + 1) = ⅔ of the step. A teacher gives credit for locating; the labels cost the rest.
    for (const lesson of shipped) {
      for (const ex of lesson.exercises) {
        if (ex.kind !== 'highlight' || ex.key.length === 0) continue;
        const spans = ex.key.flatMap((it) => {
          const accepted = it.labels ?? [it.label];
          const wrong = ex.labels.find((l) => !accepted.includes(l.id));
          return wrong ? it.mentions.map((m) => ({ start: m.start, end: m.end, label: wrong.id })) : [];
        });
        const r = scoreExercise(ex, { spans });
        if (r.kind !== 'highlight') continue;
        assert.equal(r.highlight.spanPrecision, 1, `${lesson.id}/${ex.id}`);
        assert.ok(r.points >= Math.round(ex.points * (2 / 3) * 100) / 100 - 0.01, `${lesson.id}/${ex.id}: ${r.points} of ${ex.points}`);
      }
    }
  });

  it('marking every key item by its core with its label still earns full points', () => {
    for (const lesson of shipped) {
      for (const ex of lesson.exercises) {
        if (ex.kind !== 'highlight' || ex.key.length === 0) continue;
        const spans = ex.key.map((k) => ({ start: k.mentions[0]!.coreStart, end: k.mentions[0]!.coreEnd, label: k.label }));
        assert.equal(scoreExercise(ex, { spans }).points, ex.points, `${lesson.id}/${ex.id}`);
      }
    }
  });

  it('marking every note as well costs nothing', () => {
    for (const lesson of shipped) {
      for (const ex of lesson.exercises) {
        if (ex.kind !== 'highlight' || ex.key.length === 0 || ex.notes.length === 0) continue;
        const spans = [
          ...ex.key.map((k) => ({ start: k.mentions[0]!.coreStart, end: k.mentions[0]!.coreEnd, label: k.label })),
          // A note that overlaps a key mention is marked only where it does not (the rest is the key's).
          ...ex.notes
            .filter((n) => !ex.key.some((k) => k.mentions.some((m) => m.start < n.end && n.start < m.end)))
            .map((n) => ({ start: n.start, end: n.end, label: ex.labels[0]!.id })),
        ];
        assert.equal(scoreExercise(ex, { spans }).points, ex.points, `${lesson.id}/${ex.id}`);
      }
    }
  });
});

describe('lesson format: several labels and the wrong-label share', () => {
  const fm = (key: string, extra = '') => miniLesson({
    frontMatter: `lede: 1
id: mini
title: A small lesson
article:
  headline: Council says the bridge is safe
exercises:
  - id: sources
    kind: highlight
    title: Sources
    prompt: Find the sources.${extra}
    labels:
      - id: named
        name: Named
        description: A named source.
      - id: vague
        name: Vague
        description: A vague source.
    key:
${key}`,
  });
  const sources = (src: string) => {
    const r = parseLesson(src, 'x.md');
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
    return r.lesson.exercises[0] as HighlightExercise;
  };

  it('reads labels: [..] and wrongLabelCredit, and scores by them', () => {
    const ex = sources(fm(`      - quote: Experts
        labels: [vague, named]
        explanation: Which experts?`, '\n    wrongLabelCredit: 0.25'));
    assert.deepEqual(ex.key[0]!.labels, ['vague', 'named']);
    assert.equal(ex.key[0]!.label, 'vague');
    assert.equal(ex.wrongLabelCredit, 0.25);
    const k = ex.key[0]!.mentions[0]!;
    assert.equal(scoreExercise(ex, { spans: [{ start: k.start, end: k.end, label: 'named' }] }).points, 10);
  });

  it('refuses both label and labels, an unknown label, and a share outside 0..1, with the reason', () => {
    const bad = (src: string, re: RegExp) => {
      const r = parseLesson(src, 'x.md');
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.problems.map((p) => p.message).join('; '), re);
    };
    bad(fm(`      - quote: Experts
        label: vague
        labels: [vague, named]
        explanation: x`), /either label or labels/);
    bad(fm(`      - quote: Experts
        labels: [vague, lying]
        explanation: x`), /label "lying" is not one of/);
    bad(fm(`      - quote: Experts
        explanation: x`), /needs a label/);
    bad(fm(`      - quote: Experts
        labels: [vague, vague]
        explanation: x`), /twice/);
    bad(fm(`      - quote: Experts
        label: vague
        explanation: x`, '\n    wrongLabelCredit: 1.5'), /wrongLabelCredit must be at most 1/);
  });

  it('lede lesson show --json lists the labels and the share', () => {
    const r = parseLesson(fm(`      - quote: Experts
        labels: [vague, named]
        explanation: Which experts?`), 'x.md');
    assert.ok(r.ok);
    if (!r.ok) return;
    const json = lessonToJson(r.lesson);
    const step = json.exercises[0]!;
    assert.ok('key' in step);
    if (!('key' in step)) return;
    assert.deepEqual(step.key[0]!.labels, ['vague', 'named']);
    assert.equal(step.wrongLabelCredit, 0.5);
  });

  it('the studio patch writer keeps a labels list when another field changes', () => {
    const src = fm(`      - quote: Experts
        labels: [vague, named]   # a fuzzy line
        explanation: Which experts?`);
    const r = parseLesson(src, 'x.md');
    assert.ok(r.ok);
    const data = { lede: 1, id: 'mini', title: 'A renamed lesson', article: { headline: 'Council says the bridge is safe' }, exercises: [{ id: 'sources', kind: 'highlight', title: 'Sources', prompt: 'Find the sources.', labels: [{ id: 'named', name: 'Named', description: 'A named source.' }, { id: 'vague', name: 'Vague', description: 'A vague source.' }], key: [{ quote: 'Experts', labels: ['vague', 'named'], explanation: 'Which experts?' }] }] };
    const out = patchFrontMatter(src, data);
    assert.match(out, /title: A renamed lesson/);
    assert.match(out, /labels: \[vague, named\]   # a fuzzy line/);
    assert.deepEqual(sources(out).key[0]!.labels, ['vague', 'named']);
  });
});

describe('shipped lessons: one verdict for every claim earns no more than chance', () => {
  it('every evidence step: the same verdict for every claim, with any one report or none, earns at most a third', () => {
    let steps = 0;
    for (const lesson of shipped) {
      for (const ex of lesson.exercises) {
        if (ex.kind !== 'evidence') continue;
        steps++;
        for (const verdict of ['supported', 'contradicted', 'not-found'] as const) {
          for (const card of [undefined, ...ex.cards.map((c) => c.id)]) {
            const claims = Object.fromEntries(ex.claims.map((c) => [c.id, card === undefined ? { verdict } : { verdict, card }]));
            const r = scoreExercise(ex, { claims });
            assert.ok((r.points ?? 0) <= ex.points / 3 + 0.005, `${lesson.id}/${ex.id}: "${verdict}" ${card ?? ''}: ${r.points} of ${r.maxPoints}`);
          }
        }
        const perfect = Object.fromEntries(ex.claims.map((c) => [c.id, c.cards[0] !== undefined && c.verdicts[0] !== 'not-found' ? { verdict: c.verdicts[0]!, card: c.cards[0] } : { verdict: c.verdicts[0]! }]));
        assert.equal(scoreExercise(ex, { claims: perfect }).points, ex.points, `${lesson.id}/${ex.id}: the key's answers`);
      }
    }
    assert.ok(steps > 0);
  });
});
