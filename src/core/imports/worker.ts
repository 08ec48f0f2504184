import { parentPort, workerData } from 'node:worker_threads';
import { LedeError } from '../../shared/errors.ts';
import { parseLesson } from '../lessons/parse.ts';
import { extractArticle } from '../studio/extract.ts';
import type { ReadJob, ReadReply } from './jobs.ts';

// A file from elsewhere, read on a thread of its own (see read.ts): whatever it
// costs, it costs here, within this thread's memory and time, never the class's.

async function read(job: ReadJob): Promise<unknown> {
  switch (job.kind) {
    case 'article':
      return extractArticle(job.name, job.bytes);
    case 'lesson':
      return parseLesson(job.source, job.fileName);
  }
}

const job = workerData as ReadJob;
let reply: ReadReply;
try {
  reply = { ok: true, value: await read(job) };
} catch (err) {
  reply =
    err instanceof LedeError
      ? { ok: false, code: err.code, message: err.message }
      : { ok: false, code: 'invalid_input', message: `Lede could not read this file (${err instanceof Error ? err.message : String(err)}).` };
}
parentPort!.postMessage(reply);
