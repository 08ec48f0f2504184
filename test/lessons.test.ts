import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadLessonDir, loadLessonFile } from '../src/core/lessons/load.ts';
import { parseLesson, type Problem } from '../src/core/lessons/parse.ts';
import { findAll, normaliseForMatch } from '../src/core/lessons/resolve.ts';
import type { HighlightExercise, Lesson } from '../src/shared/lesson.ts';
import { miniLesson, SEED_FILE, SOURCE_ARTICLE, tempDir } from './helpers.ts';

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

  it('has the required exercises, and every key span resolves to its quote and has an explanation', () => {
    assert.deepEqual(
      lesson.exercises.map((e) => `${e.id}:${e.kind}`),
      ['sources:highlight', 'framing:highlight', 'unverified:highlight', 'headline-vs-body:choice', 'check-the-quote:short-answer'],
    );
    for (const ex of lesson.exercises) {
      if (ex.kind !== 'highlight') continue;
      for (const k of ex.key) {
        assert.equal(lesson.text.slice(k.start, k.end), k.quote);
        assert.ok(k.explanation.length > 40, `explanation too short for ${k.quote}`);
      }
    }
  });

  it('keys the sources the article relies on with the right kind of label', () => {
    const ex = lesson.exercises.find((e) => e.id === 'sources') as HighlightExercise;
    const label = (q: string) => ex.key.filter((k) => k.quote === q).map((k) => k.label);
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
    const quotes = ex.key.map((k) => k.quote);
    for (const q of ['explosive', 'confessional bombshell', 'shocking admission', "'We Are Doing THIS Dirty Work on Behalf of...."]) {
      assert.ok(quotes.includes(q), `framing key lacks ${q}`);
    }
    assert.ok(quotes.filter((q) => q.includes('startling')).length === 2);
    const teaser = ex.key.find((k) => k.quote.startsWith("'We Are Doing"));
    assert.equal(teaser?.label, 'clickbait');
    assert.ok((teaser?.start ?? 999) < lesson.blocks[0]!.end, 'the teaser is in the headline');
  });

  it('treats the block quotation as unverifiable and stays within FACTS.md', () => {
    const ex = lesson.exercises.find((e) => e.id === 'unverified') as HighlightExercise;
    const quote = ex.key.find((k) => k.quote.startsWith('For 30 years'));
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
      ex.key.map((k) => [k.quote, k.start, k.end]),
      [
        ['the council', 57, 68],
        ['experts', 130, 137],
      ],
    );
    const second = ok(miniLesson().replace('occurrence: 1', 'occurrence: 2'));
    assert.deepEqual((second.exercises[0] as HighlightExercise).key.map((k) => k.start), [113, 130]);
  });

  it('matches straight quotes in a key against curly quotes in the text, keeping the original characters', () => {
    const src = miniLesson({ body: 'The mayor said “it’s fine” and left; the council agreed. experts and experts.\n' })
      .replace('quote: experts', "quote: experts\n        occurrence: 2")
      .replace("quote: the council\n        occurrence: 1", `quote: "said \\"it's fine\\""`);
    const l = ok(src);
    const k = (l.exercises[0] as HighlightExercise).key[0]!;
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

  it('an unclosed front matter', () => {
    assert.match(problems('---\nlede: 1\nid: x\n')[0]!.message, /never closed/);
  });

  it('a YAML syntax error names its line', () => {
    const p = problems(miniLesson().replace('title: A small lesson', 'title: [unclosed'));
    assert.equal(p.length >= 1, true);
    assert.match(p[0]!.message, /^YAML:/);
    assert.ok(p[0]!.line >= 4 && p[0]!.line <= 6, `line ${p[0]!.line}`);
  });

  it('a duplicated YAML key', () => {
    const p = problems(miniLesson().replace('title: A small lesson', 'title: A small lesson\ntitle: Again'));
    assert.match(p[0]!.message, /unique/i);
    assert.equal(p[0]!.line, 5);
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
    assert.ok(problems(overlap).some((x) => /overlaps the "named" span/.test(x.message)));
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
          const k = (r.lesson.exercises[0] as HighlightExercise).key[0]!;
          const paraStart = r.lesson.blocks.find((bl) => bl.kind === 'paragraph')!.start;
          return k.start === paraStart + start && r.lesson.text.slice(k.start, k.end) === quote;
        },
      ),
    );
  });
});
