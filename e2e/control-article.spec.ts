import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dragSelect } from './text.ts';
import { expect, ROOT, test } from './fixtures.ts';

// The control article (lessons/practice-school-start-trial.md): a well-sourced report whose
// honest verdict is "mostly trustworthy". A student who tells good reporting from bad works
// through it with the mouse. Every figure below was computed by hand from the lesson's key.

test('a student finds the control article mostly trustworthy, and the key agrees', async ({ page, shoot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'lede-e2e-control-'));
  mkdirSync(join(dir, 'lessons'));
  copyFileSync(join(ROOT, 'lessons', 'practice-school-start-trial.md'), join(dir, 'lessons', 'practice-school-start-trial.md'));
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'lede.mjs'), 'serve', '--port', '0', '--db', join(dir, 'lede.sqlite'), '--lessons', join(dir, 'lessons')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`lede serve exited ${code}: ${out}`)));
    });
    await page.goto(url);
    await page.getByLabel(/Type your name/).fill('Careful Reader');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(page.getByText('Practice article · invented people and places')).toBeVisible();
    await page.getByRole('button', { name: /^Start: / }).click();
    await expect(page.locator('.headline')).toHaveText('Later school start gave teenagers 34 more minutes of sleep a night, two-year trial finds');
    await page.getByRole('button', { name: 'Start: Sources' }).click();

    const mark = async (quote: string, label: string) => {
      await dragSelect(page, quote, 1);
      const toolbar = page.getByRole('toolbar');
      await expect(toolbar).toBeVisible();
      await toolbar.getByRole('button', { name: label, exact: true }).click();
      await expect(page.getByRole('listitem').filter({ hasText: `“${quote}”` }).first()).toBeVisible();
    };

    // Sources: each of the nine by its name or key words (a surname finds a person): 9 of 9, nothing
    // outside the key → 10 points.
    for (const name of ['Marsh-Adebayo', 'Youth Sleep', 'transport department', 'Pryce', 'Rao', 'Teachers’ Association', 'Whitcombe', 'Okonkwo']) await mark(name, 'Named');
    await mark('earlier studies', 'Vague');
    await page.getByRole('button', { name: 'Check my highlights' }).click();
    await expect(page.getByRole('heading', { name: /You found 9 of 9 sources/ })).toBeVisible();
    await expect(page.locator('.points')).toHaveText('10 of 10 points');

    // Framing: "Sleep-deprived", and the head teacher's quoted "calmer", a note that costs nothing.
    // Items 1/2, inside the key 100 % → 2·½·1/(½ + 1) = ⅔ → 6.67 points.
    await page.getByRole('button', { name: 'Next: Framing →' }).click();
    await mark('Sleep-deprived', 'Loaded language');
    await mark('calmer', 'Loaded language');
    await page.getByRole('button', { name: 'Check my highlights' }).click();
    await expect(page.getByRole('heading', { name: /You found 1 of 2 framing choices/ })).toBeVisible();
    await expect(page.locator('.points')).toHaveText('6.67 of 10 points');
    await expect(page.locator('.fb-extra')).toContainText('Left out of the key on purpose: The head teacher\'s own word, in quotation marks: her view, reported.');
    await expect(page.getByRole('heading', { name: 'Missed (1)' })).toBeVisible();
    await expect(page.locator('.fb-missed')).toContainText('“Landmark” makes the trial sound historic.');
    await shoot('control-framing-feedback');

    // Unverified: the unsourced body-clock line, one whole sentence of the parents' spokesman's quotation
    // (any sentence finds it), and the researcher's honest hedge (a note: free).
    // Items 2/3, inside the key 100 % → 2·⅔·1/(⅔ + 1) = 0.8 → 8 points.
    await page.getByRole('button', { name: 'Next: Unverified statements →' }).click();
    await mark('body clocks', 'Unattributed claim');
    await mark('But families were asked to absorb the cost, and many of them could not.', 'Quote to check');
    await mark('Two years may be too short to see that', 'Speculation');
    await page.getByRole('button', { name: 'Check my highlights' }).click();
    await expect(page.getByRole('heading', { name: /You found 2 of 3 unverified statements/ })).toBeVisible();
    await expect(page.locator('.points')).toHaveText('8 of 10 points');
    await expect(page.locator('.fb-extra')).toContainText('A guess, but an honest one');

    // Does it check out? Four right (three "supported" with the card that shows it, one "not found"), one
    // wrong: raw 4/5. "Supported" fits 3 of the 5 claims, so the step is corrected for guessing:
    // ⅓ + (4/5 − 3/5) × ⅔ ÷ (2/5) = ⅔ → 3.33 of 5 points.
    await page.getByRole('button', { name: 'Next: Does it check out? →' }).click();
    await expect(page.locator('.evidence-card')).toHaveCount(3);
    const claim = (quote: string) => page.locator('.claim').filter({ hasText: `“${quote}”` });
    const answer = async (quote: string, verdict: string, card?: string) => {
      await claim(quote).getByLabel(verdict, { exact: true }).check();
      if (card) await claim(quote).getByLabel('Which report shows it?').selectOption(card);
    };
    await answer('34 more minutes of sleep a night', 'Supported', 'paper');
    await answer('exam results did not change', 'Supported', 'paper');
    await answer('cost £310,000 a year across the 12 schools', 'Supported', 'budget');
    await answer('many of them could not', 'Not found in these reports');
    await answer('Teenagers’ body clocks shift later during puberty', 'Supported');
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.locator('.feedback-figure')).toHaveText('3.33 of 5 points');
    await expect(claim('many of them could not')).toContainText('His view, not a finding; not found is not false.');

    // The verdict: mostly trustworthy → 2 of 2.
    await page.getByRole('button', { name: 'Next: How far can you trust this report? →' }).click();
    await page.getByLabel(/^Mostly trustworthy/).check();
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await expect(page.locator('.feedback-figure')).toHaveText('2 of 2 points');
    await expect(page.getByText(/Good reporting is not reporting with no flaws/)).toBeVisible();
    await shoot('control-verdict');

    // What makes it good reporting? All four true reasons and one untrue: (4/4 − 1/3) × 4 = 2.67 points.
    await page.getByRole('button', { name: 'Next: What makes it good reporting? →' }).click();
    await page.getByLabel(/names the researchers and the journal/).check();
    await page.getByLabel(/compares the trial schools/).check();
    await page.getByLabel(/reports the costs/).check();
    await page.getByLabel(/asks a researcher who was not involved/).check();
    await page.getByLabel('It uses no strong words at all.').check();
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await expect(page.locator('.feedback-figure')).toHaveText('2.67 of 4 points');
    await expect(page.getByText(/“sleep-deprived” and “landmark” are there/)).toBeVisible();

    // What would you still check? The three true, none of the untrue: 4 of 4.
    await page.getByRole('button', { name: 'Next: What would you still check? →' }).click();
    await page.getByLabel(/schools that volunteered/).check();
    await page.getByLabel(/Parents' Forum survey/).check();
    await page.getByLabel(/earlier studies the professor means/).check();
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await expect(page.locator('.feedback-figure')).toHaveText('4 of 4 points');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
});
