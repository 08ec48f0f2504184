import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadLessonDir, loadLessonFile } from '../src/core/lessons/load.ts';
import { parseLesson, type Problem } from '../src/core/lessons/parse.ts';
import { findAll, normaliseForMatch } from '../src/core/lessons/resolve.ts';
import { roundPoints, scoreExercise } from '../src/core/scoring/attempt.ts';
import { toPublicLesson, type HighlightExercise, type Lesson } from '../src/shared/lesson.ts';
import { miniLesson, OLD_SEED_FILE, SEED_FILE, SOURCE_ARTICLE, tempDir } from './helpers.ts';

function ok(source: string): Lesson {
  const r = parseLesson(source, 'x.md');
  if (!r.ok) assert.fail(`expected a valid lesson, got:\n${r.problems.map((p) => `${p.line}: ${p.message}`).join('\n')}`);
  return r.lesson;
}

function problems(source: string): Problem[] {
  const r = parseLesson(source, 'bad.md');
  assert.equal(r.ok, false, 'expected problems');
  return r.problems;
}

describe('the seed lesson', () => {
  const r = loadLessonFile(SEED_FILE);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  const lesson = r.loaded.lesson;

  it('reproduces the headline, byline, image credit and every body paragraph word for word', () => {
    // The article as published (test/fixtures/articles, a copy of the project's shared/articles file).
    const lines = readFileSync(SOURCE_ARTICLE, 'utf8').split('\n').map((l) => l.trim());
    const debris = new Set(['', 'author-image', 'New Update', 'Khwaja Asif']);
    const expected = lines.filter((l) => !debris.has(l));
    assert.ok(expected.length >= 14);
    for (const line of expected) assert.ok(lesson.text.includes(line), `missing from the lesson text: ${line.slice(0, 60)}`);
    assert.equal(lesson.article.headline, lines[0]);
    assert.equal(lesson.article.byline, 'Neha Kumari');
    assert.equal(lesson.article.image?.credit, 'Image Credit Twitter');
    assert.deepEqual(lesson.article.tags, ['Khwaja Asif']);
    // Curly quotes survive.
    assert.ok(lesson.text.includes('“For 30 years, we did the dirty work.'));
    assert.ok(lesson.text.includes('Pakistan’s long-denied role'));
  });

  it('orders the blocks as the outlet did: headline first, body paragraphs and both subheadings after', () => {
    const kinds = lesson.blocks.map((b) => b.kind);
    assert.deepEqual(kinds.slice(0, 5), ['headline', 'standfirst', 'byline', 'image', 'credit']);
    assert.equal(kinds.filter((k) => k === 'paragraph').length, 10);
    const subs = lesson.blocks.filter((b) => b.kind === 'subheading').map((b) => lesson.text.slice(b.start, b.end));
    assert.deepEqual(subs, ['Implications and Reactions', 'A Diplomatic Headache for Pakistan']);
  });

  const ex = (id: string) => lesson.exercises.find((e) => e.id === id)!;
  const highlight = (id: string) => ex(id) as HighlightExercise;
  const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

  it('has the steps in order: who is behind it, leaving the page (search), the three highlight steps, the comparison, other reports, what was left out, a written answer', () => {
    assert.deepEqual(
      lesson.exercises.map((e) => `${e.id}:${e.kind}`),
      [
        'who-is-behind:choice',
        'leave-the-page:search',
        'sources:highlight',
        'framing:highlight',
        'unverified:highlight',
        'headline-vs-body:choice',
        'other-reports:evidence',
        'left-out:choice',
        'check-the-quote:short-answer',
      ],
    );
  });

  it('every mention resolves to its quote with its core inside, and every explanation is short enough to read (≤ 50 words)', () => {
    for (const e of lesson.exercises) {
      if (e.kind === 'highlight') {
        for (const k of e.key) {
          for (const m of k.mentions) {
            assert.equal(lesson.text.slice(m.start, m.end), m.quote);
            assert.ok(m.start <= m.coreStart && m.coreEnd <= m.end && m.coreEnd > m.coreStart);
          }
          assert.ok(words(k.explanation) <= 50, `${words(k.explanation)} words: ${k.explanation.slice(0, 60)}`);
        }
      } else if (e.kind === 'evidence') {
        for (const c of e.claims) assert.ok(words(c.explanation) <= 50, `${words(c.explanation)} words: ${c.id}`);
      } else if (e.kind === 'choice') {
        for (const o of e.options) assert.ok(words(o.feedback) <= 50, `${words(o.feedback)} words: ${o.id}`);
      }
    }
  });

  it('counts sources, not mentions: marking each distinct source once, by its name, with the right label, scores full points', () => {
    const sources = highlight('sources');
    assert.equal(sources.key.length, 8, 'about eight sources, however often each is mentioned');
    const spans = sources.key.map((k) => ({ start: k.mentions[0]!.coreStart, end: k.mentions[0]!.coreEnd, label: k.label }));
    const r = scoreExercise(sources, { spans });
    assert.equal(r.points, 10);
    assert.equal(r.kind === 'highlight' && `${r.highlight.found} of ${r.highlight.total}`, '8 of 8');
  });

  it('finds a source by its name ("Khawaja Asif", "Sky News"), not by the words around it ("Pakistan’s Defence Minister", "interview with")', () => {
    const sources = highlight('sources');
    const at = (q: string, occurrence = 1) => {
      const i = findAll(lesson.text, q)[occurrence - 1]!;
      return { start: i, end: i + q.length, label: 'named' };
    };
    const names = scoreExercise(sources, { spans: [at('Khawaja Asif', 3), at('Sky News', 2)] });
    const filler = scoreExercise(sources, { spans: [at("Pakistan's Defence Minister", 2), at('interview with', 2)] });
    assert.ok(names.kind === 'highlight' && filler.kind === 'highlight');
    assert.equal(names.highlight.found, 2);
    assert.equal(names.points, roundPoints(10 * (2 * (2 / 8)) / (1 + 2 / 8)), 'recall 2/8, precision 1');
    assert.equal(filler.highlight.found, 0);
    assert.equal(filler.points, 0);
    assert.ok(filler.highlight.items.filter((i) => i.nearby).length === 2, 'the feedback says the words that identify them were left out');
  });

  it('can be defended from FACTS.md: the quote label says what to do, no paraphrase keyed as a quotation, no claim beyond the reports', () => {
    const unverified = highlight('unverified');
    assert.deepEqual(
      unverified.labels.map((l) => l.name),
      ['Speculation', 'Unattributed claim', 'Quote to check'],
    );
    // The standfirst's "of funding and supporting terrorist groups operating" is the writer's paraphrase: no core there.
    const standfirst = lesson.blocks.find((b) => b.kind === 'standfirst')!;
    const cores = unverified.key.flatMap((k) => k.mentions.map((m) => lesson.text.slice(m.coreStart, m.coreEnd)));
    const coresInStandfirst = unverified.key.flatMap((k) => k.mentions.filter((m) => m.coreStart >= standfirst.start && m.coreEnd <= standfirst.end));
    assert.ok(!coresInStandfirst.some((m) => /funding and supporting/.test(lesson.text.slice(m.coreStart, m.coreEnd))));
    for (const missing of ['long-denied role', 'is being seen', 'yet to issue an official response', 'in Kashmir and Afghanistan']) {
      assert.ok(cores.some((c) => c.includes(missing)), `the unverified key names “${missing}”`);
    }
    // The step keys 12 items (issue 19); the other unsourced claims are notes, which cost nothing when marked.
    const noted = unverified.notes.map((n) => n.quote);
    for (const other of ['often accused', 'long-speculated', 'Islamabad has previously denied', 'grow louder']) {
      assert.ok(noted.some((q) => q.includes(other)) && !cores.some((c) => c.includes(other)), `“${other}” is a note, not a key item`);
    }
    const framing = highlight('framing');
    const framed = framing.key.flatMap((k) => k.mentions.map((m) => m.quote));
    assert.ok(framed.filter((q) => q === 'admitted').length === 2, '“admitted” is keyed both times');
    assert.ok(!framed.some((q) => /bloodshed|Diplomatic Headache/.test(q)), 'the disputable framing items are left out');
    const explanations = lesson.exercises.flatMap((e) => (e.kind === 'highlight' ? e.key.map((k) => k.explanation) : e.kind === 'evidence' ? e.claims.map((c) => c.explanation) : []));
    for (const bad of [/does not match any report/i, /dressed up/i, /without owning it/i, /confirmed that he said/i]) {
      assert.ok(!explanations.some((t) => bad.test(t)), `no explanation says ${bad}`);
    }
  });

  it('leaves "what do other reports say?" as work to do: the highlight steps do not hand over the reports’ wording', () => {
    const handed = /three decades|including Britain|24 April|Pahalgam|Yalda Hakim/;
    for (const id of ['sources', 'framing', 'unverified']) {
      for (const k of highlight(id).key) assert.doesNotMatch(k.explanation, handed, `${id}: ${k.explanation.slice(0, 50)}`);
    }
    const other = ex('other-reports');
    assert.equal(other.kind, 'evidence');
    if (other.kind !== 'evidence') return;
    assert.ok(other.cards.length >= 4);
    assert.ok(other.cards.every((c) => c.url === undefined), 'FACTS.md gives no addresses, so none is invented');
    assert.ok(other.cards.some((c) => /three decades/.test(c.text)), 'the reports’ wording is on a card, for the student to compare');
    const verdict = (q: RegExp) => other.claims.find((c) => q.test(c.quote))?.verdicts;
    assert.deepEqual(verdict(/^in Kashmir and Afghanistan$/), ['not-found']);
    assert.deepEqual(verdict(/^For 30 years, we did the dirty work$/), ['supported']);
    // The whole quotation as his exact words: contradicted by the reports that transcribe his answer (review S19).
    assert.deepEqual(verdict(/^For 30 years, we did the dirty work\. We funded/), ['contradicted']);
    assert.deepEqual(verdict(/^on behalf of the US and the West$/), ['supported']);
    // The evidence step's key never reaches the student before it is checked.
    assert.doesNotMatch(JSON.stringify(toPublicLesson(lesson)), /"verdicts"|not-found/);
  });
});

