// Files from elsewhere, read apart (src/core/imports), measured in one run (a report,
// not a test):
// (1) the budget: each documented limit in its costliest shapes, read within the app's
//     budget (READ_BUDGET) and within smaller heaps, to show the margin;
// (2) the audit's hostile files (issue 20, rows 1–4 and 8) opened in the studio while a
//     student saves every 10 ms: what the studio answered, and the student's save
//     latency (p50, p99, max) during each, against a quiet phase.
// `--smoke`: one shape and one attack, to check the bench itself runs.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateRawSync, crc32 } from 'node:zlib';
import { ZipWriter } from '../src/core/export/zip.ts';
import { readApart, READ_BUDGET } from '../src/core/imports/read.ts';
import { readZip } from '../src/core/imports/zip.ts';
import { startBackend } from '../src/core/services/bootstrap.ts';
import type { CallContext } from '../src/core/services/context.ts';
import { DOCX_LIMITS, HTML_LIMITS } from '../src/core/studio/extract.ts';
import { BenchFailure, figure, measured, ms, smoke } from './report.ts';

const ROOT = join(import.meta.dirname, '..');
const realDocx = readFileSync(join(ROOT, 'test', 'fixtures', 'articles', 'riverton-pool.docx'));
const docxFiles = readZip(realDocx, { entries: 100, declaredBytes: 1e8, readBytes: 1e8 });

function zipOf(files: { name: string; data: Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  const z = new ZipWriter(chunks);
  for (const f of files) z.add(f.name, f.data);
  z.close();
  return Buffer.concat(chunks);
}

// ── Shapes at the limits ─────────────────────────────────────────────────

const PAGE_BYTES = 7.9 * 1024 * 1024;
const N = HTML_LIMITS.elements - 100;
const page = (body: string) => Buffer.from(`<!doctype html><html lang="en"><head><title>T</title></head><body><h1>Headline</h1>${body}</body></html>`);
const words = (n: number) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27) + 1).slice(0, Math.max(1, n));

const SHAPES: Record<string, () => { name: string; bytes: Buffer }> = {
  'page: news-like sections': () => {
    const groups = Math.floor(N / 5);
    const t = words(Math.floor(PAGE_BYTES / groups / 2) - 40);
    return { name: 'p.html', bytes: page(Array.from({ length: groups }, () => `<div class="c"><section><article><p>${t}</p><p>${t}</p></article></section></div>`).join('')) };
  },
  'page: inline spans': () => {
    const t = 'x'.repeat(Math.floor(PAGE_BYTES / N) - 13);
    return { name: 'p.html', bytes: page(Array.from({ length: Math.floor(N / 50) }, () => `<p>${`<span>${t}</span>`.repeat(49)}</p>`).join('')) };
  },
  'page: attributes on every element': () => {
    const a = 'a'.repeat(Math.floor(PAGE_BYTES / N) - 30);
    return { name: 'p.html', bytes: page(Array.from({ length: Math.floor(N / 2) }, () => `<div data-a="${a}"><b data-b="${a}">w</b></div>`).join('')) };
  },
  'page: divs 8 deep': () => {
    const reps = Math.floor(N / 8);
    return { name: 'p.html', bytes: page(Array.from({ length: reps }, () => `${'<div>'.repeat(8)}${words(55)}${'</div>'.repeat(8)}`).join('')) };
  },
  'page: 390 deep, 8 MB of text': () => {
    const reps = Math.floor(N / 390);
    return { name: 'p.html', bytes: page(Array.from({ length: reps }, () => `${'<div>'.repeat(390)}${words(Math.floor((PAGE_BYTES - N * 12) / reps))}${'</div>'.repeat(390)}`).join('')) };
  },
  'page: a table': () => {
    const t = 'y'.repeat(Math.floor(PAGE_BYTES / N) - 9);
    return { name: 'p.html', bytes: page(`<table>${Array.from({ length: Math.floor(N / 11) }, () => `<tr>${`<td>${t}</td>`.repeat(10)}</tr>`).join('')}</table>`) };
  },
  'Word: 2 MB of text, plain paragraphs': () => docxWith(`<w:p><w:r><w:t>${'The council said the pool would reopen within weeks. '.repeat(4)}</w:t></w:r></w:p>`),
  'Word: 2 MB of text, densest runs': () => docxWith(`<w:p>${'<w:r><w:t>ab</w:t></w:r>'.repeat(50)}</w:p>`),
  'lesson file: 2 MB': () => {
    const src = readFileSync(join(ROOT, 'lessons', 'asif-dirty-work.md'), 'utf8');
    const para = '\n\nThe minister said the report was accurate, according to officials who asked not to be named.';
    return { name: 'lesson', bytes: Buffer.from(src + para.repeat(Math.floor((1.95 * 1024 * 1024 - src.length) / para.length))) };
  },
};

