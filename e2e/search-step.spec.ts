import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, lede, newStudent, noSeriousViolations, ROOT, test } from './fixtures.ts';

// The seed lesson's search step ("Leave the page"): a simulated results page where the
// student chooses which result to open first for each goal, and why. One goal with the
// mouse, the other with the keyboard only; then the feedback on every result, on a
// desktop window and on a 320 px phone.

const DOCS = join(ROOT, 'docs');

async function openSearchStep(page: Page) {
  await page.getByRole('button', { name: /^Start: / }).click();
  await page.getByRole('button', { name: 'Start: Who is behind this?' }).click();
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await expect(page.getByRole('heading', { name: 'Leave the page', level: 2 })).toBeVisible();
}

/** Presses Tab until `target` has focus (at most `max` presses). */
async function tabTo(page: Page, target: Locator, max = 12) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** With a radio group's first radio focused: Space checks it, then ↓ moves to (and checks) the one whose value is `value`. */
async function arrowTo(page: Page, group: Locator, value: string) {
  const values = await group.getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const at = values.indexOf(value);
  expect(at, `${value} is one of ${values.join(', ')}`).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Space');
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
  await expect(group.locator(`input[value="${value}"]`)).toBeChecked();
}

test('a student chooses which result to open first, with the mouse and with the keyboard, and reads why for every result', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await newStudent(page, server, 'Search Student');
  await openSearchStep(page);
  const goals = page.locator('.search-question');
  await expect(goals).toHaveCount(2);
  await expect(goals.nth(0).getByRole('heading')).toHaveText('Goal 1 of 2: Find out which website published the story you are reading.');
  await expect(goals.nth(0).locator('.search-query')).toHaveText("\"Pakistan Defence Minister Khawaja Asif's Candid Admission on Terrorism\"");
  // A simulated page: six results on the second search, addresses as text, nothing a link.
  await expect(goals.nth(1).getByRole('group', { name: 'Which result would you open first?' }).getByRole('radio')).toHaveCount(6);
  await expect(page.locator('.search-results a')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check my answer' })).toBeDisabled();
  await expect(page.getByText('Choose a result and a reason for every goal (0 of 2 done).')).toBeVisible();
  await noSeriousViolations(page, 'search step');

  // Goal 1 with the mouse: the page on dnpindia.in (the best first click), for a poor reason ("near the top").
  const results1 = goals.nth(0).getByRole('group', { name: 'Which result would you open first?' });
  const reasons1 = goals.nth(0).getByRole('group', { name: /Why open it first\?/ });
  await expect(reasons1.getByRole('radio').first()).toBeDisabled(); // a reason comes after a result
  await results1.getByRole('radio', { name: /^Pakistan Defence Minister.* dnpindia\.in/ }).check();
  await reasons1.getByRole('radio', { name: 'It is near the top of the results, so it is the most reliable.' }).check();

  // Goal 2 with the keyboard only: Tab into the results (arrow keys move between them), then into the reasons.
  const results2 = goals.nth(1).getByRole('group', { name: 'Which result would you open first?' });
  const reasons2 = goals.nth(1).getByRole('group', { name: /Why open it first\?/ });
  await tabTo(page, results2.getByRole('radio').first(), 3);
  await arrowTo(page, results2, 'reupload'); // the re-upload: acceptable (½), not the best
  await tabTo(page, reasons2.getByRole('radio').first(), 3);
  await arrowTo(page, reasons2, 'original'); // the right reason
  await expect(page.getByText('Choose a result and a reason for every goal')).toHaveCount(0);

  // The picks are saved: a reload brings them back.
  await expect(page.locator('.save-status')).toHaveText(/Saved/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Leave the page', level: 2 })).toBeVisible();
  await expect(results1.getByRole('radio', { name: /^Pakistan Defence Minister.* dnpindia\.in/ })).toBeChecked();
  await expect(reasons2.locator('input[value="original"]')).toBeChecked();
  await page.screenshot({ path: join(DOCS, 'search-step.png') });

  await tabTo(page, page.getByRole('button', { name: 'Check my answer' }), 30);
  await page.keyboard.press('Enter');
  // Goal 1: the best click (1) with a wrong reason: 1 × ½ = ½. Goal 2: the re-upload (½) with the right reason: ½ × 1 = ½.
  // (½ + ½) ÷ 2 × 4 points = 2 points.
  await expect(page.locator('.feedback-figure')).toHaveText('2 of 4 points');
  await expect(page.locator('.choice-outcome')).toHaveText('You chose the best first click for 1 of 2 goals, an acceptable one for 1, and the right reason for 1 of 2.');
  // Every result is explained: the one chosen, the best one, and the poor ones.
  await expect(goals.nth(0).locator('.search-result .choice-feedback')).toHaveCount(5);
  await expect(goals.nth(1).locator('.search-result .choice-feedback')).toHaveCount(6);
  await expect(goals.nth(0).locator('.result-chosen')).toContainText('You would open this first: the best first click. The exact headline, the same byline and the same opening words, at dnpindia.in: DNP India.');
  await expect(goals.nth(1).locator('.result-chosen')).toContainText('You would open this first: acceptable (50%), not the best. It may be the same clip');
  await expect(goals.nth(1).locator('.result-best')).toContainText('The best first click. The interview was on Sky News, on “The World with Yalda Hakim”');
  await expect(goals.nth(1).locator('.search-result', { hasText: 'A post quoting the minister’s words' })).toContainText('A poor first click. Words in quotation marks with no clip and no link are a copy of a copy');
  await expect(reasons1.locator('.choice-selected')).toContainText('Your reason, but not the best one. The order of results says what a search engine ranks first');
  await expect(reasons1.locator('.choice-correct')).toContainText('A good reason. Yes: the same headline and opening words');
  await noSeriousViolations(page, 'search feedback');
  await goals.nth(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(DOCS, 'search-feedback.png') });

  // The summary says it in words.
  await page.getByRole('navigation', { name: 'Lesson steps' }).getByRole('button', { name: /How would you check/ }).click();
  await page.locator('textarea').fill('Find the broadcast.');
  await page.getByRole('button', { name: 'Hand in my answer' }).click();
  await page.getByRole('button', { name: 'Save my check and see the model answer' }).click();
  await page.getByRole('button', { name: 'See my summary →' }).click();
  await expect(page.getByRole('row', { name: /Leave the page/ })).toContainText('Best first click: 1 of 2, acceptable: 1; right reason: 1 of 2');
  await expect(page.getByRole('row', { name: /Leave the page/ })).toContainText('2 / 4');
});