describe('a lesson file written before key items had mentions (the seed as it was)', () => {
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  const lesson = r.loaded.lesson;
  /** Each plain quote is one item with one mention, whose core is the whole quote. */
  const only = (k: HighlightExercise['key'][number]) => {
    assert.equal(k.mentions.length, 1);
    const m = k.mentions[0]!;
    assert.deepEqual([m.coreStart, m.coreEnd], [m.start, m.end]);
    return m;
  };

  it('has the required exercises, and every key span resolves to its quote and has an explanation', () => {
    assert.deepEqual(
      lesson.exercises.map((e) => `${e.id}:${e.kind}`),
      ['sources:highlight', 'framing:highlight', 'unverified:highlight', 'headline-vs-body:choice', 'check-the-quote:short-answer'],
    );
    for (const ex of lesson.exercises) {
      if (ex.kind !== 'highlight') continue;
      for (const k of ex.key) {
        const m = only(k);
        assert.equal(lesson.text.slice(m.start, m.end), m.quote);
        assert.ok(k.explanation.length > 40, `explanation too short for ${m.quote}`);
      }
    }
  });

  it('keys the sources the article relies on with the right kind of label', () => {
    const ex = lesson.exercises.find((e) => e.id === 'sources') as HighlightExercise;
    const label = (q: string) => ex.key.filter((k) => only(k).quote === q).map((k) => k.label);
    assert.deepEqual(label('diplomatic sources'), ['anonymous']);
    assert.deepEqual(label('a senior Indian security expert'), ['anonymous']);
    assert.deepEqual(label('strategic and defence analysts'), ['vague']);
    assert.deepEqual(label('Human rights activists and victims of terrorism'), ['vague']);
    assert.deepEqual(label('international observers and neighbouring countries'), ['vague']);
    assert.deepEqual(label('Twitter'), ['vague']);
    assert.deepEqual(label('interview with Sky News'), ['named', 'named']);
  });

  it('keys the framing and the headline teaser', () => {
    const ex = lesson.exercises.find((e) => e.id === 'framing') as HighlightExercise;
    const quotes = ex.key.map((k) => only(k).quote);
    for (const q of ['explosive', 'confessional bombshell', 'shocking admission', "'We Are Doing THIS Dirty Work on Behalf of...."]) {
      assert.ok(quotes.includes(q), `framing key lacks ${q}`);
    }
    assert.ok(quotes.filter((q) => q.includes('startling')).length === 2);
    const teaser = ex.key.find((k) => only(k).quote.startsWith("'We Are Doing"));
    assert.equal(teaser?.label, 'clickbait');
    assert.ok((teaser?.mentions[0]!.start ?? 999) < lesson.blocks[0]!.end, 'the teaser is in the headline');
  });

  it('treats the block quotation as unverifiable and stays within FACTS.md', () => {
    const ex = lesson.exercises.find((e) => e.id === 'unverified') as HighlightExercise;
    const quote = ex.key.find((k) => only(k).quote.startsWith('For 30 years'));
    assert.equal(quote?.label, 'unverifiable-quote');
    assert.match(quote?.explanation ?? '', /paraphrase/);
    assert.match(quote?.explanation ?? '', /Kashmir/);
    // The key never claims the article's quotation is verified.
    const all = lesson.exercises.flatMap((e) => (e.kind === 'highlight' ? e.key.map((k) => k.explanation) : []));
    assert.ok(!all.some((e) => /\bconfirmed that he said\b/i.test(e)));
  });
});

