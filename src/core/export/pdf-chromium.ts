import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LedeError } from '../../shared/errors.ts';

// Prints a report's HTML to PDF with Chromium through Playwright (the CLI and
// `lede serve`; the desktop app uses Electron's own printToPDF instead). One browser
// serves a run of reports (the per-student reports print one file per student): it
// is started on the first one and closed once no report has been printed for a few
// seconds, or by closeChromium(). Its pages are kept and used again: opening a page
// costs several times what printing a student's report does.

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
const IDLE_MS = 5000;

export function findChromium(): string | undefined {
  if (process.env.LEDE_CHROMIUM) return process.env.LEDE_CHROMIUM;
  return CANDIDATES.find((p) => existsSync(p));
}

let shared: Promise<Browser> | null = null;
/** Pages of the shared browser not printing now. */
let free: Page[] = [];
let busy = 0;
let idle: NodeJS.Timeout | null = null;

function launch(): Promise<Browser> {
  const executablePath = findChromium();
  const p = chromium
    .launch({
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    })
    .catch(() => {
      shared = null;
      throw new LedeError('unavailable', 'A PDF needs Chromium or Google Chrome on this computer (or LEDE_CHROMIUM set to one). Other formats work without it.');
    });
  p.then(
    (b) =>
      b.on('disconnected', () => {
        if (shared === p) (shared = null), (free = []);
      }),
    () => {},
  );
  return p;
}

/** Closes the browser kept for printing, if any. */
export async function closeChromium(): Promise<void> {
  if (idle) clearTimeout(idle);
  idle = null;
  const p = shared;
  shared = null;
  free = [];
  if (p) await p.then((b) => b.close(), () => {});
}

export async function renderPdfWithChromium(html: string, outFile: string): Promise<void> {
  if (idle) clearTimeout(idle);
  idle = null;
  busy++;
  try {
    const browser = await (shared ??= launch());
    const page = free.pop() ?? (await browser.newPage({ javaScriptEnabled: false }));
    let ok = false;
    try {
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf({ path: outFile, format: 'A4', printBackground: true, preferCSSPageSize: true });
      ok = true;
    } finally {
      // A page that failed is not trusted again.
      if (ok && shared !== null && !page.isClosed()) free.push(page);
      else await page.close().catch(() => {});
    }
  } finally {
    if (--busy === 0) {
      idle = setTimeout(() => void closeChromium(), IDLE_MS);
      idle.unref();
    }
  }
}
