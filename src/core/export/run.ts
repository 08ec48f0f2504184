import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LedeError } from '../../shared/errors.ts';
import { EXPORT_FORMAT_IDS, type ExportFormatId } from '../../shared/teacher-api.ts';
import type { Store } from '../db/store.ts';
import { buildBackup } from './backup-build.ts';
import { writeCsv } from './csv.ts';
import { buildAnswerKeyHtml } from './answer-key.ts';
import { ITEM_ANALYSIS_FORMATS, ITEM_ANALYSIS_HEADER, itemAnalysis, itemAnalysisRows } from './item-analysis.ts';
import { buildReportHtml, MAX_PDF_STUDENTS } from './pdf-html.ts';
import { studentReportHtml } from './pdf-student.ts';
import { ZipWriter } from './zip.ts';
import { ANSWER_HEADER, answerRows, attemptRule, giveWay, gradebookTable, loadClassData, PER_STEP_HEADER, perStepRows, type ClassData, type ExportScope, type Pace } from './tables.ts';
import { writeXlsx } from './xlsx.ts';
import type { Cell } from './cells.ts';
import { withTag } from '../../shared/names.ts';
import type { ResultRow } from '../teacher/results.ts';

export const EXPORT_FORMATS = EXPORT_FORMAT_IDS;
export type ExportFormat = ExportFormatId;

export const EXTENSIONS: Record<ExportFormat, string> = { 'gradebook-csv': 'csv', csv: 'csv', xlsx: 'xlsx', pdf: 'pdf', 'student-reports': 'zip', 'answer-key': 'pdf', json: 'json' };

/** The formats made for one lesson, printed by Chromium. */
export const PDF_FORMATS: ReadonlySet<ExportFormat> = new Set(['pdf', 'student-reports', 'answer-key']);

async function* onlyHighlights(rows: AsyncIterable<Cell[]>): AsyncGenerator<Cell[]> {
  for await (const r of rows) if (r[5] === 'highlight') yield r;
}

export type PdfRenderer = (html: string, outFile: string) => Promise<void>;

/** A student in a list: the name with what tells them apart from another of the same name, and the school id. */
const who = (s: ResultRow['student']) => `${withTag(s.displayName, s.tag)}${s.rosterId && s.tag !== `id ${s.rosterId}` ? ` (${s.rosterId})` : ''}`;

const slug = (s: string) => s.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'class';

/** A file name for the export: class, lesson, kind and date, safe on every file system. */
export function exportFileName(className: string, lessonId: string | undefined, format: ExportFormat): string {
  const kind = { 'gradebook-csv': 'gradebook', csv: 'answers', xlsx: 'results', pdf: 'class-summary', 'student-reports': 'student-reports', 'answer-key': 'answer-key', json: 'backup' }[format];
  // The answer key is the lesson's, not the class's.
  const who = format === 'answer-key' && lessonId ? slug(lessonId) : `${slug(className)}${lessonId ? `-${slug(lessonId)}` : ''}`;
  return `${who}-${kind}-${new Date().toISOString().slice(0, 10)}.${EXTENSIONS[format]}`;
}

async function printAnswerKey(store: Store, lessonId: string, outFile: string, renderPdf: PdfRenderer | undefined): Promise<void> {
  if (!renderPdf) throw new LedeError('unavailable', 'PDF export is not available here.');
  const lesson = store.lessonVersion(store.currentVersionId(lessonId));
  await renderPdf(buildAnswerKeyHtml(lesson), outFile);
}