function docxWith(paragraph: string): { name: string; bytes: Buffer } {
  const doc = docxFiles.find((f) => f.name === 'word/document.xml')!.data.toString('utf8');
  const others = docxFiles.filter((f) => f.name !== 'word/document.xml' && /\.(xml|rels)$/.test(f.name)).reduce((n, f) => n + f.data.length, 0);
  const room = DOCX_LIMITS.xmlBytes - others - doc.length - 64;
  const at = doc.indexOf('</w:p>') + 6;
  const big = doc.slice(0, at) + paragraph.repeat(Math.floor(room / paragraph.length)) + doc.slice(at);
  return { name: 'd.docx', bytes: zipOf(docxFiles.map((f) => (f.name === 'word/document.xml' ? { name: f.name, data: Buffer.from(big) } : f))) };
}

async function readShape(shape: { name: string; bytes: Buffer }, heapMb: number): Promise<{ ok: boolean; ms: number; why?: string }> {
  const t = performance.now();
  const job = shape.name === 'lesson' ? ({ kind: 'lesson', fileName: 'l.md', source: shape.bytes.toString('utf8') } as const) : ({ kind: 'article', name: shape.name, bytes: shape.bytes } as const);
  try {
    const r = (await readApart(job, { heapMb, youngMb: READ_BUDGET.youngMb, seconds: READ_BUDGET.seconds })) as { ok?: boolean; problems?: { message: string }[] };
    if (shape.name === 'lesson' && !r.ok) return { ok: false, ms: performance.now() - t, why: r.problems?.[0]?.message ?? 'not a lesson' };
    return { ok: true, ms: performance.now() - t };
  } catch (e) {
    return { ok: false, ms: performance.now() - t, why: (e as Error).message.slice(0, 60) };
  }
}

console.log(`(1) Limits in their costliest shapes, read apart (budget ${READ_BUDGET.heapMb} MB, ${READ_BUDGET.seconds} s)`);
console.log('shape | size | at the budget | at 256 MB | at 160 MB | at 96 MB');
// In smoke mode, one shape that reads in seconds even on a busy machine (the pages at the limit take tens).
const shapeNames = smoke ? ['lesson file: 2 MB'] : Object.keys(SHAPES);
let failedAtBudget = 0;
for (const name of shapeNames) {
  const shape = SHAPES[name]!();
  const cells: string[] = [];
  // In smoke mode, the budget only: the smaller heaps show the margin, not whether the bench works.
  for (const heap of smoke ? [READ_BUDGET.heapMb] : [READ_BUDGET.heapMb, 256, 160, 96]) {
    const r = await readShape(shape, heap);
    figure(`the time to read ${name}`, r.ms);
    if (heap === READ_BUDGET.heapMb && !r.ok) failedAtBudget++;
    cells.push(r.ok ? `read, ${(r.ms / 1000).toFixed(1)} s` : `refused (${r.why?.startsWith('Reading this file needed more memory') ? 'memory' : (r.why ?? '?')})`);
  }
  console.log(`${name} | ${(shape.bytes.length / 1024 / 1024).toFixed(2)} MB | ${cells.join(' | ')}`);
}
// A shape within the documented limits that the budget refuses is a broken promise, not a figure.
if (failedAtBudget > 0) throw new BenchFailure(`${failedAtBudget} shape(s) at the documented limits were refused within the budget`);

// ── The audit's files, with a student saving ─────────────────────────────

const TEACHER: CallContext = { teacher: true, grantTeacher: () => {}, revokeTeacher: () => {} };
const STUDENT: CallContext = { teacher: false, grantTeacher: () => {}, revokeTeacher: () => {} };

