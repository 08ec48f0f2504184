import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { chooseTeacherPin, expect, newStudent, SCREENS, skipFirstReactions, test } from './fixtures.ts';
import { dragSelect } from './text.ts';

// Assignments, end to end on the seed lesson: the teacher assigns it to a class
// through the Assignments tab; a student of the class does it with the key held back
// (nothing of the key reaches the browser), hands in and cannot start again; a
// profile in no class cannot practise it; the teacher's results and gradebook follow
// the attempt that counts; closing the assignment shows the student the key.
// The teacher and each student work in browser contexts of their own.

const TITLE = '“Dirty work”: what did Pakistan’s defence minister actually say?';
const LESSON = 'asif-dirty-work';
// Text of the key: an option's feedback in "Who is behind this?" and a source's explanation in "Sources".
const OPTION_FEEDBACK = 'Nothing on the page says who published it.';
const SOURCE_EXPLANATION = 'The story\'s main source, named: an interview on Sky News';

interface Envelope {
  ok: boolean;
  value?: unknown;
  error?: { message: string };
}

/** A call made from the page, as the student's own browser would make it. */
async function callFromPage(page: Page, name: string, input: unknown): Promise<Envelope> {
  return page.evaluate(
    async ({ name, input }) => {
      const res = await fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    { name, input },
  );
}

async function shot(page: Page, name: string) {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
}

/** The same screen at a phone's width (390 px), `top` scrolled to the top if given, then back to 1280. */
async function shotBoth(page: Page, name: string, top?: string) {
  await shot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate((top) => {
    if (top) {
      document.querySelector(top)!.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -64); // below the top bar
    }
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, top);
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Uncaught errors in any page of the test (checked at its end). */
const pageErrors: string[] = [];

/** A browser context of its own (its own cookies and storage: another person's computer), at 1280 × 800. */
async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await skipFirstReactions(page);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

/** A datetime-local value (this computer's time zone, as the browser's) `days` from now. */
function localInDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

async function openClass(teacher: Page, name: string) {
  await teacher.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: new RegExp(name) }).click();
  await expect(teacher.getByRole('heading', { name, level: 2 })).toBeVisible();
}

/** A class made in the class list, with one student added by name. */
async function classWithStudent(teacher: Page, className: string, student: string) {
  await teacher.getByLabel('New class').fill(className);
  await teacher.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(teacher.getByRole('heading', { name: className, level: 2 })).toBeVisible();
  await teacher.getByRole('tab', { name: /Students/ }).click();
  await teacher.getByLabel('Name', { exact: true }).fill(student);
  await teacher.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(teacher.getByRole('status')).toContainText(`Added ${student}.`);
}

/** The student chooses their profile on "Who is studying?". */
async function studentOpens(page: Page, url: string, name: string) {
  await page.goto(url);
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('heading', { name: 'Lessons', level: 1 })).toBeVisible();
}

async function downloadGradebook(teacher: Page): Promise<string[][]> {
  await teacher.getByRole('tab', { name: 'Export' }).click();
  // One column per step (the default is one per lesson), to read each step's points.
  await teacher.getByRole('radio', { name: /One column per step/ }).check();
  await teacher.getByRole('button', { name: 'Gradebook CSV' }).click();
  const download = teacher.waitForEvent('download');
  await teacher.getByRole('link', { name: 'Download' }).first().click();
  const file = await (await download).path();
  return parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as string[][];
}

/** A student's cell in the gradebook, by the step's column. */
function cell(rows: string[][], student: string, step: string): string {
  const col = rows[0]!.indexOf(`${TITLE}: ${step}`);
  expect(col, `a column for ${step}`).toBeGreaterThan(4);
  const row = rows.find((r) => r[0] === student);
  expect(row, `a row for ${student}`).toBeTruthy();
  return row![col]!;
}

const steps = (page: Page) => page.getByRole('navigation', { name: 'Lesson steps' });

