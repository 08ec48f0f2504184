import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { LedeError } from '../../shared/errors.ts';

// Prints the report's HTML to PDF with Chromium through Playwright (the CLI and
// `lede serve`; the desktop app uses Electron's own printToPDF instead).

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export function findChromium(): string | undefined {
  if (process.env.LEDE_CHROMIUM) return process.env.LEDE_CHROMIUM;
  return CANDIDATES.find((p) => existsSync(p));
}

export async function renderPdfWithChromium(html: string, outFile: string): Promise<void> {
  const executablePath = findChromium();
  let browser;
  try {
    browser = await chromium.launch({
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    });
  } catch {
    throw new LedeError('unavailable', 'A PDF needs Chromium or Google Chrome on this computer (or LEDE_CHROMIUM set to one). Other formats work without it.');
  }
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path: outFile, format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
