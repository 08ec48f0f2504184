import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, lede, newStudent, ROOT, skipFirstReactions, test, axeProblems } from './fixtures.ts';
import { dragSelect } from './text.ts';

// Every screen on a phone (320 × 640) and at 200 % zoom: a 1280 × 800 window zoomed to
// 200 % lays its page out in 640 × 400 CSS pixels (deviceScaleFactor only sharpens the
// pixels; it is not zoom). On each: the page does not scroll sideways, no element is
// wider than the window (except inside a box that scrolls by itself, such as a wide
// table in its own scroller), and axe finds nothing serious or critical. The walks use
// the small-screen layout as a student and a teacher would: the step's panel is a sheet
// at the bottom of the window, hidden to mark the article and shown to check.

// Four independent walks (each size: a student's, a teacher's): run them side by side.
test.describe.configure({ mode: 'parallel' });

const SIZES = [
  { name: 'phone 320', width: 320, height: 640 },
  { name: '200 % zoom', width: 640, height: 400 },
] as const;


const WEB_PAGE = join(ROOT, 'test', 'fixtures', 'articles', 'riverton-pool.html');

// Every screen is measured twice: with the DejaVu fonts and with the Noto fonts, the two
// families a Debian desktop has (.ci/run installs both). DejaVu Sans is about 8 % wider
// than Noto Sans, so a layout that fits only one font's metrics fails here, not on a
// user's machine. The stylesheet's three stacks (--font-ui, --font-serif, --font-mono)
// are each pointed at one family in turn; a right-to-left article keeps its own stack.
const FONTS = [
  { name: 'DejaVu', ui: 'DejaVu Sans', serif: 'DejaVu Serif', mono: 'DejaVu Sans Mono' },
  { name: 'Noto', ui: 'Noto Sans', serif: 'Noto Serif', mono: 'Noto Sans Mono' },
] as const;

test.beforeAll(() => {
  // A family that is not installed would silently fall back to another: refuse to measure then.
  const installed = new Set(execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }).split('\n').flatMap((l) => l.split(',')).map((f) => f.trim()));
  const missing = [...new Set(FONTS.flatMap((f) => [f.ui, f.serif, f.mono]))].filter((f) => !installed.has(f));
  expect(missing, 'fonts the layout checks need (Debian: fonts-dejavu-core, fonts-noto-core, fonts-noto-mono; .ci/run installs them)').toEqual([]);
});

/** Points the page's font stacks at one family (or back at its own stacks, with null). */
async function useFont(page: Page, font: (typeof FONTS)[number] | null) {
  // Through the CSSOM: the page's content security policy refuses an injected <style>.
  await page.evaluate((f) => {
    const root = document.documentElement.style;
    for (const [name, family, generic] of [['--font-ui', f?.ui, 'sans-serif'], ['--font-serif', f?.serif, 'serif'], ['--font-mono', f?.mono, 'monospace']] as const) {
      if (family) root.setProperty(name, `'${family}', ${generic}`, 'important');
      else root.removeProperty(name);
    }
  }, font);
  await page.evaluate(() => document.fonts.ready);
  if (font) {
    // The stack in use is the forced one (a later stylesheet cannot have overridden it).
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toBe(`"${font.ui}", sans-serif`);
  }
}

/** Elements wider than the window, or sticking out of it, that no scrolling box of their own clips. */
function overflowing() {
  const vw = document.documentElement.clientWidth;
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  /** Whether a box that scrolls or clips sideways holds the element (an absolutely placed one only from its containing block up). */
  const isClipped = (el: Element): boolean => {
    let position = style(el).position;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (position === 'fixed') return false;
      const s = style(a);
      const contains = position !== 'absolute' || s.position !== 'static';
      if (contains && s.overflowX !== 'visible') return true;
      if (contains) position = s.position;
    }
    return false;
  };
  const out: string[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (!(r.right > vw + 1 || (r.left < -1 && r.right > 0)) || isClipped(el)) continue;
    const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
    out.push(`${name} “${(el.textContent ?? '').trim().slice(0, 30)}” ${Math.round(r.left)}–${Math.round(r.right)}`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, offenders: out.slice(0, 12) };
}

