import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HighlightExercise, Lesson } from '../src/shared/lesson.ts';
import { segmentWords } from '../src/shared/words.ts';
import { LiveHeat } from '../src/core/classroom/live-heat.ts';
import type { ClassroomRepository, SessionHighlight } from '../src/core/db/classroom.ts';
import { Store } from '../src/core/db/store.ts';
import { buildReportHtml } from '../src/core/export/pdf-html.ts';
import { loadClassData } from '../src/core/export/tables.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { HeatMap, markedWords } from '../src/core/scoring/heat-map.ts';
import { miniLesson, tempDir } from './helpers.ts';

// The one heat-map builder (src/core/scoring/heat-map.ts), behind the live dashboard
// and the PDF report. Counts below are worked out by hand.

//            0   4     10   15  19     26 29
const TEXT = 'The mayor said the bridge is safe.';
// Words: The[0,3) mayor[4,9) said[10,14) the[15,18) bridge[19,25) is[26,28) safe[29,33)
const words = segmentWords(TEXT, 'en');
const exercise: HighlightExercise = {
  id: 'claims',
  kind: 'highlight',
  title: 'Claims',
  prompt: 'Mark who speaks and what is claimed.',
  points: 4,
  itemName: 'items',
  labels: [
    { id: 'named', name: 'Named source', description: '' },
    { id: 'claim', name: 'Claim', description: '' },
  ],
  key: [
    { label: 'named', explanation: '', mentions: [{ start: 0, end: 9, quote: 'The mayor', coreStart: 0, coreEnd: 9 }] },
    // The claim's core is "is safe": the words that make it a claim.
    { label: 'claim', explanation: '', mentions: [{ start: 19, end: 33, quote: 'bridge is safe', coreStart: 26, coreEnd: 33 }] },
  ],
  notes: [],
  textLength: TEXT.length,
};
const span = (start: number, end: number, label: string) => ({ start, end, label });
/** Ada: "The mayor" as named (and "The" again as a claim: a word counts once per student). Finds the mayor. */
const ADA = [span(0, 9, 'named'), span(0, 3, 'claim')];
/** Ben: "ma" of mayor (2 of 9 characters: partly) and "bridge" (beside the claim's core "is safe"). Finds nothing. */
const BEN = [span(4, 6, 'named'), span(19, 25, 'claim')];
/** Cy: "r said t" (touches mayor, said, the) and "is safe" (the claim's core: found). */
const CY = [span(8, 16, 'claim'), span(26, 33, 'claim')];

const count = (map: HeatMap) => Object.fromEntries(map.allWords().map(([a, b, c]) => [`${TEXT.slice(a, b)}@${a}`, c]));

