import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { LedeError } from '../src/shared/errors.ts';
import { ZipWriter } from '../src/core/export/zip.ts';
import { countTags } from '../src/core/imports/html-budget.ts';
import { readApart, READ_BUDGET } from '../src/core/imports/read.ts';
import { readZip } from '../src/core/imports/zip.ts';
import { startBackend } from '../src/core/services/bootstrap.ts';
import type { CallContext } from '../src/core/services/context.ts';
import { DOCX_LIMITS, HTML_LIMITS } from '../src/core/studio/extract.ts';
import { ROOT, SEED_FILE, tempDir } from './helpers.ts';

// Issue 20, item 1: files a teacher opens in the studio are read apart from the class
// (a thread with a memory and a time budget), with their limits checked before the
// expensive step. Every hostile file here is made by the test itself.

const TEACHER: CallContext = { teacher: true, grantTeacher: () => {}, revokeTeacher: () => {} };
const STUDENT: CallContext = { teacher: false, grantTeacher: () => {}, revokeTeacher: () => {} };
const fixture = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'articles', name));
const realDocx = fixture('riverton-pool.docx');

const refusal = async (f: () => unknown): Promise<string> => {
  try {
    await f();
  } catch (e) {
    return e instanceof LedeError ? `${e.code}: ${e.message}` : `not a LedeError: ${String(e)}`;
  }
  return 'no error';
};

