import BetterSqlite3 from 'better-sqlite3';
import { chooseTeacherPin, expect, lede, test } from './fixtures.ts';

// Results scored under earlier scoring rules keep their points until the teacher
// re-scores: the class's results offer it, the preview lists every change, and the
// re-score stores today's points (read back from SQLite).

test.use({ lessons: 'fixture' });

test('a teacher previews and re-scores results scored under earlier rules', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(120_000);
  const made = lede('sample-class', '--db', server.db, '--students', '8', '--class', 'Year 9');
  expect(made.code, made.err).toBe(0);
  // As if scored before the rules changed: half the points, under version 1.
  const db = new BetterSqlite3(server.db);
  const today = new Map<string, number>();
  let older = 0;
  try {
    for (const r of db.prepare(`SELECT attempt_id, exercise_id, points FROM results WHERE status = 'scored' AND points > 0`).all() as { attempt_id: string; exercise_id: string; points: number }[]) {
      today.set(`${r.attempt_id}/${r.exercise_id}`, r.points);
    }
    older = db.prepare(`UPDATE results SET rules_version = 1, points = round(points / 2, 2) WHERE status = 'scored' AND points > 0`).run().changes;
  } finally {
    db.close();
  }
  expect(older).toBeGreaterThan(8);

  await chooseTeacherPin(page, server, '2468');
  await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Year 9/ }).click();
  const offer = page.locator('.rescore-offer');
  await expect(offer).toContainText(`${older} results of this lesson were scored under earlier scoring rules. They keep their points until you re-score them.`);
  await offer.getByRole('button', { name: 'Preview a re-score…' }).click();

  const preview = page.getByRole('region', { name: 'What would change' });
  await expect(page.locator('.rescore-preview')).toContainText(`${older} results would get other points:`);
  await expect(preview.locator('tbody tr')).toHaveCount(older);
  // Each row: student, attempt, step, now → after (today's points, twice what is stored).
  const first = preview.locator('tbody tr').first();
  const cells = await first.locator('td').allTextContents();
  const [now, after] = [cells[2]!, cells[3]!].map((c) => Number(c.split('/')[0]));
  expect(after).toBeCloseTo(now! * 2, 1);
  await shoot('teacher-rescore');

  await page.getByRole('button', { name: `Re-score ${older} results` }).click();
  await expect(page.getByText(`Re-scored under today’s rules: ${older} results got other points.`)).toBeVisible();
  await expect(page.locator('.rescore-preview')).toHaveCount(0);
  await expect(offer).toHaveCount(0);

  const check = new BetterSqlite3(server.db, { readonly: true });
  try {
    expect(check.prepare(`SELECT count(*) FROM results WHERE rules_version <> 2`).pluck().get()).toBe(0);
    const rows = check.prepare(`SELECT attempt_id, exercise_id, points FROM results WHERE status = 'scored' AND points > 0`).all() as { attempt_id: string; exercise_id: string; points: number }[];
    expect(new Map(rows.map((r) => [`${r.attempt_id}/${r.exercise_id}`, r.points]))).toEqual(today);
  } finally {
    check.close();
  }
});
