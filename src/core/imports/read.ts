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
//
// Where this process's heap is capped by a V8 flag (`lede classroom` runs with
// --max-old-space-size=192), the flag would cap every thread's heap too, whatever its
// resourceLimits say: there the file is read in a child process with its own, which the
// command line registers (src/cli/read-process.ts; the desktop app, whose fuses forbid
// running Node children, always reads on a thread).

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
let threadsOnly = false;

/** Where the reading thread's module is, for a bundle that moves it (the Electron build, which always reads on a thread). */
export function useReadWorker(url: URL): void {
  workerUrl = url;
  threadsOnly = true;
}

/** Whether a V8 flag caps this process's heap (and so every thread's in it). */
const heapCappedByFlag = () => [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--max[-_]old[-_]space[-_]size/.test(a));

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

export type Budget = { heapMb: number; youngMb: number; seconds: number };

const tooMuchMemory = (budget: Budget) =>
  new LedeError('too_large', `${TOO_MUCH} (${budget.heapMb} MB), so Lede stopped. Open it in the browser (or Word), copy the article’s text and paste it instead.`);

/** Settles once: the reply, a refusal, or the time budget; then the reader is stopped. */
function settleOnce(budget: Budget, stopReader: () => void, resolve: (v: unknown) => void, reject: (e: unknown) => void) {
  let settled = false;
  const timer = setTimeout(
    () => settle(() => reject(new LedeError('too_large', `Reading this file took longer than ${budget.seconds} seconds, so Lede stopped. Open it in the browser (or Word), copy the article’s text and paste it instead.`))),
    budget.seconds * 1000,
  );
  function settle(f: () => void) {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    f();
    stopReader();
  }
  return {
    settle,
    reply: (reply: ReadReply) => settle(() => (reply.ok ? resolve(reply.value) : reject(new LedeError(reply.code, reply.message)))),
  };
}

function onThread(job: ReadJob, budget: Budget): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: job,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: budget.heapMb, maxYoungGenerationSizeMb: budget.youngMb, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const { settle, reply } = settleOnce(budget, () => void worker.terminate(), resolve, reject);
    worker.once('message', reply);
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuchMemory(budget) : new LedeError('internal', `Lede could not read this file (${err.message}).`))),
    );
    worker.once('exit', (code) => settle(() => reject(new LedeError('internal', `Lede could not read this file (its reader stopped with code ${code}).`))));
  });
}

/** Reads a job in a process of its own (registered by the command line: src/cli/read-process.ts). */
export type ProcessReader = (job: ReadJob, budget: Budget, refusals: { tooMuchMemory: () => LedeError; settleOnce: typeof settleOnce }) => Promise<unknown>;
let processReader: ProcessReader | null = null;

/** Where a heap flag caps this process, files are read by `reader` in a process of its own. */
export function useReadProcess(reader: ProcessReader): void {
  processReader = reader;
}

function runJob(job: ReadJob, budget: Budget): Promise<unknown> {
  if (!threadsOnly && processReader && heapCappedByFlag()) return processReader(job, budget, { tooMuchMemory: () => tooMuchMemory(budget), settleOnce });
  return onThread(job, budget);
}

/** Runs one job on a reading thread, in its turn. `budget` is for tests; the app uses READ_BUDGET. */
export async function readApart(job: ReadJob, budget: Budget = READ_BUDGET): Promise<unknown> {
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

/** The article in pasted text (extract.ts), read apart: a paste may be 2 MB. */
export async function readPasted(text: string): Promise<ExtractedArticle> {
  return (await readApart({ kind: 'pasted', text })) as ExtractedArticle;
}

/** Several lesson texts parsed (parse.ts), apart, each in a job of its own with the budget of one file (a backup's). */
export async function readLessons(files: { fileName: string; source: string }[]): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for (const f of files) out.push(await readLesson(f.source, f.fileName));
  return out;
}

/** A lesson file's text parsed (parse.ts), apart. */
export async function readLesson(source: string, fileName: string): Promise<ParseResult> {
  return (await readApart({ kind: 'lesson', fileName, source })) as ParseResult;
}
