// The seed lesson (lessons/asif-dirty-work.md) scored with the answer sets of the lessons review (the
// fact-checker's and curriculum reviewer's review of the shipped lessons, sections 2 and 3; the answer sets are
// written out below, nothing is read from outside the repository), as `lede score` scores them: a student who
// is right is never punished, and guessing earns next to nothing. Every figure is computed by hand below.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { findAll } from '../src/core/lessons/resolve.ts';
import { scoreExercise } from '../src/core/scoring/attempt.ts';
import type { ChoiceExercise, EvidenceExercise, HighlightExercise } from '../src/shared/lesson.ts';
import { SEED_FILE, tempDir } from './helpers.ts';
import { lede } from './cli-run.ts';

const r = loadLessonFile(SEED_FILE);
if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
const lesson = r.loaded.lesson;
const step = (id: string) => lesson.exercises.find((e) => e.id === id)!;
const highlight = (id: string) => step(id) as HighlightExercise;
const evidence = step('other-reports') as EvidenceExercise;

/** The span of the n-th (from 1) place the words appear in the article, under a label. */
function mark(words: string, label: string, occurrence = 1) {
  const at = findAll(lesson.text, words)[occurrence - 1];
  assert.ok(at !== undefined, `“${words}” (${occurrence}) is not in the article`);
  return { start: at, end: at + words.length, label };
}

function highlightResult(id: string, spans: ReturnType<typeof mark>[]) {
  const res = scoreExercise(highlight(id), { spans });
  assert.equal(res.kind, 'highlight');
  if (res.kind !== 'highlight') throw new Error('not a highlight result');
  return res;
}