describe('parsing a lesson file', () => {
  it('builds the canonical text from the front matter and body, with block offsets', () => {
    const l = ok(miniLesson());
    assert.equal(
      l.text,
      'Council says the bridge is safe\n\nA. Writer\n\nAccording to the council, the bridge is safe.\n\nExperts disagree, but the council says experts are wrong.',
    );
    assert.deepEqual(
      l.blocks.map((b) => [b.kind, b.start, b.end]),
      [
        ['headline', 0, 31],
        ['byline', 33, 42],
        ['paragraph', 44, 89],
        ['paragraph', 91, 148],
      ],
    );
  });

  it('anchors a repeated quote to the occurrence asked for', () => {
    const l = ok(miniLesson());
    const ex = l.exercises[0] as HighlightExercise;
    assert.deepEqual(
      ex.key.map((k) => [k.mentions[0]!.quote, k.mentions[0]!.start, k.mentions[0]!.end]),
      [
        ['the council', 57, 68],
        ['experts', 130, 137],
      ],
    );
    const second = ok(miniLesson().replace('occurrence: 1', 'occurrence: 2'));
    assert.deepEqual((second.exercises[0] as HighlightExercise).key.map((k) => k.mentions[0]!.start), [113, 130]);
  });

  it('matches straight quotes in a key against curly quotes in the text, keeping the original characters', () => {
    const src = miniLesson({ body: 'The mayor said “it’s fine” and left; the council agreed. experts and experts.\n' })
      .replace('quote: experts', "quote: experts\n        occurrence: 2")
      .replace("quote: the council\n        occurrence: 1", `quote: "said \\"it's fine\\""`);
    const l = ok(src);
    const k = (l.exercises[0] as HighlightExercise).key[0]!.mentions[0]!;
    assert.equal(k.quote, 'said “it’s fine”');
    assert.equal(l.text.slice(k.start, k.end), k.quote);
  });

  it('joins wrapped lines of a paragraph with one space and reads "## " as a subheading', () => {
    const l = ok(miniLesson({ body: '## Part one\nAccording to the council,\n   the bridge is safe.\n\nExperts and experts and the council.\n' }));
    assert.deepEqual(l.blocks.slice(2).map((b) => [b.kind, l.text.slice(b.start, b.end)]), [
      ['subheading', 'Part one'],
      ['paragraph', 'According to the council, the bridge is safe.'],
      ['paragraph', 'Experts and experts and the council.'],
    ]);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const l = ok('\uFEFF' + miniLesson().replace(/\n/g, '\r\n'));
    assert.equal(l.id, 'mini');
    assert.ok(!l.text.includes('\r'));
  });

  it('chooses right-to-left for Arabic, Hebrew, Persian and Urdu lessons unless told otherwise', () => {
    assert.equal(ok(miniLesson().replace('lede: 1', 'lede: 1\nlanguage: ar')).direction, 'rtl');
    assert.equal(ok(miniLesson().replace('lede: 1', 'lede: 1\nlanguage: he\ndirection: ltr')).direction, 'ltr');
    assert.equal(ok(miniLesson()).direction, 'ltr');
  });

  it('makes a short-answer exercise worth the sum of its rubric', () => {
    const src = miniLesson().replace(
      'exercises:\n',
      `exercises:
  - id: essay
    kind: short-answer
    title: Essay
    prompt: Explain.
    rubric:
      - criterion: One
        points: 2
      - criterion: Two
        points: 1.5
`,
    );
    const ex = ok(src).exercises[0]!;
    assert.equal(ex.kind, 'short-answer');
    assert.equal(ex.points, 3.5);
  });
});