test('the search step fits a 320 px phone: nothing wider than the window, before and after checking', async ({ page, server }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await newStudent(page, server, 'Phone Searcher');
  await openSearchStep(page);
  const fits = () => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth, wide: [...document.querySelectorAll('.search-step *')].filter((el) => el.getBoundingClientRect().right > innerWidth + 1).length }));
  expect(await fits()).toEqual({ scroll: 320, width: 320, wide: 0 });
  const goals = page.locator('.search-question');
  for (let g = 0; g < 2; g++) {
    await goals.nth(g).getByRole('group', { name: 'Which result would you open first?' }).getByRole('radio').first().check();
    await goals.nth(g).getByRole('group', { name: /Why open it first\?/ }).getByRole('radio').first().check();
  }
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator('.feedback-figure')).toBeVisible();
  expect(await fits()).toEqual({ scroll: 320, width: 320, wide: 0 });
  await noSeriousViolations(page, 'search feedback on a phone');
  await goals.nth(0).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(DOCS, 'search-step-phone.png') });
});

test('the teacher reviews a student’s search step: what they would open first and why, beside the key', async ({ page, ownServer: server }) => {
  test.setTimeout(120_000);
  const made = lede('sample-class', '--db', server.db, '--students', '6', '--class', 'Year 9 Search');
  expect(made.code, made.err).toBe(0);
  await page.goto(server.setupUrl);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Teacher area' }).click();
  await page.getByLabel('New PIN').fill('2468');
  await page.getByLabel('The same PIN again').fill('2468');
  await page.getByRole('button', { name: 'Set PIN and open' }).click();
  await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Year 9 Search/ }).click();
  const row = page.locator('.results-table tbody tr').filter({ has: page.getByRole('button', { name: 'to grade' }) }).first();
  await row.getByRole('button', { name: 'to grade' }).click();
  await page.getByRole('tab', { name: /Leave the page/ }).click();
  const goals = page.locator('.search-question');
  await expect(goals).toHaveCount(2);
  // Each goal: the student's first click, marked, with why; the best result named for the teacher too.
  for (const [g, radios] of [[0, 5 + 4], [1, 6 + 4]] as const) {
    await expect(goals.nth(g).locator('.result-chosen')).toContainText(/The student would open this first: (the best first click|acceptable \(\d+%\), not the best|a poor first click)\./);
    await expect(goals.nth(g).locator('.result-best')).toHaveCount(1);
    await expect(goals.nth(g).getByRole('radio')).toHaveCount(radios); // every result and every reason
  }
  await expect(page.locator('.search-step input:enabled')).toHaveCount(0);
  await noSeriousViolations(page, 'teacher review of a search step');
  await page.screenshot({ path: join(ROOT, 'test-results', 'screens', 'search-teacher-review.png'), fullPage: true });
});
