import type { Page } from '@playwright/test';
import { chooseTeacherPin, expect, test, teacherCall } from './fixtures.ts';
import { dragSelect } from './text.ts';

// The lesson studio's editor: a shipped lesson copied to edit, key items made by
// selecting words with the mouse and with the keyboard, live validation beside the
// field, the drafting assistant's proposals accepted or dismissed one by one, a
// choice step added, the lesson saved and its key read back from the lesson file.
test.use({ lessons: 'fixture' });

interface KeyItem {
  quote?: string;
  occurrence?: number;
  label: string;
  explanation: string;
  mentions?: { quote: string }[];
}
interface Step {
  id: string;
  kind: string;
  title: string;
  key?: KeyItem[];
  options?: { id: string; text: string; correct?: boolean; feedback: string; fixed?: boolean }[];
}


const item = (page: Page, quote: string) => page.locator('.ed-item').filter({ has: page.getByRole('button', { name: `“${quote}”`, exact: true }) });

test('a teacher edits a copy of a lesson: key items by mouse and keyboard, live checks, the assistant, a choice step, saved', async ({ page, ownServer: server, shoot }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await chooseTeacherPin(page, server, '2468');

  // A copy of the lesson (the lessons screen's "Make a copy to edit"), opened in the editor.
  const copy = await teacherCall<{ lessonId: string }>(page, 'studioCopy', { lessonId: 'asif-dirty-work' });
  expect(copy.lessonId).toBe('asif-dirty-work-copy');
  await page.goto(`${server.url}#/teacher/lessons/edit/asif-dirty-work-copy`);
  await expect(page.getByText('Editing lesson')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /\(copy\)$/ })).toBeVisible();
  await expect(page.getByText('Ready for students')).toBeVisible();

  // The Sources step: its key painted in the article, its items listed.
  await page.getByRole('navigation', { name: 'Steps of the lesson' }).getByRole('button', { name: /Sources/ }).click();
  await expect(page.getByRole('heading', { name: 'Key items (12)' })).toBeVisible();
  expect(await page.evaluate(() => CSS.highlights.get('lede-label-0')?.size ?? 0)).toBeGreaterThan(0);

  // ── A new item by mouse selection and a label ──
  await dragSelect(page, 'The Indian government');
  const picker = page.getByRole('toolbar', { name: 'Label “The Indian government”' });
  await expect(picker).toBeVisible();
  await picker.getByRole('button', { name: 'Named' }).click();
  await expect(page.getByRole('heading', { name: 'Key items (13)' })).toBeVisible();
  const byMouse = item(page, 'The Indian government');
  const explanation = byMouse.getByLabel('Explanation of item 13 (students read it after checking)');
  // Focus goes to the new item's explanation; the check asks for one, beside it, in plain words — a quiet hint while the teacher is about to write it.
  await expect(explanation).toBeFocused();
  await expect(byMouse.locator('.ed-quiet')).toContainText(/explanation/i);
  await expect(byMouse.getByRole('alert')).toHaveCount(0);
  await expect(explanation).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: '1 thing to fix before students can use this lesson' })).toBeVisible();
  await explanation.fill('The government is named, but the story only says it has not answered yet: it is not a source of anything here.');
  await expect(byMouse.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /things? to fix before students/ })).toHaveCount(0);
  await expect(page.getByText('Unsaved changes')).toBeVisible();

  // ── A new item by keyboard: Tab to the article, move, select, press the label's number ──
  const article = page.getByRole('application', { name: /^Article:/ });
  await article.focus();
  await page.keyboard.press('ArrowDown'); // the standfirst
  await page.keyboard.press('ArrowDown'); // the byline
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('live-region')).toContainText('Selected “Neha Kumari”');
  await page.keyboard.press('1');
  await expect(page.getByRole('heading', { name: 'Key items (14)' })).toBeVisible();
  const byKeyboard = item(page, 'Neha Kumari');
  await expect(byKeyboard.getByRole('combobox', { name: 'Label of item 14' })).toHaveValue('named');
  await expect(byKeyboard.getByLabel(/Explanation of item 14/)).toBeFocused();
  await page.keyboard.type('She wrote the story; the story names her, so you could look up what else she writes.');
  await expect(byKeyboard.getByRole('alert')).toHaveCount(0);

  // Painting a new item is quick (measured from the label to the painted frame).
  const timings = await page.evaluate(() => (window as Window & { __ledeEditorTimings?: number[] }).__ledeEditorTimings ?? []);
  expect(timings).toHaveLength(2);
  test.info().annotations.push({ type: 'paint ms', description: timings.map((t) => t.toFixed(1)).join(', ') });

  // ── The assistant: each proposal with its reason; accept one, dismiss another ──
  await page.getByRole('button', { name: 'Suggest key items' }).click();
  const proposals = page.getByRole('list', { name: /^Proposals for Sources/ }).getByRole('listitem');
  await expect(proposals.first()).toBeVisible();
  const before = await proposals.count();
  expect(before).toBeGreaterThanOrEqual(2);
  await expect(proposals.first().locator('.ed-reason')).not.toBeEmpty();
  expect(await page.evaluate(() => CSS.highlights.get('lede-ed-proposal')?.size ?? 0)).toBeGreaterThanOrEqual(2);
  const quoteOf = async (n: number) => ((await proposals.nth(n).locator('.quote-link').textContent()) ?? '').replace(/^“|”$/g, '');
  /** Each listed proposal as “words” · label (a proposal of words and a label the key has is not listed). */
  const listed = async () => {
    const quotes = await proposals.locator('.quote-link').allTextContents();
    const labels = await proposals.locator('.ed-proposal-label').allTextContents();
    return quotes.map((q, i) => `${q} · ${labels[i]!.trim()}`);
  };
  const all = await listed();
  const accepted = await quoteOf(0);
  await proposals.nth(0).getByRole('button', { name: /^Accept/ }).click();
  await expect(page.getByRole('heading', { name: 'Key items (15)' })).toBeVisible();
  const fromAssistant = item(page, accepted);
  await expect(fromAssistant.getByLabel(/Explanation of item 15/)).toBeFocused();
  await expect(fromAssistant.locator('.ed-quiet')).toContainText(/explanation/i);
  await fromAssistant.getByLabel(/Explanation of item 15/).fill('Proposed by the assistant and checked by the teacher: it is a source the story relies on.');
  const afterAccept = all.filter((p) => p !== all[0]);
  await expect.poll(listed).toEqual(afterAccept);
  const dismissed = await quoteOf(0);
  await proposals.nth(0).getByRole('button', { name: /^Dismiss/ }).click();
  await expect.poll(listed).toEqual(afterAccept.filter((p) => p !== afterAccept[0]));
  expect(await proposals.count()).toBeLessThanOrEqual(before - 2);
  await expect(page.getByRole('heading', { name: 'Key items (15)' })).toBeVisible();
  await expect(fromAssistant.getByRole('alert')).toHaveCount(0);
  await shoot('studio-editor-highlight-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  // A phone shows the article or the step: the step's key is under "Step 1".
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Step 1' }).click();
  await byKeyboard.scrollIntoViewIfNeeded();
  await shoot('studio-editor-highlight-390');
  await page.setViewportSize({ width: 1280, height: 800 });

  // ── A choice step from its template: two options, one correct ──
  await page.getByLabel('Add a step').selectOption({ label: 'Choice question' });
  await page.getByRole('button', { name: 'Add step' }).click();
  await expect(page.getByText('Step 6', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Step title')).toBeFocused();
  await page.getByLabel('Step title').fill('Who is named?');
  await page.getByLabel('Instructions for students').fill('Which of these sources does the story name?');
  await page.getByLabel('Option 1', { exact: true }).fill('A senior Indian security expert');
  await page.getByLabel('What the student reads about it after checking').nth(0).fill('No: the story does not give the expert’s name.');
  await page.getByLabel('Option 2', { exact: true }).fill('Khawaja Asif');
  await page.getByLabel('What the student reads about it after checking').nth(1).fill('Yes: the story names him, and quotes him.');
  const correct = page.getByRole('checkbox', { name: 'Correct answer' });
  await correct.nth(1).check();
  await expect(correct.nth(0)).not.toBeChecked(); // one answer only
  // Students see the options shuffled; this one keeps its place (the second).
  await page.getByRole('checkbox', { name: 'Keep in this position' }).nth(1).check();
  await expect(page.getByRole('heading', { name: /things? to fix before students/ })).toHaveCount(0);
  await shoot('studio-editor-choice-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel('Option 2', { exact: true }).scrollIntoViewIfNeeded();
  await shoot('studio-editor-choice-390');
  await page.setViewportSize({ width: 1280, height: 800 });

  // ── Save (Ctrl+S), and read the lesson file back ──
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: /^Saved\. Students see the changes\./ })).toBeVisible();
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);

  const saved = await teacherCall<{ data: { exercises: Step[] }; check: { ok: boolean; problems: unknown[] } }>(page, 'studioOpen', { lessonId: 'asif-dirty-work-copy' });
  expect(saved.check).toMatchObject({ ok: true, problems: [] });
  const sources = saved.data.exercises[0]!;
  expect(sources.key).toHaveLength(15);
  expect(sources.key![12]).toEqual({
    quote: 'The Indian government',
    label: 'named',
    explanation: 'The government is named, but the story only says it has not answered yet: it is not a source of anything here.',
  });
  expect(sources.key![13]).toEqual({ quote: 'Neha Kumari', label: 'named', explanation: 'She wrote the story; the story names her, so you could look up what else she writes.' });
  expect(sources.key![14]).toMatchObject({ quote: accepted, explanation: 'Proposed by the assistant and checked by the teacher: it is a source the story relies on.' });
  if (dismissed !== accepted) expect(sources.key!.some((k) => k.quote === dismissed)).toBe(false);
  const choice = saved.data.exercises[5]!;
  expect(choice).toMatchObject({ kind: 'choice', title: 'Who is named?', prompt: 'Which of these sources does the story name?' });
  expect(choice.options).toEqual([
    { id: 'a', text: 'A senior Indian security expert', correct: false, feedback: 'No: the story does not give the expert’s name.' },
    { id: 'b', text: 'Khawaja Asif', correct: true, feedback: 'Yes: the story names him, and quotes him.', fixed: true },
  ]);
});
