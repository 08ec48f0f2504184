import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { expect, lede, test } from './fixtures.ts';

async function noSeriousViolations(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad).toEqual([]);
}

test('a teacher sets a PIN, reviews and grades, manages the roster and exports a gradebook', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(120_000);
  const made = lede('sample-class', '--db', server.db, '--students', '24', '--class', 'Year 10 Media');
  expect(made.code, made.err).toBe(0);

  await page.goto(server.url);
  await page.getByRole('button', { name: 'Teacher area' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a teacher PIN' })).toBeVisible();
  await page.getByLabel('New PIN').fill('2468');
  await page.getByLabel('The same PIN again').fill('2469');
  await page.getByRole('button', { name: 'Set PIN and open' }).click();
  await expect(page.getByRole('alert')).toHaveText('The two PINs are not the same.');
  await page.getByLabel('New PIN').fill('2468');
  await page.getByLabel('The same PIN again').fill('2468');
  await page.getByRole('button', { name: 'Set PIN and open' }).click();

  await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Year 10 Media/ }).click();
  const table = page.locator('.results-table');
  await expect(table.locator('tbody tr')).toHaveCount(24);
  await noSeriousViolations(page, 'teacher results');
  await shoot('teacher-results');

  // The first student with a written answer to grade.
  const row = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: 'to grade' }) }).first();
  const name = (await row.locator('th').innerText()).trim();
  const totalBefore = Number(await row.locator('td.total').innerText());
  await row.getByRole('button', { name: 'to grade' }).click();
  await expect(page.locator('.review .class-head h2')).toContainText(name);
  await page.getByRole('tab', { name: /How would you check this quote/ }).click();
  await page.getByLabel('Points (0–5)').fill('4');
  await page.getByLabel(/Private comment/).fill('Good: you went to the original.');
  await page.getByRole('button', { name: 'Save grade' }).click();
  await expect(page.getByRole('status')).toContainText('Grade saved.');
  await page.getByRole('tab', { name: 'Sources' }).click();
  await expect(page.getByRole('heading', { name: /You found \d+ of 12 sources/ })).toBeVisible();
  await noSeriousViolations(page, 'teacher review');
  await shoot('teacher-review');
  await page.getByRole('button', { name: '← Results' }).click();
  const graded = table.locator('tbody tr').filter({ hasText: name }).first();
  await expect(graded.locator('td.total')).toHaveText(String(Math.round((totalBefore + 4) * 100) / 100));

  // Roster: add, import, rename, delete.
  await page.getByRole('tab', { name: /Students/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Zoë Ångström');
  await page.getByLabel('School id (optional)').fill('Z-1');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Added Zoë Ångström.');
  await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from('given_name,family_name,id\nNoor,Haddad,R-7\n,,R-8\n=cmd,Attacker,R-9\n') });
  await expect(page.getByRole('status')).toContainText('2 added');
  await page.getByText('1 row skipped: why').click();
  await expect(page.getByText('Line 3: no name')).toBeVisible();
  const zoe = page.locator('.student-row').filter({ hasText: 'Zoë Ångström' });
  await zoe.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill('Zoë Å.');
  await page.locator('.student-row').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.student-row').filter({ hasText: 'Zoë Å.' })).toBeVisible();
  const noor = page.locator('.student-row').filter({ hasText: 'Noor Haddad' });
  await noor.getByRole('button', { name: 'Delete…' }).click();
  await noor.getByRole('button', { name: 'Delete everything' }).click();
  await expect(page.getByRole('status')).toContainText('Noor Haddad and all their data were deleted.');
  await expect(page.locator('.student-row').filter({ hasText: 'Noor Haddad' })).toHaveCount(0);
  await noSeriousViolations(page, 'teacher students');

  // Export a gradebook and read it back.
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByRole('button', { name: 'Gradebook CSV' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).first().click();
  const file = await (await download).path();
  const rows = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as string[][];
  expect(rows[0]!.slice(0, 5)).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section']);
  expect(rows.length).toBe(2 + 24 + 2);
  const mine = rows.find((r) => r[0] === name)!;
  expect(Number(mine.at(-1))).toBeCloseTo(totalBefore + 4, 2);
  expect(mine[mine.length - 2]).toBe('4');
  expect(rows.some((r) => r[0] === "'=cmd Attacker")).toBe(true);
  await shoot('teacher-export');
  await noSeriousViolations(page, 'teacher export');

  // Locking returns to the students' screen; the teacher area asks for the PIN again.
  await page.getByRole('button', { name: 'Lock the teacher area' }).click();
  await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
  await page.goto(`${server.url}#/teacher/class/anything`);
  await expect(page.getByRole('heading', { name: 'Teacher area' })).toBeVisible();
  await page.getByLabel('PIN', { exact: true }).fill('0000');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('alert')).toHaveText('That PIN is not right.');
});
