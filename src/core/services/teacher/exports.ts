import { LedeError } from '../../../shared/errors.ts';
import { basename } from 'node:path';
import { importBackup, previewBackup } from '../../export/backup-import.ts';
import { parseBackup, type Backup } from '../../export/backup-format.ts';
import { textsToParse, type ParsedTexts } from '../../export/backup-check.ts';
import { readLessons } from '../../imports/read.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

// Exports (run in the background: started, followed, cancelled, saved) and importing a results backup.

export type ExportHandlers = HandlersFor<'startExport' | 'exportStatus' | 'cancelExport' | 'saveExport' | 'previewBackup' | 'importBackup'>;

/** A backup's lesson texts not on this computer, parsed on a reading thread (imports/read.ts): lesson files from elsewhere. */
async function parsedApart(store: TeacherDeps['store'], backup: Backup): Promise<ParsedTexts> {
  const texts = textsToParse(store, backup);
  const parsed = await readLessons(texts.map(({ fileName, source }) => ({ fileName, source })));
  return new Map(texts.map((t, i) => [t.hash, parsed[i]!]));
}

export function exportHandlers({ store, jobs, saveExport }: Pick<TeacherDeps, 'store' | 'jobs' | 'saveExport'>): ExportHandlers {
  return {
    startExport: ({ classId, lessonId, format, columns }) => {
      if (columns && format !== 'gradebook-csv') throw new LedeError('invalid_input', 'Columns per lesson or per step are a choice of the gradebook CSV only.');
      return { jobId: jobs.start({ classId, ...(lessonId ? { lessonId } : {}), ...(columns ? { columns } : {}) }, format) };
    },
    exportStatus: ({ jobId }) => jobs.status(jobId),
    cancelExport: ({ jobId }) => (jobs.cancel(jobId), ok),
    saveExport: async ({ jobId }) => {
      if (!saveExport) throw new LedeError('unavailable', 'Download the file from the export list instead.');
      return saveExport(jobs.file(jobId));
    },
    previewBackup: async ({ json }) => {
      const backup = parseBackup(json);
      return previewBackup(store, backup, await parsedApart(store, backup));
    },
    // A file name from a browser may carry a path (C:\fakepath\…): only its last part is recorded.
    importBackup: async ({ json, acceptLessons, fileName }) => {
      const backup = parseBackup(json);
      const parsedTexts = await parsedApart(store, backup);
      return importBackup(store, backup, { acceptLessons, fileName: fileName ? basename(fileName.replaceAll('\\', '/')) || undefined : undefined, parsedTexts });
    },
  };
}
