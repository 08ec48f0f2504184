import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { chooseTeacherPin, expect, lede, noSeriousViolations, test, type LedeServer } from './fixtures.ts';
import type { Page } from '@playwright/test';

// Two students of the same name: told apart in the results, while grading, in the
// exports and on both sides of a live session's list; the roster preview says so.

// The stable lesson of the specs of mechanics: five steps, one of them a written answer.
test.use({ lessons: 'fixture' });

async function exportGradebook(page: Page): Promise<string[][]> {
  const links = page.getByRole('link', { name: 'Download' });
  const before = await links.count();
  await page.getByRole('button', { name: 'Gradebook CSV' }).click();
  // The newest export is listed first, once it is written.
  await expect(links).toHaveCount(before + 1);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).first().click();
  const file = await (await download).path();
  return parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as string[][];
}

/** Two students with a written answer waiting for a grade, renamed "Aisha Hansen" (one with the school id 2041); their ids. */
function twoAishas(server: LedeServer): { withId: string; without: string } {
  const db = new BetterSqlite3(server.db);
  try {
    const [a, b] = (
      db
        .prepare(`SELECT DISTINCT at.student_id AS id FROM results r JOIN attempts at ON at.id = r.attempt_id WHERE r.status = 'pending' ORDER BY at.student_id LIMIT 2`)
        .all() as { id: string }[]
    ).map((r) => r.id);
    db.prepare(`UPDATE students SET display_name = 'Aisha Hansen', roster_id = '2041' WHERE id = ?`).run(a);
    db.prepare(`UPDATE students SET display_name = 'Aisha Hansen', roster_id = NULL WHERE id = ?`).run(b);
    return { withId: a!, without: b! };
  } finally {
    db.close();
  }
}

test('two students called Aisha Hansen: results, grading and the gradebook tell them apart; gradebook columns per lesson or per step', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(120_000);
  const made = lede('sample-class', '--db', server.db, '--students', '12', '--class', 'Year 9');
  expect(made.code, made.err).toBe(0);
  const { without } = twoAishas(server);
  const code = `#${without.slice(0, 4)}`;
  await chooseTeacherPin(page, server, '2468');
  await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Year 9/ }).click();

  const table = page.locator('.results-table');
  await expect(table.locator('tbody tr')).toHaveCount(12);
  const names = table.locator('tbody th');
  await expect(names.filter({ hasText: 'Aisha Hansen' })).toHaveText([`Aisha Hansen (${code})`, 'Aisha Hansen (id 2041)']);
  await shoot('teacher-results-same-names');

  // Grading the first: its heading says which Aisha; "Next to grade" names the other one.
  await table.locator('tbody tr').filter({ hasText: `Aisha Hansen (${code})` }).getByRole('button', { name: 'to grade' }).click();
  await expect(page.locator('.review .class-head h2')).toHaveText(`Aisha Hansen (${code})`);
  await expect(page.getByRole('button', { name: /^Next to grade/ })).toHaveText('Next to grade (Aisha Hansen (id 2041)) →');
  await page.getByLabel('Points (0–5)').fill('4');
  await page.getByRole('button', { name: 'Save and next to grade (Aisha Hansen (id 2041))' }).click();
  await expect(page.getByRole('status')).toContainText(`Grade saved for Aisha Hansen (${code}). Now grading Aisha Hansen (id 2041).`);
  await expect(page.locator('.review .class-head h2')).toHaveText('Aisha Hansen (id 2041)');
  await noSeriousViolations(page, 'review of a student with a tag');
  await page.getByRole('button', { name: '← Results' }).click();

  // The gradebook: one column per lesson unless the teacher chooses one per step.
  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.getByRole('radio', { name: /One column per lesson/ })).toBeChecked();
  const byLesson = await exportGradebook(page);
  const title = byLesson[0]![5]!;
  expect(byLesson[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', title, 'Final Points']);
  expect(byLesson.map((r) => r[0]).filter((n) => n!.startsWith('Aisha')).sort()).toEqual([`Aisha Hansen (${code})`, 'Aisha Hansen (id 2041)'].sort());
  expect(byLesson.find((r) => r[0] === 'Aisha Hansen (id 2041)')![2]).toBe('2041');
  await page.getByRole('radio', { name: /One column per step/ }).check();
  await shoot('teacher-export-columns');
  await noSeriousViolations(page, 'export tab with the columns choice');
  const byStep = await exportGradebook(page);
  expect(byStep[0]!.slice(5)).toEqual([`${title}: Sources`, `${title}: Framing`, `${title}: Unverified statements`, `${title}: Headline versus body`, `${title}: How would you check this quote?`, 'Final Points']);
  expect(byStep.find((r) => r[0] === `Aisha Hansen (${code})`)![9]).toBe('4');
});

