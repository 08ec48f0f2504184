import { parentPort, workerData } from 'node:worker_threads';
import { runReadJob, type ReadJob } from './jobs.ts';

// A file from elsewhere, read on a thread of its own (see read.ts): whatever it
// costs, it costs here, within this thread's memory and time, never the class's.
parentPort!.postMessage(await runReadJob(workerData as ReadJob));
