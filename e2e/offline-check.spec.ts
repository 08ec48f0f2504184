import { chooseTeacherPin, expect, newStudent, SCREENS, teacherCall, test, type LedeServer } from './fixtures.ts';
import { join } from 'node:path';
import { dragSelect } from './text.ts';

// No mark lost offline, and every attempt ends: Check waits for the changes made before
// it (and says at once when they cannot be sent), a refused change is told, and opening
// the summary finishes the attempt — or says which steps are left.
test.use({ lessons: 'fixture' });

interface AttemptState {
  attempt: { id: string; finishedAt: string | null };
  highlights: { exerciseId: string; start: number; end: number; label: string }[];
  responses: Record<string, unknown>;
  feedback: Record<string, { kind: string; found?: number; items?: { status: string; label: string }[]; extraSpans?: unknown[]; status?: string }>;
}

async function attemptOf(server: LedeServer, name: string): Promise<AttemptState> {
  const students = await server.call<{ id: string; displayName: string }[]>('listStudents', {});
  const me = students.find((s) => s.displayName === name)!;
  return server.call<AttemptState>('openLesson', { studentId: me.id, lessonId: 'asif-dirty-work' });
}

const alert = (page: import('@playwright/test').Page) => page.locator('.check-problem');

test('a mark made offline: Check says at once that it needs the connection and changes nothing; back online, the mark is saved first and scored as found', async ({ page, context, server, shoot }) => {
  await newStudent(page, server, 'Offline Checker');
  await page.getByRole('button', { name: /^Start: / }).click();
  await page.getByRole('button', { name: 'Start: Sources' }).click();

  await context.setOffline(true);
  await dragSelect(page, 'interview with Sky News');
  await page.getByRole('toolbar').getByRole('button', { name: 'Named', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Offline — will save when reconnected' })).toBeVisible();

  // Check offline: told at once, beside the button; nothing changes.
  await page.getByRole('button', { name: 'Check my highlights' }).click();
  await expect(alert(page)).toHaveText(
    'This step was not checked: Lede cannot reach its server. Nothing has changed, and your work is kept on this device; check it again when the connection is back.',
  );
  await expect(alert(page)).toHaveAttribute('role', 'alert');
  const check = page.getByRole('button', { name: 'Check my highlights' });
  await expect(check).toBeEnabled();
  await expect(check).toBeFocused();
  await expect(page.getByText('Checking…')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Your highlights (1)' })).toBeVisible();
  await expect(page.locator('.feedback-figure')).toHaveCount(0);
  await expect(page.locator('#lesson-article')).toHaveAttribute('data-editable', 'true');
  await shoot('offline-check-message');
  await page.locator('.step-panel').screenshot({ path: join(SCREENS, 'offline-check-panel.png') });
  // The backend holds neither the mark nor a check.
  let held = await attemptOf(server, 'Offline Checker');
  expect(held.highlights).toEqual([]);
  expect(held.feedback).toEqual({});

  // Back online: the queued mark goes first, then the check.
  await context.setOffline(false);
  await check.click();
  await expect(page.locator('.feedback-figure')).toHaveText(/^You found 1 of \d+ sources$/);
  await expect(alert(page)).toHaveCount(0);
  await expect(page.locator('.error-banner')).toHaveCount(0);
  held = await attemptOf(server, 'Offline Checker');
  expect(held.highlights.map((h) => [h.exerciseId, h.label])).toEqual([['sources', 'named']]);
  const fb = held.feedback.sources!;
  expect(fb.found).toBe(1);
  expect(fb.items!.filter((k) => k.status === 'found').map((k) => k.label)).toEqual(['named']);
  expect(fb.extraSpans).toEqual([]);

  // A choice step and a written answer: the same, for their own Check.
  await page.getByRole('navigation', { name: 'Lesson steps' }).getByRole('button', { name: /Headline versus body/ }).click();
  await context.setOffline(true);
  await page.getByLabel(/^The headline says/).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(alert(page)).toContainText('This step was not checked: Lede cannot reach its server.');
  await expect(page.getByLabel(/^The headline says/)).toBeChecked();
  await expect(page.getByLabel(/^The headline says/)).toBeEnabled();
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator('.feedback-figure')).toHaveText('2 of 4 points');

  await page.getByRole('button', { name: /^Next: How would you check/ }).click();
  await context.setOffline(true);
  await page.locator('textarea').fill('I would find the Sky News interview itself.');
  await page.getByRole('button', { name: 'Hand in my answer' }).click();
  await expect(alert(page)).toContainText('Your answer was not handed in: Lede cannot reach its server.');
  await expect(page.locator('textarea')).toHaveValue('I would find the Sky News interview itself.');
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Hand in my answer' }).click();
  await expect(page.locator('.feedback-figure')).toBeVisible();
  held = await attemptOf(server, 'Offline Checker');
  expect(held.responses['check-the-quote']).toEqual({ text: 'I would find the Sky News interview itself.' });
  expect(Object.keys(held.feedback).sort()).toEqual(['check-the-quote', 'headline-vs-body', 'sources']);
});

test('Check waits for the mark before it: the check is sent once the mark is acknowledged, and the article waits meanwhile', async ({ page, server }) => {
  await newStudent(page, server, 'Ordered Student');
  await page.getByRole('button', { name: /^Start: / }).click();
  await page.getByRole('button', { name: 'Start: Sources' }).click();
  const sent: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/(putHighlight|checkStep)$/.exec(r.url());
    if (m) sent.push(m[1]!);
  });
  // The server is slow to acknowledge the mark.
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/api/putHighlight', async (route) => {
    await gate;
    await route.continue();
  });
  await dragSelect(page, 'interview with Sky News');
  await page.getByRole('toolbar').getByRole('button', { name: 'Named', exact: true }).click();
  await page.getByRole('button', { name: 'Check my highlights' }).click();
  await expect(page.getByRole('button', { name: 'Checking…' })).toBeDisabled();
  // Marking while the step is being checked waits (it would reach the server after the check).
  await dragSelect(page, 'Neha Kumari');
  await page.getByRole('toolbar').getByRole('button', { name: 'Named', exact: true }).click();
  await expect(page.getByTestId('live-region')).toHaveText('Wait a moment: this step is being checked.');
  await expect(page.getByRole('heading', { name: 'Your highlights (1)' })).toBeVisible();
  expect(sent).toEqual(['putHighlight']);

  release();
  await expect(page.locator('.feedback-figure')).toHaveText(/^You found 1 of \d+ sources$/);
  expect(sent).toEqual(['putHighlight', 'checkStep']);
  const held = await attemptOf(server, 'Ordered Student');
  expect(held.highlights.map((h) => h.label)).toEqual(['named']);
  expect(held.feedback.sources!.found).toBe(1);
});

