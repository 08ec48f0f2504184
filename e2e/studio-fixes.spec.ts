import type { Page } from '@playwright/test';
import { expect, openLessonCopy, teacherCall, test } from './fixtures.ts';
import { dragSelect } from './text.ts';

// From a teacher's walk-through of the editor: the assistant remembers what was
// accepted or dismissed, an identical key item is never added twice, the focus lands
// somewhere sensible after every action, and the article's text can be corrected
// after the draft was made (sent with the check and the save, read back from the file).
test.use({ lessons: 'fixture' });

const steps = (page: Page) => page.getByRole('navigation', { name: 'Steps of the lesson' });
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

test('the assistant keeps what was accepted and dismissed; an identical item is refused by every route', async ({ page, ownServer: server }) => {
  await openLessonCopy(page, server);
  await steps(page).getByRole('button', { name: /Sources/ }).click();
  await expect(page.getByRole('heading', { name: 'Key items (12)' })).toBeVisible();

  await page.getByRole('button', { name: 'Suggest key items' }).click();
  const proposals = page.getByRole('list', { name: /^Proposals for Sources/ }).getByRole('listitem');
  await expect(proposals.first()).toBeVisible();
  const before = await proposals.count();
  expect(before).toBeGreaterThanOrEqual(3);
  /** Each listed proposal as “words” · label. */
  const listed = async () => {
    const quotes = await proposals.locator('.quote-link').allTextContents();
    const labels = await proposals.locator('.ed-proposal-label').allTextContents();
    return quotes.map((q, i) => `${q} · ${labels[i]!.trim()}`);
  };
  const all = await listed();
  const accepted = all[0]!;
  await proposals.nth(0).getByRole('button', { name: /^Accept/ }).click();
  await expect(page.getByRole('heading', { name: 'Key items (13)' })).toBeVisible();
  const dismissed = (await listed())[0]!;
  expect(dismissed).not.toBe(accepted);
  await proposals.nth(0).getByRole('button', { name: /^Dismiss/ }).click();
  // Every proposal of the same words and label goes with it (the key has them, or the teacher said no).
  const left = all.filter((p) => p !== accepted && p !== dismissed);
  expect(left.length).toBeGreaterThan(0);
  expect(left.length).toBeLessThanOrEqual(before - 2);
  await expect.poll(listed).toEqual(left);

  // Another step and back: what was handled stays handled.
  await steps(page).getByRole('button', { name: /Framing/ }).click();
  await steps(page).getByRole('button', { name: /Sources/ }).click();
  await expect.poll(listed).toEqual(left);
  // Asked again: the handled ones are not listed again (and the accepted one is a key item now).
  await page.getByRole('button', { name: 'Suggest key items again' }).click();
  await expect(page.getByRole('button', { name: 'Suggest key items again' })).toBeEnabled();
  const again = await listed();
  expect(again).toEqual(expect.arrayContaining(left));
  expect(again).not.toContain(accepted);
  expect(again).not.toContain(dismissed);
  const acceptedWords = accepted.replace(/^“(.*)” · .*$/, '$1');
  await expect(page.getByRole('heading', { name: 'Key items (13)' })).toBeVisible();

  // The same words with the same label, selected in the article: refused, with a message, and that item gets the focus.
  await steps(page).getByRole('button', { name: /Framing/ }).click();
  await expect(page.getByRole('heading', { name: /^Key items \(/ })).toHaveText(/Key items \((\d+)\)/);
  const framingCount = Number(/\((\d+)\)/.exec((await page.getByRole('heading', { name: /^Key items \(/ }).textContent()) ?? '')![1]);
  await dragSelect(page, 'explosive');
  await page.getByRole('toolbar', { name: 'Label “explosive”' }).getByRole('button', { name: 'Loaded language' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'already marks “explosive” as Loaded language: nothing was added.' });
  await expect(notice).toBeVisible();
  await expect(page.getByRole('heading', { name: `Key items (${framingCount})` })).toBeVisible();
  const dupOf = Number(/^Item (\d+)/.exec((await notice.textContent()) ?? '')![1]);
  expect(await focusedId(page)).toBe(`fx-exercises-1-key-${dupOf - 1}`);

  // Another label for the same words is another item (allowed) — but changing it to the first one's label is refused.
  await dragSelect(page, 'explosive');
  await page.getByRole('toolbar', { name: 'Label “explosive”' }).getByRole('button', { name: 'Exaggeration' }).click();
  await expect(page.getByRole('heading', { name: `Key items (${framingCount + 1})` })).toBeVisible();
  const label = page.getByRole('combobox', { name: `Label of item ${framingCount + 1}` });
  await label.selectOption({ label: 'Loaded language' });
  await expect(page.getByRole('status').filter({ hasText: `already marks these words as Loaded language: item ${framingCount + 1} keeps its label.` })).toBeVisible();
  await expect(label).toHaveValue('exaggeration');

  // Saved: exactly one "explosive" item is Loaded language.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);
  const saved = await teacherCall<{ data: { exercises: { key: { quote?: string; label: string }[] }[] } }>(page, 'studioOpen', { lessonId: 'asif-dirty-work-copy' });
  expect(saved.data.exercises[1]!.key.filter((k) => k.quote === 'explosive').map((k) => k.label)).toEqual(['loaded', 'exaggeration']);
  expect(saved.data.exercises[0]!.key.filter((k) => k.quote === acceptedWords)).toHaveLength(1);
});

test('the focus lands somewhere sensible after each action', async ({ page, ownServer: server }) => {
  await openLessonCopy(page, server);
  await steps(page).getByRole('button', { name: /Framing/ }).click();
  const live = page.getByTestId('live-region');

  // A new item: its explanation is focused, and "it is empty" is a quiet hint until the field is left.
  await dragSelect(page, 'Candid Admission');
  await page.getByRole('toolbar', { name: 'Label “Candid Admission”' }).getByRole('button', { name: 'Exaggeration' }).click();
  const count = Number(/\((\d+)\)/.exec((await page.getByRole('heading', { name: /^Key items \(/ }).textContent()) ?? '')![1]);
  const explanation = page.getByLabel(`Explanation of item ${count} (students read it after checking)`);
  await expect(explanation).toBeFocused();
  const card = page.locator(`#fx-exercises-1-key-${count - 1}`);
  await expect(card.locator('.ed-quiet')).toHaveText(/explanation/i);
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect(explanation).not.toHaveAttribute('aria-invalid', 'true');
  await explanation.blur();
  await expect(card.getByRole('alert')).toContainText(/explanation/i);
  await expect(explanation).toHaveAttribute('aria-invalid', 'true');

  // Identifying words inside the new item's place (mouse): the item's card takes the focus.
  await dragSelect(page, 'Candid');
  await page.getByRole('button', { name: `Make these the identifying words of item ${count}` }).click();
  await expect(card).toBeFocused();
  await expect(card.getByText('Identifying words: “Candid”')).toBeVisible();
  await expect(live).toContainText(`Item ${count}: “Candid” are its identifying words.`);

  // Another place of the item (keyboard): Tab to the action, Enter; the card is focused.
  await dragSelect(page, 'candid', 1);
  const another = page.getByRole('button', { name: `Add as another place of item ${count}` });
  await another.focus();
  await page.keyboard.press('Enter');
  await expect(card).toBeFocused();
  await expect(card.getByRole('list', { name: `Places of item ${count}` }).getByRole('listitem')).toHaveCount(2);

  // Remove: asked in the page (no browser dialog), "Keep it" first; removed, the item before it is focused.
  page.on('dialog', () => {
    throw new Error('no browser dialog');
  });
  await card.getByRole('button', { name: `Remove item ${count}` }).click();
  const question = card.getByRole('group', { name: /^Remove item \d+/ });
  await expect(question.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await question.getByRole('button', { name: 'Remove it' }).click();
  await expect(page.getByRole('heading', { name: `Key items (${count - 1})` })).toBeVisible();
  expect(await focusedId(page)).toBe(`fx-exercises-1-key-${count - 2}`);

  // A step moved down: the moved step's "down" button keeps the focus, and the move is said.
  await steps(page).getByRole('button', { name: `Move step 2 down` }).click();
  expect(await focusedId(page)).toBe('ed-step-down-2');
  expect(await focusedName(page)).toBe('Move step 3 down');
  await expect(live).toContainText('Step “Framing” moved to place 3 of 5.');
  await expect(steps(page).locator('li.current')).toContainText('Framing');
  // To the last place: its "down" is disabled, so "up" has the focus.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  expect(await focusedId(page)).toBe('ed-step-up-4');

  // A choice option moved: the same button of the moved option is focused.
  await page.getByLabel('Add a step').selectOption({ label: 'Choice question' });
  await page.getByRole('button', { name: 'Add step' }).click();
  await expect(page.getByLabel('Step title')).toBeFocused();
  await page.getByRole('button', { name: 'Move option 1 down' }).click();
  expect(await focusedName(page)).toBe('Move option 2 up');
  await expect(live).toContainText('Option 1 moved to place 2 of 2.');
  // The fix list names the field.
  await expect(page.locator('.ed-summary-list').getByRole('button', { name: /^Step 6( \(.*\))?, Option 1 text:/ })).toBeVisible();

  // Delete step: asked in the page; deleted, the step now in its place is focused.
  await steps(page).getByRole('button', { name: 'Delete step 6' }).click();
  await expect(steps(page).getByRole('button', { name: 'Keep it' })).toBeFocused();
  await steps(page).getByRole('button', { name: 'Delete the step' }).click();
  expect(await focusedId(page)).toBe('ed-step-4');

  // Preview and back: the focus returns to "Preview as a student".
  await page.getByRole('button', { name: 'Preview as a student' }).click();
  await page.getByRole('button', { name: 'Back to the editor' }).first().click();
  await expect(page.getByRole('button', { name: 'Preview as a student' })).toBeFocused();

  // Save keeps the focus on Save.
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /Saved/ })).toBeVisible();
  await expect(save).toBeFocused();
});

test('the article’s text is corrected after the draft: paragraphs changed, removed (with undo) and added, checked and saved', async ({ page, ownServer: server, shoot }) => {
  await openLessonCopy(page, server);
  const opened = await teacherCall<{ body: { kind: string; text: string }[] }>(page, 'studioOpen', { lessonId: 'asif-dirty-work-copy' });
  const p1 = opened.body.findIndex((b) => b.kind === 'paragraph');
  const first = opened.body[p1]!.text;
  expect(first).toContain('interview with Sky News');

  // Proposals asked for first: they go when the text changes.
  await steps(page).getByRole('button', { name: /Sources/ }).click();
  await page.getByRole('button', { name: 'Suggest key items' }).click();
  await expect(page.getByRole('list', { name: /^Proposals for Sources/ })).toBeVisible();

  await steps(page).getByRole('button', { name: 'Lesson details' }).click();
  const section = page.getByRole('region', { name: 'Lesson details' });
  await expect(section.getByRole('heading', { name: 'Article text' })).toBeVisible();
  const box = section.getByLabel('Paragraph 1', { exact: true });
  await expect(box).toHaveValue(first);
  // A correction that takes a key item's words out of the text: the item says so (the server's check).
  await box.fill(first.replace('interview with Sky News', 'interview with a TV channel'));
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await steps(page).getByRole('button', { name: /Sources/ }).click();
  await expect(page.getByRole('list', { name: /^Proposals for Sources/ })).toHaveCount(0);
  await expect(page.getByText('The article’s text changed: ask for proposals again.')).toBeVisible();
  const broken = page.locator('#fx-exercises-0-key-4');
  await expect(broken.getByRole('alert').first()).toBeVisible();
  await expect(broken.getByText('— not found in the article')).toBeVisible();

  // Put it back; add a paragraph at the end, and a leftover line that is removed (undone once, then removed again).
  await steps(page).getByRole('button', { name: 'Lesson details' }).click();
  await box.fill(first);
  const paragraphs = opened.body.filter((b) => b.kind === 'paragraph').length;
  await section.getByRole('button', { name: 'Add a paragraph at the end' }).click();
  const added = section.getByLabel(`Paragraph ${paragraphs + 1}`, { exact: true });
  await expect(added).toBeFocused();
  await added.fill('A paragraph the page left out, added by the teacher.');
  await section.getByRole('button', { name: 'Add a paragraph at the end' }).click();
  const leftover = section.getByLabel(`Paragraph ${paragraphs + 2}`, { exact: true });
  await leftover.fill('Read more');
  await section.getByRole('button', { name: `Remove Paragraph ${paragraphs + 2}`, exact: true }).click();
  const undo = section.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  await undo.click();
  await expect(leftover).toHaveValue('Read more');
  await expect(leftover).toBeFocused();
  await section.getByRole('button', { name: `Remove Paragraph ${paragraphs + 2}`, exact: true }).click();
  await expect(leftover).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /things? to fix before students/ })).toHaveCount(0);
  await added.scrollIntoViewIfNeeded();
  await shoot('studio-article-text-1280');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);
  const saved = await teacherCall<{ body: { kind: string; text: string }[]; check: { ok: boolean } }>(page, 'studioOpen', { lessonId: 'asif-dirty-work-copy' });
  expect(saved.check.ok).toBe(true);
  expect(saved.body).toHaveLength(opened.body.length + 1);
  expect(saved.body[p1]!.text).toBe(first);
  expect(saved.body.slice(0, -1)).toEqual(opened.body);
  expect(saved.body.at(-1)).toEqual({ kind: 'paragraph', text: 'A paragraph the page left out, added by the teacher.' });
});

