import { fork } from 'node:child_process';
import { LedeError } from '../shared/errors.ts';
import type { ReadJob, ReadReply } from '../core/imports/jobs.ts';
import type { ProcessReader } from '../core/imports/read.ts';

// Files from elsewhere read in a process of their own, for the command line: under
// `lede classroom` the heap is capped by a V8 flag, which would cap a reading thread's
// heap too (src/core/imports/read.ts). Not for the desktop app: its fuses forbid
// running Node children, and it reads on a thread.

const entry = new URL('./read-process-entry.ts', import.meta.url);

export const readInChild: ProcessReader = (job: ReadJob, budget, { tooMuchMemory, settleOnce }) =>
  new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      execArgv: [`--max-old-space-size=${budget.heapMb}`, `--max-semi-space-size=${Math.max(1, Math.round(budget.youngMb / 3))}`, '--stack-size=3900'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString('utf8');
    });
    const { settle, reply } = settleOnce(budget, () => child.kill('SIGKILL'), resolve, reject);
    child.once('message', (m) => reply(m as ReadReply));
    child.once('error', (err) => settle(() => reject(new LedeError('internal', `Lede could not read this file (${err.message}).`))));
    child.once('exit', (code, signal) =>
      settle(() =>
        reject(/heap limit|heap out of memory|Allocation failed/i.test(stderr) ? tooMuchMemory() : new LedeError('internal', `Lede could not read this file (its reader stopped with ${signal ?? `code ${code}`}).`)),
      ),
    );
    child.send(job);
  });
