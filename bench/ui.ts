// Browser-mode speed, measured in one run (a report, not a test):
//  (1) navigation to the seed lesson's article on screen;
//  (2) on a 10,000-word article with 340 highlights (the limit per step is 400), the time from pressing a label
//      key to the frame that paints the new highlight.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { BenchFailure, figure, measured, ms, size } from './report.ts';

const ROOT = join(import.meta.dirname, '..');
// `--smoke`: 4 loads of each page, 20 highlights and 5 new ones.
const LOADS = size(12, 4);
const WARM = 2;
const HIGHLIGHTS = size(340, 20);
const PRESSES = size(60, 5);

function bigLesson(): string {
  const vocab = ['council', 'report', 'said', 'officials', 'the', 'new', 'plan', 'would', 'cost', 'residents', 'according', 'to', 'sources', 'analysts', 'claim', 'shocking', 'year', 'city', 'bridge', 'safety'];
  const paras: string[] = [];
  let n = 0;
  for (let p = 0; p < 200; p++) {
    const words: string[] = [];
    for (let w = 0; w < 50; w++) words.push(vocab[(n++ * 7 + p) % vocab.length]!);
    paras.push(`${words.join(' ')}.`);
  }
  return `---
lede: 1
id: big
title: A very long article
article:
  headline: A very long article for measuring
exercises:
  - id: marks
    kind: highlight
    title: Marks
    prompt: Mark things.
    labels:
      - { id: a, name: Alpha, description: First. }
      - { id: b, name: Beta, description: Second. }
    key:
      - { quote: A very long article, label: a, explanation: The headline. }
---
${paras.join('\n\n')}
`;
}

async function serve(db: string, lessons: string) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'lede.mjs'), 'serve', '--port', '0', '--db', db, '--lessons', lessons], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new BenchFailure(`lede serve exited (${code}) before it was ready: ${out.slice(-300)}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  const call = async (name: string, input: unknown) => {
    const r = await fetch(`${url}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    const env = (await r.json()) as { ok: boolean; value: any; error?: { message: string } };
    if (!env.ok) throw new Error(env.error?.message);
    return env.value;
  };
  return { url, call, stop: () => child.kill('SIGTERM') };
}

const dir = mkdtempSync(join(tmpdir(), 'lede-uibench-'));
const lessons = join(dir, 'lessons');
mkdirSync(lessons);
writeFileSync(join(lessons, 'asif-dirty-work.md'), (await import('node:fs')).readFileSync(join(ROOT, 'lessons', 'asif-dirty-work.md')));
writeFileSync(join(lessons, 'big.md'), bigLesson());
const server = await serve(join(dir, 'lede.sqlite'), lessons);
const browser = await chromium.launch({
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const student = await server.call('createStudent', { displayName: 'Bench' });
  const prefs = JSON.stringify({ state: { textSize: 1, lastStudentId: student.id, lastRoute: null }, version: 1 });
  // The seed lesson asks for a first reaction before the article: the student has given it,
  // so each load measures the article coming on screen, as for a student coming back to it.
  const seedState = await server.call('openLesson', { studentId: student.id, lessonId: 'asif-dirty-work' });
  await server.call('putReaction', { attemptId: seedState.attempt.id, phase: 'before', feelings: ['curious'], share: 'unsure' });

  // (1) Navigation → article on screen.
  const nav: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    await context.addInitScript((p) => localStorage.setItem('lede-prefs', p), prefs);
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${server.url}#/lesson/asif-dirty-work`);
    await page.locator('.headline').waitFor({ state: 'visible' });
    const t1 = Date.now();
    if (i >= WARM) nav.push(t1 - t0);
    await context.close();
  }

  // (1b) The same Chromium loading a static page with the same article text (a plain server, no script): the baseline.
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const seedText: string = seedState.lesson.text;
  const staticHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static</title></head><body><main>${(seedState.lesson.blocks as { kind: string; start: number; end: number }[])
    .map((b) => (b.kind === 'headline' ? `<h1 class="headline">${esc(seedText.slice(b.start, b.end))}</h1>` : `<p>${esc(seedText.slice(b.start, b.end))}</p>`))
    .join('')}</main></body></html>`;
  const staticServer = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(staticHtml));
  await new Promise<void>((r) => staticServer.listen(0, '127.0.0.1', r));
  const staticUrl = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}/`;
  const base: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(staticUrl);
    await page.locator('.headline').waitFor({ state: 'visible' });
    const t1 = Date.now();
    if (i >= WARM) base.push(t1 - t0);
    await context.close();
  }
  staticServer.close();

  // (2) 340 highlights on 10,000 words, then new ones with the keyboard.
  const state = await server.call('openLesson', { studentId: student.id, lessonId: 'big' });
  const text: string = state.lesson.text;
  const words = [...new Intl.Segmenter('en', { granularity: 'word' }).segment(text)].filter((s) => s.isWordLike);
  for (let i = 0; i < HIGHLIGHTS; i++) {
    const w = words[10 + i * 18]!;
    await server.call('putHighlight', { attemptId: state.attempt.id, exerciseId: 'marks', highlight: { id: `h${i}`, start: w.index, end: w.index + w.segment.length, label: i % 2 ? 'a' : 'b' } });
  }
  await server.call('setStep', { attemptId: state.attempt.id, step: 1 });
  const context = await browser.newContext();
  await context.addInitScript((p) => localStorage.setItem('lede-prefs', p), prefs);
  const page = await context.newPage();
  await page.goto(`${server.url}#/lesson/big`);
  await page.getByRole('heading', { name: `Your highlights (${HIGHLIGHTS})` }).waitFor();
  const article = page.getByRole('application');
  await article.focus();
  const paint: number[] = [];
  for (let i = 0; i < PRESSES; i++) {
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.evaluate(() => {
      const w = window as unknown as { __t0?: number; __done?: Promise<number> };
      const before = CSS.highlights.get('lede-label-0')?.size ?? 0;
      w.__done = new Promise<number>((resolve) => {
        document.addEventListener('keydown', () => (w.__t0 = performance.now()), { once: true, capture: true });
        const tick = () => {
          if ((CSS.highlights.get('lede-label-0')?.size ?? 0) > before) requestAnimationFrame((t) => resolve(t - w.__t0!));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    });
    await page.keyboard.press('1');
    paint.push(await page.evaluate(() => (window as unknown as { __done: Promise<number> }).__done));
  }
  // Every key press made a highlight (else the figures would measure nothing).
  await page.getByRole('heading', { name: `Your highlights (${HIGHLIGHTS + PRESSES})` }).waitFor({ timeout: 10_000 });
  await context.close();
  const n = measured('navigation to the seed article', nav);
  const b = measured('the static page', base);
  const p = measured('new highlight painted', paint, PRESSES);

  console.log('Browser mode (lede serve, Chromium headless)');
  console.log(`  navigation → seed article on screen: median ${ms(n.p50, 0)}, p95 ${ms(n.p95, 0)} over ${n.count} loads`);
  console.log(`  the same text as a static page (baseline, same run): median ${ms(b.p50, 0)}; ratio ${figure('navigation/static ratio', n.p50 / b.p50).toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`  new highlight painted (${words.length.toLocaleString('en')} words, ${HIGHLIGHTS} → ${HIGHLIGHTS + PRESSES} highlights): median ${ms(p.p50)}, p95 ${ms(p.p95)} (target p95 ≤ 50 ms)`);
} finally {
  await browser.close();
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