test('a change the backend refuses is not dropped silently: the student is told which highlight and why', async ({ page, server }) => {
  await newStudent(page, server, 'Refused Student');
  await page.getByRole('button', { name: /^Start: / }).click();
  await page.getByRole('button', { name: 'Start: Sources' }).click();
  await expect(page.getByRole('heading', { name: 'Your highlights (0)' })).toBeVisible();
  // The step is checked elsewhere (another window) while this one still shows it open.
  const before = await attemptOf(server, 'Refused Student');
  await server.call('checkStep', { attemptId: before.attempt.id, exerciseId: 'sources' });

  await dragSelect(page, 'interview with Sky News');
  await page.getByRole('toolbar').getByRole('button', { name: 'Named', exact: true }).click();
  await expect(page.locator('.error-banner')).toContainText(
    'Your highlight “interview with Sky News” (Named) in “Sources” was not saved: This step has already been checked; start a new attempt to change your answers.',
  );
  // The screen then shows the step as the backend holds it: checked, with nothing marked.
  await expect(page.locator('.feedback-figure')).toHaveText(/^You found 0 of \d+ sources$/);
  await expect(page.getByRole('heading', { name: 'Your highlights (0)' })).toBeVisible();
});

test('opening the summary finishes the attempt when every step is checked; with steps left it lists them and the attempt stays open', async ({ page, ownServer: server, shoot }) => {
  await chooseTeacherPin(page, server, '1357');
  const cls = await teacherCall<{ id: string }>(page, 'createClass', { name: 'Year 10' });
  await teacherCall(page, 'addStudent', { classId: cls.id, displayName: 'Summary Student' });
  const results = async () => {
    const r = await teacherCall<{ rows: { name?: string; displayName?: string; finished: boolean; attemptId?: string | null }[] }>(page, 'classResults', { classId: cls.id, lessonId: 'asif-dirty-work' });
    return r.rows.map((x) => x.finished);
  };

  await page.goto(server.url);
  await page.getByRole('button', { name: /Summary Student/ }).click();
  await page.getByRole('button', { name: /^Start: / }).click();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  // Three steps checked (elsewhere); two left.
  const a = await attemptOf(server, 'Summary Student');
  for (const id of ['sources', 'framing', 'unverified']) await server.call('checkStep', { attemptId: a.attempt.id, exerciseId: id });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();

  const stepper = page.getByRole('navigation', { name: 'Lesson steps' });
  await stepper.getByRole('button', { name: /Summary/ }).click();
  await expect(page.getByRole('heading', { name: 'Summary — attempt 1' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '2 steps are not checked yet' })).toBeVisible();
  const left = page.locator('.summary-left').getByRole('button');
  await expect(left).toHaveText(['Step 4: Headline versus body', 'Step 5: How would you check this quote?']);
  await shoot('summary-steps-left');
  expect((await attemptOf(server, 'Summary Student')).attempt.finishedAt).toBeNull();
  expect(await results()).toEqual([false]);
  await page.getByRole('button', { name: 'Back to the library' }).click();
  await expect(page.locator('.card-progress')).toHaveText('In progress — 3 of 5 steps checked');

  // Back to it: the lesson opens on its summary; the links go to the steps left.
  await page.getByRole('button', { name: /^Continue/ }).click();
  await page.locator('.summary-left').getByRole('button', { name: 'Step 4: Headline versus body' }).click();
  await expect(page.getByRole('heading', { name: 'Headline versus body', level: 2 })).toBeVisible();
  await page.getByLabel(/^The headline says/).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator('.feedback-figure')).toHaveText('2 of 4 points');
  await page.getByRole('button', { name: /^Next: How would you check/ }).click();
  await page.locator('textarea').fill('Find the interview and listen to what he said.');
  await page.getByRole('button', { name: 'Hand in my answer' }).click();
  await expect(page.locator('.feedback-figure')).toHaveText('Sent to your teacher');

  // Every step checked: opening the summary finishes the attempt.
  await page.getByRole('button', { name: 'See my summary →' }).click();
  await expect(page.getByRole('heading', { name: 'Summary — attempt 1' })).toBeVisible();
  await expect(page.locator('.summary-left')).toHaveCount(0);
  await expect(stepper.getByRole('button', { name: /Summary.*done/ })).toBeVisible();
  await expect.poll(async () => (await attemptOf(server, 'Summary Student')).attempt.finishedAt).not.toBeNull();
  expect(await results()).toEqual([true]);
  await page.getByRole('button', { name: 'Back to the library' }).click();
  await expect(page.locator('.card-progress')).toHaveText(/^Done — 2 of \d+ points \(1 waiting for your teacher\)$/);
});
