import type { ErrorCode } from '../../shared/errors.ts';
import { LedeError } from '../../shared/errors.ts';
import { parseLesson } from '../lessons/parse.ts';
import { extractArticle, extractText } from '../studio/extract.ts';

/** What a reading thread or process is asked to do (read.ts). */
export type ReadJob = { kind: 'article'; name: string; bytes: Uint8Array } | { kind: 'pasted'; text: string } | { kind: 'lesson'; fileName: string; source: string };

/** What it answers: the value, or the refusal in the user's words. */
export type ReadReply = { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string };

/** Runs one job where it is called (on the reading thread or process: worker.ts, child.ts). */
export async function runReadJob(job: ReadJob): Promise<ReadReply> {
  try {
    switch (job.kind) {
      case 'article':
        return { ok: true, value: await extractArticle(job.name, job.bytes) };
      case 'pasted':
        return { ok: true, value: extractText(job.text) };
      case 'lesson':
        return { ok: true, value: parseLesson(job.source, job.fileName) };
    }
  } catch (err) {
    return err instanceof LedeError
      ? { ok: false, code: err.code, message: err.message }
      : { ok: false, code: 'invalid_input', message: `Lede could not read this file (${err instanceof Error ? err.message : String(err)}).` };
  }
}
