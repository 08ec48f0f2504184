// The evidence step's editor (the seed lesson has an evidence step; the fixture lesson has none).
import type { Page } from '@playwright/test';
import { expect, openLessonCopy, test } from './fixtures.ts';

const steps = (page: Page) => page.getByRole('navigation', { name: 'Steps of the lesson' });

test('an evidence step: removing a report or a claim asks in the page, "Keep it" first, and focus stays in place', async ({ page, ownServer: server }) => {
  await openLessonCopy(page, server);
  page.on('dialog', () => {
    throw new Error('no browser dialog');
  });
  await steps(page).getByRole('button', { name: /What do other reports say/ }).click();
  const reports = page.getByRole('heading', { name: /^Other outlets’ reports \(\d+\)$/ });
  const claims = page.getByRole('heading', { name: /^Claims \(\d+\)$/ });
  const count = async (h: typeof reports) => Number(/\((\d+)\)/.exec((await h.textContent()) ?? '')![1]);
  const nReports = await count(reports);
  const nClaims = await count(claims);
  expect(nReports).toBeGreaterThanOrEqual(2);

  // Kept: the question goes, nothing is removed, the Remove button has the focus again.
  await page.getByRole('button', { name: 'Remove report 1', exact: true }).click();
  const question = page.getByRole('group', { name: /^Remove the report from .*\? Claims that point to it lose it\.$/ });
  await expect(question.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await question.getByRole('button', { name: 'Keep it' }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove report 1', exact: true })).toBeFocused();
  expect(await count(reports)).toBe(nReports);

  // Removed: one report fewer, focus on "Add a report".
  await page.getByRole('button', { name: 'Remove report 1', exact: true }).click();
  await question.getByRole('button', { name: 'Remove the report' }).click();
  await expect(reports).toHaveText(`Other outlets’ reports (${nReports - 1})`);
  await expect(page.getByRole('button', { name: 'Add a report' })).toBeFocused();

  // A claim, the same way.
  await page.getByRole('button', { name: 'Remove claim 1', exact: true }).click();
  const claimQuestion = page.getByRole('group', { name: /^Remove claim 1 \(“.*”\)\?$/ });
  await expect(claimQuestion.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await claimQuestion.getByRole('button', { name: 'Remove the claim' }).click();
  await expect(claims).toHaveText(`Claims (${nClaims - 1})`);
});