describe('lesson file errors', () => {
  it('a file without front matter is not a lesson', () => {
    const p = problems('# Just a note\n\nSome text.\n');
    assert.equal(p.length, 1);
    assert.equal(p[0]!.line, 1);
    assert.match(p[0]!.message, /not a Lede lesson/);
  });

  it('a url that is not http(s) — javascript:, file:, data: — is refused on its line', () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi']) {
      const p = problems(miniLesson().replace('  byline: A. Writer', `  byline: A. Writer\n  url: "${bad}"`));
      assert.equal(p.length, 1, bad);
      assert.equal(p[0]!.line, 8, bad); // the line of url: (the front matter opens on line 1)
      assert.match(p[0]!.message, /url must be a web address starting with http:\/\/ or https:\/\//, bad);
    }
    const good = parseLesson(miniLesson().replace('  byline: A. Writer', '  byline: A. Writer\n  url: "https://example.org/story"'), 'mini.md');
    assert.ok(good.ok && good.lesson.article.url === 'https://example.org/story');
  });

  it('a YAML alias is refused on its line (the audit: 99 options aliasing one anchor made a 170 MB lesson)', () => {
    const src = miniLesson()
      .replace('    prompt: Find the sources.', '    prompt: &same Find the sources.')
      .replace('    prompt: Pick one.', '    prompt: *same');
    const p = problems(src);
    assert.equal(p.length, 1);
    assert.equal(p[0]!.line, src.split('\n').findIndex((l) => l.includes('*same')) + 1);
    assert.match(p[0]!.message, /a YAML alias \(\*name\) repeats text written elsewhere/);
    // An anchor alone (no alias) is harmless.
    assert.ok(parseLesson(miniLesson().replace('    prompt: Find the sources.', '    prompt: &same Find the sources.'), 'mini.md').ok);
  });

  it('every text field is capped (4,000 characters), with the field named on its line', () => {
    const long = 'x'.repeat(4001);
    const src = miniLesson().replace('        feedback: Not so.', `        feedback: ${long}`);
    const p = problems(src);
    assert.equal(p.length, 1);
    assert.equal(p[0]!.line, src.split('\n').findIndex((l) => l.includes(long)) + 1);
    assert.match(p[0]!.message, /feedback must be at most 4,000 characters/);
    assert.ok(parseLesson(miniLesson().replace('        feedback: Not so.', `        feedback: ${'x'.repeat(4000)}`), 'mini.md').ok);
  });

  it('a list or a block far longer than a lesson’s is refused on its line, before field-by-field checks (200,000 options overflowed them)', () => {
    const options = (n: number) => Array.from({ length: n }, (_, i) => `      - id: o${i}\n        text: Option ${i}`).join('\n');
    const src = miniLesson().replace(/    options:\n[^]*?\n---\n/, () => `    options:\n${options(1001)}\n---\n`);
    const p = problems(src);
    assert.equal(p.length, 1);
    assert.equal(p[0]!.line, src.split('\n').indexOf('    options:') + 2);
    assert.equal(p[0]!.message, "a list of 1,001 items: a lesson's lists hold at most 1,000");
    // 200,000 bare items (the hostile file): refused the same way, no error.
    const hostile = miniLesson().replace(/    options:\n[^]*?\n---\n/, () => `    options:\n${'      - 1\n'.repeat(200_000)}---\n`);
    assert.match(problems(hostile)[0]!.message, /^a list of 200,000 items/);
    // A block of 101 fields.
    const fields = Array.from({ length: 101 }, (_, i) => `    x${i}: 1`).join('\n');
    const wide = miniLesson().replace('    prompt: Pick one.', `    prompt: Pick one.\n${fields}`);
    assert.match(problems(wide)[0]!.message, /^a block of 10[4-9] fields: a lesson's blocks have at most 100$/);
  });

  it('a bad file in a lessons folder is skipped with a line naming it; the others load', () => {
    const dir = tempDir('lede-badfolder-');
    writeFileSync(join(dir, 'good.md'), miniLesson());
    writeFileSync(join(dir, 'many.md'), miniLesson().replace('id: mini', 'id: many').replace(/    options:\n[^]*?\n---\n/, () => `    options:\n${'      - 1\n'.repeat(200_000)}---\n`));
    const r = loadLessonDir(dir);
    assert.deepEqual(r.loaded.map((l) => l.lesson.id), ['mini']);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]!.file, join(dir, 'many.md'));
    assert.match(r.problems[0]!.message, /^a list of 200,000 items/);
  });

  it('a lesson larger than 4 MB once read is refused, saying how large', () => {
    const para = 'The council met again. '.repeat(40) + '\n\n';
    const body = `According to the council, the bridge is safe.\n\nExperts disagree, but the council says experts are wrong.\n\n${para.repeat(5000)}`;
    const p = problems(miniLesson({ body }));
    assert.equal(p.length, 1);
    assert.equal(p[0]!.line, 1);
    assert.match(p[0]!.message, /^the lesson is \d+\.\d MB once read; a lesson may be at most 4 MB/);
  });

  it('an unclosed front matter', () => {
    assert.match(problems('---\nlede: 1\nid: x\n')[0]!.message, /never closed/);
  });

  it('a YAML syntax error is reported once, on its first line, with the fix in plain words', () => {
    const p = problems(miniLesson().replace('title: A small lesson', 'title: [unclosed'));
    assert.equal(p.length, 1);
    assert.equal(p[0]!.line, 4);
    assert.equal(p[0]!.message, 'a list opened with "[" is never closed with "]": close it on the same line, or, if the bracket belongs to the text, put the whole value in double quotes, like this: title: "[unclosed"');
  });

  it('a duplicated field', () => {
    const p = problems(miniLesson().replace('title: A small lesson', 'title: A small lesson\ntitle: Again'));
    assert.deepEqual(p.map((x) => [x.line, x.message]), [[5, '"title" is given twice in the same block: keep one of them']]);
  });

  it('one tab reports one line, not one per line below it', () => {
    const src = miniLesson().replace('    kind: highlight\n    title: Sources\n    prompt: Find the sources.', '\tkind: highlight\n\ttitle: Sources\n\tprompt: Find the sources.');
    const p = problems(src);
    assert.equal(p.length, 1, p.map((x) => x.message).join('\n'));
    assert.match(p[0]!.message, /indented with a tab, and YAML needs spaces: replace the tab with spaces/);
  });

  it('a value with ": " in it: put it in double quotes, shown with the line as it should be', () => {
    const p = problems(miniLesson().replace('title: A small lesson', 'title: Sources: who speaks?'));
    assert.equal(p.length, 1);
    assert.equal(p[0]!.message, 'this value contains ": ", which YAML reads as the start of another field: put the value in double quotes, like this: title: "Sources: who speaks?"');
  });

  it('a quote mark never closed', () => {
    const p = problems(miniLesson().replace('title: A small lesson', 'title: "A small lesson'));
    assert.equal(p.length, 1);
    assert.match(p[0]!.message, /never closed: close it with the same mark/);
  });

  it('an empty body is the one problem reported, not a "quote not found" per key', () => {
    const p = problems(miniLesson({ body: '\n' }));
    assert.deepEqual(p.map((x) => x.message), ['the article has no body: write its paragraphs after the front matter']);
  });

  it('a missing quote names the file, its line and the quote; every problem in the file is reported', () => {
    const src = miniLesson()
      .replace('quote: the council\n        occurrence: 1', 'quote: the mayor')
      .replace('quote: experts', 'quote: pundits');
    const p = problems(src);
    assert.equal(p.length, 2);
    const lines = src.split('\n');
    assert.equal(lines[p[0]!.line - 1]!.trim(), '- quote: the mayor');
    assert.match(p[0]!.message, /quote not found in the article: "the mayor"/);
    assert.equal(lines[p[1]!.line - 1]!.trim(), '- quote: pundits');
    assert.equal(p[0]!.file, 'bad.md');
  });

  it('an ambiguous quote says how many times it appears and how to choose', () => {
    const p = problems(miniLesson().replace('\n        occurrence: 1', ''));
    assert.equal(p.length, 1);
    assert.match(p[0]!.message, /"the council" is ambiguous: it appears 2 times; add "occurrence: N" \(1 to 2\)/);
    assert.equal(p[0]!.line, 21);
  });

  it('an occurrence past the last one', () => {
    const p = problems(miniLesson().replace('occurrence: 1', 'occurrence: 3'));
    assert.match(p[0]!.message, /occurrence 3 of "the council" asked for, but the quote appears 2 times/);
  });

  it('a quote that differs only in capitals gets a hint', () => {
    const p = problems(miniLesson().replace('quote: experts', 'quote: EXPERTS disagree'));
    assert.match(p[0]!.message, /different capital letters/);
  });

  it('schema problems: unknown fields, wrong kinds, missing fields, bad ids, unknown labels — all at once with lines', () => {
    const src = miniLesson()
      .replace('title: A small lesson', 'title: A small lesson\nauthor: someone')
      .replace('kind: choice', 'kind: quiz')
      .replace('    prompt: Find the sources.\n', '');
    const p = problems(src);
    const lines = src.split('\n');
    const byMessage = (re: RegExp) => p.find((x) => re.test(x.message));
    const unknown = byMessage(/unknown field "author"/);
    assert.ok(unknown);
    assert.equal(lines[unknown.line - 1], 'author: someone');
    const kind = byMessage(/kind must be one of/);
    assert.ok(kind);
    assert.match(lines[kind.line - 1]!, /kind: quiz/);
    const missing = byMessage(/prompt is required/);
    assert.ok(missing, p.map((x) => x.message).join('\n'));
    assert.match(missing.message, /exercises\[1\] \(sources\)/);
  });

  it('a schema problem in one exercise does not hide a missing quote in another', () => {
    const src = miniLesson().replace('kind: choice', 'kind: quiz').replace('quote: experts', 'quote: pundits');
    const p = problems(src).map((x) => x.message);
    assert.ok(p.some((m) => /kind must be one of/.test(m)), p.join('\n'));
    assert.ok(p.some((m) => /quote not found in the article: "pundits"/.test(m)), p.join('\n'));
  });

  it('cross-checks: unknown label, duplicate ids, wrong number of correct options, overlapping key spans', () => {
    const src = miniLesson()
      .replace('label: vague\n        explanation: Which experts?', 'label: sceptic\n        explanation: Which experts?')
      .replace('  - id: q\n', '  - id: sources\n')
      .replace('        text: No\n', '        text: No\n        correct: true\n');
    const p = problems(src).map((x) => x.message);
    assert.ok(p.some((m) => /label "sceptic" is not one of this exercise's labels \(named, vague\)/.test(m)), p.join('\n'));
    assert.ok(p.some((m) => /exercise id "sources" is used more than once/.test(m)));
    assert.ok(p.some((m) => /exactly one correct option \(it has 2\)/.test(m)));

    const overlap = miniLesson().replace(
      '      - quote: experts',
      '      - quote: the council,\n        label: named\n        explanation: Again.\n      - quote: experts',
    );
    assert.ok(problems(overlap).some((x) => /overlaps the "named" quote/.test(x.message)));
  });

  it('a "# " heading in the body, and an empty body', () => {
    assert.ok(problems(miniLesson({ body: '# Title\n\nText.\n' })).some((x) => /headline belongs in the front matter/.test(x.message)));
    assert.ok(problems(miniLesson({ body: '\n\n' })).some((x) => /no body/.test(x.message)));
  });

  it('a front matter that is a list, not fields', () => {
    assert.match(problems('---\n- a\n- b\n---\nText.\n')[0]!.message, /must be a set of "field: value" lines/);
  });

  it('loading a folder reports bad files and duplicate lesson ids, and keeps the good ones', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), miniLesson());
    writeFileSync(join(dir, 'b.md'), miniLesson());
    writeFileSync(join(dir, 'c.md'), 'not a lesson');
    writeFileSync(join(dir, 'README.md'), '# About these lessons');
    const r = loadLessonDir(dir);
    assert.deepEqual(r.loaded.map((l) => l.file), [join(dir, 'a.md')]);
    assert.deepEqual(r.problems.map((p) => [p.file, p.message.slice(0, 30)]), [
      [join(dir, 'b.md'), 'lesson id "mini" is already us'],
      [join(dir, 'c.md'), 'not a Lede lesson: the file mu'],
    ]);
  });

  it('refuses non-UTF-8 files and folders with a clear message', () => {
    const dir = tempDir();
    const f = join(dir, 'latin1.md');
    writeFileSync(f, Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0xff, 0x0a]));
    const r = loadLessonFile(f);
    assert.ok(!r.ok && /not UTF-8/.test(r.problems[0]!.message));
    const d = loadLessonFile(dir);
    assert.ok(!d.ok && /folder/.test(d.problems[0]!.message));
  });
});