function entry(name: string, raw: Buffer, offset: number): { local: Buffer; central: Buffer } {
  const n = Buffer.from(name);
  const data = deflateRawSync(raw);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(raw), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(raw.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(raw), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(raw.length, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt32LE(offset, 42);
  return { local: Buffer.concat([local, n, data]), central: Buffer.concat([central, n]) };
}

const ATTACKS: Record<string, () => { call: 'extract' | 'import'; name: string; bytes: Buffer }> = {
  'row 1: two central directories, 300 MB hidden': () => {
    const good = zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    const end = good.subarray(good.length - 22);
    const cdStart = end.readUInt32LE(16);
    const cdEnd = cdStart + end.readUInt32LE(12);
    const bomb = entry('word/document.xml', Buffer.alloc(300 * 1024 * 1024), cdEnd);
    return { call: 'extract', name: 'forged.docx', bytes: Buffer.concat([good.subarray(0, cdEnd), bomb.local, bomb.central, end]) };
  },
  'row 2: a Word document of 57 MB unpacked': () => ({
    call: 'extract',
    name: 'big.docx',
    bytes: zipOf(docxFiles.map((f) => (f.name === 'word/document.xml' ? { name: f.name, data: Buffer.alloc(57 * 1024 * 1024, 0x20) } : f))),
  }),
  'row 2: a page of 149,000 elements (2.9 MB)': () => ({ call: 'extract', name: 'wide.html', bytes: page('<p>word word</p>'.repeat(149_000)) }),
  'row 4: a page of 200,000 nested elements (2.1 MB)': () => ({ call: 'extract', name: 'deep.html', bytes: page(`${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}`) }),
  'row 3: a lesson of 99 aliased options (1.8 MB)': () => {
    const opt = 'x'.repeat(18_000);
    const lesson = `---\nlede: 1\nid: aliased\ntitle: A\narticle:\n  headline: H\nexercises:\n  - id: c\n    kind: choice\n    title: C\n    prompt: P\n    options:\n      - { id: o0, text: &t "${opt}", correct: true, explanation: E }\n${Array.from({ length: 98 }, (_, i) => `      - { id: o${i + 1}, text: *t, correct: false, explanation: E }`).join('\n')}\n---\n\nText.\n`;
    return { call: 'import', name: 'aliased.md', bytes: Buffer.from(lesson) };
  },
  'row 8: a billion-laughs lesson (1.5 KB)': () => {
    const l = ['---', 'id: lol', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`), '---', '', 'Text.', ''].join('\n');
    return { call: 'import', name: 'lol.md', bytes: Buffer.from(l) };
  },
};

const dir = mkdtempSync(join(tmpdir(), 'lede-importbench-'));
mkdirSync(join(dir, 'shipped'));
copyFileSync(join(ROOT, 'lessons', 'asif-dirty-work.md'), join(dir, 'shipped', 'asif-dirty-work.md'));
const b = startBackend(join(dir, 'lede.sqlite'), join(dir, 'shipped'));
const student = await b.handlers.createStudent({ displayName: 'Ana Lima' }, STUDENT);
const state = await b.handlers.openLesson({ studentId: student.id, lessonId: 'asif-dirty-work' }, STUDENT);
const step = state.lesson.exercises.find((e) => e.kind === 'highlight')!;
const label = step.kind === 'highlight' ? step.labels[0]!.id : '';

/** The student's save latencies while `during` runs (every 10 ms). */
async function savesDuring(during: () => Promise<unknown>): Promise<{ ms: number[]; outcome: string }> {
  const times: number[] = [];
  let stop = false;
  let n = 0;
  const saving = (async () => {
    while (!stop) {
      const t = performance.now();
      await b.handlers.putHighlight({ attemptId: state.attempt.id, exerciseId: step.id, highlight: { id: `h${n % 40}`, start: n % 40, end: (n % 40) + 5, label } }, STUDENT);
      times.push(performance.now() - t);
      n++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  let outcome: string;
  try {
    await during();
    outcome = 'accepted (!)';
  } catch (e) {
    outcome = `refused: ${(e as Error).message.slice(0, 90)}…`;
  }
  stop = true;
  await saving;
  return { ms: times, outcome };
}

console.log('\n(2) The audit’s files opened in the studio while a student saves every 10 ms');
const quiet = await savesDuring(() => new Promise((r) => setTimeout(r, smoke ? 500 : 3000)));
const q = measured('saves in the quiet phase', quiet.ms);
console.log(`quiet phase: ${q.count} saves, p50 ${ms(q.p50, 2)}, p99 ${ms(q.p99, 2)}, max ${ms(q.max, 2)}`);
console.log('file | time | answer | saves | p50 | p99 | max');
for (const name of smoke ? ['row 4: a page of 200,000 nested elements (2.1 MB)'] : Object.keys(ATTACKS)) {
  const a = ATTACKS[name]!();
  const t = performance.now();
  const r = await savesDuring(() =>
    a.call === 'extract'
      ? Promise.resolve(b.teacher.studioExtract({ fileName: a.name, base64: a.bytes.toString('base64') }, TEACHER))
      : Promise.resolve(b.teacher.studioImport({ fileName: a.name, base64: a.bytes.toString('base64'), ifExists: 'refuse' }, TEACHER)),
  );
  const took = performance.now() - t;
  const m = measured(`saves during ${name}`, r.ms);
  console.log(`${name} | ${(took / 1000).toFixed(2)} s | ${r.outcome} | ${m.count} | ${ms(m.p50, 2)} | ${ms(m.p99, 2)} | ${ms(m.max, 2)}`);
  // Every file of the audit must be refused: one accepted is a hole, not a figure.
  if (!r.outcome.startsWith('refused')) throw new BenchFailure(`${name} was accepted`);
}
await b.close();
