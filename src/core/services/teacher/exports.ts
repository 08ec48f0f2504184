import { LedeError } from '../../../shared/errors.ts';
import { basename } from 'node:path';
import { importBackup, previewBackup } from '../../export/backup-import.ts';
import { parseBackup } from '../../export/backup-format.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

// Exports (run in the background: started, followed, cancelled, saved) and importing a results backup.

export type ExportHandlers = HandlersFor<'startExport' | 'exportStatus' | 'cancelExport' | 'saveExport' | 'previewBackup' | 'importBackup'>;

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
    previewBackup: ({ json }) => previewBackup(store, parseBackup(json)),
    // A file name from a browser may carry a path (C:\fakepath\…): only its last part is recorded.
    importBackup: ({ json, acceptLessons, fileName }) => importBackup(store, parseBackup(json), { acceptLessons, fileName: fileName ? basename(fileName.replaceAll('\\', '/')) || undefined : undefined }),
  };
}
