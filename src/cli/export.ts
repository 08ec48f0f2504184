// `lede export`: a class's results, or a lesson's answer key, to a file.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '../core/db/store.ts';
import { prepareDefaultDb } from '../core/paths.ts';
import { EXPORT_FORMATS, writeAnswerKey, writeExport, type ExportFormat } from '../core/export/run.ts';
import { closeChromium, renderPdfWithChromium } from '../core/export/pdf-chromium.ts';
import type { GradebookColumns } from '../core/export/tables.ts';
import { GRADEBOOK_COLUMNS } from '../shared/teacher-api.ts';
import { domain, domainAsync } from './options.ts';
import { CliError, type Io } from './io.ts';

export async function runExport(argv: string[], io: Io, usage: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, class: { type: 'string' }, lesson: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, columns: { type: 'string' } },
  });
  const columns = values.columns;
  const format = values.format;
  const answerKey = format === 'answer-key';
  if (!format || !values.out || (!answerKey && !values.class)) throw new CliError(`usage: ${usage}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (got "${format}")`);
  if (columns !== undefined && format !== 'gradebook-csv') throw new CliError('--columns is for --format gradebook-csv only');
  if (columns !== undefined && !(GRADEBOOK_COLUMNS as readonly string[]).includes(columns)) throw new CliError(`--columns must be lesson or step (got "${columns}")`);
  if (answerKey && !values.lesson) throw new CliError('--format answer-key needs --lesson <id>: the answer key is a lesson\'s');
  const dbPath = values.db ?? prepareDefaultDb((m) => io.err(m));
  if (!existsSync(dbPath)) throw new CliError(`${dbPath}: no such database`);
  const out = resolve(values.out);
  if (!existsSync(dirname(out))) throw new CliError(`${dirname(out)}: no such folder`);
  const store = Store.open(dbPath);
  try {
    if (answerKey) {
      await domainAsync(() => writeAnswerKey(store, values.lesson!, out, renderPdfWithChromium));
    } else {
      const cls = domain(() => store.classes.find(values.class!));
      await domainAsync(() =>
        writeExport(store, { classId: cls.id, ...(values.lesson ? { lessonId: values.lesson } : {}), ...(columns ? { columns: columns as GradebookColumns } : {}) }, format as ExportFormat, out, { renderPdf: renderPdfWithChromium }),
      );
    }
    io.out(`Wrote ${out}`);
    return 0;
  } finally {
    store.close();
    await closeChromium();
  }
}
