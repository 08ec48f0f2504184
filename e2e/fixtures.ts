import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export const ROOT = join(import.meta.dirname, '..');
export const SCREENS = join(ROOT, 'test-results', 'screens');
export const SEED = join(ROOT, 'lessons', 'asif-dirty-work.md');
/**
 * The seed lesson as it was before key items had mentions: the stable lesson the
 * specs of mechanics (live class, teacher area, keyboard, resume) run on, whatever
 * the seed becomes. The walk-throughs of the seed itself run on `lessons/`.
 */
export const FIXTURE_LESSON = join(ROOT, 'test', 'fixtures', 'lessons', 'asif-v1.md');
/** fixture-reaction: the fixture lesson with the first-reaction check on (`reaction: true`). */
export type LessonSet = 'seed' | 'fixture' | 'fixture-reaction';

export interface LedeServer {
  url: string;
  /** The one-time link that lets this browser choose the first teacher PIN (printed by `lede serve`). */
  setupUrl: string;
  db: string;
  /** Calls the HTTP API directly (for checks, not for the student's actions). */
  call: <T = unknown>(name: string, input: unknown) => Promise<T>;
}

/** Starts `lede serve` on a free port with a temporary database, on the seed lesson or the fixture lesson. */
export async function startServer(lessons: LessonSet = 'seed'): Promise<{ server: LedeServer; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'lede-e2e-'));
  const db = join(dir, 'lede.sqlite');
  const lessonsDir = join(dir, 'lessons');
  mkdirSync(lessonsDir);
  if (lessons === 'fixture-reaction') writeFileSync(join(lessonsDir, 'asif-dirty-work.md'), readFileSync(FIXTURE_LESSON, 'utf8').replace(/^language: en$/m, 'language: en\nreaction: true'));
  else copyFileSync(lessons === 'seed' ? SEED : FIXTURE_LESSON, join(lessonsDir, 'asif-dirty-work.md'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'lede.mjs'), 'serve', '--port', '0', '--db', db, '--lessons', lessonsDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url, setupUrl } = await new Promise<{ url: string; setupUrl: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`lede serve did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      const link = /one-time link: (http:\/\/\S+)/.exec(out);
      if (m && link) {
        clearTimeout(timer);
        resolve({ url: m[1]!, setupUrl: link[1]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`lede serve exited ${code}: ${out}`)));
  });
  const call = async <T,>(name: string, input: unknown): Promise<T> => {
    const res = await fetch(`${url}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    const env = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!env.ok) throw new Error(env.error?.message);
    return env.value;
  };
  return {
    server: { url, setupUrl, db, call },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const withServer = base.extend<{}, { server: LedeServer; lessons: LessonSet }>({
  /** Which lesson the worker's server teaches: `test.use({ lessons: 'fixture' })` in a spec file. */
  lessons: ['seed', { scope: 'worker', option: true }],
  server: [
    async ({ lessons }, use) => {
      const { server, stop } = await startServer(lessons);
      await use(server);
      await stop();
    },
    { scope: 'worker' },
  ],
});

/**
 * The first-reaction check a lesson may ask before reading (the seed lesson does): skipped
 * whenever it shows on this page, for walks about other things. e2e/reaction.spec.ts answers it.
 */
export async function skipFirstReactions(page: Page): Promise<void> {
  await page.addLocatorHandler(page.getByRole('button', { name: 'Skip this and read the article' }), (skip) => skip.click());
}

export const test = withServer.extend<{ shoot: (name: string) => Promise<void>; ownServer: LedeServer; firstReaction: 'skip' | 'answer' }>({
  /** Whether the page skips the first-reaction check wherever it shows (skipFirstReactions), or the spec answers it. */
  firstReaction: ['skip', { option: true }],
  /** A server and database of the test's own (for tests that set the one-per-database teacher PIN). */
  ownServer: async ({ lessons }, use) => {
    const { server, stop } = await startServer(lessons);
    await use(server);
    await stop();
  },
  page: async ({ page, firstReaction }, use) => {
    if (firstReaction === 'skip') await skipFirstReactions(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(page);
    expect(errors, 'no uncaught errors in the page').toEqual([]);
  },
  shoot: async ({ page }, use) => {
    mkdirSync(SCREENS, { recursive: true });
    await use(async (name) => {
      await page.screenshot({ path: join(SCREENS, `${name}.png`) });
    });
  },
});

export { expect };

/** Runs the real CLI, as a teacher would. */
export function lede(...argv: string[]) {
  let args = argv;
  // A sample class on a test server's database uses that server's lessons (the fixture lesson, say), not the
  // shipped ones: otherwise it would replace the server's unanswered lesson with the shipped seed.
  const db = args[0] === 'sample-class' && !args.includes('--lessons') ? args[args.indexOf('--db') + 1] : undefined;
  if (db && args.includes('--db') && existsSync(join(dirname(db), 'lessons'))) args = [...args, '--lessons', join(dirname(db), 'lessons')];
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'lede.mjs'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function writeTemp(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lede-e2e-file-'));
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

/** The person who started `lede serve` opens the one-time set-up link it printed and chooses the teacher PIN. */
export async function chooseTeacherPin(page: Page, server: LedeServer, pin: string) {
  await page.goto(server.setupUrl);
  await expect(page.getByRole('heading', { name: 'Choose a teacher PIN' })).toBeVisible();
  await page.getByLabel('New PIN').fill(pin);
  await page.getByLabel('The same PIN again').fill(pin);
  await page.getByRole('button', { name: 'Set PIN and open' }).click();
  await expect(page.getByRole('heading', { name: 'Teacher', level: 1, exact: true })).toBeVisible();
}

/** A new student from the "Who is studying?" screen, ready in the library. */
export async function newStudent(page: Page, server: LedeServer, name: string) {
  await page.goto(server.url);
  await page.getByLabel(/Type your name/).fill(name);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Lessons' })).toBeVisible();
}

/** The serious and critical axe findings on the page as it is (WCAG 2.1 A and AA, best practice), one line each. */
export async function axeProblems(page: Page, screen: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Fails the test on any serious or critical axe finding on the page as it is. */
export async function noSeriousViolations(page: Page, screen: string): Promise<void> {
  expect(await axeProblems(page, screen)).toEqual([]);
}

/** A teacher call made from the page (so with its cookies: the unlocked teacher area's session). */
export async function teacherCall<T>(page: Page, name: string, input: unknown): Promise<T> {
  const env = await page.evaluate(
    async ({ name, input }) => {
      const res = await fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      return (await res.json()) as { ok: boolean; value: unknown; error?: { message: string } };
    },
    { name, input },
  );
  if (!env.ok) throw new Error(env.error?.message);
  return env.value as T;
}

/** A teacher (PIN 2468) with a copy of the lesson that comes with Lede open in the studio's editor, at 1280 × 800. */
export async function openLessonCopy(page: Page, server: LedeServer): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await chooseTeacherPin(page, server, '2468');
  await teacherCall(page, 'studioCopy', { lessonId: 'asif-dirty-work' });
  await page.goto(`${server.url}#/teacher/lessons/edit/asif-dirty-work-copy`);
  await expect(page.getByText('Editing lesson')).toBeVisible();
}