describe('the seed lesson, scored as the review scored it', () => {
  it('one precise word per item (s9) finds every source: 8 of 8, 10 points', () => {
    // Each source by its key word, the words the review lists ("analysts", "expert", "observers", "activists"),
    // each with the label the key gives (the analysts accept anonymous or vague: anonymous here).
    const spans = [
      mark('Khawaja Asif', 'named', 3),
      mark('Sky News', 'named', 1),
      mark('Twitter', 'vague'),
      mark('observers', 'vague'),
      mark('diplomatic sources', 'anonymous'),
      mark('analysts', 'anonymous'),
      mark('expert', 'anonymous'),
      mark('activists', 'vague'),
    ];
    const res = highlightResult('sources', spans);
    // Every word marked lies inside a key mention under its label: recall 1, precision 1 (beyond chance also 1).
    assert.equal(`${res.highlight.found} of ${res.highlight.total}`, '8 of 8');
    assert.equal(res.points, 10);
  });

  it('the analysts as "vague" and the victims by their word alone also find their items', () => {
    const res = highlightResult('sources', [mark('analysts', 'vague'), mark('victims', 'vague')]);
    // 2 of 8 items, precision 1: score = 2 × (2/8) × 1 ÷ (2/8 + 1) = 0.4 → 4 points.
    assert.equal(res.highlight.found, 2);
    assert.equal(res.points, 4);
  });

  it('one precise word per item (s9) finds every framing choice: 12 of 12, 10 points', () => {
    const spans = [
      mark('admission', 'labelling', 1), // "It’s not just an admission" (the headline has "Admission")
      mark('THIS', 'clickbait'),
      mark('startling', 'loaded', 1),
      mark('explosive', 'loaded'),
      mark('global', 'exaggeration', 1),
      mark('rare acknowledgment', 'labelling'),
      mark('bombshell', 'loaded'),
      mark('indictment', 'labelling'),
      mark('the world', 'exaggeration'),
      mark('all eyes', 'exaggeration'),
      mark('shocking', 'loaded'),
      mark('allegedly', 'labelling'),
    ];
    const res = highlightResult('framing', spans);
    assert.equal(`${res.highlight.found} of ${res.highlight.total}`, '12 of 12');
    assert.equal(res.points, 10);
  });

  it('"confessional", "unusually candid" and the cut-off "on Behalf of...." each find their framing item on their own', () => {
    const res = highlightResult('framing', [mark('confessional', 'labelling'), mark('unusually candid', 'loaded', 2), mark('on Behalf of....', 'clickbait')]);
    // 3 of 12 items, precision 1: 2 × (3/12) ÷ (3/12 + 1) = 0.4 → 4 points.
    assert.equal(res.highlight.found, 3);
    assert.equal(res.points, 4);
  });

  it('every sentence of the quotation finds the quotation item, and so do its dubious parts', () => {
    const unverified = highlight('unverified');
    const quotation = unverified.key.findIndex((k) => k.mentions.some((m) => m.quote.startsWith('“For 30 years')));
    assert.ok(quotation >= 0);
    const parts = [
      'For 30 years, we did the dirty work.',
      'We funded and supported those groups, in Kashmir and Afghanistan, but we weren’t doing it alone.',
      'We were doing it on behalf of the US and the West,',
      'We funded and supported those groups, in Kashmir and Afghanistan',
      'but we weren’t doing it alone',
    ];
    for (const words of parts) {
      const res = highlightResult('unverified', [mark(words, 'quote-to-check')]);
      const item = res.highlight.items[quotation]!;
      assert.equal(item.status, 'found', `“${words}”`);
      assert.equal(res.highlight.found, 1, `“${words}” finds one item`);
      // 1 of 12 items. Every marked character lies inside a mention of the item, except the spaces between
      // two mentions (none for a single clause, two in the whole second sentence, one before "we weren’t"):
      // with precision 1, 2 × (1/12) ÷ (1/12 + 1) = 2/13 = 0.1538… → 1.54 points; a space or two less than
      // that earns 1.53.
      assert.ok(res.points! >= 1.53 && res.points! <= 1.54, `“${words}”: ${res.points}`);
      if (words === 'For 30 years, we did the dirty work.' || words === 'We were doing it on behalf of the US and the West,') assert.equal(res.points, 1.54);
    }
  });

  it('the whole article under one label earns under 1 point in every highlight step', () => {
    for (const id of ['sources', 'framing', 'unverified']) {
      for (const l of highlight(id).labels) {
        const res = scoreExercise(highlight(id), { spans: [{ start: 0, end: lesson.text.length, label: l.id }] });
        assert.ok((res.points ?? 0) < 1, `${id} all “${l.id}”: ${res.points}`);
      }
    }
  });

  it('the Unverified step holds 12 items covering under a third of the article, not 22 covering more than half', () => {
    const unverified = highlight('unverified');
    assert.equal(unverified.key.length, 12);
    const covered = new Set<number>();
    for (const k of unverified.key) for (const m of k.mentions) for (let i = m.start; i < m.end; i++) covered.add(i);
    const share = covered.size / lesson.text.length;
    assert.ok(share > 0.15 && share < 0.35, `the key covers ${(share * 100).toFixed(0)} % of the article`);
  });
});

