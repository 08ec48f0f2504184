import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { scoreExercise } from '../src/core/scoring/attempt.ts';
import { rulesOf } from '../src/core/scoring/rules.ts';
import { chooseTeacherPin, expect, FIXTURE_LESSON, lede, test, noSeriousViolations } from './fixtures.ts';

// The mechanics run on the fixture lesson (the seed as it was), so they do not move with the seed's content.
test.use({ lessons: 'fixture' });


test('a teacher sets a PIN, reviews and grades, manages the roster and exports a gradebook', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(120_000);
  const made = lede('sample-class', '--db', server.db, '--students', '24', '--class', 'Year 10 Media');
  expect(made.code, made.err).toBe(0);

  // The person who started `lede serve` opens the set-up link it printed; then the teacher area.
  await page.goto(server.setupUrl);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Teacher area' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a teacher PIN' })).toBeVisible();
  await page.getByLabel('New PIN').fill('2468');
  await page.getByLabel('The same PIN again').fill('2469');
  await page.getByRole('button', { name: 'Set PIN and open' }).click();
  await expect(page.getByRole('alert')).toHaveText('The two PINs are not the same.');
  await page.getByLabel('New PIN').fill('2468');
  await page.getByLabel('The same PIN again').fill('2468');
  await page.getByRole('button', { name: 'Set PIN and open' }).click();

  await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Year 10 Media/ }).click();
  const table = page.locator('.results-table');
  await expect(table.locator('tbody tr')).toHaveCount(24);
  await noSeriousViolations(page, 'teacher results');
  await shoot('teacher-results');

  // The first student with a written answer to grade.
  const row = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: 'to grade' }) }).first();
  const name = (await row.locator('th').innerText()).trim();
  // An answer still to grade: the total is only the points so far, and says so.
  await expect(row.locator('td.total')).toContainText('so far');
  const totalBefore = parseFloat(await row.locator('td.total').innerText());
  await row.getByRole('button', { name: 'to grade' }).click();
  await expect(page.locator('.review .class-head h2')).toContainText(name);
  // "to grade" opens at the written answer, ready to grade.
  await expect(page.getByRole('tab', { name: /How would you check this quote/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Points (0–5)')).toBeFocused();
  await page.getByLabel('Points (0–5)').fill('4');
  await page.getByLabel('Comment', { exact: true }).fill('Good: you went to the original.');
  await page.getByRole('button', { name: 'Save grade' }).click();
  await expect(page.getByRole('status')).toContainText(`Grade saved for ${name}.`);
  await page.getByRole('tab', { name: 'Sources' }).click();
  await expect(page.getByRole('heading', { name: /^Found \d+ of 12 sources/ })).toBeVisible();
  await noSeriousViolations(page, 'teacher review');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot('teacher-review');
  await page.getByRole('button', { name: '← Results' }).click();
  const graded = table.locator('tbody tr').filter({ hasText: name }).first();
  await expect(graded.locator('td.total')).toHaveText(String(Math.round((totalBefore + 4) * 100) / 100));

  // Roster: add, import, rename, delete.
  await page.getByRole('tab', { name: /Students/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Zoë Ångström');
  await page.getByLabel('School id (optional)').fill('Z-1');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Added Zoë Ångström.');
  // A semicolon-separated roster (a comma inside a name): previewed row by row, then imported just as shown.
  const roster = 'given_name;family_name;id\nNoor;Haddad;R-7\n;;R-8\n=cmd;Attacker;R-9\nZoë;Ångström, Berg;Z-1\n';
  await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(roster) });
  const preview = page.getByRole('region', { name: 'How each row will be read' });
  await expect(page.getByText('Read as semicolon-separated; columns: given_name, family_name, id.')).toBeVisible();
  await expect(preview.locator('tbody tr')).toHaveText([
    /^2Noor HaddadR-7Add as a new student$/,
    /^3R-8Skip: no name$/,
    /^4=cmd AttackerR-9Add as a new student$/,
    /^5Zoë Ångström, BergZ-1Already in the class/,
  ]);
  await page.getByRole('checkbox', { name: 'Rename from “Zoë Ångström” to “Zoë Ångström, Berg”' }).check();
  await noSeriousViolations(page, 'roster preview');
  await shoot('teacher-roster-preview');
  await page.getByRole('button', { name: 'Import 2 students and rename 1' }).click();
  await expect(page.getByRole('status')).toContainText('2 added, 1 already here, 1 renamed, 1 row skipped');
  await expect(page.locator('.student-row').filter({ hasText: 'Zoë Ångström, Berg' })).toBeVisible();
  await page.getByText('1 row skipped: why').click();
  await expect(page.getByText('Line 3: no name')).toBeVisible();
  const zoe = page.locator('.student-row').filter({ hasText: 'Zoë Ångström' });
  await zoe.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill('Zoë Å.');
  await page.locator('.student-row').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.student-row').filter({ hasText: 'Zoë Å.' })).toBeVisible();
  const noor = page.locator('.student-row').filter({ hasText: 'Noor Haddad' });
  await noor.getByRole('button', { name: 'Delete…' }).click();
  await noor.getByRole('button', { name: 'Delete everything' }).click();
  await expect(page.getByRole('status')).toContainText('Noor Haddad and all their data were deleted.');
  await expect(page.locator('.student-row').filter({ hasText: 'Noor Haddad' })).toHaveCount(0);
  await noSeriousViolations(page, 'teacher students');

  // Export a gradebook and read it back.
  await page.getByRole('tab', { name: 'Export' }).click();
  // One column per lesson unless the teacher chooses one per step (read back step by step here).
  await expect(page.getByRole('radio', { name: /One column per lesson/ })).toBeChecked();
  await page.getByRole('radio', { name: /One column per step/ }).check();
  await page.getByRole('button', { name: 'Gradebook CSV' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).first().click();
  const file = await (await download).path();
  const rows = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as string[][];
  expect(rows[0]!.slice(0, 5)).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section']);
  expect(rows.length).toBe(2 + 24 + 2);
  const mine = rows.find((r) => r[0] === name)!;
  expect(Number(mine.at(-1))).toBeCloseTo(totalBefore + 4, 2);
  expect(mine[mine.length - 2]).toBe('4');
  expect(rows.some((r) => r[0] === "'=cmd Attacker")).toBe(true);
  await shoot('teacher-export');
  await noSeriousViolations(page, 'teacher export');

  // Locking returns to the students' screen; the teacher area asks for the PIN again.
  await page.getByRole('button', { name: 'Lock the teacher area' }).click();
  await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
  await page.goto(`${server.url}#/teacher/class/anything`);
  await expect(page.getByRole('heading', { name: 'Teacher area' })).toBeVisible();
  await page.getByLabel('PIN', { exact: true }).fill('0000');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('alert')).toHaveText('That PIN is not right.');
  // Someone guessing: after five wrong PINs the screen counts the wait down and will not try sooner.
  for (const guess of ['1111', '2222', '3333', '4444']) {
    await expect(page.getByLabel('PIN', { exact: true })).toBeFocused();
    await page.getByLabel('PIN', { exact: true }).fill(guess);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('alert')).toContainText('That PIN is not right.');
  }
  // The wait counts down from 30 seconds (on a busy machine a second may pass before the message is read).
  await expect(page.getByRole('alert')).toHaveText(/^That PIN is not right\. Too many wrong PINs: try again in (30|29) seconds\.$/);
  await expect(page.getByText(/^You can try again in (30|29|28) seconds\.$/)).toBeVisible();
  await page.getByLabel('PIN', { exact: true }).fill('2468');
  await expect(page.getByRole('button', { name: 'Open' })).toBeDisabled();
});

