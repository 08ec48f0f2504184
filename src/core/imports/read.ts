import { Worker } from 'node:worker_threads';
import { LedeError } from '../../shared/errors.ts';
import type { ParseResult } from '../lessons/parse.ts';
import type { ExtractedArticle } from '../studio/extract.ts';
import type { ReadJob, ReadReply } from './jobs.ts';

// Files from elsewhere — a saved web page, a Word document, a lesson file — are read
// on a thread of their own (worker.ts), with a memory and a time budget. A file at or
// past any limit is refused in words; it never stalls or crashes the process that
// serves a class or draws the desktop window. One file is read at a time; a few more
// wait their turn, and beyond that a request is told to try again.

/**
 * The budget of one file's reading thread. Every documented file limit passes inside
 * it (measured in bench/imports.ts and tested in test/imports.test.ts): a web page
 * of 8 MB and HTML_LIMITS.elements elements, a Word document of MAX_DOCX_UNPACKED_BYTES,
 * a lesson file of 2 MB.
 */
export const READ_BUDGET = {
  /** V8's heap for the thread (old generation), in MB. */
  heapMb: 384,
  /** Its young generation, in MB. */
  youngMb: 32,
  /** The longest one file may take, in seconds. */
  seconds: 60,
  /** Files read at once. */
  atOnce: 1,
  /** Files waiting their turn; one more is refused (rate_limited). */
  waiting: 8,
} as const;

let workerUrl = new URL('./worker.ts', import.meta.url);

/** Where the reading thread's module is, for a bundle that moves it (the Electron build). */
export function useReadWorker(url: URL): void {
  workerUrl = url;
}

let running = 0;
const queue: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= READ_BUDGET.atOnce) {
    if (queue.length >= READ_BUDGET.waiting) throw new LedeError('rate_limited', 'Lede is reading several other files just now. Try again in a moment.');
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

const TOO_MUCH = 'Reading this file needed more memory than Lede gives one file';

function runJob(job: ReadJob, budget: { heapMb: number; youngMb: number; seconds: number }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerUrl, {
      workerData: job,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: budget.heapMb, maxYoungGenerationSizeMb: budget.youngMb, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new LedeError('too_large', `Reading this file took longer than ${budget.seconds} seconds, so Lede stopped. Open it in the browser (or Word), copy the article’s text and paste it instead.`))),
      budget.seconds * 1000,
    );
    worker.once('message', (reply: ReadReply) => settle(() => (reply.ok ? resolve(reply.value) : reject(new LedeError(reply.code, reply.message)))));
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new LedeError('too_large', `${TOO_MUCH} (${budget.heapMb} MB), so Lede stopped. Open it in the browser (or Word), copy the article’s text and paste it instead.`)
            : new LedeError('internal', `Lede could not read this file (${err.message}).`),
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new LedeError('internal', `Lede could not read this file (its reader stopped with code ${code}).`))));
  });
}

/** Runs one job on a reading thread, in its turn. `budget` is for tests; the app uses READ_BUDGET. */
export async function readApart(job: ReadJob, budget: { heapMb: number; youngMb: number; seconds: number } = READ_BUDGET): Promise<unknown> {
  const done = await turn();
  try {
    return await runJob(job, budget);
  } finally {
    done();
  }
}

/** The article in a file (extract.ts), read apart. */
export async function readArticle(name: string, bytes: Uint8Array): Promise<ExtractedArticle> {
  return (await readApart({ kind: 'article', name, bytes })) as ExtractedArticle;
}

/** A lesson file's text parsed (parse.ts), apart. */
export async function readLesson(source: string, fileName: string): Promise<ParseResult> {
  return (await readApart({ kind: 'lesson', fileName, source })) as ParseResult;
}