describe('quote matching (properties)', () => {
  it('normalising keeps length, so offsets carry over', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => normaliseForMatch(s).length === s.length));
  });

  it('findAll finds exactly the places where the needle occurs', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ') }), fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1, maxLength: 3 }), (h, n) => {
        const hits = findAll(h, n);
        for (const i of hits) if (h.slice(i, i + n.length) !== n) return false;
        let expected = 0;
        for (let i = 0; i + n.length <= h.length; i++) if (h.startsWith(n, i)) expected++;
        return hits.length === expected;
      }),
    );
  });

  it('any substring of a paragraph, quoted with its occurrence, resolves back to itself', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('x', 'q', 'z', ' ', '’'), minLength: 5, maxLength: 40 }).filter((s) => s.trim().length === s.length && /\S/.test(s) && !/\s\s/.test(s)),
        fc.nat(),
        fc.nat(),
        (para, a, b) => {
          const start = a % para.length;
          const end = start + 1 + (b % (para.length - start));
          const quote = para.slice(start, end);
          if (quote.trim() !== quote || quote.length === 0) return true;
          const src = miniLesson({ body: `${para}\n` }).replace(
            /    key:\n[\s\S]*?(?=  - id: q)/,
            `    key:\n      - quote: ${JSON.stringify(quote)}\n        occurrence: ${findAll(normaliseForMatch(para), normaliseForMatch(quote)).indexOf(start) + 1}\n        label: named\n        explanation: x\n`,
          );
          const r = parseLesson(src, 'p.md');
          if (!r.ok) return false;
          const k = (r.lesson.exercises[0] as HighlightExercise).key[0]!.mentions[0]!;
          const paraStart = r.lesson.blocks.find((bl) => bl.kind === 'paragraph')!.start;
          return k.start === paraStart + start && r.lesson.text.slice(k.start, k.end) === quote;
        },
      ),
    );
  });
});

