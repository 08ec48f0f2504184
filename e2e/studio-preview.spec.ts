import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { chooseTeacherPin, expect, FIXTURE_LESSON, test, type LedeServer } from './fixtures.ts';
import { dragSelect } from './text.ts';

// The lesson studio's "Preview as a student": the teacher walks the lesson on the
// student's own screens, checks steps against the editor's key, and nothing is stored.
// The mechanics run on the fixture lesson (the seed as it was).
test.use({ lessons: 'fixture' });

/** Rows a student's work would leave in the database. */
function stored(server: LedeServer): Record<string, number> {
  const db = new BetterSqlite3(server.db, { readonly: true });
  try {
    return Object.fromEntries(['students', 'attempts', 'highlights', 'responses', 'results'].map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

async function mark(page: Page, quote: string, label: string) {
  await dragSelect(page, quote);
  const toolbar = page.getByRole('toolbar');
  await expect(toolbar).toBeVisible();
  await toolbar.getByRole('button', { name: label, exact: true }).click();
  await expect(page.locator('.my-highlights').getByRole('listitem').filter({ hasText: `“${quote}”` })).toBeVisible();
}

async function openPreview(page: Page, server: LedeServer, lessonId: string) {
  await page.goto(`${server.url}#/teacher/lessons/edit/${lessonId}`);
  await page.getByRole('button', { name: 'Preview as a student' }).click();
  await expect(page.getByRole('heading', { name: 'Preview as a student — nothing is saved' })).toBeFocused();
}

test('a teacher previews a lesson as a student: marks, checks, sees the score, and nothing is stored', async ({ page, ownServer: server, shoot }) => {
  await chooseTeacherPin(page, server, '2468');
  const before = stored(server);
  expect(before).toEqual({ students: 0, attempts: 0, highlights: 0, responses: 0, results: 0 });

  await openPreview(page, server, 'asif-dirty-work');
  await expect(page.getByText('No step checked yet (5 steps).')).toBeVisible();
  // The student's first screen: the article and the plan of the steps.
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  await expect(page.locator('.headline')).toContainText('Pakistan Defence Minister Khawaja Asif');
  await page.getByRole('button', { name: 'Start: Sources' }).click();
  await expect(page.getByRole('heading', { name: 'Sources', level: 2 })).toBeVisible();

  // Two sources, each exactly a key item with its label: the key has twelve.
  // Items found 2/12, all marked characters inside the key (P = 1) → F1 = 2·(1/6)/(1 + 1/6) = 2/7 → 2.86 of 10.
  await mark(page, 'diplomatic sources', 'Anonymous');
  await mark(page, 'a senior Indian security expert', 'Anonymous');
  await expect(page.getByRole('heading', { name: 'Your highlights (2)' })).toBeVisible();
  await page.getByRole('button', { name: 'Check my highlights' }).click();
  await expect(page.getByRole('heading', { name: /You found 2 of 12 sources/ })).toBeVisible();
  await expect(page.locator('.points')).toHaveText('2.86 of 10 points');
  await expect(page.getByRole('heading', { name: 'Missed (10)' })).toBeVisible();
  await expect(page.locator('.preview-score')).toHaveText('So far: 2.86 of 10 points · 1 of 5 steps checked');
  await expect(page.getByTestId('live-region')).toContainText('You found 2 of 12. 2.86 of 10 points.');

  // The banner, the article with the key painted, and the feedback in the step's panel.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator('.panel .feedback').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot('studio-preview-checked-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot('studio-preview-checked-390');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The choice step, as a student answers it: one of its two true statements, nothing untrue → 1/2 of 4 points.
  await page.getByRole('button', { name: 'Next: Framing →' }).click();
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await expect(page.getByRole('heading', { name: 'Headline versus body', level: 2 })).toBeVisible();
  await page.getByLabel(/The headline says “We Are Doing” \(now\)/).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator('.feedback-figure')).toHaveText('2 of 4 points');
  await expect(page.locator('.preview-score')).toHaveText('So far: 4.86 of 14 points · 2 of 5 steps checked');

  // Nothing of it reached the database: no student, no attempt, no highlight, no answer.
  expect(stored(server)).toEqual(before);

  // Start again: a fresh run, nothing marked or checked.
  await page.getByRole('button', { name: 'Start again' }).click();
  await expect(page.getByRole('heading', { name: 'Preview as a student — nothing is saved' })).toBeFocused();
  await expect(page.getByText('No step checked yet (5 steps).')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  await page.getByRole('button', { name: 'Start: Sources' }).click();
  await expect(page.getByRole('heading', { name: 'Your highlights (0)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check my highlights' })).toBeEnabled();

  await page.getByRole('button', { name: 'Back to the editor' }).click();
  await expect(page.getByRole('heading', { name: 'Preview as a student — nothing is saved' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Preview as a student' })).toBeVisible();
  expect(stored(server)).toEqual(before);
});

test('a draft can be previewed: a step with no key items finds nothing', async ({ page, ownServer: server }) => {
  await chooseTeacherPin(page, server, '2468');
  // The fixture lesson as a draft: another id, and its Sources step without key items.
  const source = readFileSync(FIXTURE_LESSON, 'utf8');
  const draft = source.replace('id: asif-dirty-work', 'id: asif-draft').replace(/(  - id: sources\n[\s\S]*?)    key:\n[\s\S]*?(\n  - id: framing)/, '$1    key: []\n$2');
  expect(draft).toContain('    key: []\n\n  - id: framing');
  const imported = await page.evaluate(async (text) => {
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(text)));
    const res = await fetch('/api/studioImport', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fileName: 'asif-draft.md', base64 }) });
    return (await res.json()) as { ok: boolean; value?: { lessonId: string; draft: boolean } };
  }, draft);
  expect(imported).toMatchObject({ ok: true, value: { lessonId: 'asif-draft', draft: true } });

  await openPreview(page, server, 'asif-draft');
  await expect(page.locator('.preview-draft')).toHaveText(
    'A draft: “Sources” has no key items yet, so a student would find nothing there. Students do not see this lesson until it has some.',
  );
  await page.getByRole('button', { name: 'Start: Sources' }).click();
  await mark(page, 'diplomatic sources', 'Anonymous');
  await page.getByRole('button', { name: 'Check my highlights' }).click();
  // Whatever the scoring says of an empty key is shown as it is: nothing to find.
  await expect(page.getByRole('heading', { name: /You found 0 of 0 sources/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Not in the key (1)' })).toBeVisible();
  expect(stored(server)).toEqual({ students: 0, attempts: 0, highlights: 0, responses: 0, results: 0 });
});