test('an assignment: the key held until the due date, one attempt handed in, no practice elsewhere, the first attempt counts, closing shows the key', async ({ browser, ownServer: server }) => {
  test.setTimeout(240_000);
  const teacher = await newPage(browser);
  await chooseTeacherPin(teacher, server, '2468');

  // The teacher assigns the seed lesson to Year 10 Media: one attempt, the key after the due date (in a week).
  await classWithStudent(teacher, 'Year 10 Media', 'Amira Haddad');
  await expect(teacher.getByLabel('Lesson')).toHaveValue(LESSON);
  await teacher.getByRole('tab', { name: 'Assignments' }).click();
  await expect(teacher.getByText('Nothing is assigned to this class yet: every lesson in the library is practice.')).toBeVisible();
  const form = teacher.getByRole('form', { name: `Assign ${TITLE}` });
  // "After the due date" needs a due date first.
  await expect(form.getByRole('radio', { name: /^After the due date/ })).toBeDisabled();
  await form.getByLabel('Due (optional)').fill(localInDays(7));
  await form.getByLabel('Attempts').selectOption('1');
  await form.getByLabel('Which counts').selectOption('first');
  await form.getByRole('radio', { name: /^After the due date/ }).check();
  await form.getByRole('button', { name: 'Assign to this class' }).click();
  // The title begins with a quotation mark: it is not quoted again.
  await expect(teacher.getByRole('status')).toContainText(`Assigned: ${TITLE} to this class.`);
  const item = teacher.getByRole('list', { name: "This class's assignments" }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(/Open · due .+ · 1 attempt · the first attempt counts/);
  await expect(item).toContainText(/Key: shown on .+ · 0 of 1 started, 0 handed in/);
  await expect(item.getByRole('button', { name: 'Close now' })).toBeVisible();

  // Amira, of the class, on her own computer: the lesson is first, under "Assigned to you".
  const amira = await newPage(browser);
  const answers: Promise<string>[] = [];
  let attemptId = '';
  amira.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/checkStep' || path === '/api/getAttempt') answers.push(r.text());
    if (path === '/api/checkStep') attemptId = (JSON.parse(r.request().postData()!) as { attemptId: string }).attemptId;
  });
  await studentOpens(amira, server.url, 'Amira Haddad');
  const assigned = amira.getByRole('region', { name: 'Assigned to you' });
  const card = assigned.getByRole('listitem').filter({ hasText: TITLE });
  await expect(card).toContainText('Year 10 Media');
  await expect(card).toContainText('1 attempt · first attempt counts');
  await expect(card).toContainText(/Key shown on /);
  await expect(card).toContainText('Not started');

  await card.getByRole('button', { name: `Start: ${TITLE}` }).click();
  await expect(amira.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  await amira.getByRole('button', { name: 'Start: Who is behind this?' }).click();
  await expect(amira.getByText(/Your teacher holds the key back: checking a step records your answer and locks it, without showing the key\. You will see the key on .+, after the due date\./)).toBeVisible();
  // Three true statements and one untrue: (3 − 1) / 4 × 4 = 2 points, not shown yet.
  await amira.getByLabel(/does not name the website/).check();
  await amira.getByLabel(/Neha Kumari/).check();
  await amira.getByLabel(/credited only to “Twitter”/).check();
  await amira.getByLabel('The story comes from Sky News.').check();
  await amira.getByRole('button', { name: 'Check my answer' }).click();
  await expect(amira.getByRole('status').filter({ hasText: 'Recorded.' })).toContainText(/This step is locked\. You will see the key and your points on .+, after the due date\./);
  // Her own answer is shown back (in her order of the options), without the key.
  const chose = amira.getByText(/^You chose “/);
  for (const o of ['does not name the website', 'Neha Kumari', 'credited only to “Twitter”', 'The story comes from Sky News.']) await expect(chose).toContainText(o);
  await expect(amira.getByText(OPTION_FEEDBACK)).toHaveCount(0);
  await expect(amira.locator('.feedback-figure')).toHaveCount(0);
  await expect(amira.getByText(/of 4 points/)).toHaveCount(0);
  await shotBoth(amira, 'assignment-recorded');

  // Sources: "Sky News" marked as named, 1 of 8 sources, all of it inside the key: 2·(1/8)·1/(1/8 + 1) × 10 = 2.22 points, not shown yet.
  // (The search step "Leave the page" comes first: skipped.)
  await amira.getByRole('button', { name: 'Next: Leave the page →' }).click();
  await amira.getByRole('button', { name: 'Skip for now' }).click();
  await dragSelect(amira, 'Sky News');
  await amira.getByRole('toolbar').getByRole('button', { name: 'Named', exact: true }).click();
  await expect(amira.getByRole('listitem').filter({ hasText: '“Sky News”' }).first()).toBeVisible();
  await amira.getByRole('button', { name: 'Check my highlights' }).click();
  await expect(amira.getByRole('status').filter({ hasText: 'Recorded.' })).toBeVisible();
  await expect(amira.getByText('You marked 1 passage: they are shown in the article.')).toBeVisible();
  await expect(amira.getByText(SOURCE_EXPLANATION)).toHaveCount(0);
  await expect(amira.getByRole('heading', { name: /You found/ })).toHaveCount(0);

  // Reloaded, the attempt comes back recorded, still without the key; so does the attempt asked for directly.
  await amira.reload();
  await expect(amira.getByRole('status').filter({ hasText: 'Recorded.' })).toBeVisible();
  await expect(amira.getByText(SOURCE_EXPLANATION)).toHaveCount(0);
  const direct = await callFromPage(amira, 'getAttempt', { attemptId });
  expect(direct.ok).toBe(true);
  const bodies = await Promise.all(answers);
  expect(bodies.length).toBeGreaterThanOrEqual(3); // two checks and at least the direct getAttempt
  for (const body of bodies) {
    expect(body).not.toContain('"explanation"');
    expect(body).not.toContain('"correct"');
    expect(body).not.toContain('"modelAnswer"');
    expect(body).not.toContain('"verdicts"');
    expect(body).not.toContain(OPTION_FEEDBACK);
    expect(body).not.toContain(SOURCE_EXPLANATION);
  }
  expect(bodies.filter((b) => b.includes('"kind":"held"')).length).toBeGreaterThanOrEqual(3);

  // Hand in: the steps left are named; once confirmed, nothing can change and no other attempt is offered.
  await steps(amira).getByRole('button', { name: 'Hand in' }).click();
  await expect(amira.getByRole('heading', { name: 'Hand in — attempt 1 of 1' })).toBeVisible();
  await expect(amira.getByText('7 steps are not checked yet: handing in records them as they stand.')).toBeVisible();
  await expect(amira.locator('.steps-left li')).toHaveText([
    'Leave the page',
    'Framing',
    'Unverified statements',
    'Headline versus body',
    'What do other reports say?',
    'What did the story leave out?',
    'How would you check a quote next time?',
  ]);
  await shotBoth(amira, 'assignment-hand-in');
  await amira.getByRole('button', { name: 'Hand in attempt 1 of 1' }).click();
  await amira.getByRole('group', { name: 'Confirm handing in' }).getByRole('button', { name: 'Hand in', exact: true }).click();
  await expect(amira.getByRole('heading', { name: 'Handed in — attempt 1 of 1' })).toBeVisible();
  await expect(amira.getByText(/Your answers are recorded\. You will see the key and your points on .+, after the due date\./)).toBeVisible();
  await expect(amira.getByText('You have used your one attempt at this assignment.')).toBeVisible();
  await expect(amira.getByRole('button', { name: /^Start attempt/ })).toHaveCount(0);
  await expect(amira.getByRole('button', { name: /^Practise/ })).toHaveCount(0);
  await amira.getByRole('button', { name: 'Back to the library' }).click();
  await expect(card).toContainText('Handed in — your points come with the key');
  await expect(card).toContainText('Your one attempt is used');
  await expect(card.getByRole('button', { name: `Review: ${TITLE}` })).toBeVisible();
  await expect(card.getByRole('button', { name: /^(Start|Practise)/ })).toHaveCount(0);
  // The server refuses another attempt, whatever the page asks.
  const amiraId = (await server.call<{ id: string; displayName: string }[]>('listStudents', {})).find((s) => s.displayName === 'Amira Haddad')!.id;
  const cards = await callFromPage(amira, 'listLessons', { studentId: amiraId });
  const assignmentId = (cards.value as { id: string; assignment: { id: string } | null }[]).find((c) => c.id === LESSON)!.assignment!.id;
  const again = await callFromPage(amira, 'newAttempt', { studentId: amiraId, lessonId: LESSON, assignmentId });
  expect(again).toMatchObject({ ok: false, error: { message: 'You have used your one attempt at this assignment.' } });

  // A second profile, made on "Who is studying?" and in no class: the lesson is not in its library, and the server will not open it.
  const sam = await newPage(browser);
  await newStudent(sam, server, 'Sam Okafor');
  await expect(sam.getByRole('heading', { name: TITLE })).toHaveCount(0);
  await expect(sam.getByRole('region', { name: 'Assigned to you' })).toHaveCount(0);
  const samId = (await server.call<{ id: string; displayName: string }[]>('listStudents', {})).find((s) => s.displayName === 'Sam Okafor')!.id;
  const practice = await callFromPage(sam, 'openLesson', { studentId: samId, lessonId: LESSON });
  expect(practice.ok).toBe(false);
  expect(practice.error!.message).toMatch(/^This lesson is assigned to a class until .+: it opens for practice once that assignment closes\.$/);
  const samNew = await callFromPage(sam, 'newAttempt', { studentId: samId, lessonId: LESSON });
  expect(samNew.ok).toBe(false);

  // The teacher's results (loaded afresh: the table does not follow students' work live): Amira's counted attempt is attempt 1 of 1; the gradebook has its points.
  await teacher.reload();
  await expect(teacher.getByRole('tab', { name: 'Results' })).toHaveAttribute('aria-selected', 'true');
  await expect(teacher.getByText(/Assigned to this class: each row shows the attempt that counts — the first \(of at most 1\)\./)).toBeVisible();
  const amiraRow = teacher.locator('.results-table tbody tr').filter({ hasText: 'Amira Haddad' });
  await expect(amiraRow.locator('td.c-num').nth(1)).toHaveText('1 of 1');
  let rows = await downloadGradebook(teacher);
  expect(cell(rows, 'Amira Haddad', 'Who is behind this?')).toBe('2');
  expect(cell(rows, 'Amira Haddad', 'Sources')).toBe('2.22');
  expect(cell(rows, 'Amira Haddad', 'Framing')).toBe('0');
  // The written answer waits for a grade: its cell and the total are blank.
  expect(cell(rows, 'Amira Haddad', 'How would you check a quote next time?')).toBe('');
  await teacher.getByRole('tab', { name: 'Assignments' }).click();
  await expect(item).toContainText('1 of 1 started, 1 handed in');
  await shotBoth(teacher, 'assignments-teacher', '.tabs');

  // "The first attempt counts" with two attempts: Ben's second attempt scores more, the grade stays the first's.
  await classWithStudent(teacher, 'Year 11 Media', 'Ben Carter');
  await teacher.getByRole('tab', { name: 'Assignments' }).click();
  const formB = teacher.getByRole('form', { name: `Assign ${TITLE}` });
  await formB.getByLabel('Attempts').selectOption('2');
  await formB.getByLabel('Which counts').selectOption('first');
  await formB.getByRole('radio', { name: /^After the student hands in/ }).check();
  await formB.scrollIntoViewIfNeeded();
  await shotBoth(teacher, 'assignments-teacher-form', '.assignment-form');
  await formB.getByRole('button', { name: 'Assign to this class' }).click();
  await expect(teacher.getByRole('list', { name: "This class's assignments" }).getByRole('listitem')).toContainText(/Open · no due date · 2 attempts · the first attempt counts/);

  const ben = await newPage(browser);
  await studentOpens(ben, server.url, 'Ben Carter');
  const benCard = ben.getByRole('region', { name: 'Assigned to you' }).getByRole('listitem').filter({ hasText: TITLE });
  await expect(benCard).toContainText('2 of 2 attempts left · first attempt counts');
  await shotBoth(ben, 'library-assigned');
  const attempt = async (options: RegExp[], n: number) => {
    await expect(ben.getByRole('heading', { name: 'Read the article' })).toBeVisible();
    await ben.getByRole('button', { name: 'Start: Who is behind this?' }).click();
    for (const o of options) await ben.getByLabel(o).check();
    await ben.getByRole('button', { name: 'Check my answer' }).click();
    await expect(ben.getByRole('status').filter({ hasText: 'Recorded.' })).toContainText('You will see the key and your points after you hand in this attempt.');
    await steps(ben).getByRole('button', { name: 'Hand in' }).click();
    await ben.getByRole('button', { name: `Hand in attempt ${n} of 2` }).click();
    await ben.getByRole('group', { name: 'Confirm handing in' }).getByRole('button', { name: 'Hand in', exact: true }).click();
    // The key comes with handing in the last attempt (before it, the key of one would answer the next).
    if (n < 2) {
      await expect(ben.getByRole('heading', { name: `Handed in — attempt ${n} of 2` })).toBeVisible();
      await expect(ben.getByText('You will see the key and your points once you have handed in your last attempt, or when the assignment closes.')).toBeVisible();
    } else {
      await expect(ben.getByRole('heading', { name: `Summary — attempt ${n} of 2` })).toBeVisible();
    }
  };
  // Attempt 1: one true statement of four, nothing untrue: 1 / 4 × 4 = 1 point.
  await benCard.getByRole('button', { name: `Start: ${TITLE}` }).click();
  await attempt([/does not name the website/], 1);
  await ben.getByRole('button', { name: 'Start attempt 2 of 2' }).click();
  // Attempt 2: all four true statements: 4 points.
  await attempt([/does not name the website/, /Neha Kumari/, /credited only to “Twitter”/, /Searching the story's exact headline/], 2);
  await expect(ben.getByRole('button', { name: /^Start attempt/ })).toHaveCount(0);
  await expect(ben.getByText('You have used all 2 attempts at this assignment.')).toBeVisible();
  // As stored: attempt 1 has 1 point for the step, attempt 2 has 4.
  const db = new BetterSqlite3(server.db, { readonly: true });
  const stored = db
    .prepare(
      `SELECT a.number AS number, r.points AS points FROM results r JOIN attempts a ON a.id = r.attempt_id JOIN students s ON s.id = a.student_id
       WHERE s.display_name = 'Ben Carter' AND r.exercise_id = 'who-is-behind' ORDER BY a.number`,
    )
    .all();
  db.close();
  expect(stored).toEqual([
    { number: 1, points: 1 },
    { number: 2, points: 4 },
  ]);
  await teacher.reload();
  await expect(teacher.getByRole('tab', { name: 'Results' })).toHaveAttribute('aria-selected', 'true');
  const benRow = teacher.locator('.results-table tbody tr').filter({ hasText: 'Ben Carter' });
  await expect(benRow.locator('td.c-num').nth(1)).toHaveText('1 of 2');
  rows = await downloadGradebook(teacher);
  expect(cell(rows, 'Ben Carter', 'Who is behind this?')).toBe('1');

  // The teacher closes Year 10 Media's assignment: its due date is now, and Amira sees the key.
  await openClass(teacher, 'Year 10 Media');
  await teacher.getByRole('tab', { name: 'Assignments' }).click();
  await item.getByRole('button', { name: 'Close now' }).click();
  await item.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Close', exact: true }).click();
  await expect(teacher.getByRole('status')).toContainText('Closed: attempts still open were handed in as they stood.');
  await expect(item).toContainText(/Closed · due .+ · 1 attempt · the first attempt counts/);
  await expect(item).toContainText('Key: shown (the due date has passed)');

  await amira.reload();
  // Who is behind this? (3/4 − 1/4) × 4 = 2, Sources 2 × (1/8) ÷ (1 + 1/8) × 10 = 2.22: 4.22 of the 62 points of the
  // lesson less the written answer's 7, which waits for the teacher.
  await expect(card).toContainText('Done — 4.22 of 55 points (1 waiting for your teacher)');
  await expect(card).toContainText(/Due.+\(closed\)/);
  await card.getByRole('button', { name: `Review: ${TITLE}` }).click();
  await steps(amira).getByRole('button', { name: /Who is behind this\?/ }).click();
  await expect(amira.locator('.feedback-figure')).toHaveText('2 of 4 points');
  await expect(amira.getByText(OPTION_FEEDBACK)).toBeVisible();
  await steps(amira).getByRole('button', { name: /Sources/ }).click();
  await expect(amira.locator('.points')).toHaveText('2.22 of 10 points');
  await expect(amira.getByText(SOURCE_EXPLANATION)).toBeVisible();

  for (const p of [teacher, amira, sam, ben]) await p.context().close();
  expect(pageErrors, 'no uncaught errors in the pages').toEqual([]);
});