describe('values YAML changes without a word: warnings, the lesson still loads', () => {
  const parse = (src: string) => parseLesson(src, 'w.md');

  it('a quote in single quotes loses them: warned, with both fixes', () => {
    const r = parse(miniLesson().replace('quote: experts', "quote: 'experts'"));
    assert.ok(r.ok, 'still a valid lesson');
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]!.line, 25);
    assert.match(r.warnings[0]!.message, /^the single quotes around this quote are YAML quoting, so they are taken away and the key looks for experts without them\. If the quote marks are part of the article's text, write it in double quotes: quote: "'experts'"/);
  });

  it('" #" in an unquoted explanation cuts it short: warned; a comment after two spaces is not', () => {
    const r = parse(miniLesson().replace('explanation: Which experts?', 'explanation: Which experts? See #3 below.').replace('occurrence: 1', 'occurrence: 1  # the first one'));
    assert.ok(r.ok);
    assert.deepEqual(
      r.warnings.map((w) => [w.line, w.message]),
      [[27, 'the explanation stops before "#3 below.": YAML reads " #" as the start of a comment, so the rest of the line is left out. If the # belongs to the text, put the whole value in double quotes (a comment meant as one is clearer after two spaces)']],
    );
    const ex = r.lesson.exercises[0] as HighlightExercise;
    assert.equal(ex.key[1]!.explanation, 'Which experts? See', 'this is what YAML read, hence the warning');
  });

});