/** Opens a step in the studio's editor: from its list, or (in a narrow window) from its select. */
async function openEditorStep(page: Page, name: RegExp) {
  const select = page.locator('#ed-step-select');
  const list = page.getByRole('navigation', { name: 'Steps of the lesson' });
  await select.or(list).first().waitFor();
  if (await select.isVisible()) {
    const value = await select.locator('option').filter({ hasText: name }).first().getAttribute('value');
    await select.selectOption(value!);
    // A phone shows the article or the step: the step, then.
    const stepPane = page.getByRole('button', { name: /^Step \d+$/ });
    if (await stepPane.isVisible()) await stepPane.click();
  } else {
    await page.getByRole('navigation', { name: 'Steps of the lesson' }).getByRole('button', { name }).click();
  }
}

async function checkScreen(page: Page, screen: string, shoot?: (name: string) => Promise<void>) {
  await page.evaluate(() => document.fonts.ready);
  for (const font of FONTS) {
    await useFont(page, font);
    await shoot?.(`layout-${await page.evaluate(() => innerWidth)}-${screen.replace(/[^a-z0-9]+/gi, '-')}-${font.name.toLowerCase()}`);
    const m = await page.evaluate(overflowing);
    // Soft: a walk reports every screen that does not fit, not only the first.
    expect.soft(m.offenders, `${screen} (${font.name}): elements wider than the ${m.innerWidth} px window`).toEqual([]);
    expect.soft(m.scrollWidth, `${screen} (${font.name}): the page scrolls sideways`).toBeLessThanOrEqual(m.innerWidth);
  }
  await useFont(page, null);
  expect.soft(await axeProblems(page, screen)).toEqual([]);
}

/** Shows or hides the step's sheet (on a narrow window; a wide one has no sheet). */
async function task(page: Page, show: boolean) {
  const toggle = page.locator('.step-panel .sheet-toggle');
  if (!(await toggle.isVisible())) return;
  if ((await toggle.getAttribute('aria-expanded')) !== String(show)) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', String(show));
}

/** Marks a quote with a label, the sheet hidden as a student would hide it to read. */
async function mark(page: Page, quote: string, label: string) {
  await task(page, false);
  await dragSelect(page, quote);
  await page.getByRole('toolbar').getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('toolbar')).toHaveCount(0);
}

