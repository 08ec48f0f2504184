import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LedeError } from '../../shared/errors.ts';
import { EXPORT_FORMAT_IDS, type ExportFormatId } from '../../shared/teacher-api.ts';
import type { Store } from '../db/store.ts';
import { buildBackup } from './backup-build.ts';
import { writeCsv } from './csv.ts';
import { buildReportHtml } from './pdf-html.ts';
import { ANSWER_HEADER, answerRows, giveWay, gradebookTable, loadClassData, PER_STEP_HEADER, perStepRows, type ExportScope, type Pace } from './tables.ts';
import { writeXlsx } from './xlsx.ts';
import type { Cell } from './cells.ts';

export const EXPORT_FORMATS = EXPORT_FORMAT_IDS;
export type ExportFormat = ExportFormatId;

export const EXTENSIONS: Record<ExportFormat, string> = { 'gradebook-csv': 'csv', csv: 'csv', xlsx: 'xlsx', pdf: 'pdf', json: 'json' };

async function* onlyHighlights(rows: AsyncIterable<Cell[]>): AsyncGenerator<Cell[]> {
  for await (const r of rows) if (r[5] === 'highlight') yield r;
}

export type PdfRenderer = (html: string, outFile: string) => Promise<void>;

/** A file name for the export: class, lesson, kind and date, safe on every file system. */
export function exportFileName(className: string, lessonId: string | undefined, format: ExportFormat): string {
  const slug = (s: string) => s.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'class';
  const kind = { 'gradebook-csv': 'gradebook', csv: 'answers', xlsx: 'results', pdf: 'report', json: 'backup' }[format];
  return `${slug(className)}${lessonId ? `-${slug(lessonId)}` : ''}-${kind}-${new Date().toISOString().slice(0, 10)}.${EXTENSIONS[format]}`;
}

/**
 * Writes one export to `outFile`. It is written beside the target under a
 * temporary name and renamed at the end, so a crash or a cancel never leaves a
 * half-written file behind, nor replaces a good one.
 */
export async function writeExport(store: Store, scope: ExportScope, format: ExportFormat, outFile: string, opts: { pace?: Pace; renderPdf?: PdfRenderer } = {}): Promise<void> {
  const pace = opts.pace ?? {};
  const tmp = join(dirname(outFile), `.${basename(outFile)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await giveWay(pace, 0);
    if (format === 'json') {
      writeFileSync(tmp, JSON.stringify(await buildBackup(store, scope.classId, pace), null, 1));
    } else {
      const data = loadClassData(store, scope);
      switch (format) {
        case 'gradebook-csv': {
          const t = gradebookTable(data);
          await writeCsv(tmp, t.header, t.rows, pace, t.preamble);
          break;
        }
        case 'csv':
          await writeCsv(tmp, ANSWER_HEADER, answerRows(store, data, pace), pace);
          break;
        case 'xlsx': {
          const g = gradebookTable(data);
          await writeXlsx(
            tmp,
            [
              { name: 'Summary', header: g.header, preamble: g.preamble, rows: g.rows, widths: [28, 6, 16, 8, 18] },
              { name: 'Per step', header: PER_STEP_HEADER, rows: perStepRows(data), widths: [28, 16, 30, 28, 18, 9, 9, 9, 9] },
              { name: 'Highlights', header: ANSWER_HEADER, rows: onlyHighlights(answerRows(store, data)), widths: [28, 16, 30, 8, 24, 12, 18, 8, 8, 50, 12, 9, 9] },
            ],
            pace,
          );
          break;
        }
        case 'pdf': {
          if (!opts.renderPdf) throw new LedeError('unavailable', 'PDF export is not available here.');
          const html = await buildReportHtml(store, data, pace);
          await opts.renderPdf(html, tmp);
          break;
        }
      }
    }
    renameSync(tmp, outFile);
    pace.progress?.(1);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
