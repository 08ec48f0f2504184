import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { draftLessonSource, lessonIdFrom, lessonTemplate } from '../src/core/studio/draft.ts';
import { extractArticle, extractMarkdown, extractText, type ExtractedArticle } from '../src/core/studio/extract.ts';
import { miniLesson, ROOT, SOURCE_ARTICLE, tempDir } from './helpers.ts';
import { lede } from './cli-run.ts';

// Starting a lesson from an article file (issue 11): what is taken from a saved web
// page, a text or Markdown file and a Word document, and the lesson file written
// from it.

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'articles', name);

describe('taking an article from a file', () => {
  it('a saved web page: the article and the page’s own metadata, and nothing of its scripts, menus, ads or footer', async () => {
    const a = await extractArticle('riverton-pool.html', readFileSync(fixture('riverton-pool.html')));
    assert.deepEqual(
      { headline: a.headline, byline: a.byline, outlet: a.outlet, date: a.date, url: a.url, image: a.image, standfirst: a.standfirst },
      {
        headline: 'Riverton pool to reopen “within weeks”, council says',
        byline: 'Sam Okafor',
        outlet: 'Riverton Courier',
        date: '2025-03-14',
        url: 'https://courier.example/news/riverton-pool',
        image: { caption: 'The empty pool behind a fence' },
        standfirst: 'The council promises a quick repair; experts doubt the budget.',
      },
    );
    assert.deepEqual(
      a.blocks.map((b) => [b.kind, b.text.slice(0, 30), b.debris ?? false]),
      [
        ['paragraph', 'author-image', true],
        ['paragraph', 'The town’s swimming pool will ', false],
        ['paragraph', 'Residents are said to be furio', false],
        ['subheading', 'What happens next', false],
        ['paragraph', 'The council’s leisure committe', false],
        ['paragraph', '“We are confident the pool wil', false],
        ['paragraph', 'Read more', true],
      ],
    );
    const all = JSON.stringify(a);
    assert.doesNotMatch(all, /SHOULD-NOT-APPEAR|injected|<\/?[a-z]+[ >]|Home|Sport/, 'text only: no script, markup, menu or footer');
  });

  it('a text file: the first line is the headline; each short line is its own block; page furniture is flagged', async () => {
    const a = await extractArticle('asif.txt', readFileSync(SOURCE_ARTICLE));
    assert.equal(a.format, 'text');
    assert.match(a.headline, /^Pakistan Defence Minister Khawaja Asif's Candid Admission/);
    assert.deepEqual(a.blocks.filter((b) => b.debris).map((b) => b.text), ['author-image', 'New Update']);
    assert.ok(a.blocks.some((b) => b.text === 'Neha Kumari'));
    assert.ok(a.blocks.some((b) => b.text.startsWith('“For 30 years, we did the dirty work.')));
  });

  it('hard-wrapped text is joined into paragraphs', () => {
    const a = extractText('A headline\n\nThis paragraph was wrapped by an editor at about sixty\ncharacters a line, as old text files often are.\n\nShort line\nAnother short line\n');
    assert.deepEqual(a.blocks.map((b) => b.text), [
      'This paragraph was wrapped by an editor at about sixty characters a line, as old text files often are.',
      'Short line',
      'Another short line',
    ]);
  });

  it('Markdown: "#" is the headline, "##" a subheading, emphasis and links become plain text, images are dropped', () => {
    const a = extractMarkdown('# The *big* headline\n\nA paragraph with **bold**, _italic_ and a [link](https://x.example).\nIt goes on.\n\n## Part two\n\n![a photo](p.jpg)\n\n- a list item\n');
    assert.equal(a.headline, 'The big headline');
    assert.deepEqual(a.blocks.map((b) => [b.kind, b.text]), [
      ['paragraph', 'A paragraph with bold, italic and a link. It goes on.'],
      ['subheading', 'Part two'],
      ['paragraph', 'a list item'],
    ]);
  });

  it('Markdown: front matter, code fences and tables are left out; setext headings are headings; escaped marks stay', () => {
    const a = extractMarkdown('---\ntitle: x\n---\nThe Title\n=========\n\nA \\*literal\\* star and *emph*.\n\nPart two\n--------\n\n```js\ncode();\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLast paragraph.\n');
    assert.equal(a.headline, 'The Title');
    assert.deepEqual(a.blocks.map((b) => [b.kind, b.text]), [
      ['paragraph', 'A *literal* star and emph.'],
      ['subheading', 'Part two'],
      ['paragraph', 'Last paragraph.'],
    ]);
  });

  it('a web page in Arabic: its lang becomes the lesson’s language, and the lesson reads right to left', async () => {
    const html = `<html lang="ar"><head><meta property="og:title" content="وزير الدفاع يتحدث"></head><body><article><p>${'قال الوزير إن الوضع مستقر. '.repeat(20)}</p></article></body></html>`;
    const a = await extractArticle('ar.html', Buffer.from(html));
    assert.equal(a.language, 'ar');
    const r = parseLesson(draftLessonSource(a), 'ar.md');
    assert.ok(r.ok);
    assert.deepEqual([r.lesson.language, r.lesson.direction], ['ar', 'rtl']);
  });

  it('text directly in a list item or quotation beside an inner paragraph is kept, in reading order', async () => {
    const long = 'The council met on Tuesday to discuss the pool, and the meeting ran late into the evening. '.repeat(4);
    const html = `<html><head><title>T</title></head><body><article><h1>Pool</h1><p>${long}</p><ul><li>Lead words <p>Inner paragraph.</p> and the tail</li></ul><blockquote>“We will fix it,” <p>— the mayor</p></blockquote></article></body></html>`;
    const a = await extractArticle('pool.html', Buffer.from(html));
    assert.deepEqual(a.blocks.map((b) => b.text).slice(-5), ['Lead words', 'Inner paragraph.', 'and the tail', '“We will fix it,”', '— the mayor']);
  });

  it('an article file in UTF-16, or a web page that names its own encoding, is read; the language comes from the page or the script, never guessed as English', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Headline\n\nOne paragraph of the story.', 'utf16le')]);
    assert.deepEqual((await extractArticle('a.txt', utf16)).blocks.map((b) => b.text), ['One paragraph of the story.']);
    const cp1252 = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"><title>T</title></head><body><article><p>'), Buffer.from([0x93]), Buffer.from(`Quoted${' words of a long enough story.'.repeat(12)}`), Buffer.from([0x94]), Buffer.from('</p></article></body></html>')]);
    assert.match((await extractArticle('old.html', cp1252)).blocks[0]!.text, /^“Quoted words/);
    const english = draftLessonSource(await extractArticle('a.txt', Buffer.from('Headline\n\nOne paragraph.')));
    assert.doesNotMatch(english, /^language:/m);
    const arabic = draftLessonSource(await extractArticle('a.txt', Buffer.from('وزير الدفاع يتحدث\n\nقال الوزير إن الوضع مستقر.')));
    assert.match(arabic, /^language: ar$/m);
  });

  it('lines that repeat the page’s standfirst, byline or image caption, and links to other stories, are flagged; a figure’s caption and credit are taken', async () => {
    const para = 'The harbour board voted on Tuesday night to sell the old fish market to a developer, ending a century of trading on the quay. '.repeat(3);
    const html = `<html lang="en"><head><meta property="og:title" content="Harbour market sold"><meta property="og:description" content="A century of trading ends on the quay."><meta name="author" content="Priya Nandakumar"></head><body><article>
      <p>A century of trading ends on the quay.</p><p>By Priya Nandakumar, Local Affairs Reporter 14 March 2025</p>
      <figure><img src="x.jpg" alt=""><figcaption>The fish market at dawn. Photograph: Tom Ellery/Coastal Herald</figcaption></figure>
      <p>${para}</p><p>Read more: The 150-year history of Porthmere harbour</p><p>${para}</p></article></body></html>`;
    const a = await extractArticle('market.html', Buffer.from(html));
    assert.deepEqual(a.image, { caption: 'The fish market at dawn', credit: 'Tom Ellery/Coastal Herald' });
    assert.deepEqual(
      a.blocks.filter((b) => b.debris).map((b) => b.text),
      ['A century of trading ends on the quay.', 'By Priya Nandakumar, Local Affairs Reporter 14 March 2025', 'The fish market at dawn. Photograph: Tom Ellery/Coastal Herald', 'Read more: The 150-year history of Porthmere harbour'],
    );
    assert.equal(a.blocks.filter((b) => !b.debris).length, 2);
  });

  it('pasted text: a byline line near the top becomes the byline (and its date); Arabic text is an Arabic lesson', () => {
    const a = extractText('Council cuts bus routes\n\nBy Tom Reyes | 3 June 2025\n\nThe council will cut four bus routes from July, it said on Monday.');
    assert.deepEqual([a.byline, a.date, a.blocks.map((b) => b.text)], ['Tom Reyes', '3 June 2025', ['The council will cut four bus routes from July, it said on Monday.']]);
    assert.equal(extractText('وزير الدفاع يتحدث\n\nقال الوزير إن الوضع مستقر.').language, 'ar');
  });

  it('a Word document: its headings and paragraphs', async () => {
    const a = await extractArticle('riverton-pool.docx', readFileSync(fixture('riverton-pool.docx')));
    assert.equal(a.headline, 'Riverton pool to reopen “within weeks”, council says');
    assert.deepEqual(a.blocks.map((b) => [b.kind, b.text.slice(0, 24)]), [
      ['paragraph', 'By Sam Okafor, Riverton '],
      ['paragraph', 'The town’s swimming pool'],
      ['subheading', 'What happens next'],
      ['paragraph', 'Residents are said to be'],
    ]);
  });

  it('refuses a page nested too deeply for reader mode, and a Word document that would unpack to far too much (a zip bomb)', async () => {
    const deep = `<html><body>${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}</body></html>`;
    await assert.rejects(extractArticle('deep.html', Buffer.from(deep)), /too large or too deeply nested to take an article from \(more than 400 levels\)\. Open it in the browser, copy the article’s text and paste it instead/);
    // A zip whose directory declares a 200 MB document.xml: refused from the directory alone, before anything is unpacked.
    const name = Buffer.from('word/document.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(1000, 20); // compressed size
    central.writeUInt32LE(200 * 1024 * 1024, 24); // declared unpacked size
    central.writeUInt16LE(name.length, 28);
    const data = Buffer.alloc(1000);
    const cdStart = local.length + name.length + data.length;
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length + name.length, 12);
    eocd.writeUInt32LE(cdStart, 16);
    const bomb = Buffer.concat([local, name, data, central, name, eocd]);
    await assert.rejects(extractArticle('bomb.docx', bomb), /This Word document was not opened: it declares more than 64 MB unpacked\. An article needs far less/);
  });

  it('a .docx whose directory lies about its size is still refused: every entry is inflated with a cap', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const payload = deflateRawSync(Buffer.alloc(66 * 1024 * 1024));
    const name = Buffer.from('word/document.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(1024, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(payload.length, 20);
    central.writeUInt32LE(1024, 24); // the lie: 1 KB
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(0, 42);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length + name.length, 12);
    eocd.writeUInt32LE(local.length + name.length + payload.length, 16);
    const liar = Buffer.concat([local, name, payload, central, name, eocd]);
    await assert.rejects(extractArticle('liar.docx', liar), /This Word document was not opened: “word\/document\.xml” in it unpacks to more than it declares, or is damaged/);
  });

  it('refuses what it cannot read, in one plain sentence', async () => {
    await assert.rejects(extractArticle('notes.pdf', Buffer.from('%PDF')), /from a web page saved from the browser \(\.html\), a text file \(\.txt\), Markdown \(\.md\) or a Word document \(\.docx\), not from “notes\.pdf”/);
    await assert.rejects(extractArticle('a.docx', Buffer.from('not a zip')), /not a Word document Lede can read/);
    await assert.rejects(extractArticle('a.txt', Buffer.from([0x93, 0x41, 0x94])), /not UTF-8 text/);
    await assert.rejects(extractArticle('a.txt', Buffer.from('  \n\n ')), /empty/);
  });
});

