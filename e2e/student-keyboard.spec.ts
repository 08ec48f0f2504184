import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

// The mechanics run on the fixture lesson (the seed as it was), so they do not move with the seed's content.
test.use({ lessons: 'fixture' });

/** Presses Tab until the element is focused, as a keyboard user would. */
async function tabTo(page: Page, locator: ReturnType<Page['locator']>, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the element with Tab');
}

/** Word index of the first word of a quote, and how many words it spans, as the app segments the text. */
async function wordsOf(page: Page, quote: string, occurrence = 1) {
  return page.evaluate(
    ({ quote, occurrence }) => {
      const text = [...document.querySelectorAll('.article [data-b]')].map((el) => el.textContent).join('\n\n');
      let at = -1;
      for (let i = 0; i < occurrence; i++) at = text.indexOf(quote, at + 1);
      const words = [...new Intl.Segmenter('en', { granularity: 'word' }).segment(text)].filter((s) => s.isWordLike);
      const first = words.findIndex((w) => w.index >= at);
      const count = words.filter((w) => w.index >= at && w.index < at + quote.length).length;
      return { first, count };
    },
    { quote, occurrence },
  );
}

/** With the caret at word 0 of a freshly focused article: move to the quote, select it, label it. */
async function markWithKeys(page: Page, quote: string, labelKey: string, from: number) {
  const { first, count } = await wordsOf(page, quote);
  const moves = first - from;
  for (let i = 0; i < Math.abs(moves); i++) await page.keyboard.press(moves > 0 ? 'ArrowRight' : 'ArrowLeft');
  for (let i = 1; i < count; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press(labelKey);
  await expect(page.getByTestId('live-region')).toContainText(`Highlighted “${quote}”`);
  return first + count - 1;
}

test('a student completes the seed lesson with the keyboard only', async ({ page, server, shoot }) => {
  // About 400 key presses, each checked on the page: 26 s on an idle 2-core machine,
  // 35–46 s with one core busy elsewhere (three runs). The budget is that, doubled;
  // fewer presses (focus moved to each new screen) will make it shorter.
  test.setTimeout(90_000);
  await page.goto(server.url);
  await tabTo(page, page.getByLabel(/Type your name/));
  await page.keyboard.type('Keyboard Student');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Lessons' })).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: /^Start: / }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Start: Sources' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sources', level: 2 })).toBeVisible();

  // Sources: two with the keyboard.
  const article = page.getByRole('application');
  await tabTo(page, article);
  let caret = 0;
  caret = await markWithKeys(page, 'diplomatic sources', '2', caret);
  caret = await markWithKeys(page, 'a senior Indian security expert', '2', caret);
  await expect(page.getByRole('heading', { name: 'Your highlights (2)' })).toBeVisible();
  // Delete removes the highlight under the caret; Enter + a number relabels.
  await page.keyboard.press('Delete');
  await expect(page.getByRole('heading', { name: 'Your highlights (1)' })).toBeVisible();
  await page.keyboard.press('Escape');
  const back = await wordsOf(page, 'a senior Indian security expert');
  for (let i = caret; i > back.first; i--) await page.keyboard.press('ArrowLeft');
  for (let i = 1; i < back.count; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('toolbar')).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByTestId('live-region')).toContainText('Changed to Anonymous');
  await shoot('keyboard-sources');

  await tabTo(page, page.getByRole('button', { name: 'Check my highlights' }));
  await page.keyboard.press('Enter');
  // Two of twelve, both exact: P = 1, R = 2/12, F1 = 2/7 → 2.86 points.
  await expect(page.getByRole('heading', { name: /You found 2 of 12 sources/ })).toBeVisible();
  await expect(page.locator('.points')).toHaveText('2.86 of 10 points');

  // Framing and unverified: one each.
  for (const [title, quote, key] of [
    ['Framing', 'explosive', '1'],
    ['Unverified statements', 'As calls for accountability grow louder', '2'],
  ] as const) {
    await tabTo(page, page.getByRole('button', { name: `Next: ${title} →` }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('application'));
    await markWithKeys(page, quote, key, 0);
    await tabTo(page, page.getByRole('button', { name: 'Check my highlights' }));
    await page.keyboard.press('Enter');
    await expect(page.locator('.points')).toBeVisible();
  }
  // Framing: 1 of 14 → F1 = 2/15 → 1.33; unverified: 1 of 18 → F1 = 2/19 → 1.05.
  await expect(page.locator('.points')).toHaveText('1.05 of 10 points');

  // Choice with Space on checkboxes.
  await tabTo(page, page.getByRole('button', { name: 'Next: Headline versus body →' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel(/The headline says “We Are Doing”/));
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Check my answer' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.feedback-figure')).toHaveText('4 of 4 points');

  // Short answer.
  await tabTo(page, page.getByRole('button', { name: /Next: How would you check/ }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel(/How would you find out/));
  await page.keyboard.type('Find the original Sky News video and compare it with other reports.');
  await tabTo(page, page.getByRole('button', { name: 'Hand in my answer' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'See my summary →' }));
  await page.keyboard.press('Enter');
  // 2.86 + 1.33 + 1.05 + 4 = 9.24 of 34.
  await expect(page.locator('.summary-total')).toContainText('9.24 of 34 points');
});
