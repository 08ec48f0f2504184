import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { axeProblems, chooseTeacherPin, expect, newStudent, ROOT, SCREENS, teacherCall, test } from './fixtures.ts';

// The first-reaction check (issue 19, item 5), walked in Chromium as a student and a
// teacher: before reading only the headline shows, with the two questions; the lesson
// goes on as ever; at the end the same questions come again beside the first answer,
// with a line on what changed; both are stored, survive a reload, and the teacher sees
// them. On a phone (320 px) every screen of it fits. The fixture lesson (stable) with
// `reaction: true`, as the seed lesson has it.
test.use({ lessons: 'fixture-reaction', firstReaction: 'answer' });

const HEADLINE = /^Pakistan Defence Minister Khawaja Asif's Candid Admission on Terrorism/;

function rows(db: string, sql: string, ...params: unknown[]) {
  const d = new BetterSqlite3(db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    d.close();
  }
}

/** What sticks out of the window sideways, outside any box that scrolls or clips by itself (as e2e/layout.spec.ts measures it). */
async function fitsWidth(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return (r.width > 0 || r.height > 0) && r.right > vw + 1 && !clipped(el);
    });
    return { scrollWidth: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 5).map((el) => `${el.tagName}.${el.className} “${(el.textContent ?? '').slice(0, 30)}”`) };
  });
}

async function expectFits(page: Page, screen: string) {
  const f = await fitsWidth(page);
  expect(f.wide, `${screen}: nothing wider than the window`).toEqual([]);
  expect(f.scrollWidth, `${screen}: no sideways scrolling`).toBeLessThanOrEqual(f.vw);
  expect(await axeProblems(page, screen)).toEqual([]);
}

const keep = (shot: string, name: string) => copyFileSync(join(SCREENS, `${shot}.png`), join(ROOT, 'docs', name));

