import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/** A long-running `lede` command (serve, classroom) as the real process, once its output says it is ready. */
export interface RunningLede {
  child: ChildProcess;
  /** Everything it has printed on stdout so far. */
  out: () => string;
  /** Its exit code, when it exits. */
  exited: Promise<number | null>;
  /** Sends the signal, unless it has already exited, and waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts `bin/lede.mjs` with `args` and resolves when every pattern has matched its
 * output, with the matches. If the process exits first, rejects with its exit code and
 * everything it printed (stderr too): a failure says why, at once.
 */
export async function startLede(args: string[], ready: RegExp[], opts: { execArgv?: string[] } = {}): Promise<{ lede: RunningLede; matches: RegExpExecArray[] }> {
  const child = spawn(process.execPath, [...(opts.execArgv ?? []), join(ROOT, 'bin', 'lede.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const lede: RunningLede = {
    child,
    out: () => out,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const matches = await new Promise<RegExpExecArray[]>((resolve, reject) => {
    const check = () => {
      const found = ready.map((re) => re.exec(out));
      if (found.every((m) => m !== null)) {
        child.stdout.off('data', check);
        resolve(found as RegExpExecArray[]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`lede ${args.join(' ')} exited (${code ?? child.signalCode}) before it was ready.\nstdout:\n${out}\nstderr:\n${err}`)));
  });
  return { lede, matches };
}