describe('the seed lesson: evidence and choices as the record has them', () => {
  // Nine claims of 1 point each. The key accepts "supported" on five (sky-news, dirty-work, thirty-years,
  // funded-supported, us-and-west), "not found" on four
  // (funded-supported, kashmir, not-alone, present-tense) and "contradicted" on one (exact-words).
  // So one verdict fits at most 5 of 9 claims: guess = 5/9, and credit up to it is scaled by (1/3) ÷ (5/9) = 3/5.
  const perfect = (): Record<string, { verdict: 'supported' | 'contradicted' | 'not-found'; card?: string }> =>
    Object.fromEntries(evidence.claims.map((c) => [c.id, c.verdicts[0] === 'not-found' ? { verdict: 'not-found' as const } : { verdict: c.verdicts[0]!, card: c.cards[0]! }]));

  it('has the claims the review asked for, with the verdicts the record supports', () => {
    const verdicts = Object.fromEntries(evidence.claims.map((c) => [c.id, c.verdicts]));
    assert.deepEqual(verdicts, {
      'sky-news': ['supported'],
      'exact-words': ['contradicted'],
      'dirty-work': ['supported'],
      'thirty-years': ['supported'],
      'funded-supported': ['not-found', 'supported'],
      kashmir: ['not-found'],
      'not-alone': ['not-found'],
      'us-and-west': ['supported'],
      'present-tense': ['not-found'],
    });
    assert.equal(evidence.points, 9);
    const res = scoreExercise(evidence, { claims: perfect() });
    assert.equal(res.points, 9);
  });

  it('a lateral reader who answers "supported" with the interviewer’s report on funded-supported loses nothing', () => {
    for (const card of ['new-statesman', 'mint']) {
      const answers = { ...perfect(), 'funded-supported': { verdict: 'supported' as const, card } };
      const res = scoreExercise(evidence, { claims: answers });
      assert.equal(res.points, 9, card);
    }
    // "Supported" with no report: 3/4 of the claim; raw = (8 + 3/4) ÷ 9 = 35/36, above guess 5/9, so
    // fraction = 1/3 + (35/36 − 5/9) × (2/3) ÷ (4/9) = 1/3 + (15/36) × (3/2) = 1/3 + 5/8 = 23/24 → 9 × 23/24 = 8.625 → 8.63.
    const res = scoreExercise(evidence, { claims: { ...perfect(), 'funded-supported': { verdict: 'supported' } } });
    assert.equal(res.points, 8.63);
  });

  it('one verdict for every claim earns no more than a third: "not found" for all earns 2.4 of 9, not 4 of 7', () => {
    const all = (verdict: 'supported' | 'contradicted' | 'not-found', card?: string) =>
      scoreExercise(evidence, { claims: Object.fromEntries(evidence.claims.map((c) => [c.id, card ? { verdict, card } : { verdict }])) }).points;
    // "Not found" is right on 4 of 9: raw 4/9 ≤ 5/9 → 4/9 × 3/5 = 4/15 → 9 × 4/15 = 2.4.
    assert.equal(all('not-found'), 2.4);
    // "Supported" with no report: 5 claims × 3/4 = 3.75 of 9; raw 5/12 → 5/12 × 3/5 = 1/4 → 2.25.
    assert.equal(all('supported'), 2.25);
    // "Supported" with DNA India: listed on dirty-work, thirty-years, us-and-west (1 each), not on sky-news and
    // funded-supported (1/2 each) → 4 of 9; raw 4/9 → 4/15 → 2.4.
    assert.equal(all('supported', 'dna-india'), 2.4);
    // "Contradicted" with DNA India: exact-words only → raw 1/9 → 1/9 × 3/5 = 1/15 → 0.6.
    assert.equal(all('contradicted', 'dna-india'), 0.6);
  });

  it('tick-all and tick-none earn 0 on the three multiple-answer choice steps; the new true options count', () => {
    for (const id of ['who-is-behind', 'left-out', 'headline-vs-body']) {
      const ex = step(id) as ChoiceExercise;
      assert.equal(scoreExercise(ex, { choices: ex.options.map((o) => o.id) }).points, 0, id);
      assert.equal(scoreExercise(ex, { choices: [] }).points, 0, id);
    }
    const who = step('who-is-behind') as ChoiceExercise;
    assert.deepEqual(who.options.filter((o) => o.correct).map((o) => o.id).sort(), ['byline', 'image-credit', 'no-outlet', 'search-headline']);
    // The spelling is a distractor now: the four true options and the spelling → 1 − 1/4 = 3/4 of 4 points = 3.
    assert.equal(scoreExercise(who, { choices: ['no-outlet', 'search-headline', 'byline', 'image-credit', 'spelling'] }).points, 3);
    const left = step('left-out') as ChoiceExercise;
    assert.deepEqual(left.options.filter((o) => o.correct).map((o) => o.id).sort(), ['aired-date', 'denied-attack', 'mistake', 'pahalgam', 'soviet-911', 'the-question']);
    assert.ok(!left.options.some((o) => o.id === 'india-response'), 'the distractor India’s response (given at the UN on 28 April) is gone');
    // A reader who ticks the four options the old key had true, and "mistake": 5/6 − 0 → 4 × 5/6 = 3.33.
    assert.equal(scoreExercise(left, { choices: ['aired-date', 'pahalgam', 'denied-attack', 'the-question', 'mistake'] }).points, 3.33);
  });
});

