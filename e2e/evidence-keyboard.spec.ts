import { expect, newStudent, test } from './fixtures.ts';

// The seed's "What do other reports say?" step with the keyboard only: Tab into each
// claim's verdicts, arrows to choose, Tab on to the report list, arrows to pick one.

test('the evidence step can be answered and checked with the keyboard alone', async ({ page, server }) => {
  await newStudent(page, server, 'Keys Evidence');
  await page.getByRole('button', { name: /^Start: / }).click();
  const steps = page.getByRole('navigation', { name: 'Lesson steps' });
  await steps.getByRole('button', { name: /What do other reports say/ }).click();
  // Its reports would give away the highlight steps before it: it waits for them.
  await expect(page.getByRole('status').filter({ hasText: 'Check “Sources”, “Framing” and “Unverified statements” first.' })).toBeVisible();
  await expect(page.locator('.evidence-card')).toHaveCount(0);
  for (const step of ['Sources', 'Framing', 'Unverified statements']) {
    await steps.getByRole('button', { name: new RegExp(`^\\d* ?${step}`) }).click();
    await page.getByRole('button', { name: 'Check my highlights' }).click();
    // Nothing highlighted: the page asks first.
    await page.getByRole('button', { name: 'Check with no highlights' }).click();
    await expect(page.locator('.feedback-figure')).toBeVisible();
  }
  await steps.getByRole('button', { name: /What do other reports say/ }).click();
  await expect(page.getByRole('heading', { name: 'What do other reports say?', level: 2 })).toBeVisible();
  await expect(page.locator('.evidence-card')).toHaveCount(10);
  const claims = page.locator('.claim');
  const n = await claims.count();
  expect(n).toBe(9);

  // Opening the step put the focus on its heading: from there, Tab to the first claim's first verdict.
  await expect(page.getByRole('heading', { name: 'What do other reports say?', level: 2 })).toBeFocused();
  for (let i = 0; i < n; i++) {
    const first = claims.nth(i).getByRole('radio').first();
    for (let t = 0; t < 12 && !(await first.evaluate((el) => el === document.activeElement)); t++) await page.keyboard.press('Tab');
    await expect(first).toBeFocused();
    // Space picks "Supported"; ArrowRight moves on to "Contradicted", ArrowRight again to "Not found".
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(claims.nth(i).getByLabel('Not found in these reports')).toBeChecked();
    await page.keyboard.press('Tab');
    // "Not found" names no report: the list is skipped (disabled), so Tab goes on to the next claim.
    await expect(claims.nth(i).getByLabel('Which report shows it?')).toBeDisabled();
  }
  const check = page.getByRole('button', { name: 'Check my answers' });
  await expect(check).toBeEnabled();
  for (let t = 0; t < 5 && !(await check.evaluate((el) => el === document.activeElement)); t++) await page.keyboard.press('Tab');
  await expect(check).toBeFocused();
  await page.keyboard.press('Enter');
  // "Not found" is right on four of the nine claims (funded-supported, kashmir, not-alone, present-tense): 4/9.
  // "Supported" fits five, so one verdict for every claim is held to a third of the step: credit up to 5/9 is
  // scaled by ⅓ ÷ 5/9 = 3/5 → 4/9 × 3/5 = 4/15 of 9 points = 2.4.
  await expect(page.locator('.feedback-figure')).toHaveText('2.4 of 9 points');
});
