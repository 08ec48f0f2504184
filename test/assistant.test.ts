import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { proposeKeyItems } from '../src/core/studio/assistant.ts';
import { draftLessonSource } from '../src/core/studio/draft.ts';
import { extractArticle } from '../src/core/studio/extract.ts';
import { ROOT } from './helpers.ts';

// The drafting assistant proposes key items with a reason each; the teacher decides.
// Its recall and precision against hand-written keys are a report (bench/assistant.ts).

async function riverton() {
  const a = await extractArticle('riverton-pool.html', readFileSync(join(ROOT, 'test', 'fixtures', 'articles', 'riverton-pool.html')));
  const r = parseLesson(draftLessonSource(a), 'r.md');
  if (!r.ok) throw new Error('draft');
  return r.lesson;
}

describe('the drafting assistant', () => {
  it('proposes sources, framing and unverified statements in a news story, each with its reason', async () => {
    const lesson = await riverton();
    const p = proposeKeyItems(lesson);
    const find = (exercise: string, quote: string) => p.find((x) => x.exercise === exercise && x.quote === quote);
    assert.equal(find('sources', 'experts say')?.label, 'vague', 'a crowd with its verb of saying');
    assert.ok(!p.some((x) => x.exercise === 'sources' && x.quote.startsWith('Residents')), '"Residents are said to be…" talks about residents; it does not cite them');
    assert.equal(find('sources', 'one parent')?.label, 'anonymous');
    assert.equal(find('sources', 'A spokesperson')?.label, 'anonymous');
    assert.ok(!find('sources', 'Courier'), 'the outlet that published the story (“one parent told the Courier”) is not a source it cites');
    assert.equal(find('framing', 'furious')?.label, 'loaded');
    assert.equal(find('unverified', 'It is a scandal,')?.label, 'quote-to-check');
    assert.equal(find('unverified', 'Residents are said to be furious about the delay')?.label, 'unattributed');
    const spec = p.find((x) => x.label === 'speculation' && x.quote.includes('may well'));
    assert.ok(spec, 'a hedge ("may well") makes a clause speculation');
    assert.match(spec.reason, /“may” makes this a guess about what may happen/);
    assert.ok(!p.some((x) => x.exercise === 'sources' && x.quote.includes('Sam Okafor')), 'the byline is the writer, not a source the story cites');
    for (const x of p) {
      assert.equal(lesson.text.slice(x.start, x.end), x.quote);
      assert.ok(x.reason.length > 10);
    }
  });

  it('the seed: marking what it proposes finds every source by its name', () => {
    const r = parseLesson(readFileSync(join(ROOT, 'lessons', 'asif-dirty-work.md'), 'utf8'), 'seed.md');
    assert.ok(r.ok);
    const p = proposeKeyItems(r.lesson);
    const named = p.filter((x) => x.label === 'named').map((x) => x.quote);
    assert.ok(named.some((q) => q.includes('Khawaja Asif')));
    assert.ok(named.includes('Sky News'));
    assert.ok(p.some((x) => x.label === 'anonymous' && x.quote === 'diplomatic sources'));
    assert.ok(p.some((x) => x.label === 'clickbait' && x.quote.startsWith("'We Are Doing THIS Dirty Work")));
  });

  it('“according to officials”, “sources close to”, and police: vague, anonymous, or named when the force is', () => {
    const text = 'The fire spread fast, according to officials. Police said two people were hurt. Riverton police confirmed the road was closed. According to sources close to the council, the budget was cut.';
    const got = proposeKeyItems({ text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], language: 'en' })
      .filter((p) => p.exercise === 'sources')
      .map((p) => [p.quote, p.label]);
    assert.deepEqual(got, [
      ['officials', 'vague'],
      ['Police', 'vague'],
      ['Riverton police', 'named'],
      ['sources close to the council', 'anonymous'],
    ]);
  });

  it('straight apostrophes are not quotation marks; a crowd that speaks is proposed with the crowd as its identifying words', () => {
    const text = "The residents' fury grew as the council's harbour plan, which campaigners described as 'a betrayal of the town', moved on. Critics say it is rushed.";
    const got = proposeKeyItems({ text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], language: 'en' });
    assert.deepEqual(got.filter((p) => p.label === 'quote-to-check').map((p) => p.quote), ['a betrayal of the town']);
    const critics = got.find((p) => p.exercise === 'sources' && p.quote === 'Critics say')!;
    assert.ok(critics, JSON.stringify(got.filter((p) => p.exercise === 'sources')));
    assert.equal(text.slice(critics.core!.start, critics.core!.end), 'Critics');
  });

  it('offsets stay right around unusual spaces (line separator, ideographic space)', () => {
    const text = 'In\u2028Paris, \u3000Mayor Jane Doe said the bridge could close.';
    const p = proposeKeyItems({ text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], language: 'en' });
    assert.ok(p.length > 0);
    for (const x of p) assert.equal(text.slice(x.start, x.end), x.quote);
    assert.ok(p.some((x) => x.label === 'named' && x.quote.includes('Jane Doe')), JSON.stringify(p));
  });

  it('proposes nothing for a lesson that is not in English (the lexicon is English)', async () => {
    const lesson = await riverton();
    assert.deepEqual(proposeKeyItems({ ...lesson, language: 'fr' }), []);
  });

  it('(property) every proposal quotes the text exactly where its offsets say, in text order', () => {
    const word = fc.constantFrom('the', 'council', 'said', 'experts', 'could', 'may', 'Smith', 'Dr', 'Jones', 'shocking', '“', '”', 'a', 'senior', 'official', 'is', 'being', 'seen', 'Institute', 'of', 'Health', ',', '.', 'sources', 'close', 'to', 'reportedly', 'THIS', '....', "'", 'everyone', 'admission');
    const para = fc.array(word, { minLength: 1, maxLength: 40 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(para, { minLength: 1, maxLength: 4 }), (paras) => {
        let text = '';
        const blocks = paras.map((p, i) => {
          if (i > 0) text += '\n\n';
          const b = { kind: i === 0 ? ('headline' as const) : ('paragraph' as const), start: text.length, end: text.length + p.length };
          text += p;
          return b;
        });
        const out = proposeKeyItems({ text, blocks, language: 'en' });
        return out.every((x, i) => x.start >= 0 && x.end <= text.length && x.end > x.start && text.slice(x.start, x.end) === x.quote && (i === 0 || out[i - 1]!.start <= x.start));
      }),
      { numRuns: 150 },
    );
  });
});
