// The only module that touches exceljs (pinned: its releases have stalled). It
// writes with the streaming writer, so memory stays flat for large classes.
import ExcelJS from 'exceljs';
import type { Cell } from './cells.ts';
import { giveWay, type Pace } from './tables.ts';

/**
 * A workbook's cells are typed, so no apostrophe is needed (that is for CSV, see
 * cells.ts): text is written as a text cell, exactly as it is — a spreadsheet never
 * runs a text cell, whatever it begins with, because exceljs writes a formula only
 * for a `{ formula }` value — numbers as numbers, and "no value" as an empty cell.
 */
export function xlsxCell(value: Cell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value;
}

export interface SheetSpec {
  name: string;
  header: string[];
  /** Column widths in characters (defaults to 14). */
  widths?: number[];
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>;
  /** Number formats per column (e.g. '0%' for a share written as a fraction). */
  numFmts?: (string | undefined)[];
  /** Rows between the header and the data, shown in italics (e.g. points possible). */
  preamble?: Cell[][];
}

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E8C' } } as const;

export async function writeXlsx(file: string, sheets: SheetSpec[], pace: Pace = {}): Promise<void> {
  // Fast compression keeps the zip stream from falling behind (and buffering) on large classes.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  wb.creator = 'Lede';
  wb.created = new Date();
  for (const [s, spec] of sheets.entries()) {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 + (spec.preamble?.length ?? 0), xSplit: 1 }] });
    ws.columns = spec.header.map((h, i) => ({
      header: h,
      key: `c${i}`,
      width: spec.widths?.[i] ?? Math.max(10, Math.min(40, h.length + 4)),
      ...(spec.numFmts?.[i] ? { style: { numFmt: spec.numFmts[i] } } : {}),
    }));
    const head = ws.getRow(1);
    head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    head.fill = HEADER_FILL;
    head.alignment = { vertical: 'middle', wrapText: true };
    head.commit();
    for (const p of spec.preamble ?? []) {
      const row = ws.addRow(p.map(xlsxCell));
      row.font = { italic: true };
      row.commit();
    }
    let n = 0;
    for await (const r of spec.rows) {
      ws.addRow(r.map(xlsxCell)).commit();
      if (++n % 2000 === 0) await giveWay(pace, (s + 0.5) / sheets.length);
    }
    ws.commit();
    await giveWay(pace, (s + 1) / sheets.length);
  }
  await wb.commit();
}

/** Reads a workbook back (for tests and checks): sheet name → rows of cell values. */
export async function readXlsx(file: string): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, unknown[][]>();
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as unknown[];
      rows.push(values.slice(1));
    });
    out.set(ws.name, rows);
  });
  return out;
}

/** Frozen panes and header styling of a sheet, for checks. */
export async function sheetLayout(file: string, name: string): Promise<{ frozenRows: number; headerBold: boolean }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const view = ws.views[0] as { state?: string; ySplit?: number } | undefined;
  return { frozenRows: view?.state === 'frozen' ? (view.ySplit ?? 0) : 0, headerBold: ws.getRow(1).font?.bold === true };
}