/** A backup's copy of the lesson with one statement of “Headline versus body” made true, its sha-256 recomputed and its points scored by that key (as an attacker would). */
function withAlteredKey(file: string, out: string): void {
  type File = {
    lessonVersions: { source: string; hash: string }[];
    attempts: { lessonHash: string; responses: { exerciseId: string; choices: string[] | null }[]; results: { exerciseId: string; points: number | null; rulesVersion: number }[] }[];
  };
  const b = JSON.parse(readFileSync(file, 'utf8')) as File;
  const source = b.lessonVersions[0]!.source.replace(/(- id: same-words\n {8}text: [^\n]*\n {8}correct: )false/, '$1true');
  expect(source).not.toBe(b.lessonVersions[0]!.source);
  const parsed = parseLesson(source, 'asif-dirty-work.md');
  if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
  const ex = parsed.lesson.exercises.find((e) => e.id === 'headline-vs-body')!;
  const hash = createHash('sha256').update(source, 'utf8').digest('hex');
  b.lessonVersions[0] = { ...b.lessonVersions[0]!, source, hash };
  for (const a of b.attempts) {
    a.lessonHash = hash;
    const choices = a.responses.find((r) => r.exerciseId === ex.id)?.choices ?? [];
    for (const r of a.results) if (r.exerciseId === ex.id) r.points = scoreExercise(ex, { choices }, rulesOf(r.rulesVersion)).points;
  }
  writeFileSync(out, JSON.stringify(b));
}

