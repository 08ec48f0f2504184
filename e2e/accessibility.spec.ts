import { expect, newStudent, test, noSeriousViolations } from './fixtures.ts';
import { dragSelect } from './text.ts';


test('no serious or critical axe violations on any screen', async ({ page, server, shoot }) => {
  // Ten full axe scans (wcag2a/aa, wcag21a/aa, best-practice), several of a 3,000-word
  // article page: 2-3 s each on an idle 2-core machine, about 5 s with one core busy
  // elsewhere (measured: 28 s idle, 51 s under load for the whole walk). The budget
  // is that, doubled.
  test.setTimeout(120_000);
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
  await noSeriousViolations(page, 'who is studying (empty)');
  await newStudent(page, server, 'Axe Student');
  await noSeriousViolations(page, 'library');
  await page.getByRole('button', { name: /Axe Student/ }).click();
  await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
  await noSeriousViolations(page, 'who is studying (with profiles)');
  await shoot('who-is-studying');
  await page.getByRole('button', { name: /Axe Student/ }).click();

  await page.getByRole('button', { name: /^Start: / }).click();
  await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
  await noSeriousViolations(page, 'reader');
  await page.getByRole('button', { name: 'Start: Who is behind this?' }).click();
  await noSeriousViolations(page, 'choice step');
  await page.locator('.choices input').first().check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await noSeriousViolations(page, 'choice feedback');
  await page.getByRole('button', { name: 'Next: Leave the page →' }).click();
  await noSeriousViolations(page, 'search step');
  for (const goal of await page.locator('.search-question').all()) {
    await goal.getByRole('group', { name: 'Which result would you open first?' }).getByRole('radio').first().check();
    await goal.getByRole('group', { name: /Why open it first\?/ }).getByRole('radio').first().check();
  }
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await noSeriousViolations(page, 'search feedback');
  await page.getByRole('button', { name: 'Next: Sources →' }).click();
  await dragSelect(page, 'diplomatic sources');
  await expect(page.getByRole('toolbar')).toBeVisible();
  await noSeriousViolations(page, 'highlight step with the label picker open');
  await shoot('label-picker');
  await page.getByRole('toolbar').getByRole('button', { name: 'Anonymous', exact: true }).click();
  await page.getByRole('button', { name: 'Check my highlights' }).click();
  await page.getByText('How is this scored?').click();
  await noSeriousViolations(page, 'highlight feedback');
  for (const step of ['Framing', 'Unverified statements']) {
    await page.getByRole('button', { name: `Next: ${step} →` }).click();
    await page.getByRole('button', { name: 'Check my highlights' }).click();
    // Nothing highlighted: the page asks first, in the page.
    if (step === 'Framing') await noSeriousViolations(page, 'checking with nothing highlighted asks first');
    await page.getByRole('button', { name: 'Check with no highlights' }).click();
  }
  await page.getByRole('button', { name: 'Next: Headline versus body →' }).click();
  await page.getByLabel(/leaves out who the work was done for/).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await page.getByRole('button', { name: 'Next: What do other reports say? →' }).click();
  await noSeriousViolations(page, 'evidence step');
  for (const group of await page.getByRole('radiogroup').all()) await group.getByLabel('Not found in these reports').check();
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await noSeriousViolations(page, 'evidence feedback');
  await page.getByRole('button', { name: 'Next: What did the story leave out? →' }).click();
  await page.locator('.choices input').first().check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await page.getByRole('button', { name: /Next: How would you check/ }).click();
  await page.locator('textarea').fill('Search for the interview.');
  await noSeriousViolations(page, 'short answer');
  await shoot('short-answer');
  await page.getByRole('button', { name: 'Hand in my answer' }).click();
  await page.getByLabel(/Goes to the original/).check();
  await noSeriousViolations(page, 'self-check');
  await page.getByRole('button', { name: 'Save my check and see the model answer' }).click();
  await expect(page.locator('.model-answer')).toBeVisible();
  await noSeriousViolations(page, 'self-assessed with the model answer');
  await page.getByRole('button', { name: 'See my summary →' }).click();
  await expect(page.getByRole('heading', { name: /Summary/ })).toBeVisible();
  await noSeriousViolations(page, 'summary');
});
