import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { chooseTeacherPin, expect, FIXTURE_LESSON, newStudent, ROOT, test, writeTemp, noSeriousViolations, teacherCall } from './fixtures.ts';

// The teacher's Lessons screens: a lesson file imported (picker, drop, the question
// when it is already there), exported byte for byte, and a new lesson made from a
// web page saved from the browser, its page furniture removed, opened in the editor.

test.use({ lessons: 'fixture' });

const WEB_PAGE = join(ROOT, 'test', 'fixtures', 'articles', 'harbour-ferry.html');

/** The fixture lesson under another id: a file another teacher shared. */
function sharedLesson(id: string, title: string): { path: string; text: string } {
  const text = readFileSync(FIXTURE_LESSON, 'utf8').replace(/^id: .*$/m, `id: ${id}`).replace(/^title: .*$/m, `title: "${title}"`);
  return { path: writeTemp(`${id}.md`, text), text };
}

async function openLessons(page: Page) {
  await page.getByRole('navigation', { name: 'Teacher area' }).getByRole('link', { name: 'Lessons' }).click();
  await expect(page).toHaveURL(/#\/teacher\/lessons$/);
  await expect(page.getByRole('heading', { name: /^My lessons/ })).toBeVisible();
}

async function pickFile(page: Page, button: string, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(path);
}



/** Screenshots at a laptop's and a phone's size. */
async function shootBoth(page: Page, shoot: (name: string) => Promise<void>, name: string) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 800 });
  await shoot(`${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(`${name}-390`);
  if (size) await page.setViewportSize(size);
}

/** The row of the lesson whose file has this name. */
const row = (page: Page, fileName: string) => page.locator('.studio-lesson').filter({ has: page.locator('.file-name', { hasText: new RegExp(`^${fileName.replace('.', '\\.')}$`) }) });

test('a lesson file is imported, imported again as a copy, dropped on the page, and exported byte for byte', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(90_000);
  await chooseTeacherPin(page, server, '2468');
  await openLessons(page);
  await expect(row(page, 'asif-dirty-work.md')).toContainText('Put in the lessons folder');

  const shared = sharedLesson('media-week-asif', 'Media week: the defence minister’s words');
  await pickFile(page, 'Import a lesson file', shared.path);
  const done = page.locator('.import-status.done');
  await expect(done).toContainText('Imported Media week: the defence minister’s words from media-week-asif.md.');
  await expect(done).toContainText('It is ready: students see it in their lessons.');
  await expect(done).toBeFocused();
  const imported = row(page, 'media-week-asif.md');
  await expect(imported.getByRole('heading')).toHaveText('Media week: the defence minister’s words');
  await expect(imported).toContainText('Ready — students see it');
  await expect(imported).toContainText(/Imported from media-week-asif\.md on \d{1,2} \w+ \d{4}/);
  await noSeriousViolations(page, 'lessons list');
  await shootBoth(page, shoot, 'studio-lessons-list');

  // The same file again: a lesson with its id is already here, so the teacher is asked.
  await pickFile(page, 'Import a lesson file', shared.path);
  const question = page.getByRole('alertdialog', { name: 'You already have this lesson' });
  await expect(question).toBeVisible();
  await expect(question.getByRole('button', { name: 'Replace my lesson with this file' })).toBeVisible();
  // In plain words: the lesson's title and its file, no "id".
  await expect(question).toContainText('You already have this lesson (“Media week: the defence minister’s words”, file media-week-asif.md).');
  await expect(question).not.toContainText(' id ');
  await noSeriousViolations(page, 'import question');
  await shoot('studio-lessons-conflict');
  await question.getByRole('button', { name: 'Import it as a copy' }).click();
  await expect(done).toContainText('Imported Media week: the defence minister’s words');
  await expect(page.locator('.studio-lesson').filter({ hasText: 'Imported from media-week-asif.md' })).toHaveCount(2);
  const lessons = await teacherCall<{ lessonId: string; fileName: string; folder: string }[]>(page, 'studioLessons', {});
  const mine = lessons.filter((l) => l.folder === 'mine').map((l) => l.lessonId);
  expect(mine).toHaveLength(3);
  expect(mine).toEqual(expect.arrayContaining(['asif-dirty-work', 'media-week-asif', expect.stringMatching(/^media-week-asif-.+/)]));

  // Cancel leaves everything as it was.
  await pickFile(page, 'Import a lesson file', shared.path);
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  await expect(page.locator('.studio-lesson').filter({ hasText: 'Imported from media-week-asif.md' })).toHaveCount(2);

  // A file that is not a lesson: the server's reason, in plain words.
  await pickFile(page, 'Import a lesson file', writeTemp('notes.md', '# My notes\n\nNot a lesson at all.\n'));
  await expect(page.locator('.import-status.refused')).toContainText('notes.md was not imported.');

  // Dropped on the page: the drop zone shows while the file is over it, then it is imported.
  const dropped = sharedLesson('dropped-asif', 'Dropped: the defence minister');
  const list = page.locator('.studio-list');
  const dt = await page.evaluateHandle(({ name, text }) => {
    const d = new DataTransfer();
    d.items.add(new File([text], name, { type: 'text/markdown' }));
    return d;
  }, { name: 'dropped-asif.md', text: dropped.text });
  await list.dispatchEvent('dragenter', { dataTransfer: dt });
  const zone = page.getByText('Drop a lesson file (.md) to import it, or an article (.html, .txt, .docx) to make a new lesson from it');
  await expect(zone).toBeVisible();
  await shoot('studio-lessons-drop');
  await list.dispatchEvent('drop', { dataTransfer: dt });
  await expect(zone).toHaveCount(0);
  await expect(done).toContainText('Imported Dropped: the defence minister from dropped-asif.md.');
  await expect(row(page, 'dropped-asif.md')).toContainText('Ready — students see it');

  // Exported: the file's text is the imported file's, byte for byte.
  // (A web page dropped here becomes a new lesson: see the next test.)
  const download = page.waitForEvent('download');
  await imported.getByRole('button', { name: /^Export/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('media-week-asif.md');
  expect(readFileSync((await file.path())!).equals(readFileSync(shared.path))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'was exported as media-week-asif.md' })).toBeVisible();

  // Deleted after a confirmation that names it.
  await row(page, 'dropped-asif.md').getByRole('button', { name: /^Delete/ }).click();
  await expect(page.getByText('Delete “Dropped: the defence minister”? Its file is removed from your lessons folder.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.getByRole('button', { name: 'Delete it' }).click();
  await expect(page.getByRole('status').filter({ hasText: '“Dropped: the defence minister” was deleted.' })).toBeVisible();
  await expect(row(page, 'dropped-asif.md')).toHaveCount(0);

  // The library says where a lesson came from.
  const cards = await server.call<{ id: string; origin: { kind: string; fileName?: string } }[]>('listLessons', {});
  expect(cards.find((c) => c.id === 'media-week-asif')?.origin).toMatchObject({ kind: 'imported', fileName: 'media-week-asif.md' });
  await newStudent(page, server, 'Ada');
  const card = page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Media week: the defence minister’s words' }) });
  // The lesson and its copy, both from the same file: a student sees no file names.
  await expect(card.locator('.card-origin')).toHaveText(['Added by your teacher', 'Added by your teacher']);
  await expect(page.locator('.library')).not.toContainText('.md');
  await expect(page.locator('.card').filter({ has: page.getByRole('heading', { name: /^“Dirty work”/ }) }).first().locator('.card-origin')).toHaveText('Added by your teacher');
  await shoot('studio-library-origin');
});

test('a new lesson from a saved web page: page furniture flagged and removed, the draft created, the editor opened', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(90_000);
  await chooseTeacherPin(page, server, '1357');
  await openLessons(page);
  await page.getByRole('button', { name: 'New lesson' }).click();
  await expect(page).toHaveURL(/#\/teacher\/lessons\/new$/);
  await expect(page.getByRole('heading', { name: 'Paste the article' })).toBeVisible();
  await expect(page.getByText('Leave it empty and the first line of the text is taken as the headline.')).toBeVisible();
  await noSeriousViolations(page, 'new lesson');

  await pickFile(page, 'Choose a file…', WEB_PAGE);
  await expect(page.getByRole('heading', { name: 'Check what was taken' })).toBeFocused();
  await expect(page.getByText('From harbour-ferry.html (a web page).')).toBeVisible();
  await expect(page.getByLabel('Headline')).toHaveValue('Harbour ferry fares to double, operator warns');
  await expect(page.getByLabel('Outlet', { exact: true })).toHaveValue('Eastport Herald');
  await expect(page.getByLabel('Byline', { exact: true })).toHaveValue('Priya Raman');
  await expect(page.getByLabel('Language', { exact: true })).toHaveValue('en');

  // The furniture is marked, line by line; the article's own paragraphs are not.
  const flagged = page.locator('.draft-block.flagged');
  await expect(flagged).toHaveCount(5);
  // "By Priya Raman" repeats the byline taken from the page: flagged too.
  await expect(flagged.locator('textarea')).toHaveText(['New Update', 'author-image', 'By Priya Raman', 'Read more', 'Share this article']);
  await expect(flagged.first()).toContainText('Looks like page furniture, not the article');
  await expect(page.locator('.draft-block:not(.flagged) textarea').first()).toHaveValue(/^Ferry fares across Eastport harbour/);
  await noSeriousViolations(page, 'check what was taken');
  await shootBoth(page, shoot, 'studio-new-lesson-check');

  // One line by hand, the other flagged ones all at once.
  await page.getByRole('button', { name: 'Remove Paragraph 3' }).click();
  await expect(page.getByText('By Priya Raman', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove all 4 flagged lines' }).click();
  await expect(flagged).toHaveCount(0);
  // Undo puts them back (the status says what was removed; its Undo has the focus).
  const undo = page.getByRole('status').getByRole('button', { name: 'Undo' });
  await expect(page.getByRole('status').filter({ hasText: 'Removed 4 lines that looked like page furniture.' })).toBeVisible();
  await expect(undo).toBeFocused();
  await undo.click();
  await expect(flagged).toHaveCount(4);
  await page.getByRole('button', { name: 'Remove all 4 flagged lines' }).click();
  await expect(flagged).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /^The article: 5 paragraphs, 1 subheading/ })).toBeVisible();
  await expect(page.locator('.draft-block textarea').first()).toHaveValue(/^Ferry fares across Eastport harbour could double from April/);

  // No headline: said next to the field, nothing sent.
  await page.getByLabel('Headline').fill('');
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await expect(page.locator('#f-headline-error')).toHaveText('Give the article its headline.');
  await expect(page.getByLabel('Headline')).toBeFocused();
  await page.getByLabel('Headline').fill('Harbour ferry fares to double, operator warns');
  await expect(page.locator('#f-headline-error')).toHaveCount(0);

  // Steps: the three highlight steps are ticked, the others not.
  await expect(page.getByRole('checkbox', { name: 'Sources' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Framing' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Unverified statements' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Choice question' })).not.toBeChecked();
  await page.getByRole('checkbox', { name: 'Framing' }).uncheck();
  await page.getByRole('checkbox', { name: 'Framing' }).check();

  // Back to the list and again: the work is kept.
  await page.getByRole('button', { name: 'Back to lessons' }).click();
  await page.getByRole('button', { name: 'Go on with the new lesson' }).click();
  await expect(page.locator('.draft-block')).toHaveCount(6);

  await page.getByRole('button', { name: 'Create the draft' }).click();
  await expect(page).toHaveURL(/#\/teacher\/lessons\/edit\/harbour-ferry-fares-to-double/);

  const id = decodeURIComponent(new URL(page.url()).hash.replace('#/teacher/lessons/edit/', ''));
  const lesson = await teacherCall<{ data: { article: { headline: string; outlet?: string; byline?: string }; exercises: { id: string; kind: string }[] }; body: { kind: string; text: string }[] }>(page, 'studioOpen', { lessonId: id });
  expect(lesson.data.article).toMatchObject({ headline: 'Harbour ferry fares to double, operator warns', outlet: 'Eastport Herald', byline: 'Priya Raman' });
  expect(lesson.body.map((b) => b.text)).not.toContain('author-image');
  expect(lesson.body.map((b) => b.text)).not.toContain('New Update');
  expect(lesson.body.map((b) => b.text)).not.toContain('By Priya Raman');
  expect(lesson.body[0]!.text).toMatch(/^Ferry fares across Eastport harbour/);
  expect(lesson.data.exercises.map((e) => e.id)).toEqual(['sources', 'framing', 'unverified']);

  // In the list: a draft, made in the studio.
  await openLessons(page);
  const made = page.locator('.studio-lesson').filter({ hasText: 'Harbour ferry fares to double, operator warns' });
  await expect(made).toContainText('Draft — No key items yet in: Sources, Framing, Unverified statements.');
  await expect(made).toContainText(/Made in the studio on \d{1,2} \w+ \d{4}/);
  await expect(page.getByRole('button', { name: 'New lesson', exact: true })).toBeVisible();
});

test('a web page dropped on the Lessons screen opens New lesson with it; a file of another kind is refused in plain words', async ({ page, ownServer: server }) => {
  await chooseTeacherPin(page, server, '1357');
  await openLessons(page);
  const list = page.locator('.studio-list');
  const drop = async (name: string, text: string, type: string) => {
    const dt = await page.evaluateHandle(({ name, text, type }) => {
      const d = new DataTransfer();
      d.items.add(new File([text], name, { type }));
      return d;
    }, { name, text, type });
    await list.dispatchEvent('dragenter', { dataTransfer: dt });
    await list.dispatchEvent('drop', { dataTransfer: dt });
  };
  await drop('notes.pdf', '%PDF-1.4', 'application/pdf');
  await expect(page.locator('.import-status.refused')).toContainText('notes.pdf was not imported. It is neither a lesson file (.md) nor an article Lede can read');
  await drop('harbour-ferry.html', readFileSync(WEB_PAGE, 'utf8'), 'text/html');
  await expect(page).toHaveURL(/#\/teacher\/lessons\/new$/);
  await expect(page.getByRole('heading', { name: 'Check what was taken' })).toBeFocused();
  await expect(page.getByText('From harbour-ferry.html (a web page).')).toBeVisible();
  await expect(page.getByLabel('Headline')).toHaveValue('Harbour ferry fares to double, operator warns');
});

test('pasted text: the first line is the headline unless one is given', async ({ page, ownServer: server }) => {
  await chooseTeacherPin(page, server, '8642');
  await page.goto(`${server.url}#/teacher/lessons/new`);
  await page.getByLabel('Headline (optional)').fill('Council delays the new library');
  await expect(page.getByText('The text below is all article: its first line is not taken as the headline.')).toBeVisible();
  await page.getByLabel('The article’s text').fill('The council has put off its decision on the new library until June.\n\nA spokesperson said costs had risen.');
  await page.getByRole('button', { name: 'Use this text' }).click();
  await expect(page.getByRole('heading', { name: 'Check what was taken' })).toBeVisible();
  await expect(page.getByText('From the text you pasted.')).toBeVisible();
  await expect(page.getByLabel('Headline')).toHaveValue('Council delays the new library');
  await expect(page.locator('.draft-block textarea')).toHaveText(['The council has put off its decision on the new library until June.', 'A spokesperson said costs had risen.']);

  // A right-to-left language says so.
  await page.getByLabel('Language', { exact: true }).selectOption('ar');
  await expect(page.getByText('Written right to left: students see the article right to left.')).toBeVisible();
  await page.getByLabel('Language', { exact: true }).selectOption('other');
  await page.getByLabel('Its language tag').fill('sw');
  await expect(page.getByLabel('Its language tag')).toHaveValue('sw');

  // Throwing it away asks first.
  await page.getByRole('button', { name: 'Start again with another article' }).click();
  await page.getByRole('button', { name: 'Keep working on it' }).click();
  await expect(page.getByRole('heading', { name: 'Check what was taken' })).toBeVisible();
  await page.getByRole('button', { name: 'Start again with another article' }).click();
  await page.getByRole('button', { name: 'Throw it away' }).click();
  await expect(page.getByRole('heading', { name: 'Paste the article' })).toBeVisible();
});
