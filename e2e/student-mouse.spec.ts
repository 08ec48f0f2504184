import { dragSelect } from './text.ts';
import { expect, newStudent, test } from './fixtures.ts';

// A student works through the whole seed lesson with the mouse. Every figure on
// screen below was computed by hand from the lesson's key (see the comments).

test('a student completes the seed lesson with the mouse', async ({ page, server, shoot }) => {
  await newStudent(page, server, 'Mouse Student');
  await shoot('library');
  await page.getByRole('button', { name: /^Start: / }).click();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  await expect(page.locator('.headline')).toHaveText("Pakistan Defence Minister Khawaja Asif's Candid Admission on Terrorism, Says 'We Are Doing THIS Dirty Work on Behalf of....");
  await shoot('reader');
  await page.getByRole('button', { name: 'Start: Sources' }).click();

  const mark = async (quote: string, label: string, occurrence = 1) => {
    await dragSelect(page, quote, occurrence);
    const toolbar = page.getByRole('toolbar');
    await expect(toolbar).toBeVisible();
    await toolbar.getByRole("button", { name: label, exact: true }).click();
    await expect(page.getByRole('listitem').filter({ hasText: `“${quote}”` }).first()).toBeVisible();
  };

  // Sources: five right, one extra. S = 6, T = 12: P = 5/6, R = 5/12, F1 = 5/9 → 5.56 points.
  await mark('diplomatic sources', 'Anonymous');
  await mark('a senior Indian security expert', 'Anonymous');
  await mark('strategic and defence analysts', 'Vague');
  await mark('Twitter', 'Vague');
  await mark('interview with Sky News', 'Named', 2);
  await mark('The Indian government', 'Named');
  await expect(page.getByRole('heading', { name: 'Your highlights (6)' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await shoot('sources-marked');

  // Relabel and remove from the list, then put it back: the list and the article agree.
  const row = page.getByRole('listitem').filter({ hasText: '“Twitter”' });
  await row.getByRole('combobox').selectOption('named');
  await row.getByRole('combobox').selectOption('vague');
  await page.getByRole('button', { name: 'Remove “The Indian government”' }).click();
  await expect(page.getByRole('heading', { name: 'Your highlights (5)' })).toBeVisible();
  await mark('The Indian government', 'Named');

  await page.getByRole('button', { name: 'Check my highlights' }).click();
  await expect(page.getByRole('heading', { name: /You found 5 of 12 sources/ })).toBeVisible();
  await expect(page.locator('.points')).toHaveText('5.56 of 10 points');
  await expect(page.getByRole('heading', { name: 'Not in the key (1)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Missed (7)' })).toBeVisible();
  await page.getByText('How is this scored?').click();
  await expect(page.getByText('Precision 83%')).toBeVisible();
  await expect(page.getByText('Recall 42%')).toBeVisible();
  await shoot('sources-feedback');

  // Framing: three right. P = 1, R = 3/14, F1 = 6/17 → 3.53 points.
  await page.getByRole('button', { name: 'Next: Framing →' }).click();
  await mark('explosive', 'Loaded language');
  await mark('confessional bombshell', 'Loaded language');
  await mark('shocking admission', 'Loaded language');
  await page.getByRole('button', { name: 'Check my highlights' }).click();
  await expect(page.getByRole('heading', { name: /You found 3 of 14 framing choices/ })).toBeVisible();
  await expect(page.locator('.points')).toHaveText('3.53 of 10 points');

  // Unverified: two right, one with the wrong label. P = 2/3, R = 2/18, F1 = 4/21 → 1.9 points.
  await page.getByRole('button', { name: 'Next: Unverified statements →' }).click();
  await mark('Asif’s statement could pose a major diplomatic challenge for Islamabad', 'Speculation');
  await mark('As calls for accountability grow louder', 'Unattributed claim');
  await mark('The Indian government is yet to issue an official response', 'Speculation');
  await page.getByRole('button', { name: 'Check my highlights' }).click();
  await expect(page.getByRole('heading', { name: /You found 2 of 18 unverified statements/ })).toBeVisible();
  await expect(page.locator('.points')).toHaveText('1.9 of 10 points');
  await expect(page.getByText('You highlighted this as Speculation.')).toBeVisible();

  // Headline versus body: one of the two true statements → (1 − 0) / 2 × 4 = 2 points.
  await page.getByRole('button', { name: 'Next: Headline versus body →' }).click();
  await page.getByLabel(/The headline says “We Are Doing” \(now\)/).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator('.feedback-figure')).toHaveText('2 of 4 points');
  await shoot('choice-feedback');

  // Short answer: handed in, waiting for the teacher.
  await page.getByRole('button', { name: /Next: How would you check this quote/ }).click();
  await page.getByLabel(/How would you find out/).fill('I would find the Sky News interview video and compare his exact words with other reports.');
  await page.getByRole('button', { name: 'Hand in my answer' }).click();
  await expect(page.locator('.feedback-figure')).toHaveText('Sent to your teacher');

  // Summary: 5.56 + 3.53 + 1.9 + 2 = 12.99 of 34, one answer pending.
  await page.getByRole('button', { name: 'See my summary →' }).click();
  await expect(page.getByRole('heading', { name: 'Summary — attempt 1' })).toBeVisible();
  await expect(page.locator('.summary-total')).toContainText('12.99 of 34 points');
  await expect(page.locator('.summary-total')).toContainText('1 answer waiting for your teacher');
  await shoot('summary');

  // The library shows the result; trying again starts attempt 2 with nothing marked.
  await page.getByRole('button', { name: 'Back to the library' }).click();
  await expect(page.locator('.card-progress')).toHaveText('Done — 12.99 of 34 points (1 waiting for your teacher)');
  await page.getByRole('button', { name: /^Review: / }).click();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  await page.getByRole('button', { name: 'Start: Sources' }).click();
  await expect(page.getByRole('heading', { name: 'Your highlights (0)' })).toBeVisible();
});