for (const size of SIZES) {
  test(`every student screen fits a ${size.name} window (${size.width} × ${size.height})`, async ({ page, server, shoot }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
    await checkScreen(page, 'who is studying (empty)', shoot);
    // A long name, as the header overflowed with one.
    const name = `Maximiliana Fernández-Oyelaran ${size.width}`;
    await newStudent(page, server, name);
    await checkScreen(page, 'library', shoot);
    await page.getByRole('button', { name: new RegExp(name) }).click();
    await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
    await checkScreen(page, 'who is studying (with profiles)', shoot);
    await page.getByRole('button', { name: new RegExp(name) }).click();

    await page.getByRole('button', { name: /^Start: / }).first().click();
    await expect(page.getByRole('heading', { name: 'Read the article' })).toBeVisible();
    await checkScreen(page, 'reader', shoot);
    await page.getByRole('button', { name: 'Start: Who is behind this?' }).click();
    await checkScreen(page, 'choice step', shoot);
    await page.locator('.choices input').first().check();
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await expect(page.locator('.feedback-figure')).toBeVisible();
    await checkScreen(page, 'choice feedback', shoot);

    // The search step: a results page, then its feedback on every result.
    await page.getByRole('button', { name: 'Next: Leave the page →' }).click();
    await expect(page.getByRole('heading', { name: 'Leave the page', level: 2 })).toBeVisible();
    await checkScreen(page, 'search step', shoot);
    for (const goal of await page.locator('.search-question').all()) {
      await goal.getByRole('group', { name: 'Which result would you open first?' }).getByRole('radio').first().check();
      await goal.getByRole('group', { name: /Why open it first\?/ }).getByRole('radio').first().check();
    }
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await expect(page.locator('.feedback-figure')).toBeVisible();
    await checkScreen(page, 'search feedback', shoot);

    await page.getByRole('button', { name: 'Next: Sources →' }).click();
    await expect(page.getByRole('heading', { name: 'Sources', level: 2 })).toBeVisible();
    await checkScreen(page, 'highlight step', shoot);
    await task(page, false);
    await dragSelect(page, 'diplomatic sources');
    const picker = page.getByRole('toolbar');
    await expect(picker).toBeVisible();
    // The picker is drawn above the sheet: the point at its middle belongs to it.
    const box = (await picker.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    expect(await page.evaluate(({ x, y }) => Boolean(document.elementFromPoint(x, y)?.closest('.label-picker')), { x: box.x + box.width / 2, y: box.y + box.height / 2 })).toBe(true);
    await checkScreen(page, 'label picker', shoot);
    await picker.getByRole('button', { name: 'Anonymous', exact: true }).click();
    // "Saved" in the top bar, with the long name: the bar still fits.
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await expect(page.locator('.topbar .who-name')).toBeVisible();
    await checkScreen(page, 'highlight step, saved', shoot);
    await mark(page, 'Sky News', 'Named');
    await task(page, true);
    await expect(page.locator('.step-panel').getByRole('heading', { name: 'Your highlights (2)' })).toBeVisible();
    await page.getByRole('button', { name: 'Check my highlights' }).click();
    await page.getByText('How is this scored?').click();
    await checkScreen(page, 'highlight feedback', shoot);
    for (const step of ['Framing', 'Unverified statements']) {
      await page.getByRole('button', { name: `Next: ${step} →` }).click();
      await page.getByRole('button', { name: 'Check my highlights' }).click();
      // Nothing highlighted: the page asks first.
      await checkScreen(page, `${step}: check with nothing highlighted`, shoot);
      await page.getByRole('button', { name: 'Check with no highlights' }).click();
    }
    await page.getByRole('button', { name: 'Next: Headline versus body →' }).click();
    await page.getByLabel(/leaves out who the work was done for/).check();
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await page.getByRole('button', { name: 'Next: What do other reports say? →' }).click();
    await checkScreen(page, 'evidence step', shoot);
    for (const group of await page.getByRole('radiogroup').all()) await group.getByLabel('Not found in these reports').check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.locator('.claim-feedback').first()).toBeVisible();
    await checkScreen(page, 'evidence feedback', shoot);
    await page.getByRole('button', { name: 'Next: What did the story leave out? →' }).click();
    await page.locator('.choices input').first().check();
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await page.getByRole('button', { name: /Next: How would you check/ }).click();
    await page.locator('textarea').fill('Search for the interview.');
    await checkScreen(page, 'short answer', shoot);
    await page.getByRole('button', { name: 'Hand in my answer' }).click();
    await page.getByLabel(/Goes to the original/).check();
    await checkScreen(page, 'self-check', shoot);
    await page.getByRole('button', { name: 'Save my check and see the model answer' }).click();
    await expect(page.locator('.model-answer')).toBeVisible();
    await checkScreen(page, 'self-assessed with the model answer', shoot);
    await page.getByRole('button', { name: 'See my summary →' }).click();
    await expect(page.getByRole('heading', { name: /Summary/ })).toBeVisible();
    await checkScreen(page, 'summary', shoot);
  });
}