describe('the seed lesson: the review’s answer sets through `lede score`', () => {
  it('one precise word per item, and a lateral reader’s evidence, score as a teacher would grade them', async () => {
    const spans = (marks: [string, string, number?][]) => marks.map(([w, l, o]) => mark(w, l, o));
    const answers = {
      lesson: 'asif-dirty-work',
      answers: {
        sources: { spans: spans([['Khawaja Asif', 'named', 3], ['Sky News', 'named'], ['Twitter', 'vague'], ['observers', 'vague'], ['diplomatic sources', 'anonymous'], ['analysts', 'vague'], ['expert', 'anonymous'], ['victims', 'vague']]) },
        framing: { spans: spans([['Admission', 'labelling'], ['THIS', 'clickbait'], ['unusually candid', 'loaded', 1], ['explosive', 'loaded'], ['global', 'exaggeration', 1], ['rare acknowledgment', 'labelling'], ['bombshell', 'loaded'], ['indictment', 'labelling'], ['the world', 'exaggeration'], ['all eyes', 'exaggeration'], ['shocking', 'loaded'], ['allegedly', 'labelling']]) },
        // Only the dubious middle of the quotation, and the whole article under no other mark.
        unverified: { spans: spans([['We funded and supported those groups, in Kashmir and Afghanistan', 'quote-to-check']]) },
        'other-reports': {
          claims: {
            'sky-news': { verdict: 'supported', card: 'india-today' },
            'exact-words': { verdict: 'contradicted', card: 'statesman' },
            'dirty-work': { verdict: 'supported', card: 'dna-india' },
            'thirty-years': { verdict: 'supported', card: 'dna-india' },
            'funded-supported': { verdict: 'supported', card: 'mint' },
            kashmir: { verdict: 'not-found' },
            'not-alone': { verdict: 'not-found' },
            'us-and-west': { verdict: 'supported', card: 'statesman' },
            'present-tense': { verdict: 'not-found' },
          },
        },
        'who-is-behind': { choices: ['no-outlet', 'search-headline', 'byline', 'image-credit', 'spelling', 'from-sky-news', 'looks-professional', 'names-minister'] },
        'left-out': { choices: [] },
      },
    };
    const file = join(tempDir('lede-seed-review-'), 'answers.json');
    writeFileSync(file, JSON.stringify(answers));
    const r = await lede('score', SEED_FILE, file, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { exercises: Record<string, { points: number; found?: number; total?: number }> };
    // Sources and Framing: every item by its key word, the right label (the analysts as vague, accepted): 10 each.
    assert.deepEqual([j.exercises.sources!.points, j.exercises.sources!.found, j.exercises.sources!.total], [10, 8, 8]);
    assert.deepEqual([j.exercises.framing!.points, j.exercises.framing!.found, j.exercises.framing!.total], [10, 12, 12]);
    // Unverified: the dubious middle finds the quotation (1 of 12), every character inside its mentions except the
    // space between "groups," and "in Kashmir": a hair under 2/13 of 10 = 1.54.
    assert.equal(j.exercises.unverified!.found, 1);
    assert.ok(j.exercises.unverified!.points >= 1.53 && j.exercises.unverified!.points <= 1.54, String(j.exercises.unverified!.points));
    // Evidence: every claim right with a report the key lists, "supported" with Mint on funded-supported: 9 of 9.
    assert.equal(j.exercises['other-reports']!.points, 9);
    // Ticking every option, and ticking none: 0.
    assert.equal(j.exercises['who-is-behind']!.points, 0);
    assert.equal(j.exercises['left-out']!.points, 0);
  });
});

describe('the seed lesson: short enough to read', () => {
  it('every report card is at most 60 words (review S24)', () => {
    const words = (t: string) => t.split(/\s+/).filter((w) => /\w/.test(w)).length;
    for (const c of evidence.cards) assert.ok(words(c.text) <= 60, `${c.id}: ${words(c.text)} words`);
    assert.equal(evidence.cards.length, 10);
  });
});