/** Writes under a temporary name beside `outFile` and renames it at the end: a crash or a cancel leaves nothing half-written. */
async function atomically(outFile: string, pace: Pace, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = join(dirname(outFile), `.${basename(outFile)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await giveWay(pace, 0);
    await write(tmp);
    renameSync(tmp, outFile);
    pace.progress?.(1);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The answer key of a lesson's current version, as a PDF (the CLI's `--format answer-key`: no class needed). */
export function writeAnswerKey(store: Store, lessonId: string, outFile: string, renderPdf: PdfRenderer | undefined): Promise<void> {
  return atomically(outFile, {}, (tmp) => printAnswerKey(store, lessonId, tmp, renderPdf));
}

/**
 * One PDF per student who started, in a ZIP (students who never started have no
 * report; README.txt lists them). Progress moves with each report printed.
 */
async function writeStudentReports(store: Store, data: ClassData, outFile: string, pace: Pace, renderPdf: PdfRenderer | undefined): Promise<void> {
  if (!renderPdf) throw new LedeError('unavailable', 'PDF export is not available here.');
  if (data.lessons.length !== 1 || !data.scope.lessonId) throw new LedeError('invalid_input', 'Student reports are for one lesson: choose the lesson.');
  const l = data.lessons[0]!;
  if (l.rows.length > MAX_PDF_STUDENTS) throw new LedeError('too_large', `Student reports are limited to ${MAX_PDF_STUDENTS} students at a time; export CSV or XLSX for larger classes.`);
  const started = l.rows.filter((r) => r.attemptId);
  const never = l.rows.filter((r) => !r.attemptId);
  const zip = new ZipWriter(outFile);
  const page = `${outFile}.page.pdf`;
  try {
    const width = String(started.length).length;
    const names: string[] = [];
    // One at a time: printing two at once was no faster (measured: 150–206 ms a report either way).
    for (const [i, r] of started.entries()) {
      await giveWay(pace, (0.98 * i) / Math.max(1, started.length));
      await renderPdf(studentReportHtml(store, l.lesson.title, data.className, r)!, page);
      const name = `${String(i + 1).padStart(width, '0')}-${slug(withTag(r.student.displayName, r.student.tag))}.pdf`;
      zip.add(name, readFileSync(page));
      names.push(`${name}\t${who(r.student)}`);
    }
    const readme = [
      `${l.lesson.title} — class ${data.className}: one report per student who started the lesson (${attemptRule(l)}), to hand to the student or a parent.`,
      '',
      ...names,
      '',
      never.length ? `Not started, so no report (${never.length}):` : 'Every student in the class has started the lesson.',
      ...never.map((r) => `  ${who(r.student)}`),
      '',
    ].join('\r\n');
    zip.add('README.txt', readme);
    zip.close();
  } catch (err) {
    zip.abort();
    throw err;
  } finally {
    rmSync(page, { force: true });
  }
}

/**
 * Writes one export to `outFile`. It is written beside the target under a
 * temporary name and renamed at the end, so a crash or a cancel never leaves a
 * half-written file behind, nor replaces a good one.
 */
export async function writeExport(store: Store, scope: ExportScope, format: ExportFormat, outFile: string, opts: { pace?: Pace; renderPdf?: PdfRenderer } = {}): Promise<void> {
  const pace = opts.pace ?? {};
  await atomically(outFile, pace, async (tmp) => {
    if (format === 'json') {
      writeFileSync(tmp, JSON.stringify(await buildBackup(store, scope.classId, pace), null, 1));
    } else if (format === 'answer-key') {
      if (!scope.lessonId) throw new LedeError('invalid_input', 'An answer key is for one lesson: choose the lesson.');
      await printAnswerKey(store, scope.lessonId, tmp, opts.renderPdf);
    } else {
      const data = loadClassData(store, scope);
      switch (format) {
        case 'gradebook-csv': {
          const t = gradebookTable(data, scope.columns ?? 'lesson');
          await writeCsv(tmp, t.header, t.rows, pace, t.preamble);
          break;
        }
        case 'csv':
          await writeCsv(tmp, ANSWER_HEADER, answerRows(store, data, pace), pace);
          break;
        case 'xlsx': {
          // The workbook's Summary keeps a column per step of one lesson: its Per step sheet says more.
          const g = gradebookTable(data, scope.lessonId ? 'step' : 'lesson');
          await writeXlsx(
            tmp,
            [
              { name: 'Summary', header: g.header, preamble: g.preamble, rows: g.rows, widths: [28, 6, 16, 8, 18] },
              { name: 'Per step', header: PER_STEP_HEADER, rows: perStepRows(data), widths: [28, 16, 30, 28, 18, 9, 9, 9, 9] },
              { name: 'Highlights', header: ANSWER_HEADER, rows: onlyHighlights(answerRows(store, data)), widths: [28, 16, 30, 8, 24, 12, 18, 8, 8, 50, 12, 9, 9] },
              ...(scope.lessonId ? [{ name: 'Item analysis', header: ITEM_ANALYSIS_HEADER, rows: itemAnalysisRows(itemAnalysis(store, data)), widths: [24, 11, 50, 24, 9, 9, 8, 9, 9, 8, 9], numFmts: ITEM_ANALYSIS_FORMATS }] : []),
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
        case 'student-reports':
          await writeStudentReports(store, data, tmp, pace, opts.renderPdf);
          break;
      }
    }
  });
}
