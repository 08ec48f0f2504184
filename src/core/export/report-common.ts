import { roundPoints } from '../scoring/attempt.ts';

// What every printed report shares: escaping, number format, the page style and the
// document shell. Each report is one self-contained HTML page (no scripts, no
// external files) printed to PDF by Chromium.

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export const fmt = (n: number) => roundPoints(n).toString();
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Print rules: a table row never splits across pages and a long table repeats its
 * header on every page; a heading stays with what follows it.
 */
export const PRINT_CSS = `
  @page { size: A4; margin: 16mm 14mm; }
  body { font: 10.5pt/1.45 system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; color: #1d1d1f; margin: 0; }
  h1 { font-size: 20pt; margin: 0 0 2mm; } h2 { font-size: 14pt; margin: 6mm 0 2mm; } h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .muted { color: #555; } .page { break-after: page; } .page:last-child { break-after: auto; }
  table { border-collapse: collapse; width: 100%; margin: 2mm 0; } th, td { text-align: start; border-bottom: 0.3mm solid #ddd; padding: 1.2mm 1.5mm; vertical-align: top; }
  td, th, h1, h2, h3, p, li { overflow-wrap: anywhere; }
  thead { display: table-header-group; } tfoot { display: table-footer-group; }
  tr, li, .keep { break-inside: avoid; page-break-inside: avoid; }
  th { background: #eef2f8; }
  td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .ok { color: #17694b; } .part { color: #8a5a00; } .miss { color: #a1271b; }
  .quote { font-family: Georgia, 'DejaVu Serif', serif; }
  .why { display: block; color: #444; font-size: 9pt; font-family: system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; }
  .answer { white-space: pre-wrap; border-left: 1mm solid #ddd; padding-left: 3mm; }
  [dir=auto] { unicode-bidi: plaintext; }
`;

export function htmlDocument(title: string, body: string, css = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${esc(title)}</title><style>${PRINT_CSS}${css}</style></head><body>${body}</body></html>`;
}

export const madeAt = () => `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
