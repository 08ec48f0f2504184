import type { BrowserContext, Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { chooseTeacherPin, expect, test } from './fixtures.ts';
import { dragSelect } from './text.ts';

// The mechanics run on the fixture lesson (the seed as it was), so they do not move with the seed's content.
test.use({ lessons: 'fixture' });

const STUDENTS = 30;

test('30 students join a live session and work through it while the teacher paces, pauses and reveals', async ({ browser, page, ownServer: server, shoot }) => {
  test.setTimeout(240_000);
  // The teacher: PIN, a class of 30 from a roster, a live session on this computer.
  await chooseTeacherPin(page, server, '1357');
  await page.getByLabel('New class').fill('Live 30');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('tab', { name: /Students/ }).click();
  const names = Array.from({ length: STUDENTS }, (_, i) => `Pupil ${String(i + 1).padStart(2, '0')}`);
  await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(`name\n${names.join('\n')}\n`) });
  await page.getByRole('button', { name: `Import ${STUDENTS} students` }).click();
  await expect(page.getByRole('status')).toContainText(`${STUDENTS} added`);
  await page.getByRole('tab', { name: 'Live session' }).click();
  await page.getByLabel('Network').selectOption('127.0.0.1');
  await page.getByRole('button', { name: 'Start the session' }).click();
  const code = (await page.locator('.join-code').innerText()).trim();
  const url = (await page.locator('.join-url').innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  await expect(page.getByText(`0 of ${STUDENTS} joined`)).toBeVisible();

  // 30 students on their own devices (browser contexts): code, then name.
  const contexts: BrowserContext[] = [];
  const pupils: Page[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    contexts.push(ctx);
    pupils.push(await ctx.newPage());
  }
  try {
    await Promise.all(
      pupils.map(async (p, i) => {
        await p.goto(url);
        await p.getByLabel('The code on your teacher’s screen').fill(code.toLowerCase());
        await p.getByRole('button', { name: 'Next' }).click();
        await p.getByRole('button', { name: names[i]!, exact: false }).click();
        await expect(p.getByRole('heading', { name: 'Read the article' })).toBeVisible();
        await expect(p.getByText('Your teacher will open the first step.')).toBeVisible();
      }),
    );
    await shoot('classroom-student-waiting').catch(() => {});
    await expect(page.getByText(`${STUDENTS} of ${STUDENTS} joined`)).toBeVisible();

    // Teacher-paced: the teacher opens Sources and every screen follows.
    await page.getByRole('button', { name: 'Next step →' }).click();
    await Promise.all(pupils.map((p) => expect(p.getByRole('heading', { name: 'Sources', level: 2 })).toBeVisible()));
    // A student cannot run ahead.
    await expect(pupils[0]!.getByRole('navigation', { name: 'Lesson steps' }).getByRole('button', { name: /Framing/ })).toBeDisabled();

    // Everyone marks; two thirds find "diplomatic sources" as anonymous, the rest call it vague.
    await Promise.all(
      pupils.map(async (p, i) => {
        await dragSelect(p, 'diplomatic sources');
        await p.getByRole('toolbar').getByRole('button', { name: i % 3 === 2 ? 'Vague' : 'Anonymous', exact: true }).click();
        await expect(p.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
      }),
    );
    // The dashboard has every mark: "diplomatic sources" marked by all 30.
    await expect(page.locator('.heat-map .heat-5').first()).toBeVisible();
    await expect(page.locator('.heat-map .heat-5').first()).toHaveAttribute('title', `${STUDENTS} of ${STUDENTS}`);
    // The teacher's own screen shows the key, marked as theirs only…
    await expect(page.locator('.heat-map .in-key').first()).toBeVisible();
    await expect(page.getByText('only you see this').first()).toBeVisible();
    await shoot('classroom-dashboard');
    // …the projector, which the class sees, opens at its own address in a window of its own and
    // shows the marks and nothing of the key until it is revealed.
    const [projector] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Open the projector view' }).click()]);
    await projector.setViewportSize({ width: 1360, height: 900 });
    await expect(projector.locator('.heat-map .heat-5').first()).toBeVisible();
    await expect(projector.locator('.heat-map .heat-5').first()).toHaveAttribute('title', `${STUDENTS} of ${STUDENTS}`);
    await expect(projector.locator('.heat-map .in-key')).toHaveCount(0);
    await expect(projector.getByRole('heading', { name: /Most missed/ })).toHaveCount(0);
    await expect(projector.getByText('only you see this')).toHaveCount(0);
    await expect(projector.getByText('The key appears when your teacher reveals it.')).toBeVisible();
    await expect(projector.getByRole('button')).toHaveCount(0);
    await projector.screenshot({ path: 'test-results/screens/classroom-projector-before-reveal.png' });

    // Pause: every screen shows the pause, and nothing behind it can be used.
    await page.getByRole('button', { name: 'Pause all screens' }).click();
    await Promise.all(pupils.map((p) => expect(p.getByRole('dialog', { name: 'Eyes on your teacher' })).toBeVisible()));
    await pupils[1]!.screenshot({ path: 'test-results/screens/classroom-paused.png' });
    await page.getByRole('button', { name: 'Resume screens' }).click();
    await Promise.all(pupils.map((p) => expect(p.getByRole('dialog')).toHaveCount(0)));

    // Reveal: each student sees the key with their own marks. 20 found it (anonymous), 10 did not.
    await page.getByRole('button', { name: 'Reveal the key: Sources…' }).click();
    await page.getByRole('group', { name: 'Confirm revealing the key' }).getByRole('button', { name: 'Reveal the key', exact: true }).click();
    await Promise.all(pupils.map((p) => expect(p.getByRole('heading', { name: /You found [01] of 12 sources/ })).toBeVisible()));
    await expect(pupils[0]!.getByRole('heading', { name: /You found 1 of 12 sources/ })).toBeVisible();
    await expect(pupils[2]!.getByRole('heading', { name: /You found 0 of 12 sources/ })).toBeVisible();
    // The reveal redraws each student's article with their marks and the key (it used to leave it blank).
    await expect.poll(() => pupils[0]!.evaluate(() => ['lede-mine-1', 'lede-fb-found'].filter((n) => CSS.highlights.has(n)).length)).toBe(2);
    await expect(page.locator('.step-stats tr.current-step')).toContainText(`${STUDENTS}/${STUDENTS}`);
    // The most-missed list: items nobody found come first; "diplomatic sources" (found by 20) is not among them.
    await expect(page.locator('.missed li').first()).toContainText('found by 0 of 30');
    await expect(page.locator('.missed')).not.toContainText('diplomatic sources');

    // A student on a new device: the teacher lets them join again and reads them the code.
    const row = page.locator('.live-roster li').filter({ hasText: 'Pupil 30' });
    await row.getByRole('button', { name: 'Let join again' }).click();
    const rejoin = (await row.locator('.rejoin-code strong').innerText()).trim();
    expect(rejoin).toMatch(/^[A-Z2-9]{6}$/);
    await expect(pupils[29]!.getByRole('dialog')).toHaveCount(0);
    const device = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    contexts.push(device);
    const again = await device.newPage();
    await again.goto(url);
    await again.getByLabel('The code on your teacher’s screen').fill(code);
    await again.getByRole('button', { name: 'Next' }).click();
    await again.getByRole('button', { name: /Pupil 30/ }).click();
    await again.getByLabel(/type the code your teacher gives you/).fill(rejoin);
    await again.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(again.getByRole('heading', { name: /You found [01] of 12 sources/ })).toBeVisible();

    // Student-paced: students may move on by themselves.
    await page.getByRole('button', { name: 'Teacher-paced' }).click();
    await expect(page.getByRole('button', { name: 'Teacher-paced' })).toHaveAttribute('aria-pressed', 'false');
    await pupils[3]!.getByRole('button', { name: 'Next: Framing →' }).click();
    await expect(pupils[3]!.getByRole('heading', { name: 'Framing', level: 2 })).toBeVisible();

    // The projector hides the names; the revealed step's key is shown to all.
    await expect(projector.locator('.heat-map .in-key').first()).toBeVisible();
    await expect(projector.getByText('Pupil 01')).toHaveCount(0);
    await expect(projector.getByText(rejoin)).toHaveCount(0);
    await projector.screenshot({ path: 'test-results/screens/classroom-projector.png' });

    // End: every attempt is handed in and each student's screen shows their summary.
    await page.getByRole('button', { name: 'End session…' }).click();
    await page.getByRole('button', { name: 'End session', exact: true }).click();
    // (Pupil 30 is on the new device now: the old one's seat was given up, so it only says the session ended.)
    await Promise.all([...pupils.slice(0, STUDENTS - 1), again].map((p) => expect(p.getByRole('heading', { name: 'Summary — attempt 1', level: 1 })).toBeVisible()));
    await expect(pupils[0]!.getByText('Your teacher has ended the session: this is your summary')).toBeVisible();
    await expect(pupils[STUDENTS - 1]!.getByRole('dialog', { name: 'The session has ended' })).toBeVisible();
    await expect(pupils[0]!.getByRole('dialog')).toHaveCount(0);
    await expect(projector.getByText('This session has ended.')).toBeVisible();
    // Everything is in the teacher's database: 30 marks, 30 scored Sources steps, all with points: the 10 who chose
    // Vague marked the right words under a wrong label, which earns half the item (fewer points than the other 20).
    const db = new BetterSqlite3(server.db, { readonly: true });
    try {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(n(`SELECT count(*) AS n FROM highlights WHERE exercise_id = 'sources'`)).toBe(STUDENTS);
      expect(n(`SELECT count(*) AS n FROM results WHERE exercise_id = 'sources' AND status = 'scored'`)).toBe(STUDENTS);
      expect(n(`SELECT count(*) AS n FROM results WHERE exercise_id = 'sources' AND points > 0`)).toBe(STUDENTS);
      expect(n(`SELECT count(*) AS n FROM results WHERE exercise_id = 'sources' AND points < (SELECT max(points) FROM results WHERE exercise_id = 'sources')`)).toBe(10);
      expect(n(`SELECT count(*) AS n FROM classroom_sessions WHERE ended_at IS NOT NULL`)).toBe(1);
      expect(n(`SELECT count(*) AS n FROM attempts WHERE finished_at IS NOT NULL`)).toBe(STUDENTS);
    } finally {
      db.close();
    }
  } finally {
    // One at a time: closing many traced contexts at once races on their trace files.
    for (const c of contexts) await c.close();
  }
});
