// Spreadsheet safety: a text cell that begins with = + - @, a tab or a carriage
// return could be run as a formula by Excel, Sheets or LibreOffice (CSV/formula
// injection). Such cells get a leading apostrophe, which spreadsheets show as
// plain text. Numbers are left alone; every other character is kept as it was.

const DANGEROUS = /^[=+\-@\t\r]/;

export function safeText(value: string): string {
  return DANGEROUS.test(value) ? `'${value}` : value;
}

export type Cell = string | number | null | undefined;

export function safeCell(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return safeText(value);
}

/** Minutes, one decimal: how time spent is shown in exports. */
export function minutes(ms: number): number {
  return Math.round(ms / 6000) / 10;
}
