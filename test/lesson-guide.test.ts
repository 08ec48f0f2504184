// The keying guide (lessons/README.md, "Keying guide"): the rules a program can check, on
// every shipped lesson that follows it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadLessonDir } from '../src/core/lessons/load.ts';
import { scoreExercise } from '../src/core/scoring/attempt.ts';
import type { ChoiceExercise, HighlightExercise, KeyItem, Lesson } from '../src/shared/lesson.ts';

const LESSONS_DIR = fileURLToPath(new URL('../lessons/', import.meta.url));
const shipped: Lesson[] = loadLessonDir(LESSONS_DIR).loaded.map((l) => l.lesson);
// The seed lesson is being revised on its own (issue 19, item 2); it joins these checks once
// its labels and keys follow the guide. Every practice lesson follows it now.
const NOT_YET_ON_THE_GUIDE = new Set(['asif-dirty-work']);
const onGuide = shipped.filter((l) => !NOT_YET_ON_THE_GUIDE.has(l.id));
const highlightSteps = (l: Lesson) => l.exercises.filter((e): e is HighlightExercise => e.kind === 'highlight' && e.key.length > 0);

// The guide's table of standard labels: | step | `id` | Name | description |
const guide = readFileSync(new URL('../lessons/README.md', import.meta.url), 'utf8');
const guideSection = guide.slice(guide.indexOf('## Keying guide'));
const standard = new Map<string, { name: string; description: string }>();
for (const m of guideSection.matchAll(/^\|[^|\n]*\|\s*`([a-z-]+)`\s*\|\s*([^|\n]+?)\s*\|\s*([^|\n]+?)\s*\|$/gm)) {
  standard.set(m[1]!, { name: m[2]!, description: m[3]! });
}

const words = (s: string) => s.trim().split(/\s+/).filter((w) => w !== '').length;
/** The spans inside double quotation marks (“…” or "…") of a lesson's canonical text. */
function quotations(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const re = /[“"]([^“”"]*)[”"]/g;
  for (const m of text.matchAll(re)) out.push({ start: m.index + 1, end: m.index + 1 + m[1]!.length });
  return out;
}
const inside = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start >= b.start && a.end <= b.end;
const core = (m: KeyItem['mentions'][number]) => ({ start: m.coreStart, end: m.coreEnd });

describe('keying guide: the standard labels', () => {
  it('the guide lists the ten standard labels', () => {
    assert.deepEqual([...standard.keys()].sort(), ['anonymous', 'clickbait', 'exaggeration', 'labelling', 'loaded', 'named', 'quote-to-check', 'speculation', 'unattributed', 'vague']);
    assert.ok(onGuide.length >= 4, `${onGuide.length} lessons follow the guide`);
  });

  it('every lesson on the guide uses the standard names and descriptions word for word; its own extra labels are its own', () => {
    const extras = new Map<string, string[]>();
    for (const lesson of onGuide) {
      for (const ex of highlightSteps(lesson)) {
        for (const l of ex.labels) {
          const s = standard.get(l.id);
          if (s === undefined) {
            extras.set(l.id, [...(extras.get(l.id) ?? []), lesson.id]);
            continue;
          }
          assert.equal(l.name, s.name, `${lesson.id}/${ex.id}: the name of "${l.id}"`);
          assert.equal(l.description, s.description, `${lesson.id}/${ex.id}: the description of "${l.id}"`);
        }
      }
    }
    // A label the guide does not list belongs to one lesson (urgency: the diet berry).
    for (const [id, lessons] of extras) assert.equal(new Set(lessons).size, 1, `"${id}" is in ${lessons.join(', ')}: add it to the guide's table`);
    assert.deepEqual([...extras.keys()], ['urgency']);
  });

  it('no example in a label description comes from any shipped lesson\'s article', () => {
    const examples = [...standard.values()].flatMap((s) => [...s.description.matchAll(/“([^”]+)”/g)].map((m) => m[1]!));
    for (const lesson of onGuide) {
      for (const ex of highlightSteps(lesson)) for (const l of ex.labels) examples.push(...[...l.description.matchAll(/“([^”]+)”/g)].map((m) => m[1]!));
    }
    assert.ok(examples.length >= 9, `${examples.length} examples`);
    for (const e of new Set(examples)) {
      for (const lesson of shipped) assert.ok(!lesson.text.toLowerCase().includes(e.toLowerCase()), `"${e}" is in ${lesson.id}`);
    }
  });
});

