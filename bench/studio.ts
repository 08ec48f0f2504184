// The lesson studio's editor on a 10,000-word article, measured in one run (a report,
// not a test): (1) the time from pressing a label's key to the frame that paints the
// new key item, (2) the drafting assistant's proposals, from the call to the answer,
// (3) a live check of the lesson (studioCheck) while the teacher types.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { BenchFailure, measured, ms, size } from './report.ts';

const ROOT = join(import.meta.dirname, '..');
// `--smoke`: 2 proposals, 3 checks, 5 key items.
const SUGGESTS = size(7, 2);
const CHECKS = size(15, 3);
const ITEMS = size(40, 5);

/** A 10,000-word lesson with a Sources step (the template's labels), so the assistant has something to read. */
function bigLesson(): string {
  const sentences = [
    'The council said the bridge would reopen in spring, according to officials.',
    'Experts warn the repair could cost twice the budget.',
    'A senior engineer, who asked not to be named, told the Courier that the plan was shocking.',
    'Residents are said to be furious about the delay.',
    'Mayor Janet Kessell said the city had no choice.',
  ];
  const paras: string[] = [];
  let words = 0;
  for (let p = 0; words < 10_000; p++) {
    const para = Array.from({ length: 5 }, (_, i) => sentences[(p + i) % sentences.length]).join(' ');
    paras.push(para);
    words += para.split(/\s+/).length;
  }
  return `---
lede: 1
id: big-studio
title: A very long article
article:
  headline: A very long article for measuring the studio
exercises:
  - id: sources
    kind: highlight
    title: Sources
    prompt: Highlight every source.
    labels:
      - { id: named, name: Named, description: Identified. }
      - { id: anonymous, name: Anonymous, description: Not named on purpose. }
      - { id: vague, name: Vague, description: A crowd. }
    key:
      - quote: A very long article for measuring the studio
        label: named
        explanation: The headline.
---
${paras.join('\n\n')}
`;
}

const dir = mkdtempSync(join(tmpdir(), 'lede-studiobench-'));
const mine = join(dir, 'lessons');
mkdirSync(mine);
writeFileSync(join(mine, 'big-studio.md'), bigLesson());
const child = spawn(process.execPath, [join(ROOT, 'bin', 'lede.mjs'), 'serve', '--port', '0', '--db', join(dir, 'lede.sqlite'), '--lessons', mine], { stdio: ['ignore', 'pipe', 'inherit'] });
const { url, setup } = await new Promise<{ url: string; setup: string }>((resolve, reject) => {
  let out = '';
  child.once('exit', (code) => reject(new BenchFailure(`lede serve exited (${code}) before it was ready: ${out.slice(-300)}`)));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const u = /running at (\S+)/.exec(out);
    const s = /(http\S+\/setup\/\S+)/.exec(out);
    if (u && s) resolve({ url: u[1]!, setup: s[1]! });
  });
});
const browser = await chromium.launch({
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(setup);
  await page.getByLabel('New PIN').fill('2468');
  await page.getByLabel('The same PIN again').fill('2468');
  await page.getByRole('button', { name: 'Set PIN and open' }).click();
  await page.getByRole('heading', { name: 'Teacher', level: 1, exact: true }).waitFor();
  const call = async <T,>(name: string, input: unknown): Promise<T> =>
    page.evaluate(
      async ({ name, input }) => {
        const res = await fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
        const env = (await res.json()) as { ok: boolean; value: unknown; error?: { message: string } };
        if (!env.ok) throw new Error(env.error?.message);
        return env.value;
      },
      { name, input },
    ) as Promise<T>;

  // (2) and (3): the backend calls the editor makes, timed from the page.
  const open = await call<{ data: Record<string, unknown> }>('studioOpen', { lessonId: 'big-studio' });
  const timed = async (name: string, runs: number) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      times.push(await page.evaluate(async (input) => {
        const t0 = performance.now();
        const res = await fetch(`/api/${input.name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lessonId: 'big-studio', data: input.data }) });
        const env = (await res.json()) as { ok: boolean; error?: { message: string } };
        if (!env.ok) throw new Error(`${input.name}: ${env.error?.message}`);
        return performance.now() - t0;
      }, { name, data: open.data }));
    }
    return times;
  };
  const suggest = measured('the assistant\'s proposals', await timed('studioSuggest', SUGGESTS), SUGGESTS);
  const check = measured('the live check', await timed('studioCheck', CHECKS), CHECKS);

  // (1) New key items by keyboard: the label's key → the frame that paints the item.
  await page.goto(`${url}#/teacher/lessons/edit/big-studio`);
  await page.getByRole('navigation', { name: 'Steps of the lesson' }).getByRole('button', { name: /Sources/ }).click();
  await page.getByRole('heading', { name: /^Key items \(1\)/ }).waitFor();
  const article = page.getByRole('application', { name: /^Article:/ });
  const paint: number[] = [];
  for (let i = 0; i < ITEMS; i++) {
    await article.focus();
    // Down to a paragraph of its own each time, then one word selected.
    for (let d = 0; d <= i + 1; d++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.evaluate(() => {
      const w = window as unknown as { __t0?: number; __done?: Promise<number> };
      const count = () => {
        let n = 0;
        for (const [name, h] of CSS.highlights) if (name.startsWith('lede-label-')) n += h.size;
        return n;
      };
      const before = count();
      w.__done = new Promise<number>((resolve) => {
        document.addEventListener('keydown', () => (w.__t0 = performance.now()), { once: true, capture: true });
        const tick = () => (count() > before ? requestAnimationFrame((t) => resolve(t - w.__t0!)) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      });
    });
    await page.keyboard.press(String((i % 3) + 1));
    paint.push(await page.evaluate(() => (window as unknown as { __done: Promise<number> }).__done));
  }
  // Every key press made an item (else the figures would measure nothing).
  await page.getByRole('heading', { name: `Key items (${paint.length + 1})` }).waitFor({ timeout: 5000 });
  console.log('Lesson studio (lede serve, Chromium headless), a 10,000-word article');
  const p = measured('new key item painted', paint, ITEMS);
  console.log(`  new key item painted (label key → painted frame, ${p.count} items): median ${ms(p.p50)}, p95 ${ms(p.p95)} (target p95 ≤ 50 ms)`);
  console.log(`  assistant's proposals (call → answer): median ${ms(suggest.p50, 0)}, slowest ${ms(suggest.max, 0)} of ${suggest.count} (target ≤ 2,000 ms)`);
  console.log(`  live check of the lesson (call → answer): median ${ms(check.p50, 0)}, p95 ${ms(check.p95, 0)} of ${check.count}`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