describe('the heat map', () => {
  it('the text splits into the words the counts are about', () => {
    assert.deepEqual(
      words.map((w) => TEXT.slice(w.start, w.end)),
      ['The', 'mayor', 'said', 'the', 'bridge', 'is', 'safe'],
    );
  });

  it('a word is marked when a span covers any part of it, once however many spans cover it', () => {
    assert.deepEqual(markedWords(words, [span(0, 4, 'x')]), [0], 'a span ending where a word starts does not touch it');
    assert.deepEqual(markedWords(words, [span(3, 4, 'x')]), [], 'the space between two words touches neither');
    assert.deepEqual(markedWords(words, [span(8, 11, 'x')]), [1, 2], 'the last letter of one word and the first of the next');
    assert.deepEqual(markedWords(words, [span(20, 21, 'x'), span(0, 33, 'y'), span(5, 6, 'z')]), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(markedWords(words, [span(33, 34, 'x')]), [], 'the full stop is not a word');
  });

  it('counts, per word, the students who marked it, and per key item those who found it', () => {
    const map = new HeatMap(exercise, words);
    map.set('ada', ADA);
    map.set('ben', BEN);
    map.set('cy', CY);
    assert.deepEqual(count(map), { 'The@0': 1, 'mayor@4': 3, 'said@10': 1, 'the@15': 1, 'bridge@19': 1, 'is@26': 1, 'safe@29': 1 });
    assert.equal(map.max(), 3);
    assert.deepEqual([...map.found], [1, 1], 'Ada found the mayor, Cy the claim by its core; Ben found neither');
    assert.deepEqual(['ada', 'ben', 'cy', 'dan'].map((a) => map.marks(a)), [2, 2, 2, 0]);
    assert.deepEqual(
      map.markedWords().map(([a, b, c]) => [TEXT.slice(a, b), c]),
      [['The', 1], ['mayor', 3], ['said', 1], ['the', 1], ['bridge', 1], ['is', 1], ['safe', 1]],
    );
  });

  it('setting an attempt again replaces its contribution, and gives the same map as building from scratch', () => {
    const map = new HeatMap(exercise, words);
    map.set('ada', ADA);
    map.set('ben', BEN);
    map.set('cy', CY);
    map.set('ben', []); // Ben deleted his highlights
    map.set('cy', [span(0, 9, 'named')]); // Cy changed hers to the mayor
    map.set('ada', ADA); // unchanged
    assert.deepEqual(count(map), { 'The@0': 2, 'mayor@4': 2, 'said@10': 0, 'the@15': 0, 'bridge@19': 0, 'is@26': 0, 'safe@29': 0 });
    assert.deepEqual([...map.found], [2, 0]);
    assert.equal(map.max(), 2);
    const fresh = new HeatMap(exercise, words);
    fresh.set('ada', ADA);
    fresh.set('ben', []);
    fresh.set('cy', [span(0, 9, 'named')]);
    assert.deepEqual(count(fresh), count(map));
    assert.deepEqual([...fresh.found], [...map.found]);
  });
});

describe('the live dashboard’s heat map', () => {
  const lesson = { text: TEXT, language: 'en' } as Lesson;
  /** A repository holding the highlights given, counting the attempts it is asked about. */
  const fakeRepo = (data: Record<string, { start: number; end: number; label: string }[]>) => {
    const asked: string[][] = [];
    const repo = {
      highlights: (_exerciseId: string, ids: readonly string[]): SessionHighlight[] => {
        asked.push([...ids]);
        return ids.flatMap((attemptId) => (data[attemptId] ?? []).map((s) => ({ attemptId, ...s })));
      },
    } as unknown as ClassroomRepository;
    return { repo, asked, data };
  };

  it('shows the marked words with their counts, the most-missed key items, and each student’s marks', () => {
    const { repo } = fakeRepo({ ada: ADA, ben: BEN, cy: CY });
    const { heat, marks } = new LiveHeat(repo).update('s1', lesson, exercise, ['ada', 'ben', 'cy', 'dan']);
    assert.deepEqual(heat.words, [
      [0, 3, 1],
      [4, 9, 3],
      [10, 14, 1],
      [15, 18, 1],
      [19, 25, 1],
      [26, 28, 1],
      [29, 33, 1],
    ]);
    assert.equal(heat.max, 3);
    assert.equal(heat.students, 4);
    assert.deepEqual(heat.missed, [
      { quote: 'The mayor', label: 'Named source', found: 1, of: 3 },
      { quote: 'bridge is safe', label: 'Claim', found: 1, of: 3 },
    ]);
    assert.deepEqual(heat.key, [
      { start: 0, end: 9, label: 'named', quote: 'The mayor' },
      { start: 19, end: 33, label: 'claim', quote: 'bridge is safe' },
    ]);
    assert.deepEqual([...marks], [['ada', 2], ['ben', 2], ['cy', 2], ['dan', 0]]);
  });

  it('reads again only the attempts that changed, and starts over on another step or session', () => {
    const f = fakeRepo({ ada: ADA, ben: BEN });
    const live = new LiveHeat(f.repo);
    live.update('s1', lesson, exercise, ['ada', 'ben']);
    assert.deepEqual(f.asked, [['ada', 'ben']]);
    assert.deepEqual(live.update('s1', lesson, exercise, ['ada', 'ben']).heat.words.length, 3, 'The, mayor, bridge');
    assert.equal(f.asked.length, 1, 'nothing changed: nothing read');
    f.data.ben = [];
    live.touched('ben');
    const after = live.update('s1', lesson, exercise, ['ada', 'ben', 'cy']);
    assert.deepEqual(f.asked.slice(1), [['ben', 'cy']], 'the changed attempt and the newcomer');
    assert.deepEqual(after.heat.words, [
      [0, 3, 1],
      [4, 9, 1],
    ]);
    assert.deepEqual(after.heat.missed.map((m) => m.found), [0, 1], 'most missed first: the claim, then the mayor');
    live.update('s2', lesson, exercise, ['ada']);
    assert.deepEqual(f.asked.at(-1), ['ada'], 'another session starts from scratch');
    live.update('s2', lesson, { ...exercise, id: 'other' }, ['ada']);
    assert.deepEqual(f.asked.at(-1), ['ada'], 'so does another step');
    assert.equal(f.asked.length, 4);
  });
});

describe('the dashboard and the PDF report build the same heat map', () => {
  it('same counts, maximum and key items found, from the same highlights in the database', async () => {
    const dir = tempDir('lede-heat-');
    const file = join(dir, 'mini.md');
    writeFileSync(file, miniLesson());
    const loaded = loadLessonFile(file);
    if (!loaded.ok) throw new Error('mini lesson');
    const store = Store.open(join(dir, 'lede.sqlite'));
    store.importLesson(loaded.loaded);
    const lesson = loaded.loaded.lesson;
    const ex = lesson.exercises.find((e): e is HighlightExercise => e.kind === 'highlight')!;
    const cls = store.classes.create('6D');
    const [ada, ben, cy] = ['Ada', 'Ben', 'Cy'].map((n) => store.startAttempt(store.classes.addStudent(cls.id, n).id, 'mini').id) as [string, string, string];
    const council = lesson.text.indexOf('the council');
    const experts = lesson.text.indexOf('experts');
    assert.ok(council > 0 && experts > 0);
    const mark = (attemptId: string, id: string, start: number, end: number, label: string) => store.putHighlight(attemptId, ex.id, { id, start, end, label });
    mark(ada, 'a1', council, council + 'the council'.length, 'named'); // finds "the council"
    mark(ben, 'b1', council, council + 'the council'.length, 'vague'); // the wrong label: not found
    mark(ben, 'b2', experts, experts + 'experts'.length, 'vague'); // finds "experts"
    // Cy started and marked nothing.

    // By hand: "the" and "council" (at the key) marked by 2, "experts" by 1; 3 students.
    const live = new LiveHeat(store.classroom).update('s', lesson, ex, [ada, ben, cy]).heat;
    assert.deepEqual(
      live.words.map(([a, b, c]) => [lesson.text.slice(a, b), a, c]),
      [
        ['the', council, 2],
        ['council', council + 4, 2],
        ['experts', experts, 1],
      ],
    );
    assert.equal(live.max, 2);
    assert.deepEqual(live.missed.map((m) => [m.quote, m.found, m.of]), [['the council', 1, 2], ['experts', 1, 2]]);

    const html = await buildReportHtml(store, loadClassData(store, { classId: cls.id, lessonId: 'mini' }));
    const page = html.slice(html.indexOf(`<h2>${ex.title}: what the class marked</h2>`));
    assert.match(page, /up to 2 of 3\)/);
    assert.match(page, /<td class="quote">“the council”<\/td><td>Named<\/td><td>1 of 3<\/td>/);
    assert.match(page, /<td class="quote">“experts”<\/td><td>Vague<\/td><td>1 of 3<\/td>/);
    const shaded = [...page.matchAll(/<span[^>]*style="background: rgba\(213, 94, 0, ([\d.]+)\)"[^>]*>([^<]*)<\/span>/g)].map((m) => [m[2], m[1]]);
    assert.deepEqual(shaded, [
      ['the', '0.80'],
      ['council', '0.80'],
      ['experts', '0.46'],
    ]);
    store.close();
  });
});
