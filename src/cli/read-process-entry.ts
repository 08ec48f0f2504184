import { runReadJob, type ReadJob } from '../core/imports/jobs.ts';

// A file from elsewhere, read in a process of its own (read-process.ts): used where this
// process's heap is capped by a flag (`lede classroom`), which a thread would share.
process.once('message', (job: ReadJob) => {
  void runReadJob(job).then((reply) => process.send!(reply, () => process.exit(0)));
});
