import type { BrowserContext, Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { chooseTeacherPin, expect, teacherCall, test } from './fixtures.ts';

// Issue 18: the live class as a teacher runs it. The projector is an address of its own
// (opened here in a browser with no teacher session at all), showing only what the class
// may see; the teacher's controls lock discreetly in front of the class; a choice step's
// answers are counted; ending the session shows each student their summary.
test.use({ lessons: 'fixture' });

const NAMES = ['Amara Obi', 'Bruno Díaz', 'Chloé Martin'];

test('the projector address, locked controls, a choice step’s answers and the summary at the end', async ({ browser, page, ownServer: server }) => {
  test.setTimeout(180_000);
  await chooseTeacherPin(page, server, '2580');
  const cls = await teacherCall<{ id: string }>(page, 'createClass', { name: 'Live 3' });
  for (const n of NAMES) await teacherCall(page, 'addStudent', { classId: cls.id, displayName: n });
  await page.goto(`${server.url}#/teacher/class/${cls.id}`);
  await page.reload();
  await page.getByRole('tab', { name: 'Live session' }).click();
  await page.getByLabel('Network').selectOption('127.0.0.1');
  await page.getByRole('button', { name: 'Start the session' }).click();
  const code = (await page.locator('.join-code').innerText()).trim();
  const url = (await page.locator('.join-url').innerText()).trim();

  // The projector's address, opened where no teacher has unlocked anything.
  await page.getByText('Projector address').click();
  const projectorUrl = (await page.locator('.projector-address code').innerText()).trim();
  expect(projectorUrl).toMatch(/#\/projector\/[\w-]+\/[\w-]{43}$/);
  const contexts: BrowserContext[] = [];
  const fresh = async (w = 1100, h = 800) => {
    const ctx = await browser.newContext({ viewport: { width: w, height: h } });
    contexts.push(ctx);
    return ctx.newPage();
  };
  try {
    const projector = await fresh(1360, 860);
    await projector.goto(projectorUrl);
    await expect(projector.getByRole('heading', { name: 'Live 3 — ', exact: false })).toBeVisible();
    await expect(projector.getByText(code)).toBeVisible();
    await expect(projector.getByText('0 of 3 joined')).toBeVisible();
    await expect(projector.getByRole('button')).toHaveCount(0);
    await expect(projector.getByText('Teacher', { exact: true })).toHaveCount(0);
    // The same address with another token shows nothing.
    const forged = await fresh();
    await forged.goto(projectorUrl.replace(/[\w-]{43}$/, 'A'.repeat(43)));
    await expect(forged.getByText('This projector address is not (or no longer) valid')).toBeVisible();

    // Three students join on their own devices.
    const pupils: Page[] = [];
    for (const name of NAMES) {
      const p = await fresh();
      await p.goto(url);
      await p.getByLabel('The code on your teacher’s screen').fill(code);
      await p.getByRole('button', { name: 'Next' }).click();
      await p.getByRole('button', { name, exact: false }).click();
      await expect(p.getByRole('heading', { name: 'Read the article' })).toBeVisible();
      pupils.push(p);
    }
    await expect(projector.getByText('3 of 3 joined')).toBeVisible();
    for (const n of NAMES) await expect(projector.getByText(n)).toHaveCount(0);

    // The teacher opens the choice step; two choose the two right options, one a wrong one.
    for (const title of ['Sources', 'Framing', 'Unverified statements', 'Headline versus body']) {
      await page.getByRole('button', { name: 'Next step →' }).click();
      await expect(page.locator('.live-summary strong').nth(1)).toHaveText(title);
    }
    await Promise.all(pupils.map((p) => expect(p.getByRole('heading', { name: 'Headline versus body', level: 2 })).toBeVisible()));
    const choose = async (p: Page, texts: RegExp[]) => {
      for (const t of texts) await p.getByRole('checkbox', { name: t }).check();
      await expect(p.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    };
    await choose(pupils[0]!, [/“We Are Doing”/, /leaves out who the work was done for/]);
    await choose(pupils[1]!, [/“We Are Doing”/]);
    await choose(pupils[2]!, [/tells you when and where/]);
    // The teacher sees how many chose each option at once, marked as theirs only…
    const bars = page.locator('.choice-bars li');
    await expect(bars.filter({ hasText: '“We Are Doing”' })).toContainText('2 students');
    await expect(bars.filter({ hasText: 'leaves out who' })).toContainText('1 student');
    await expect(bars.filter({ hasText: 'word for word' })).toContainText('0 students');
    await expect(bars.filter({ hasText: 'when and where' })).toContainText('1 student');
    await expect(page.getByText('3 of 3 answered.')).toBeVisible();
    await expect(page.getByText(/only you see this; the projector shows it once you reveal the key/)).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/classroom-dashboard-choice.png' });
    // …the projector not yet.
    await expect(projector.getByText('The answers appear here when your teacher reveals the key.')).toBeVisible();
    await expect(projector.locator('.choice-bars')).toHaveCount(0);

    // The teacher locks the controls: the screen keeps the class's view, with no names or codes,
    // and the controls wait behind the PIN, asked for in a dialog.
    await page.getByRole('button', { name: 'Lock the controls' }).click();
    await expect(page.getByRole('button', { name: 'Unlock controls' })).toBeVisible();
    await expect(page.getByText('3 of 3 joined')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Session controls' })).toHaveCount(0);
    for (const n of NAMES) await expect(page.getByText(n)).toHaveCount(0);
    await expect(page.getByText(/reset-pin/)).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Teacher area' })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/classroom-locked-controls.png' });
    await page.getByRole('button', { name: 'Unlock controls' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unlock the controls' });
    await dialog.getByLabel('Teacher PIN').fill('1111');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(dialog.getByRole('alert')).toContainText('That PIN is not right.');
    await expect(dialog).not.toContainText('reset-pin');
    await dialog.getByLabel('Teacher PIN').fill('2580');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('group', { name: 'Session controls' })).toBeVisible();
    await expect(page.getByText(NAMES[0]!)).toBeVisible();

    // The reveal: now the projector shows the answers, the right options marked.
    await page.getByRole('button', { name: 'Reveal the key: Headline versus body…' }).click();
    await page.getByRole('group', { name: 'Confirm revealing the key' }).getByRole('button', { name: 'Reveal the key', exact: true }).click();
    const shown = projector.locator('.choice-bars li');
    await expect(shown.filter({ hasText: '“We Are Doing”' })).toContainText('2 students');
    await expect(shown.filter({ hasText: '“We Are Doing”' })).toContainText('✓ right answer');
    await expect(shown.filter({ hasText: 'when and where' })).not.toContainText('right answer');
    await projector.screenshot({ path: 'test-results/screens/classroom-projector-window.png' });

    // The end, before the last step: every student's screen shows their summary.
    await page.getByRole('button', { name: 'End session…' }).click();
    await page.getByRole('button', { name: 'End session', exact: true }).click();
    await Promise.all(pupils.map((p) => expect(p.getByRole('heading', { name: 'Summary — attempt 1', level: 1 })).toBeVisible()));
    await expect(pupils[0]!.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    await pupils[0]!.screenshot({ path: 'test-results/screens/classroom-ended-summary.png' });
    await expect(projector.getByText('This session has ended.')).toBeVisible();
    // A student who reloads after the end finds the summary too.
    await pupils[1]!.reload();
    await expect(pupils[1]!.getByRole('heading', { name: 'Summary — attempt 1', level: 1 })).toBeVisible();

    // Every attempt is handed in: finished in the database, and no longer "in progress" in the
    // results (each waits for the teacher's grade of its written answer, handed in empty).
    const db = new BetterSqlite3(server.db, { readonly: true });
    try {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(n(`SELECT count(*) AS n FROM attempts WHERE finished_at IS NOT NULL`)).toBe(3);
      expect(n(`SELECT count(*) AS n FROM results`)).toBe(3 * 5);
    } finally {
      db.close();
    }
    await page.getByRole('button', { name: 'Back to classes' }).click();
    await page.getByRole('button', { name: /Live 3/ }).click();
    await page.getByRole('tab', { name: /Results/ }).click();
    await expect(page.locator('.filter-choice').filter({ hasText: 'In progress' })).toHaveText(/In progress\s*0/);
    await expect(page.locator('.filter-choice').filter({ hasText: 'To grade' })).toHaveText(/To grade\s*3/);
  } finally {
    for (const c of contexts) await c.close();
  }
});