describe('file encodings', () => {
  const dir = tempDir();
  const write = (name: string, bytes: Uint8Array) => {
    const f = join(dir, name);
    writeFileSync(f, bytes);
    return loadLessonFile(f);
  };
  const utf16 = (text: string, le: boolean, bom: boolean) => {
    const buf = Buffer.from(text, 'utf16le');
    if (!le) buf.swap16();
    return bom ? Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), buf]) : buf;
  };
  const src = miniLesson({ body: 'According to the council, the bridge is “safe”.\n\nExperts disagree, but the council says experts are wrong.\n' });

  for (const [name, le, bom] of [['UTF-16 LE with a byte-order mark', true, true], ['UTF-16 BE with a byte-order mark', false, true], ['UTF-16 LE without one', true, false], ['UTF-16 BE without one', false, false]] as const) {
    it(`reads ${name}`, () => {
      const r = write(`${name.replace(/\W+/g, '-')}.md`, utf16(src, le, bom));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
      assert.ok(r.loaded.lesson.text.includes('the bridge is “safe”.'));
    });
  }

  it('reads an Arabic lesson saved as UTF-16 without a byte-order mark (it starts with "---")', () => {
    const arabic = miniLesson({ body: 'قال المجلس إن الجسر آمن.\n\nيختلف الخبراء، لكن المجلس يقول إن الخبراء مخطئون.\n' })
      .replace('language: en\n', '')
      .replace('title: A small lesson', 'title: درس قصير\nlanguage: ar')
      .replace(/    key:\n[\s\S]*?(?=  - id: q)/, '    key:\n      - quote: المجلس\n        occurrence: 1\n        label: named\n        explanation: x\n');
    const r = write('arabic.md', utf16(arabic, true, false));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.equal(r.loaded.lesson.direction, 'rtl');
    assert.ok(r.loaded.lesson.text.includes('قال المجلس'));
  });

  it('reads UTF-8 with a byte-order mark', () => {
    const r = write('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(src)]));
    assert.ok(r.ok);
  });

  it('refuses Windows-1252 with one line that says how to save it as UTF-8', () => {
    const cp1252 = Buffer.from(src.replace('“', '\x93').replace('”', '\x94'), 'latin1');
    const r = write('cp1252.md', cp1252);
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.line, p.message]), [
      [1, 'is not UTF-8 text (it looks like Windows-1252, as older Word and Notepad save it): open it in a text editor and save it with the encoding "UTF-8" (in Notepad: File > Save as > Encoding: UTF-8), then check it again'],
    ]);
  });
});

describe('key items with several mentions and a core', () => {
  // Body: "According to the council, the bridge is safe.\n\nExperts disagree, but the council says experts are wrong."
  const withKey = (key: string) => miniLesson().replace(/    key:\n[\s\S]*?(?=  - id: q)/, `    key:\n${key}`);

  it('one item, two mentions, an item-level core: offsets in text order, the core inside each', () => {
    const l = ok(
      withKey(`      - label: named
        core: council
        explanation: The council is named twice.
        mentions:
          - quote: the council says
          - quote: According to the council
      - quote: Experts disagree
        core: Experts
        label: vague
        explanation: Which experts?
`),
    );
    const ex = l.exercises[0] as HighlightExercise;
    assert.equal(ex.key.length, 2, 'two items, not three mentions');
    const [council, experts] = ex.key;
    assert.deepEqual(
      council!.mentions.map((m) => [m.quote, l.text.slice(m.coreStart, m.coreEnd)]),
      [
        ['According to the council', 'council'],
        ['the council says', 'council'],
      ],
    );
    assert.equal(l.text.slice(experts!.mentions[0]!.coreStart, experts!.mentions[0]!.coreEnd), 'Experts');
    // The student sees how many items there are, never where.
    const pub = toPublicLesson(l).exercises[0]!;
    assert.equal('keyCount' in pub && pub.keyCount, 2);
    assert.ok(!JSON.stringify(pub).includes('council says'));
  });

  it('reports each mistake in a key item on its own line, in plain words', () => {
    const shape = problems(
      withKey(`      - label: named
        explanation: Both forms.
        quote: the council
        mentions:
          - quote: the council says
      - label: vague
        explanation: Nothing to find.
`),
    ).map((x) => `${x.line}: ${x.message}`);
    assert.ok(shape.some((m) => /key\[1\]\.quote: give either quote or mentions, not both/.test(m)), shape.join('\n'));
    assert.ok(shape.some((m) => /key\[2\]\.label: a key item needs a quote \(or a list of mentions\)/.test(m)), shape.join('\n'));
    const p = problems(
      withKey(`      - quote: the council says
        core: mayor
        label: named
        explanation: No mayor here.
      - quote: experts are wrong
        core: e
        label: vague
        explanation: Two e's.
`),
    );
    const msgs = p.map((x) => `${x.line}: ${x.message}`);
    assert.ok(msgs.some((m) => /the core "mayor" is not part of the quote "the council says"/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /the core "e" appears 3 times in the quote "experts are wrong"/.test(m)), msgs.join('\n'));
  });

  it('two mentions with the same label may not overlap, even in different items', () => {
    const p = problems(
      withKey(`      - label: named
        explanation: One.
        mentions:
          - quote: According to the council
      - quote: the council,
        label: named
        explanation: Two.
`),
    );
    assert.ok(p.some((x) => /overlaps the "named" quote on line/.test(x.message)));
  });
});