test('the roster preview says a name is already in the class; in a live session students see codes, the teacher the school ids', async ({ browser, page, ownServer: server, shoot }) => {
  test.setTimeout(120_000);
  await chooseTeacherPin(page, server, '1357');
  await page.getByLabel('New class').fill('Twins');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('tab', { name: /Students/ }).click();
  await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from('name;id\nAisha Hansen;2041\nBen Okafor;2050\n') });
  await page.getByRole('button', { name: 'Import 2 students' }).click();
  await expect(page.getByRole('status')).toContainText('2 added');
  await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'more.csv', mimeType: 'text/csv', buffer: Buffer.from('name;id\nAisha Hansen;2077\nCleo Diaz;2078\n') });
  const preview = page.getByRole('region', { name: 'How each row will be read' });
  await expect(preview.locator('tbody tr')).toHaveText([
    /^2Aisha Hansen2077Add as a new studentThere is already an Aisha Hansen in this class \(id 2041\)\. The import goes ahead/,
    /^3Cleo Diaz2078Add as a new student$/,
  ]);
  await expect(page.getByText('1 with the name of a student already in the class')).toBeVisible();
  await noSeriousViolations(page, 'roster preview with a name already in the class');
  await shoot('teacher-roster-same-name');
  await page.getByRole('button', { name: 'Import 2 students' }).click();
  await expect(page.getByRole('status')).toContainText('2 added');

  const db = new BetterSqlite3(server.db, { readonly: true });
  const idOf = (rosterId: string) => (db.prepare('SELECT id FROM students WHERE roster_id = ?').get(rosterId) as { id: string }).id;
  const first = `#${idOf('2041').slice(0, 4)}`;
  const second = `#${idOf('2077').slice(0, 4)}`;
  db.close();

  await page.getByRole('tab', { name: 'Live session' }).click();
  await page.getByLabel('Network').selectOption('127.0.0.1');
  await page.getByRole('button', { name: 'Start the session' }).click();
  const joinCode = (await page.locator('.join-code').innerText()).trim();
  const url = (await page.locator('.join-url').innerText()).trim();
  const roster = page.locator('.live-roster');
  // (Two students of one name are listed in the order of their ids.)
  await expect(roster.locator('.live-name')).toHaveCount(4);
  expect((await roster.locator('.live-name').allTextContents()).sort()).toEqual(['Aisha Hansen (id 2041)', 'Aisha Hansen (id 2077)', 'Ben Okafor', 'Cleo Diaz']);
  await expect(roster.locator('li').filter({ hasText: 'id 2077' })).toContainText(`shown to students as ${second}`);

  const ctx = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  try {
    const pupil = await ctx.newPage();
    await pupil.goto(url);
    await pupil.getByLabel('The code on your teacher’s screen').fill(joinCode);
    await pupil.getByRole('button', { name: 'Next' }).click();
    const choices = pupil.locator('.profile-list .profile-name');
    await expect(choices).toHaveCount(4);
    expect((await choices.allInnerTexts()).sort()).toEqual([`Aisha Hansen (${first})`, `Aisha Hansen (${second})`, 'Ben Okafor', 'Cleo Diaz'].sort());
    await expect(pupil.locator('.profile-list')).not.toContainText('2041');
    await pupil.screenshot({ path: 'test-results/screens/classroom-join-same-names.png' });
    await pupil.getByRole('button', { name: `Aisha Hansen (${second})` }).click();
    await expect(pupil.getByRole('heading', { name: 'Read the article' })).toBeVisible();
    await expect(roster.locator('li.online')).toContainText('Aisha Hansen (id 2077)');
    await shoot('classroom-dashboard-same-names');
  } finally {
    await ctx.close();
  }
});