test('before reading → the lesson → at the end, the two answers side by side; stored, kept on reload, and shown to the teacher', async ({ page, server, shoot }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await newStudent(page, server, 'Rosa Reyes');
  await page.getByRole('button', { name: /^Start: “Dirty work”/ }).click();

  // Before reading: the headline only, never the article.
  await expect(page.getByRole('heading', { name: 'Before you read: your first reaction' })).toBeVisible();
  await expect(page.locator('.reaction-headline')).toHaveText(HEADLINE);
  await expect(page.locator('.article')).toHaveCount(0);
  await expect(page.getByText('this is not scored', { exact: false })).toBeVisible();
  const save = page.getByRole('button', { name: 'Save and read the article' });
  await expect(save).toBeDisabled();
  // Up to three feelings: a fourth cannot be ticked.
  for (const f of ['Angry', 'Shocked', 'Curious']) await page.getByRole('checkbox', { name: f }).check();
  await expect(page.getByRole('checkbox', { name: 'Worried' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Curious' }).uncheck();
  await expect(page.getByRole('checkbox', { name: 'Worried' })).toBeEnabled();
  await page.getByLabel('In your own words').fill('He admitted it, on TV!');
  await expect(page.getByText('22 / 200')).toBeVisible();
  await page.getByRole('radio', { name: 'Yes, as it is' }).check();
  await expect(save).toBeEnabled();
  await shoot('reaction-before');
  keep('reaction-before', 'first-reaction.png');
  await save.click();

  // The lesson as ever, from the article.
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  await expect(page.locator('.article .headline')).toHaveText(HEADLINE);
  const [attempt] = rows(server.db, `SELECT id FROM attempts`) as { id: string }[];
  expect(rows(server.db, `SELECT phase, feelings, share, words FROM reactions WHERE attempt_id = ?`, attempt!.id)).toEqual([
    { phase: 'before', feelings: '["angry","shocked"]', share: 'yes', words: 'He admitted it, on TV!' },
  ]);

  await page.getByRole('button', { name: 'Start: Sources' }).click();
  for (const next of ['Framing', 'Unverified statements', 'Headline versus body']) {
    await page.getByRole('button', { name: 'Check my highlights' }).click();
    await page.getByRole('button', { name: 'Check with no highlights' }).click();
    await page.getByRole('button', { name: `Next: ${next} →` }).click();
  }
  await page.locator('.choice input').first().check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await page.getByRole('button', { name: 'Next: How would you check this quote? →' }).click();
  await page.getByRole('textbox').first().fill('I would find the Sky News interview itself.');
  await page.getByRole('button', { name: 'Hand in my answer' }).click();
  await page.getByRole('button', { name: 'See my summary →' }).click();

  // At the end: the first answer beside the question asked again.
  const end = page.getByRole('region', { name: 'Your reaction, then and now' });
  await expect(end).toBeVisible();
  const before = end.locator('.reaction-side').first();
  const now = end.locator('.reaction-side').nth(1);
  await expect(before).toContainText('Angry, Shocked');
  await expect(before).toContainText('Yes, as it is');
  await expect(before).toContainText('“He admitted it, on TV!”');
  await now.getByRole('checkbox', { name: 'Doubtful' }).check();
  await now.getByRole('radio', { name: 'Not sure' }).check();
  await now.getByRole('button', { name: 'Save my reaction' }).click();
  await expect(now).toContainText('Doubtful');
  await expect(end.getByRole('status')).toHaveText(
    'At first you felt angry and shocked; now you feel doubtful. You would have shared it at first, and now you would not, or are not sure: what made the difference?',
  );
  // Side by side: the same top, the first answer on the left.
  const [b, n] = [await before.boundingBox(), await now.boundingBox()];
  expect(Math.abs(b!.y - n!.y)).toBeLessThan(2);
  expect(b!.x + b!.width).toBeLessThanOrEqual(n!.x);
  // The section's top just under the sticky top bar, for the picture.
  await end.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 90));
  await shoot('reaction-then-and-now');
  keep('reaction-then-and-now', 'reaction-then-and-now.png');
  expect(rows(server.db, `SELECT phase, feelings, share FROM reactions WHERE attempt_id = ? ORDER BY phase DESC`, attempt!.id)).toEqual([
    { phase: 'before', feelings: '["angry","shocked"]', share: 'yes' },
    { phase: 'after', feelings: '["doubtful"]', share: 'unsure' },
  ]);
  // Not scored: the attempt's points are its five steps' alone.
  expect(rows(server.db, `SELECT count(*) AS n FROM results WHERE attempt_id = ?`, attempt!.id)).toEqual([{ n: 5 }]);

  // Changed after finishing: kept, and the same after a reload.
  await now.getByRole('button', { name: 'Change my answer' }).click();
  await now.getByRole('radio', { name: 'No', exact: true }).check();
  await now.getByRole('button', { name: 'Save my change' }).click();
  await expect(now).toContainText('Would share itNo');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Your reaction, then and now' }).locator('.reaction-side').nth(1)).toContainText('Would share itNo');

  // The teacher: the class's summary over the results, and both answers in the student's review.
  await chooseTeacherPin(page, server, '2468');
  const cls = await teacherCall<{ id: string }>(page, 'createClass', { name: '9R' });
  const [student] = rows(server.db, `SELECT id FROM students WHERE display_name = 'Rosa Reyes'`) as { id: string }[];
  await teacherCall(page, 'enrollStudents', { classId: cls.id, studentIds: [student!.id] });
  await page.reload();
  await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /9R/ }).click();
  const summary = page.getByRole('region', { name: 'First reaction (not scored)' });
  await expect(summary).toBeVisible();
  const cells = async (row: string) => summary.getByRole('row', { name: new RegExp(`^${row}`) }).getByRole('cell').allInnerTexts();
  expect(await cells('Before reading')).toEqual(['1 of 1', '1 of 1', 'Angry 1, Shocked 1']);
  expect(await cells('At the end')).toEqual(['1 of 1', '0 of 1', 'Doubtful 1']);
  await expect(summary).toContainText('1 of the 1 student who answered both times changed their answer about sharing.');
  expect(await axeProblems(page, 'teacher results with reactions')).toEqual([]);
  await shoot('reaction-teacher-results');
  await page.locator('.results-table tbody th').getByRole('button').filter({ hasText: 'Rosa Reyes' }).click();
  const review = page.getByRole('region', { name: 'First reaction (not scored)' });
  await expect(review).toContainText('Before readingAngry, Shocked · would share: yes, as it is · He admitted it, on TV!'); // (the <q> draws its own quotation marks)
  await expect(review).toContainText('At the endDoubtful · would share: no');
  expect(await axeProblems(page, 'teacher review with reactions')).toEqual([]);
  await review.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 200));
  await shoot('reaction-teacher-review');
});