/** A zip of these files, written by Lede's own writer (deflated). */
function zipOf(files: { name: string; data: Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  const z = new ZipWriter(chunks);
  for (const f of files) z.add(f.name, f.data, new Date(2025, 0, 1));
  z.close();
  return Buffer.concat(chunks);
}

/** The parts of a zip: its entries' bytes, its central directory, its end record. */
function partsOf(zip: Buffer): { body: Buffer; cd: Buffer; end: Buffer } {
  const end = zip.subarray(zip.length - 22);
  const cdStart = end.readUInt32LE(16);
  const cdSize = end.readUInt32LE(12);
  return { body: zip.subarray(0, cdStart), cd: zip.subarray(cdStart, cdStart + cdSize), end };
}

/** A central-directory entry and a local header for one deflated file, at `offset`. */
function entry(name: string, raw: Buffer, offset: number, opts: { declared?: number } = {}): { local: Buffer; central: Buffer } {
  const n = Buffer.from(name);
  const data = deflateRawSync(raw);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(raw), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(opts.declared ?? raw.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(raw), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(opts.declared ?? raw.length, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt32LE(offset, 42);
  return { local: Buffer.concat([local, n, data]), central: Buffer.concat([central, n]) };
}

function endRecord(count: number, cdSize: number, cdStart: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(cdSize, 12);
  e.writeUInt32LE(cdStart, 16);
  return e;
}

const LIMITS = { entries: 1000, declaredBytes: 64 * 1024 * 1024, readBytes: 2 * 1024 * 1024 };

describe('a zip is read strictly (imports/zip.ts)', () => {
  it('reads a real Word document: every entry, unpacked to its declared size and checksum', () => {
    const files = readZip(realDocx, LIMITS);
    const doc = files.find((f) => f.name === 'word/document.xml');
    assert.ok(doc && doc.data.toString('utf8').includes('Riverton'), 'the document’s text is there');
    // Written again by Lede's writer and read back: the same files, byte for byte.
    const again = readZip(zipOf(files), LIMITS);
    assert.deepEqual(again.map((f) => [f.name, f.data.toString('hex')]), files.map((f) => [f.name, f.data.toString('hex')]));
  });

  it('audit row 1: a second central directory between the directory and the end record is refused, unread', () => {
    // The audit's file: the end record points at a harmless directory; another reader
    // takes the gap for prepended data and reads a second directory there, whose entry is a bomb.
    const good = zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    const { body, cd } = partsOf(good);
    const bomb = entry('word/document.xml', Buffer.alloc(8 * 1024 * 1024), body.length + cd.length);
    const hidden = Buffer.concat([bomb.local, bomb.central]);
    const forged = Buffer.concat([body, cd, hidden, endRecord(1, cd.length, body.length)]);
    assert.throws(() => readZip(forged, LIMITS), /its central directory does not end at its end record \(a second directory or hidden data lies between them\)/);
  });

  it('refuses entries that share bytes, point past their data, disagree with their header, lie about their size or checksum', () => {
    const a = entry('a.xml', Buffer.from('<a/>'), 0);
    // The overlapping-entries zip bomb: b's header and data lie inside a's (stored) data.
    const b = entry('b.xml', Buffer.from('<b/>'), 30 + 5);
    const aData = b.local;
    const aLocal = Buffer.alloc(30);
    aLocal.writeUInt32LE(0x04034b50, 0);
    aLocal.writeUInt16LE(5, 26);
    const aCentral = Buffer.alloc(46);
    aCentral.writeUInt32LE(0x02014b50, 0);
    aCentral.writeUInt32LE(crc32(aData), 16);
    aCentral.writeUInt32LE(aData.length, 20);
    aCentral.writeUInt32LE(aData.length, 24);
    aCentral.writeUInt16LE(5, 28);
    const outer = Buffer.concat([aLocal, Buffer.from('a.xml'), aData]);
    const dir = Buffer.concat([aCentral, Buffer.from('a.xml'), b.central]);
    assert.throws(() => readZip(Buffer.concat([outer, dir, endRecord(2, dir.length, outer.length)]), LIMITS), /the entries “a\.xml” and “b\.xml” share their bytes/);
    // A local header that is not before the directory.
    const late = Buffer.from(a.central);
    late.writeUInt32LE(a.local.length, 42);
    assert.throws(() => readZip(Buffer.concat([a.local, late, endRecord(1, late.length, a.local.length)]), LIMITS), /the entry “a\.xml” does not point at its data/);
    // A local header naming another file.
    const renamed = Buffer.from(a.local);
    renamed.write('z', 30);
    assert.throws(() => readZip(Buffer.concat([renamed, a.central, endRecord(1, a.central.length, a.local.length)]), LIMITS), /the entry “a\.xml” does not match its own header/);
    // A directory that declares 10 bytes for data that unpacks to 1 MB: inflated with a cap, refused.
    const liar = entry('doc.xml', Buffer.alloc(1024 * 1024, 0x41), 0, { declared: 10 });
    assert.throws(() => readZip(Buffer.concat([liar.local, liar.central, endRecord(1, liar.central.length, liar.local.length)]), LIMITS), /“doc\.xml” in it unpacks to more than it declares, or is damaged/);
    // A wrong checksum.
    const crc = Buffer.from(a.central);
    crc.writeUInt32LE(crc.readUInt32LE(16) ^ 1, 16);
    assert.throws(() => readZip(Buffer.concat([a.local, crc, endRecord(1, crc.length, a.local.length)]), LIMITS), /“a\.xml” in it is damaged \(its checksum does not match\)/);
  });

  it('refuses by what the directory declares before unpacking anything: too much, too many files, ZIP64', () => {
    const big = entry('word/document.xml', Buffer.from('x'), 0, { declared: 300 * 1024 * 1024 });
    assert.throws(() => readZip(Buffer.concat([big.local, big.central, endRecord(1, big.central.length, big.local.length)]), LIMITS), /it declares more than 64 MB unpacked/);
    const many = zipOf(Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.xml`, data: Buffer.from('x') })));
    assert.throws(() => readZip(many, LIMITS), /it holds 1,001 files; a document holds far fewer \(at most 1,000 are read\)/);
    const z64 = Buffer.from(zipOf([{ name: 'a.xml', data: Buffer.from('a') }]));
    z64.writeUInt32LE(0xffffffff, z64.length - 22 + 16);
    assert.throws(() => readZip(z64, LIMITS), /ZIP64 archive/);
  });

  it('reads only what it is asked to (pictures are checked, never unpacked), within its cap', () => {
    const picture = deflateRawSync(Buffer.alloc(1024));
    const zip = zipOf([
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
      { name: 'word/media/image1.png', data: Buffer.from(picture) },
    ]);
    const files = readZip(zip, { ...LIMITS, read: (n) => n.endsWith('.xml') });
    assert.deepEqual(files.map((f) => f.name), ['word/document.xml']);
    const xml = zipOf([{ name: 'word/document.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20) }]);
    assert.throws(() => readZip(xml, { ...LIMITS, what: 'its text' }), /its text would unpack to 3\.0 MB, more than the 2 MB Lede reads/);
  });

  it('property: any bytes either read as a zip or are refused in words (never another error)', () => {
    const valid = zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document>text</w:document>') }]);
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const b = Buffer.from(valid);
        b[at] = byte;
        try {
          readZip(b, LIMITS);
        } catch (e) {
          assert.ok(e instanceof LedeError, String(e));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a Word document whose text would grow in conversion is refused before it', () => {
  it('a note referred to more than once (the review’s 7 KB file ran for a minute), or more paragraphs than the limit', async () => {
    const files = readZip(realDocx, LIMITS);
    const doc = files.find((f) => f.name === 'word/document.xml')!.data.toString('utf8');
    const at = doc.indexOf('</w:p>') + 6;
    const withDocument = (xml: string) => zipOf([...files.filter((f) => f.name !== 'word/document.xml'), { name: 'word/document.xml', data: Buffer.from(doc.slice(0, at) + xml + doc.slice(at)) }]);
    assert.equal(
      await refusal(() => readApart({ kind: 'article', name: 'notes.docx', bytes: withDocument('<w:p><w:r><w:footnoteReference w:id="2"/></w:r></w:p>'.repeat(3)) })),
      'too_large: This Word document was not opened: it refers to one of its footnotes more than once, which Word never does. Save the article on its own as a new document, or as plain text.',
    );
    assert.match(
      await refusal(() => readApart({ kind: 'article', name: 'many.docx', bytes: withDocument('<w:p/>'.repeat(60_000)) })),
      /^too_large: This Word document was not opened: it has 60,0\d\d paragraphs, more than the 50,000 Lede reads\./,
    );
  });
});

describe('a web page is counted before it is built (imports/html-budget.ts)', () => {
  it('counts elements and nesting as the parser would: comments, scripts and void elements open nothing', () => {
    assert.deepEqual(countTags('<html><body><div><p>a<p>b<ul><li>x<li>y</ul></div><script>if (a<b) {}</script><!-- <div> --><br><img src=x /></body></html>'), {
      elements: 11,
      depth: 5,
    });
    assert.deepEqual(countTags('<div><span>a</span><span>b</div><div><i><b>x</b></i></div>'), { elements: 6, depth: 3 });
  });

  it('property: on any page of well-formed elements, the count is the DOM’s own (linkedom)', () => {
    type Node = { tag: string; kids: Node[] } | string;
    const tags = ['div', 'section', 'span', 'em', 'article', 'b', 'br', 'img'];
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constantFrom('text', 'a < b', '&amp;'), fc.record({ tag: fc.constantFrom(...tags), kids: fc.array(tie('tree'), { maxLength: 4 }) })),
    }));
    const html = (n: Node): string =>
      typeof n === 'string' ? n : n.tag === 'br' || n.tag === 'img' ? `<${n.tag}>` : `<${n.tag}>${n.kids.map(html).join('')}</${n.tag}>`;
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 6 }), (body) => {
        const page = `<html><head></head><body>${body.map((n) => html(n as Node)).join('')}<script>if (a<b) document.write('<div>')</script><!-- <p> --></body></html>`;
        const { document } = parseHTML(page);
        let elements = 0;
        let depth = 0;
        const walk = (el: { children: Iterable<unknown> }, d: number) => {
          elements++;
          depth = Math.max(depth, d);
          for (const c of el.children) walk(c as { children: Iterable<unknown> }, d + 1);
        };
        walk(document.documentElement as unknown as { children: Iterable<unknown> }, 1);
        assert.deepEqual(countTags(page), { elements, depth });
      }),
      { numRuns: 300 },
    );
  });

  it('the review’s pages the first counter under-counted are counted as the DOM is built: stray end tags, raw text, empty comments, self-closing, implied ends', () => {
    const domCount = (page: string) => {
      const { document } = parseHTML(page);
      let elements = 0;
      let depth = 0;
      const walk = (el: { children: Iterable<unknown> }, d: number) => {
        elements++;
        depth = Math.max(depth, d);
        for (const c of el.children) walk(c as { children: Iterable<unknown> }, d + 1);
      };
      for (const c of (document as unknown as { children: Iterable<unknown> }).children) walk(c as { children: Iterable<unknown> }, 1);
      return { elements, depth };
    };
    for (const body of ['</p>'.repeat(200), '</br>'.repeat(200), '<iframe><b></b>'.repeat(50), '<noembed><b></b>'.repeat(50), '<plaintext><b></b><b></b>', '<!--><i></i>'.repeat(50), '<!---><i></i>'.repeat(50), '<div/>'.repeat(100), '<p><li>'.repeat(100), '<table><td>x'.repeat(50), '<template><b></b></template>', '<svg><title><b></b></title></svg>']) {
      const page = `<html><head></head><body>${body}</body></html>`;
      assert.deepEqual(countTags(page), domCount(page), body.slice(0, 30));
    }
    assert.ok(countTags(`<html><body>${'</p>'.repeat(60_000)}</body></html>`, HTML_LIMITS).elements > HTML_LIMITS.elements);
  });

  it('audit rows 2 and 4: 149,000 elements, or 200,000 nested, are refused from the text, in words', async () => {
    const wide = `<html><body>${'<p>word</p>'.repeat(149_000)}</body></html>`;
    const nested = `<html><body>${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}</body></html>`;
    assert.ok(countTags(wide, HTML_LIMITS).elements > HTML_LIMITS.elements);
    assert.ok(countTags(nested, HTML_LIMITS).depth > HTML_LIMITS.depth);
    assert.equal(
      await refusal(() => readApart({ kind: 'article', name: 'wide.html', bytes: Buffer.from(wide) })),
      'too_large: This web page is too large or too deeply nested to take an article from (more than 50,000 elements). Open it in the browser, copy the article’s text and paste it instead.',
    );
    assert.equal(
      await refusal(() => readApart({ kind: 'article', name: 'nested.html', bytes: Buffer.from(nested) })),
      'too_large: This web page is too large or too deeply nested to take an article from (more than 400 levels). Open it in the browser, copy the article’s text and paste it instead.',
    );
  });
});

describe('files are read apart, with a memory and a time budget (imports/read.ts)', () => {
  it('a file that needs more memory than its budget is refused in words, and the process goes on', async () => {
    const page = `<html><body><article>${'<div><p>The council said the pool would reopen within weeks, officials said. </p></div>'.repeat(20_000)}</article></body></html>`;
    const tight = { heapMb: 8, youngMb: 2, seconds: 60 };
    assert.match(await refusal(() => readApart({ kind: 'article', name: 'page.html', bytes: Buffer.from(page) }, tight)), /^too_large: Reading this file needed more memory than Lede gives one file \(8 MB\), so Lede stopped\./);
    // The same page within the app's budget: read.
    const a = (await readApart({ kind: 'article', name: 'page.html', bytes: Buffer.from(page) })) as { blocks: unknown[] };
    assert.equal(a.blocks.length, 20_000);
  });

  it('a file that takes longer than its budget is stopped and refused in words', async () => {
    const page = `<html><body>${'<p>word word word</p>'.repeat(40_000)}</body></html>`;
    assert.equal(
      await refusal(() => readApart({ kind: 'article', name: 'slow.html', bytes: Buffer.from(page) }, { heapMb: READ_BUDGET.heapMb, youngMb: READ_BUDGET.youngMb, seconds: 0.01 })),
      'too_large: Reading this file took longer than 0.01 seconds, so Lede stopped. Open it in the browser (or Word), copy the article’s text and paste it instead.',
    );
  });

  it('a Word document at its documented limit (2 MB of text, in the densest runs Word writes) is read within the budget', async () => {
    const files = readZip(realDocx, LIMITS);
    const doc = files.find((f) => f.name === 'word/document.xml')!.data.toString('utf8');
    const others = files.filter((f) => f.name !== 'word/document.xml').reduce((n, f) => n + (/\.(xml|rels)$/.test(f.name) ? f.data.length : 0), 0);
    const run = '<w:r><w:t>ab</w:t></w:r>';
    const para = `<w:p>${run.repeat(50)}</w:p>`;
    const room = DOCX_LIMITS.xmlBytes - others - doc.length - 64;
    const firstParagraphEnd = doc.indexOf('</w:p>') + '</w:p>'.length;
    const big = doc.slice(0, firstParagraphEnd) + para.repeat(Math.floor(room / para.length)) + doc.slice(firstParagraphEnd);
    const bytes = zipOf(files.map((f) => (f.name === 'word/document.xml' ? { name: f.name, data: Buffer.from(big) } : f)));
    const a = (await readApart({ kind: 'article', name: 'dense.docx', bytes })) as { headline: string; blocks: unknown[] };
    assert.equal(a.headline, 'Riverton pool to reopen “within weeks”, council says');
    assert.ok(a.blocks.length > 1000, `${a.blocks.length} paragraphs`);
  });
});

describe('under a heap capped by a flag (`lede classroom`)', () => {
  it('a file is read in a process of its own, with the full budget: the flag would cap a thread too', async () => {
    const files = readZip(realDocx, LIMITS);
    const doc = files.find((f) => f.name === 'word/document.xml')!.data.toString('utf8');
    const at = doc.indexOf('</w:p>') + 6;
    const para = `<w:p>${'<w:r><w:t>ab</w:t></w:r>'.repeat(50)}</w:p>`;
    const dense = zipOf(files.map((f) => (f.name === 'word/document.xml' ? { name: f.name, data: Buffer.from(doc.slice(0, at) + para.repeat(Math.floor(1_900_000 / para.length)) + doc.slice(at)) } : f)));
    const dir = tempDir('lede-capped-');
    writeFileSync(join(dir, 'dense.docx'), dense);
    // `lede lesson draft` under a 96 MB heap flag: this file needs more than twice that (bench/imports.ts), read all the same.
    const out = execFileSync(process.execPath, ['--max-old-space-size=96', join(ROOT, 'bin', 'lede.mjs'), 'lesson', 'draft', join(dir, 'dense.docx'), '--out', join(dir, 'dense.md')], { encoding: 'utf8' });
    const lesson = readFileSync(join(dir, 'dense.md'), 'utf8');
    assert.match(lesson, /headline: Riverton pool to reopen “within weeks”, council says/);
    assert.ok((lesson.match(/^abab/gm) ?? []).length > 1000, 'the dense paragraphs are in the draft');
    assert.match(out, /dense.md/);
  });
});

/** A backend on a fresh database with the seed lesson, as the studio runs in the app. */
function seedBackend() {
  const dir = tempDir('lede-imports-');
  mkdirSync(join(dir, 'shipped'));
  copyFileSync(SEED_FILE, join(dir, 'shipped', 'asif-dirty-work.md'));
  return startBackend(join(dir, 'lede.sqlite'), join(dir, 'shipped'));
}

describe('the studio reads files apart from the class', () => {
  it('audit rows 1 and 2 through the studio: the two-directory Word document and one of 57 MB unpacked are refused, and a student’s saves go on meanwhile', async () => {
    const b = seedBackend();
    try {
      const student = await b.handlers.createStudent({ displayName: 'Ana Lima' }, STUDENT);
      const state = await b.handlers.openLesson({ studentId: student.id, lessonId: 'asif-dirty-work' }, STUDENT);
      const step = state.lesson.exercises.find((e) => e.kind === 'highlight')!;
      const label = step.kind === 'highlight' ? step.labels[0]!.id : '';

      const good = zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
      const { body, cd } = partsOf(good);
      const hiddenBomb = entry('word/document.xml', Buffer.alloc(8 * 1024 * 1024), body.length + cd.length);
      const twoDirectories = Buffer.concat([body, cd, hiddenBomb.local, hiddenBomb.central, endRecord(1, cd.length, body.length)]);
      const files = readZip(realDocx, LIMITS);
      const unpacked57 = zipOf(files.map((f) => (f.name === 'word/document.xml' ? { name: f.name, data: Buffer.alloc(57 * 1024 * 1024, 0x20) } : f)));

      // A student saves every few milliseconds while the teacher opens the files.
      let saves = 0;
      let stop = false;
      const saving = (async () => {
        while (!stop) {
          await b.handlers.putHighlight({ attemptId: state.attempt.id, exerciseId: step.id, highlight: { id: `h${saves % 50}`, start: saves % 50, end: (saves % 50) + 5, label } }, STUDENT);
          saves++;
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const first = await refusal(() => b.teacher.studioExtract({ fileName: 'forged.docx', base64: twoDirectories.toString('base64') }, TEACHER));
      const second = await refusal(() => b.teacher.studioExtract({ fileName: 'big.docx', base64: unpacked57.toString('base64') }, TEACHER));
      stop = true;
      await saving;
      assert.equal(
        first,
        'invalid_input: This Word document was not opened: its central directory does not end at its end record (a second directory or hidden data lies between them). Save it again from Word as "Word Document (.docx)", or as plain text.',
      );
      assert.equal(
        second,
        'too_large: This Word document was not opened: its text (the XML Word writes) would unpack to 57.0 MB, more than the 2 MB Lede reads. An article needs far less: save the article on its own as a new document, or as plain text.',
      );
      assert.ok(saves > 0);
      // Every save stored (one highlight per id, all on the step).
      assert.equal(b.store.highlights(state.attempt.id).filter((h) => h.exerciseId === step.id).length, Math.min(saves, 50));
      // And the real document still reads.
      const real = await b.teacher.studioExtract({ fileName: 'riverton-pool.docx', base64: realDocx.toString('base64') }, TEACHER);
      assert.equal(real.headline, 'Riverton pool to reopen “within weeks”, council says');
    } finally {
      await b.close();
    }
  });

  it('pasted text is read apart too: 180,000 short lines (which overflowed a spread) become paragraphs', async () => {
    const b = seedBackend();
    try {
      const a = await b.teacher.studioExtract({ fileName: 'pasted.txt', text: `Headline\n\n${'short line\n'.repeat(180_000)}` }, TEACHER);
      assert.equal(a.headline, 'Headline');
      assert.equal(a.blocks.length, 180_000);
    } finally {
      await b.close();
    }
  });

  it('a lesson file is parsed apart: a billion-laughs file is refused on its line, the studio answers in words', async () => {
    const b = seedBackend();
    try {
      const laughs = ['---', 'id: lol', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]', '---', '', 'Text.', ''].join('\n');
      const r = await refusal(() => b.teacher.studioImport({ fileName: 'lol.md', base64: Buffer.from(laughs).toString('base64'), ifExists: 'refuse' }, TEACHER));
      assert.match(r, /^invalid_input: “lol\.md” is not a lesson Lede can use\. .*YAML alias.*\(line 4\)\./);
    } finally {
      await b.close();
    }
  });
});
