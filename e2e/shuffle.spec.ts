import type { Page } from '@playwright/test';
import { expect, newStudent, skipFirstReactions, test, type LedeServer } from './fixtures.ts';

// Issue 18: in the seed lesson every true option came first, so "tick the top
// ones" won. Each attempt now has its own order of options: two students side by
// side (two browsers) see "Who is behind this?" in two orders, the same after a
// reload, and each is scored on what they chose, not on where it was.

const WRITTEN = ['no-outlet', 'search-headline', 'byline', 'image-credit', 'spelling', 'from-sky-news', 'looks-professional', 'names-minister'];

/** The options of the step on screen, as shown (their ids, top to bottom). */
const shownOrder = (page: Page) => page.locator('.choices input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

async function openWhoIsBehind(page: Page, server: LedeServer, name: string) {
  await newStudent(page, server, name);
  await page.getByRole('button', { name: /^Start: / }).click();
  await page.getByRole('button', { name: 'Start: Who is behind this?' }).click();
  await expect(page.getByRole('heading', { name: 'Who is behind this?', level: 2 })).toBeVisible();
}

test('two students see the options of the seed lesson’s choice step in different orders, and each is scored on what they chose', async ({ browser, server }) => {
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [ana, ben] = await Promise.all(contexts.map((c) => c.newPage()));
    await Promise.all([ana!, ben!].map(skipFirstReactions));
    await openWhoIsBehind(ana!, server, 'Ana Shuffle');
    await openWhoIsBehind(ben!, server, 'Ben Shuffle');
    const anaOrder = await shownOrder(ana!);
    const benOrder = await shownOrder(ben!);
    // The same eight options for both, in two different orders (the same order by chance: 1 in 40,320).
    expect([...anaOrder].sort()).toEqual([...WRITTEN].sort());
    expect([...benOrder].sort()).toEqual([...WRITTEN].sort());
    expect(anaOrder).not.toEqual(benOrder);
    await ana!.screenshot({ path: 'test-results/screens/choice-shuffled-ana.png' });
    await ben!.screenshot({ path: 'test-results/screens/choice-shuffled-ben.png' });

    // Each order is the attempt's own: a reload shows it again.
    await ana!.reload();
    await expect(ana!.getByRole('heading', { name: 'Who is behind this?', level: 2 })).toBeVisible();
    expect(await shownOrder(ana!)).toEqual(anaOrder);

    // Ana: three of the four true statements and one of the four untrue → (3/4 − 1/4) × 4 points = 2 points.
    await ana!.getByLabel(/does not name the website/).check();
    await ana!.getByLabel(/Neha Kumari/).check();
    await ana!.getByLabel(/credited only to “Twitter”/).check();
    await ana!.getByLabel('The story comes from Sky News.').check();
    await ana!.getByRole('button', { name: 'Check my answer' }).click();
    await expect(ana!.locator('.feedback-figure')).toHaveText('2 of 4 points');
    await expect(ana!.locator('.choice-outcome')).toHaveText('You chose 3 of the 4 true statements, and 1 that is not true.');
    // The feedback keeps Ana's order.
    expect(await shownOrder(ana!)).toEqual(anaOrder);

    // Ben: searching the headline, true, and nothing else → 1/4 × 4 = 1 point.
    await ben!.getByLabel(/Searching the story's exact headline/).check();
    await ben!.getByRole('button', { name: 'Check my answer' }).click();
    await expect(ben!.locator('.feedback-figure')).toHaveText('1 of 4 points');
    await expect(ben!.locator('.choice-outcome')).toHaveText('You chose 1 of the 4 true statements, and none that is not true.');
    expect(await shownOrder(ben!)).toEqual(benOrder);
    // Each option's verdict is said beside it, by its words, never by its place.
    await expect(ben!.locator('.choice').filter({ hasText: 'The story comes from Sky News.' })).toContainText('Not true, and you left it out.');
    // The two spellings are no clue to who published the page (review S16): not true.
    await expect(ben!.locator('.choice').filter({ hasText: /The two spellings of his name/ })).toContainText('Not true, and you left it out.');
    await expect(ben!.locator('.choice').filter({ hasText: /does not name the website/ })).toContainText('You did not choose this, but it is true.');
    await ben!.screenshot({ path: 'test-results/screens/choice-shuffled-feedback-ben.png' });
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});