test('on a phone (320 px): the check before reading, skipped; at the end the answer alone, stacked; every screen fits', async ({ page, server, shoot }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await newStudent(page, server, 'Phone Pupil');
  await page.getByRole('button', { name: /^Start: “Dirty work”/ }).click();
  await expect(page.getByRole('heading', { name: 'Before you read: your first reaction' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Nothing much' }).check();
  await page.getByRole('radio', { name: 'Yes, with a comment of my own' }).check();
  await page.getByLabel('In your own words').fill('x'.repeat(201));
  await expect(page.getByText('201 characters: keep it to 200.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save and read the article' })).toBeDisabled();
  await expectFits(page, 'first reaction, 320 px');
  await shoot('reaction-before-320');
  // Skipped: the article, and the check does not come back on this page.
  await page.getByRole('button', { name: 'Skip this and read the article' }).click();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  const [attempt] = rows(server.db, `SELECT a.id FROM attempts a JOIN students s ON s.id = a.student_id WHERE s.display_name = 'Phone Pupil'`) as { id: string }[];
  expect(rows(server.db, `SELECT * FROM reactions WHERE attempt_id = ?`, attempt!.id)).toEqual([]);

  // Every step checked (through the API, as the walk above does it by hand), then the summary.
  for (const exerciseId of ['sources', 'framing', 'unverified', 'headline-vs-body', 'check-the-quote']) await server.call('checkStep', { attemptId: attempt!.id, exerciseId });
  // The server refuses a first reaction now: the attempt has answers.
  const late = await fetch(`${server.url}api/putReaction`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ attemptId: attempt!.id, phase: 'before', feelings: ['sad'], share: 'no' }) });
  expect(late.status).toBe(409);
  await page.reload();
  await page.getByRole('navigation', { name: 'Lesson steps' }).getByRole('button', { name: /Summary/ }).click();
  const end = page.getByRole('region', { name: 'Your reaction, then and now' });
  await expect(end).toContainText('You did not answer before reading.');
  await end.getByRole('checkbox', { name: 'Curious' }).check();
  await end.getByRole('radio', { name: 'Not sure' }).check();
  await end.getByRole('button', { name: 'Save my reaction' }).click();
  await expect(end.locator('.reaction-side').nth(1)).toContainText('Curious');
  // Stacked: the answer now under the first.
  const [b, n] = [await end.locator('.reaction-side').first().boundingBox(), await end.locator('.reaction-side').nth(1).boundingBox()];
  expect(n!.y).toBeGreaterThanOrEqual(b!.y + b!.height);
  await end.scrollIntoViewIfNeeded();
  await expectFits(page, 'reaction at the end, 320 px');
  await shoot('reaction-end-320');
});

test('the studio: the lesson’s details say it asks for a first reaction; the preview asks it too, and stores nothing', async ({ page, ownServer: server, shoot }) => {
  // A server of its own: the teacher PIN is chosen once per database (the first test chose it on the shared one).
  await page.setViewportSize({ width: 1280, height: 800 });
  await chooseTeacherPin(page, server, '2468');
  await page.goto(`${server.url}#/teacher/lessons/edit/asif-dirty-work`);
  await page.getByRole('button', { name: 'Lesson details' }).click();
  const box = page.getByRole('checkbox', { name: 'Ask for a first reaction (not scored)' });
  await expect(box).toBeChecked();
  await shoot('reaction-studio-details');
  await page.getByRole('button', { name: 'Preview as a student' }).click();
  await expect(page.getByRole('heading', { name: 'Before you read: your first reaction' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Curious' }).check();
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('button', { name: 'Save and read the article' }).click();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  expect(rows(server.db, 'SELECT count(*) AS n FROM reactions')).toEqual([{ n: 0 }]);
});
