import type { Page } from '@playwright/test';

/** Screen coordinates of the first and last character of the n-th occurrence of `quote` in the article. */
export async function quoteCoordinates(page: Page, quote: string, occurrence = 1) {
  return page.evaluate(
    ({ quote, occurrence }) => {
      const blocks = [...document.querySelectorAll<HTMLElement>('.article [data-b]')];
      let seen = 0;
      for (const el of blocks) {
        const node = el.firstChild as Text | null;
        if (!node) continue;
        let at = node.data.indexOf(quote);
        while (at !== -1) {
          seen++;
          if (seen === occurrence) {
            const r = document.createRange();
            r.setStart(node, at);
            r.setEnd(node, at + 1);
            r.startContainer.parentElement!.scrollIntoView({ block: 'center' });
            const first = r.getBoundingClientRect();
            r.setStart(node, at + quote.length - 1);
            r.setEnd(node, at + quote.length);
            const last = r.getBoundingClientRect();
            return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
          }
          at = node.data.indexOf(quote, at + 1);
        }
      }
      throw new Error(`quote not on screen: ${quote}`);
    },
    { quote, occurrence },
  );
}

/** Selects a quote with the mouse, as a student would: press, drag, release. */
export async function dragSelect(page: Page, quote: string, occurrence = 1) {
  const c = await quoteCoordinates(page, quote, occurrence);
  await page.mouse.move(c.x1, c.y1);
  await page.mouse.down();
  await page.mouse.move((c.x1 + c.x2) / 2, (c.y1 + c.y2) / 2, { steps: 3 });
  await page.mouse.move(c.x2, c.y2, { steps: 3 });
  await page.mouse.up();
}