for (const size of SIZES) {
  test(`every teacher screen fits a ${size.name} window (${size.width} × ${size.height})`, async ({ browser, page, ownServer: server, shoot }) => {
    // About 1 min alone on 2 idle cores, 3 min beside the other walk and other work: the budget is that, and more.
    test.setTimeout(480_000);
    const made = lede('sample-class', '--db', server.db, '--students', '24', '--class', 'Year 10 Media and Information Literacy');
    expect(made.code, made.err).toBe(0);
    await page.setViewportSize({ width: size.width, height: size.height });

    // The PIN, chosen with the set-up link; the teacher area with its classes.
    await page.goto(server.setupUrl);
    await expect(page.getByRole('heading', { name: 'Choose a teacher PIN' })).toBeVisible();
    await checkScreen(page, 'choose a PIN', shoot);
    await page.getByLabel('New PIN').fill('2468');
    await page.getByLabel('The same PIN again').fill('2468');
    await page.getByRole('button', { name: 'Set PIN and open' }).click();
    await expect(page.getByRole('heading', { name: 'Teacher', level: 1, exact: true })).toBeVisible();
    await checkScreen(page, 'classes', shoot);

    // Results, an attempt under review, the roster, exports.
    await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Year 10 Media/ }).click();
    await expect(page.locator('.results-table tbody tr')).toHaveCount(24);
    await checkScreen(page, 'results', shoot);
    await page.locator('.results-table').getByRole('button', { name: 'to grade' }).first().click();
    await expect(page.getByRole('button', { name: '← Results' })).toBeVisible();
    await checkScreen(page, 'review', shoot);
    await page.getByRole('button', { name: '← Results' }).click();
    await page.getByRole('tab', { name: /Students/ }).click();
    await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from('name;id\nBartholomew Featherstonehaugh-Wolstenholme;R-1\n;R-2\n') });
    await expect(page.getByRole('region', { name: 'How each row will be read' })).toBeVisible();
    await checkScreen(page, 'students, with a roster preview', shoot);
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('button', { name: 'Gradebook CSV' }).click();
    await expect(page.getByRole('link', { name: 'Download' }).first()).toBeVisible();
    await checkScreen(page, 'export', shoot);

    // A live session: the teacher's dashboard, and a student joining it on their phone.
    await page.getByRole('tab', { name: 'Live session' }).click();
    await checkScreen(page, 'start a live session', shoot);
    await page.getByLabel('Network').selectOption('127.0.0.1');
    await page.getByRole('button', { name: 'Start the session' }).click();
    const code = (await page.locator('.join-code').innerText()).trim();
    const url = (await page.locator('.join-url').innerText()).trim();
    await checkScreen(page, 'live dashboard', shoot);
    const phone = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    try {
      const pupil = await phone.newPage();
      await skipFirstReactions(pupil);
      await pupil.goto(url);
      await checkScreen(pupil, 'join: the code');
      await pupil.getByLabel('The code on your teacher’s screen').fill(code);
      await pupil.getByRole('button', { name: 'Next' }).click();
      await checkScreen(pupil, 'join: the name');
      await pupil.locator('.profile').first().click();
      await expect(pupil.getByRole('heading', { name: 'Read the article' })).toBeVisible();
      await checkScreen(pupil, 'a live lesson');
    } finally {
      await phone.close();
    }

    // The lesson studio: the list, a new lesson from a saved web page, the editor, the preview.
    await page.getByRole('navigation', { name: 'Teacher area' }).getByRole('link', { name: 'Lessons' }).click();
    await expect(page.getByRole('heading', { name: /^My lessons/ })).toBeVisible();
    await checkScreen(page, 'lessons', shoot);
    await page.getByRole('button', { name: 'New lesson' }).click();
    await checkScreen(page, 'new lesson', shoot);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    await (await chooser).setFiles(WEB_PAGE);
    await expect(page.getByRole('heading', { name: 'Check what was taken' })).toBeVisible();
    await checkScreen(page, 'new lesson: check what was taken', shoot);
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await expect(page).toHaveURL(/#\/teacher\/lessons\/edit\//);
    await expect(page.getByText('Editing lesson')).toBeVisible();
    await checkScreen(page, 'editor: a new draft', shoot);
    await page.goto(`${server.url}#/teacher/lessons/edit/asif-dirty-work`);
    await openEditorStep(page, /Sources/);
    await expect(page.getByRole('heading', { name: /^Key items \(\d+\)/ })).toBeVisible();
    await checkScreen(page, 'editor: a highlight step with its key', shoot);
    await openEditorStep(page, /other reports/);
    await checkScreen(page, 'editor: the evidence step', shoot);
    await page.getByRole('button', { name: 'Preview as a student' }).click();
    await expect(page.getByRole('heading', { name: 'Preview as a student — nothing is saved' })).toBeVisible();
    await checkScreen(page, 'preview', shoot);
    await page.getByRole('button', { name: /^Start: / }).click();
    await page.getByRole('navigation', { name: 'Lesson steps' }).getByRole('button', { name: /Sources/ }).click();
    await mark(page, 'diplomatic sources', 'Anonymous');
    await checkScreen(page, 'preview: a highlight step', shoot);

    // Locked: the PIN asked again.
    await page.getByRole('button', { name: 'Back to the editor' }).click();
    await page.getByRole('button', { name: 'Lock the teacher area' }).click();
    await page.getByRole('button', { name: 'Teacher area' }).click();
    await expect(page.getByRole('heading', { name: 'Teacher area' })).toBeVisible();
    await checkScreen(page, 'enter the PIN', shoot);
  });
}