describe('notes on passages left out of the key', () => {
  it('are found in the article, kept from the student until checking, and shown beside a highlight that touches them', () => {
    const src = miniLesson().replace(
      '    key:\n',
      `    notes:
      - quote: A. Writer
        note: The writer is not a source.
    key:
`,
    );
    const l = ok(src);
    const ex = l.exercises[0] as HighlightExercise;
    assert.deepEqual(ex.notes.map((n) => [l.text.slice(n.start, n.end), n.note]), [['A. Writer', 'The writer is not a source.']]);
    assert.doesNotMatch(JSON.stringify(toPublicLesson(l)), /The writer is not a source/);
    const r = scoreExercise(ex, { spans: [{ start: ex.notes[0]!.start, end: ex.notes[0]!.end, label: 'named' }, { start: 0, end: 7, label: 'named' }] });
    assert.ok(r.kind === 'highlight');
    assert.deepEqual(r.extraNotes, [null, 'The writer is not a source.'], 'one per extra span, in text order');
    assert.equal(r.highlight.spanPrecision, 0, 'a noted passage is still outside the key');
    assert.match(problems(src.replace('quote: A. Writer', 'quote: B. Writer')).map((p) => p.message).join('\n'), /note: quote not found in the article: "B\. Writer"/);
  });
});

describe('evidence steps', () => {
  const evidence = (claims: string, cards = `      - id: gazette
        outlet: The Gazette
        date: 3 May 2025
        text: The council's engineers said the bridge "needs repairs".
`) =>
    miniLesson().replace(
      '  - id: q\n',
      `  - id: other-reports
    kind: evidence
    title: What do other reports say?
    prompt: Compare.
    cards:
${cards}    claims:
${claims}  - id: q
`,
    );

  it('resolves each claim to the article and keeps the verdicts out of the student’s copy', () => {
    const l = ok(
      evidence(`      - id: safe
        quote: the bridge is safe
        occurrence: 2
        claim: The bridge is safe.
        verdict: contradicted
        cards: [gazette]
        explanation: The engineers said it needs repairs.
      - id: experts
        quote: Experts disagree
        verdict: [not-found, supported]
        cards: [gazette]
        explanation: The engineers may be the experts.
`),
    );
    const ex = l.exercises.find((e) => e.kind === 'evidence')!;
    assert.equal(ex.kind, 'evidence');
    if (ex.kind !== 'evidence') return;
    assert.equal(ex.points, 2, 'one point per claim by default');
    assert.deepEqual(
      ex.claims.map((c) => [c.id, l.text.slice(c.start, c.end), c.verdicts, c.cards]),
      [
        ['safe', 'the bridge is safe', ['contradicted'], ['gazette']],
        ['experts', 'Experts disagree', ['not-found', 'supported'], ['gazette']],
      ],
    );
    const pub = JSON.stringify(toPublicLesson(l).exercises.find((e) => e.kind === 'evidence'));
    assert.ok(pub.includes('needs repairs'), 'the cards are shown in the step');
    assert.ok(!/contradicted|not-found|engineers may be/.test(pub.replace(/"text":"[^"]*"/g, '')), pub);
  });

  it('refuses unknown cards, a verdict with no card to show it, repeated ids and quotes not in the article', () => {
    const p = problems(
      evidence(`      - id: safe
        quote: the bridge is safe
        occurrence: 2
        verdict: supported
        explanation: x
      - id: safe
        quote: the tunnel is safe
        verdict: not-found
        cards: [herald]
        explanation: x
`),
    );
    const msgs = p.map((x) => x.message).join('\n');
    assert.match(msgs, /claim "safe" is supported: say which cards show it/);
    assert.match(msgs, /claim id "safe" is used more than once/);
    assert.match(msgs, /names card "herald", which is not one of the cards \(gazette\)/);
    assert.match(msgs, /quote not found in the article: "the tunnel is safe"/);
  });
});

describe('the format documentation', () => {
  it('the complete example in lessons/README.md is a valid lesson with one step of each kind', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'lessons', 'README.md'), 'utf8');
    const m = /## A complete example[\s\S]*?````markdown\n([\s\S]*?)\n````/.exec(doc);
    assert.ok(m, 'the README has a complete example in a ````markdown block');
    const l = ok(m[1]!);
    assert.deepEqual([...new Set(l.exercises.map((e) => e.kind))].sort(), ['choice', 'evidence', 'highlight', 'short-answer']);
    const h = l.exercises.find((e) => e.kind === 'highlight') as HighlightExercise;
    assert.ok(h.key.some((k) => k.mentions.length > 1), 'it shows an item with several mentions');
    assert.ok(h.key.some((k) => k.mentions.some((x) => x.coreStart > x.start || x.coreEnd < x.end)), 'and a core');
  });
});