describe('the lesson file written from an article', () => {
  it('is a valid lesson with the article and three empty highlight steps (warned as such); furniture is left out and listed', async () => {
    const a = await extractArticle('riverton-pool.html', readFileSync(fixture('riverton-pool.html')));
    const src = draftLessonSource(a, { from: 'riverton-pool.html', date: '2026-11-25' });
    const r = parseLesson(src, 'draft.md');
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.equal(r.lesson.id, 'riverton-pool-to-reopen-within');
    assert.deepEqual(r.lesson.exercises.map((e) => e.id), ['sources', 'framing', 'unverified']);
    assert.equal(r.warnings.length, 3);
    assert.match(src, /^# Left out as page furniture: "author-image", "Read more"\.$/m);
    assert.doesNotMatch(r.lesson.text, /author-image|Read more/);
    assert.equal(r.lesson.article.outlet, 'Riverton Courier');
    assert.ok(r.lesson.text.includes('“We are confident the pool will be open for the summer,” the council’s statement said.'));
  });

  it('(property) any headline and paragraphs come back exactly as extracted', () => {
    const text = fc
      .string({ unit: fc.constantFrom(...'abcXYZ 019.,;:!?#&*\'"“”’—-[]{}%@`|>\\é漢ش'.split('')), minLength: 1, maxLength: 60 })
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => s.length > 0 && s !== '---' && s !== '...');
    fc.assert(
      fc.property(text, fc.array(text, { minLength: 1, maxLength: 5 }), (headline, paragraphs) => {
        const article: ExtractedArticle = { format: 'text', headline, blocks: paragraphs.map((p) => ({ kind: 'paragraph', text: p })) };
        const r = parseLesson(draftLessonSource(article), 'p.md');
        if (!r.ok) return false;
        return r.lesson.article.headline === headline && r.lesson.text === [headline, ...paragraphs].join('\n\n');
      }),
      { numRuns: 200 },
    );
  });

  it('a lesson id from a headline', () => {
    assert.equal(lessonIdFrom("Pakistan's Defence Minister: “We did it”"), 'pakistan-defence-minister-we-did');
    assert.equal(lessonIdFrom('Ça coûte cher à Zürich'), 'ca-coute-cher-a-zurich');
    assert.match(lessonIdFrom('!!!'), /^lesson-[0-9a-f]{6}$/);
    assert.notEqual(lessonIdFrom('وزير الدفاع'), lessonIdFrom('رئيس الوزراء'), 'two non-Latin headlines get different ids');
  });

  it('the template of `lede lesson new` is a valid lesson, commented', () => {
    const src = lessonTemplate();
    const r = parseLesson(src, 'new.md');
    assert.ok(r.ok);
    assert.match(src, /^# A new Lede lesson\. Fill in the parts below/m);
  });
});

describe('lede lesson draft / new', () => {
  it('writes a lesson from a saved web page that `lede lesson check` accepts, and never overwrites a file', async () => {
    const dir = tempDir();
    const out = join(dir, 'riverton.md');
    const r = await lede('lesson', 'draft', fixture('riverton-pool.html'), '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /riverton\.md: written — "Riverton pool to reopen “within weeks”, council says", \d+ words/);
    const check = await lede('lesson', 'check', out);
    assert.equal(check.code, 0, check.err);
    assert.match(check.out, /3 exercises, 0 key items, 3 warnings/);
    const before = readFileSync(out, 'utf8');
    const again = await lede('lesson', 'draft', fixture('riverton-pool.html'), '--out', out);
    assert.equal(again.code, 2);
    assert.match(again.err, /already exists; choose another name \(nothing was written\)/);
    assert.equal(readFileSync(out, 'utf8'), before);
    const missing = await lede('lesson', 'draft', fixture('riverton-pool.html'));
    assert.match(missing.err, /say where to write the lesson with --out <file\.md>/);
  });

  it('lede lesson new writes the commented template', async () => {
    const dir = tempDir();
    const out = join(dir, 'new.md');
    assert.equal((await lede('lesson', 'new', '--out', out)).code, 0);
    assert.ok(existsSync(out));
    assert.equal((await lede('lesson', 'check', out)).code, 0);
  });
});

describe('the practice lessons that ship', () => {
  it('are valid, marked as practice, and listed after the real article', async () => {
    const { Store } = await import('../src/core/db/store.ts');
    const { openDatabase } = await import('../src/core/db/open.ts');
    const { loadLessonDir } = await import('../src/core/lessons/load.ts');
    const { createHandlers } = await import('../src/core/services/lede-service.ts');
    const { loaded, problems, warnings } = loadLessonDir(join(ROOT, 'lessons'));
    assert.deepEqual([problems, warnings], [[], []]);
    const practice = loaded.filter((l) => l.lesson.practice);
    assert.equal(practice.length, 4);
    for (const l of practice) {
      assert.match(l.lesson.summary ?? '', /^Practice article written for Lede; the people, places and organisations in it are invented\./);
      assert.deepEqual(l.lesson.exercises.slice(0, 3).map((e) => e.kind === 'highlight' && e.key.length > 0), [true, true, true], `${l.lesson.id} has keys`);
    }
    const store = new Store(openDatabase(':memory:'));
    for (const l of [...loaded].reverse()) store.importLesson(l);
    const cards = await createHandlers(store).listLessons({}, {} as never);
    assert.deepEqual(cards.map((c) => c.practice), [false, true, true, true, true]);
    assert.equal(cards[0]!.id, 'asif-dirty-work');
  });
});

describe('editing a lesson file in place', () => {
  const seed = readFileSync(join(ROOT, 'lessons', 'asif-dirty-work.md'), 'utf8');
  const item = { label: 'vague', explanation: 'A test item: which observers? The story never says who they are or where they said it.', mentions: [{ quote: 'Islamabad', occurrence: 2 }] };

  it('adds a key item by inserting only its lines: every other byte, comment and line break stays', async () => {
    const { addKeyItem } = await import('../src/core/studio/edit.ts');
    const next = addKeyItem(seed, 'sources', item);
    const before = seed.split('\n');
    const after = next.split('\n');
    const added = after.length - before.length;
    assert.ok(added >= 3 && added <= 6, `${added} lines added`);
    // The new lines are one contiguous block; the rest is the file as it was.
    const at = before.findIndex((l, i) => l !== after[i]);
    assert.deepEqual([...after.slice(0, at), ...after.slice(at + added)], before);
    assert.match(after.slice(at, at + added).join('\n'), /^ {6}- quote: Islamabad\n {8}occurrence: 2\n {8}label: vague\n {8}explanation: >-\n/);
    const r = parseLesson(next, 'x.md');
    assert.ok(r.ok);
    const sources = r.lesson.exercises.find((e) => e.id === 'sources');
    assert.ok(sources?.kind === 'highlight' && sources.key.some((k) => k.mentions[0]!.quote === 'Islamabad' && k.label === 'vague'));
  });

  it('adding and then removing an item gives back the file byte for byte, for every step and for an empty key', async () => {
    const { addKeyItem, removeKeyItem } = await import('../src/core/studio/edit.ts');
    for (const step of ['sources', 'framing', 'unverified']) {
      const r = parseLesson(seed, 's.md');
      assert.ok(r.ok);
      const ex = r.lesson.exercises.find((e) => e.id === step);
      assert.ok(ex?.kind === 'highlight');
      const label = ex.labels[0]!.id;
      const next = addKeyItem(seed, step, { ...item, label, mentions: [{ quote: 'Neha Kumari' }] });
      const added = parseLesson(next, 's.md');
      assert.ok(added.ok);
      const ex2 = added.lesson.exercises.find((e) => e.id === step);
      assert.ok(ex2?.kind === 'highlight');
      // Items are kept in text order; find the new one in the file's own order (it was appended last).
      assert.equal(removeKeyItem(next, step, ex.key.length), seed);
    }
    const draft = draftLessonSource(extractText('A headline about the council\n\nThe council said experts could be wrong.\n'));
    const withItem = addKeyItem(draft, 'sources', { label: 'named', explanation: 'The council is named.', mentions: [{ quote: 'The council', core: 'council' }] });
    assert.match(withItem, /\n {4}key:\n {6}- quote: The council\n {8}core: council\n {8}label: named\n {8}explanation: The council is named\.\n/);
    assert.equal(removeKeyItem(withItem, 'sources', 0), draft);
  });

  it('an item with several mentions is written as mentions; an edit that would break the lesson is refused', async () => {
    const { addKeyItem } = await import('../src/core/studio/edit.ts');
    const next = addKeyItem(seed, 'framing', { label: 'loaded', explanation: 'Two dramatic words.', mentions: [{ quote: 'bloodshed' }, { quote: 'Headache', core: 'Headache' }] });
    assert.match(next, / {6}- label: loaded\n {8}explanation: Two dramatic words\.\n {8}mentions:\n {10}- quote: bloodshed\n {10}- quote: Headache\n {12}core: Headache\n/);
    assert.throws(() => addKeyItem(seed, 'framing', { label: 'loaded', explanation: 'x', mentions: [{ quote: 'not in the article at all' }] }), /That change would make the lesson invalid: .*quote not found in the article: "not in the article at all"/);
    assert.throws(() => addKeyItem(seed, 'framing', { label: 'nonsense', explanation: 'x', mentions: [{ quote: 'bloodshed' }] }), /label "nonsense" is not one of this exercise's labels/);
    assert.throws(() => addKeyItem(seed, 'nope', item), /no step "nope"/);
  });

  it('keeps a comment after "key: []", refuses a key written on one line, takes an item’s comments with it, keeps CRLF, writes quote marks in double quotes', async () => {
    const { addKeyItem, removeKeyItem } = await import('../src/core/studio/edit.ts');
    const base = miniLesson().replace(/    key:\n[\s\S]*?(?=  - id: q)/, '    key: [] # none yet\n');
    const long = 'An explanation long enough to be written as a folded block by the yaml library, on purpose.';
    const one = addKeyItem(base, 'sources', { label: 'vague', explanation: long, mentions: [{ quote: 'experts', occurrence: 1 }] });
    assert.match(one, /\n {4}key: # none yet\n {6}- quote: experts\n/);
    const parsed = parseLesson(one, 'm.md');
    assert.ok(parsed.ok && (parsed.lesson.exercises[0] as { key: { explanation: string }[] }).key[0]!.explanation === long, 'the comment did not leak into the explanation');
    const flow = miniLesson().replace(/    key:\n[\s\S]*?(?=  - id: q)/, '    key: [{ quote: experts, label: vague, explanation: x }]\n');
    assert.throws(() => removeKeyItem(flow, 'sources', 0), /written on one line/);
    const commented = miniLesson().replace('      - quote: experts', '      # about the experts\n      - quote: experts');
    const removed = removeKeyItem(commented, 'sources', 0);
    assert.match(removed, /\n {4}key:\n {6}# about the experts\n {6}- quote: experts/, 'the next item keeps its comment');
    const withComment = removeKeyItem(commented, 'sources', 1);
    assert.doesNotMatch(withComment, /about the experts/, 'a removed item takes its comment with it');
    const crlf = miniLesson().replace(/\n/g, '\r\n');
    const added = addKeyItem(crlf, 'sources', { label: 'vague', explanation: 'x', mentions: [{ quote: 'Experts disagree' }] });
    assert.doesNotMatch(added.replace(/\r\n/g, ''), /\n/, 'every line ends in CRLF');
    const quoted = addKeyItem(miniLesson({ body: 'The mayor called it "a disgrace" and left.\n\nExperts and experts and the council.\n' }).replace(/    key:\n[\s\S]*?(?=  - id: q)/, '    key: []\n'), 'sources', { label: 'named', explanation: 'x', mentions: [{ quote: '"a disgrace"' }] });
    assert.match(quoted, /- quote: "\\"a disgrace\\""/);
    const r = parseLesson(quoted, 'q.md');
    assert.ok(r.ok && r.warnings.every((w) => !/single quotes/.test(w.message)));
  });

  it('(property) any valid item added and removed again leaves the file as it was', async () => {
    const { addKeyItem, removeKeyItem } = await import('../src/core/studio/edit.ts');
    const r = parseLesson(seed, 's.md');
    assert.ok(r.ok);
    const words = [...new Set(r.lesson.text.match(/\p{L}{6,}/gu) ?? [])].filter((w) => r.lesson.text.split(w).length === 2);
    const explanation = fc.string({ unit: fc.constantFrom(...'abc xyz:#"\'“”—-.,!?é'.split('')), minLength: 1, maxLength: 120 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...words), explanation, fc.constantFrom('sources', 'framing', 'unverified'), (quote, text, step) => {
        const ex = r.lesson.exercises.find((e) => e.id === step);
        if (ex?.kind !== 'highlight') return false;
        let next: string;
        try {
          next = addKeyItem(seed, step, { label: ex.labels[ex.labels.length - 1]!.id, explanation: text, mentions: [{ quote }] });
        } catch {
          return true; // the quote overlaps an item with the same label: refused, as it should be
        }
        const back = parseLesson(next, 's.md');
        if (!back.ok) return false;
        const item = (back.lesson.exercises.find((e) => e.id === step) as typeof ex).key.find((k) => k.mentions[0]!.quote === quote && k.explanation === text.trim());
        return item !== undefined && removeKeyItem(next, step, ex.key.length) === seed;
      }),
      { numRuns: 60 },
    );
  });
});
