import { join } from 'node:path';
import { chooseTeacherPin, expect, ROOT, test } from './fixtures.ts';

// Issue 20: files a teacher opens in the studio are read apart from the class, their
// limits checked before the costly step. A hostile page is refused in words on the
// screen, and the studio goes on: the next, real page opens as usual.

test.use({ lessons: 'fixture' });

test('a page of 149,000 elements is refused in words on the studio’s screen; a real page then opens', async ({ page, ownServer: server, shoot }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await chooseTeacherPin(page, server, '1357');
  await page.getByRole('navigation', { name: 'Teacher area' }).getByRole('link', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: 'New lesson' }).click();

  let chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a file…' }).click();
  await (await chooser).setFiles({ name: 'huge.html', mimeType: 'text/html', buffer: Buffer.from(`<html><body>${'<p>word</p>'.repeat(149_000)}</body></html>`) });
  await expect(page.locator('#file-problem')).toHaveText(
    'This web page is too large or too deeply nested to take an article from (more than 50,000 elements). Open it in the browser, copy the article’s text and paste it instead.',
  );
  await shoot('studio-hostile-page');

  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a file…' }).click();
  await (await chooser).setFiles(join(ROOT, 'test', 'fixtures', 'articles', 'riverton-pool.html'));
  await expect(page.getByRole('heading', { name: 'Check what was taken' })).toBeVisible();
  await expect(page.getByLabel('Headline')).toHaveValue('Riverton pool to reopen “within weeks”, council says');
});