describe('keying guide: cores, quotations and the size of a step', () => {
  it('a core is at most three words, unless it is the words of a quotation, and then at most one sentence', () => {
    let checked = 0;
    for (const lesson of onGuide) {
      const quoted = quotations(lesson.text);
      for (const ex of highlightSteps(lesson)) {
        for (const item of ex.key) {
          for (const m of item.mentions) {
            checked++;
            const text = lesson.text.slice(m.coreStart, m.coreEnd);
            if (quoted.some((q) => inside(core(m), q))) {
              assert.doesNotMatch(text.trim(), /[.!?]\s+\S/, `${lesson.id}/${ex.id}: "${text}" is more than one sentence: give each sentence a mention`);
            } else {
              assert.ok(words(text) <= 3, `${lesson.id}/${ex.id}: core "${text}" is ${words(text)} words`);
            }
          }
        }
      }
    }
    assert.ok(checked > 100, `${checked} mentions`);
  });

  it('a precise marker (each item\'s shortest core, under its label) earns every point of every step', () => {
    for (const lesson of onGuide) {
      for (const ex of highlightSteps(lesson)) {
        const spans = ex.key.map((k) => {
          const m = [...k.mentions].sort((a, b) => (a.coreEnd - a.coreStart) - (b.coreEnd - b.coreStart))[0]!;
          return { start: m.coreStart, end: m.coreEnd, label: k.label };
        });
        assert.equal(scoreExercise(ex, { spans }).points, ex.points, `${lesson.id}/${ex.id}`);
      }
    }
  });

  it('any whole sentence of a keyed quotation finds its item', () => {
    let sentences = 0;
    for (const lesson of onGuide) {
      const quoted = quotations(lesson.text);
      for (const ex of highlightSteps(lesson)) {
        ex.key.forEach((item, i) => {
          const qs = quoted.filter((q) => item.mentions.some((m) => inside(core(m), q)));
          for (const q of qs) {
            const inner = lesson.text.slice(q.start, q.end);
            for (const s of inner.matchAll(/[^.!?]+[.!?]*/g)) {
              const trimmed = s[0].trim();
              if (words(trimmed) === 0) continue;
              const start = q.start + s.index + s[0].indexOf(trimmed);
              const sentence = { start, end: start + trimmed.length };
              sentences++;
              assert.ok(item.mentions.some((m) => inside(core(m), sentence)), `${lesson.id}/${ex.id}: "${trimmed}" does not find its item`);
              // Through the scorer: the other items by their cores, this one by the sentence alone.
              const spans = ex.key.map((k, j) => (j === i ? { ...sentence, label: k.label } : { start: k.mentions[0]!.coreStart, end: k.mentions[0]!.coreEnd, label: k.label }));
              assert.equal(scoreExercise(ex, { spans }).points, ex.points, `${lesson.id}/${ex.id}: marking "${trimmed}"`);
            }
          }
        });
      }
    }
    assert.ok(sentences >= 10, `${sentences} sentences`);
  });

  it('Framing keys the writer\'s words: no framing core lies inside a source\'s quotation', () => {
    for (const lesson of onGuide) {
      const quoted = quotations(lesson.text);
      for (const ex of highlightSteps(lesson).filter((e) => e.labels.some((l) => l.id === 'loaded'))) {
        for (const item of ex.key) {
          for (const m of item.mentions) {
            assert.ok(!quoted.some((q) => inside(core(m), q)), `${lesson.id}/${ex.id}: "${lesson.text.slice(m.coreStart, m.coreEnd)}" is a source's quoted word: make it a note`);
          }
        }
      }
    }
  });

  it('a step holds at most twelve items', () => {
    for (const lesson of onGuide) {
      for (const ex of highlightSteps(lesson)) assert.ok(ex.key.length <= 12, `${lesson.id}/${ex.id}: ${ex.key.length} items`);
    }
  });
});

describe('keying guide: an ordinary article has few problems', () => {
  const control = shipped.find((l) => l.id === 'practice-school-start-trial');

  it('the control article is a practice lesson that says it is invented', () => {
    assert.ok(control, 'lessons/practice-school-start-trial.md');
    assert.equal(control.practice, true);
    assert.match(control.summary ?? '', /written for Lede; the people, places and organisations in it\s+are invented/);
  });

  it('its framing and unverified keys are short, and outnumbered by notes saying what is fair', () => {
    assert.ok(control);
    const steps = highlightSteps(control).filter((e) => e.id !== 'sources');
    const items = steps.reduce((n, e) => n + e.key.length, 0);
    const notes = steps.reduce((n, e) => n + e.notes.length, 0);
    assert.equal(items, 5);
    assert.equal(notes, 10);
    const sources = highlightSteps(control).find((e) => e.id === 'sources')!;
    assert.equal(sources.key.filter((k) => k.label === 'named').length, 8, 'eight named sources');
    assert.equal(sources.key.length, 9);
  });

  it('its verdict is "mostly trustworthy", and the riverside report\'s "mostly solid"', () => {
    assert.ok(control);
    const verdict = control.exercises.find((e): e is ChoiceExercise => e.kind === 'choice' && e.id === 'verdict')!;
    assert.deepEqual(verdict.options.filter((o) => o.correct).map((o) => o.id), ['mostly']);
    assert.equal(scoreExercise(verdict, { choices: ['mostly'] }).points, 2);
    assert.equal(scoreExercise(verdict, { choices: ['not'] }).points, 0);
    const riverside = shipped.find((l) => l.id === 'practice-riverside-flood-barrier')!;
    const overall = riverside.exercises.find((e): e is ChoiceExercise => e.kind === 'choice' && e.id === 'overall')!;
    assert.deepEqual(overall.options.filter((o) => o.correct).map((o) => o.id), ['mostly-solid']);
    const framing = highlightSteps(riverside).find((e) => e.id === 'framing')!;
    const unverified = highlightSteps(riverside).find((e) => e.id === 'unverified')!;
    assert.equal(framing.key.length + unverified.key.length, 9, 'riverside: 3 framing and 6 unverified items, down from 26');
  });

  it('its choice steps: the true reasons earn everything, an untrue one costs its share, doubts with no evidence earn nothing', () => {
    assert.ok(control);
    const why = control.exercises.find((e): e is ChoiceExercise => e.kind === 'choice' && e.id === 'why-trust')!;
    // Four true reasons of seven: choosing the four earns 4; adding the three untrue ones earns 4 × (4/4 − 3/3) = 0.
    assert.equal(scoreExercise(why, { choices: ['named-study', 'comparison', 'downsides', 'independent'] }).points, 4);
    // Two of four true (½) and one of three untrue (⅓): 4 × (½ − ⅓) = 0.67.
    assert.equal(scoreExercise(why, { choices: ['named-study', 'comparison', 'calm-headline'] }).points, 0.67);
    const still = control.exercises.find((e): e is ChoiceExercise => e.kind === 'choice' && e.id === 'still-check')!;
    assert.equal(scoreExercise(still, { choices: ['secret-agenda', 'website'] }).points, 0);
  });
});