test('on a fresh computer, a teacher imports a backup from the empty class list after its preview; a forged one is refused, and a lesson text with another key needs accepting', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(120_000);
  // The other computer, with the same lesson: two classes with results, each saved as a backup.
  const other = mkdtempSync(join(tmpdir(), 'lede-e2e-other-'));
  mkdirSync(join(other, 'lessons'));
  copyFileSync(FIXTURE_LESSON, join(other, 'lessons', 'asif-dirty-work.md'));
  const otherDb = join(other, 'lede.sqlite');
  expect(lede('sample-class', '--db', otherDb, '--students', '8', '--class', 'Year 11 History').code).toBe(0);
  expect(lede('sample-class', '--db', otherDb, '--students', '3', '--class', 'Year 10 Media', '--seed', '4').code).toBe(0);
  const backupFile = join(other, 'backup.json');
  const made = lede('export', '--class', 'Year 11 History', '--format', 'json', '--out', backupFile, '--db', otherDb);
  expect(made.code, made.err).toBe(0);
  const backup = JSON.parse(readFileSync(backupFile, 'utf8')) as { attempts: { results: { exerciseId: string; points: number | null }[] }[] };
  const forged = structuredClone(backup);
  forged.attempts.find((a) => a.results.some((r) => r.exerciseId === 'sources'))!.results.find((r) => r.exerciseId === 'sources')!.points = 999;
  const forgedFile = join(other, 'forged.json');
  writeFileSync(forgedFile, JSON.stringify(forged));
  // The second class's backup, its copy of the lesson given another key (and a hash that matches it).
  const year10File = join(other, 'year-10.json');
  expect(lede('export', '--class', 'Year 10 Media', '--format', 'json', '--out', year10File, '--db', otherDb).code).toBe(0);
  const alteredFile = join(other, 'year-10-media.json');
  withAlteredKey(year10File, alteredFile);

  await chooseTeacherPin(page, server, '1357');
  const classes = page.getByRole('navigation', { name: 'Classes' });
  await expect(classes.getByText('No classes yet.')).toBeVisible();
  await noSeriousViolations(page, 'empty class list');
  await shoot('teacher-empty-class-list');

  const stored = () => {
    const db = new BetterSqlite3(server.db, { readonly: true });
    try {
      return ['classes', 'students', 'attempts', 'results', 'lesson_versions'].map((t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
    } finally {
      db.close();
    }
  };

  // A forged file is refused whole, naming the record, when it is chosen, and nothing is stored.
  await classes.getByLabel('Import a backup').setInputFiles(forgedFile);
  await expect(page.getByRole('alert')).toContainText(/^Attempt \d+ of student “.+”, step “Sources”: the backup says 999 points, but its answers score [\d.]+ of 10 against the key \(under version 2 of the scoring rules, which the backup says scored it\)\. Nothing was imported\./);
  expect(stored()).toEqual([0, 0, 0, 0, 1]);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // A lesson text with another key: the preview says so, and Import waits until the teacher accepts it.
  await classes.getByLabel('Import a backup').setInputFiles(alteredFile);
  const preview = page.getByRole('dialog', { name: 'Import year-10-media.json?' });
  await expect(preview).toBeVisible();
  await expect(preview).toContainText('A backup of the class “Year 10 Media”');
  await expect(preview).toContainText('3 students');
  await expect(preview.getByRole('heading', { name: 'A lesson text not on this computer' })).toBeVisible();
  await expect(preview).toContainText('scored against the text it brings, with its keys — not against yours');
  await expect(preview.getByRole('heading', { name: '“Dirty work”: what did Pakistan’s defence minister actually say? (asif-dirty-work)' })).toBeVisible();
  await expect(preview).toContainText('A version of your lesson that differs from every version here (compared with version 1, the one students open).');
  await expect(preview).toContainText('Its key or points differ from your lesson’s:');
  await expect(preview.getByRole('listitem').filter({ hasText: /^Step 4, “Headline versus body”: a different key\.$/ })).toBeVisible();
  const importButton = preview.getByRole('button', { name: 'Import', exact: true });
  await expect(importButton).toBeDisabled();
  await noSeriousViolations(page, 'backup preview with a lesson text');
  await shoot('teacher-backup-preview-lesson-text');
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(stored()).toEqual([0, 0, 0, 0, 1]);

  // The real one: its preview lists no lesson text (the lesson is the one here) and it imports with one click.
  await classes.getByLabel('Import a backup').setInputFiles(backupFile);
  const real = page.getByRole('dialog', { name: 'Import backup.json?' });
  await expect(real).toContainText(/A backup of the class “Year 11 History”, made on \d+ \w+ \d{4}: 8 students, \d+ attempts?, \d+ results?\./);
  await expect(real).toContainText('It becomes a new class, “Year 11 History”. Importing adds 8 new students');
  await expect(real.getByText('not on this computer')).toHaveCount(0);
  await shoot('teacher-backup-preview');
  await real.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Imported into “Year 11 History”: 8 new students');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(classes.getByRole('button', { name: /Year 11 History/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.results-table tbody tr')).toHaveCount(8);
  const [, students, attempts, results] = stored();
  expect(students).toBe(8);
  expect(attempts).toBe(backup.attempts.length);
  expect(results).toBe(backup.attempts.reduce((t, a) => t + a.results.length, 0));

  // The same file again: the preview says it adds nothing, and importing adds nothing.
  await classes.getByLabel('Import a backup').setInputFiles(backupFile);
  await expect(page.getByRole('dialog')).toContainText('It goes into your class “Year 11 History”, already on this computer. Everything in it is already on this computer: importing adds nothing.');
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Everything in this backup is already in “Year 11 History”; nothing was added.');
  expect(stored()).toEqual([1, students, attempts, results, 1]);

  // The lesson text accepted: it becomes another version of the lesson, and that class's attempts are scored against it.
  await classes.getByLabel('Import a backup').setInputFiles(alteredFile);
  await preview.getByRole('checkbox', { name: 'Accept this text as my own version of the lesson' }).check();
  await preview.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(/Imported into “Year 10 Media”: 3 new students, .*1 lesson text as your own\./);
  await expect(classes.getByRole('button', { name: /Year 10 Media/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.results-table tbody tr')).toHaveCount(3);
  const altered = JSON.parse(readFileSync(alteredFile, 'utf8')) as { lessonVersions: { hash: string }[]; attempts: { id: string; results: { exerciseId: string; points: number }[] }[] };
  const db = new BetterSqlite3(server.db, { readonly: true });
  try {
    const versions = db.prepare(`SELECT version, hash, file IS NULL AS fromBackup FROM lesson_versions WHERE lesson_id = 'asif-dirty-work' ORDER BY version`).all() as { version: number; hash: string; fromBackup: number }[];
    expect(versions.map((v) => [v.version, v.fromBackup])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(versions[1]!.hash).toBe(altered.lessonVersions[0]!.hash);
    for (const a of altered.attempts) {
      const row = db.prepare(`SELECT r.points, v.version FROM results r JOIN attempts t ON t.id = r.attempt_id JOIN lesson_versions v ON v.id = t.lesson_version_id WHERE r.attempt_id = ? AND r.exercise_id = 'headline-vs-body'`).get(a.id) as { points: number; version: number } | undefined;
      const inFile = a.results.find((r) => r.exerciseId === 'headline-vs-body');
      expect(row ? [row.points, row.version] : null).toEqual(inFile ? [inFile.points, 2] : null);
    }
  } finally {
    db.close();
  }
  rmSync(other, { recursive: true, force: true });
});
