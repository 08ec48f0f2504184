import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedeError } from '../../shared/errors.ts';
import type { Store } from '../db/store.ts';
import { exportFileName, PDF_FORMATS, writeExport, type ExportFormat, type PdfRenderer } from './run.ts';
import { ExportCancelled, type ExportScope } from './tables.ts';

// Exports run in the background so the app stays responsive: the teacher sees
// progress and can cancel. Finished files wait in a private temporary folder
// until they are saved or downloaded (or for an hour).

interface Job {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  message?: string;
  fileName: string;
  path: string;
  started: number;
  finished?: number;
  controller: AbortController;
}

const KEEP_MS = 60 * 60 * 1000;

export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'lede-exports-'));
  private readonly store: Store;
  private readonly renderPdf: PdfRenderer | undefined;

  constructor(store: Store, renderPdf?: PdfRenderer) {
    this.store = store;
    this.renderPdf = renderPdf;
  }

  start(scope: ExportScope, format: ExportFormat): string {
    this.sweep();
    const cls = this.store.classes.get(scope.classId);
    if (PDF_FORMATS.has(format) && !scope.lessonId) throw new LedeError('invalid_input', 'A PDF report or answer key is for one lesson: choose the lesson.');
    if (PDF_FORMATS.has(format) && !this.renderPdf) throw new LedeError('unavailable', 'PDF export is not available here.');
    const id = randomBytes(12).toString('base64url');
    const fileName = exportFileName(cls.name, scope.lessonId, format);
    const job: Job = { id, state: 'running', progress: 0, fileName, path: join(this.dir, `${id}-${fileName}`), started: Date.now(), controller: new AbortController() };
    this.jobs.set(id, job);
    // Start on the next turn so the caller gets the id at once.
    setImmediate(() => {
      writeExport(this.store, scope, format, job.path, {
        pace: { signal: job.controller.signal, progress: (p) => (job.progress = Math.max(job.progress, p)) },
        ...(this.renderPdf ? { renderPdf: this.renderPdf } : {}),
      }).then(
        () => {
          job.state = 'done';
          job.progress = 1;
          job.finished = Date.now();
        },
        (err: unknown) => {
          job.finished = Date.now();
          if (err instanceof ExportCancelled) job.state = 'cancelled';
          else {
            job.state = 'failed';
            job.message = err instanceof LedeError ? err.message : 'The export failed. Nothing was written.';
            if (!(err instanceof LedeError)) console.error(err);
          }
        },
      );
    });
    return id;
  }

  private get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new LedeError('not_found', 'That export is no longer available; please export again.');
    return job;
  }

  status(id: string) {
    const j = this.get(id);
    return {
      state: j.state,
      progress: j.progress,
      ...(j.message !== undefined ? { message: j.message } : {}),
      fileName: j.fileName,
      elapsedMs: (j.finished ?? Date.now()) - j.started,
    };
  }

  cancel(id: string): void {
    const j = this.get(id);
    if (j.state === 'running') j.controller.abort();
  }

  /** The finished file, for saving or downloading. */
  file(id: string): { path: string; fileName: string } {
    const j = this.get(id);
    if (j.state !== 'done') throw new LedeError('conflict', 'That export has not finished.');
    return { path: j.path, fileName: j.fileName };
  }

  private sweep(): void {
    const now = Date.now();
    for (const j of this.jobs.values()) {
      if (j.finished && now - j.finished > KEEP_MS) {
        rmSync(j.path, { force: true });
        this.jobs.delete(j.id);
      }
    }
  }

  close(): void {
    for (const j of this.jobs.values()) j.controller.abort();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
