import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../src/cli/main.ts';
import { ROOT } from './helpers.ts';

/** What a `lede` command gave: its exit code and what it printed on each stream. */
export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * A `lede` command run in this process, through the same `run(argv, io)` the
 * launcher calls (bin/lede.mjs writes each line with a newline, as here). No
 * process is started: a test pays for the command, not for Node's start-up.
 */
export async function lede(...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** The real binary, for what only a process shows: its exit code, what reaches its output streams. */
export function ledeProcess(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'lede.mjs'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
