// What the classroom benchmarks share: a class in a fresh database, `lede classroom`
// started on it as its own process (with the heap bound it sets itself), the teacher
// signed in with the set-up link it prints, API calls over keep-alive connections,
// the server's peak memory, and quantiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/core/db/store.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { BenchFailure } from './report.ts';

export const ROOT = join(import.meta.dirname, '..');

export type Reply = { status: number; body: any; cookies: string; retried: boolean };

/** Like a browser, drops a kept-alive connection before the server's 5 s idle limit closes it. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, timeout: 4000, scheduling: 'lifo' });
}

/**
 * One API call; `cookies` is every cookie the answer set, as a Cookie header would carry them.
 * A kept-alive connection the server closed just as the request went out (ECONNRESET on a
 * reused socket: the race every keep-alive client has) is retried once on a new connection,
 * as the app's own save queue would; `retried` says so, and the time includes it.
 */
export function call(agent: Agent, base: string, name: string, input: unknown, cookie = ''): Promise<Reply> {
  const url = new URL(`api/${name}`, base);
  const once = (): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : text, cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '), retried: false }),
        );
      });
      req.on('error', (err: NodeJS.ErrnoException) => reject(Object.assign(err, { reused: req.reusedSocket })));
      req.end(JSON.stringify(input));
    });
  return once().catch((err: NodeJS.ErrnoException & { reused?: boolean }) => {
    if (err.code !== 'ECONNRESET' || !err.reused) throw err;
    return once().then((r) => ({ ...r, retried: true }));
  });
}

/** The named cookie out of `cookies` (name=value), or ''. */
export const cookieNamed = (cookies: string, name: string) => new RegExp(`${name}=[^;,]+`).exec(cookies)?.[0] ?? '';

/**
 * The session's step number (1-based, as `go-to-step` takes it) of the lesson's step
 * `exerciseId`, read from the teacher's dashboard: the bench opens the step its students
 * save to, wherever it sits in the lesson.
 */
export async function stepNumberOf(agent: Agent, live: LiveClass, exerciseId: string): Promise<number> {
  const d = await call(agent, live.teacherBase, 'classroomDashboard', { sessionId: live.sessionId }, live.teacherCookie);
  if (d.status !== 200) throw new BenchFailure(`the dashboard answered ${d.status}: ${JSON.stringify(d.body).slice(0, 200)}`);
  const i = (d.body.value.steps as { id: string }[]).findIndex((s) => s.id === exerciseId);
  if (i < 0) throw new BenchFailure(`the seed lesson has no step "${exerciseId}"`);
  return i + 1;
}

/** A teacher's call that must succeed (the set-up of a bench): throws with the server's answer otherwise. */
export async function teacherCall(agent: Agent, live: LiveClass, name: string, input: unknown): Promise<any> {
  const r = await call(agent, live.teacherBase, name, input, live.teacherCookie);
  if (r.status !== 200) throw new BenchFailure(`${name} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body.value;
}

export interface LiveClass {
  server: ChildProcess;
  code: string;
  /** Where students join. */
  url: string;
  teacherBase: string;
  sessionId: string;
  /** The teacher's cookie, after choosing the PIN with the set-up link. */
  teacherCookie: string;
  /** The server's peak resident memory so far, in MB (Linux). */
  peakRssMb: () => number;
  /** The CPU time the server has used so far, in seconds (Linux; NaN elsewhere). */
  cpuSeconds: () => number;
  stop: () => Promise<void>;
}

/** A class of `names` and a live session of the seed lesson, served by `lede classroom` on 127.0.0.1. */
export async function startLiveClass(opts: { className: string; names: string[]; agent: Agent; args?: string[]; nodeOptions?: string }): Promise<LiveClass> {
  const dir = mkdtempSync(join(tmpdir(), 'lede-classbench-'));
  const db = join(dir, 'lede.sqlite');
  const store = Store.open(db);
  const r = loadLessonFile(join(ROOT, 'lessons', 'asif-dirty-work.md'));
  if (!r.ok) throw new Error('seed lesson');
  store.importLesson(r.loaded);
  const cls = store.classes.create(opts.className);
  store.inTransaction(() => {
    for (const n of opts.names) store.classes.addStudent(cls.id, n);
  });
  store.close();

  const server = spawn(
    process.execPath,
    [...(opts.nodeOptions ? [] : ['--max-old-space-size=192']), join(ROOT, 'bin', 'lede.mjs'), 'classroom', '--db', db, '--class', opts.className, '--lesson', 'asif-dirty-work', '--host', '127.0.0.1', '--port', '0', ...(opts.args ?? [])],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...(opts.nodeOptions ? { NODE_OPTIONS: opts.nodeOptions } : {}) } },
  );
  const printed = await new Promise<{ code: string; url: string; teacherBase: string; sessionId: string; setup: string }>((resolve, reject) => {
    let out = '';
    // A server that stops before it prints its addresses (not built, a bad option) fails the bench, never hangs it.
    server.once('exit', (code) => reject(new BenchFailure(`lede classroom exited (${code}) before it was ready: ${out.slice(-300)}`)));
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const c = /Join code: (\w{6})/.exec(out);
      const u = /Students open: (\S+)/.exec(out);
      const t = /Teacher dashboard \(this computer\): (http:\/\/[^#\s]+)#\/teacher\/live\/(\S+)/.exec(out);
      const s = /one-time link: (\S+)/.exec(out);
      if (c && u && t && s) resolve({ code: c[1]!, url: u[1]!, teacherBase: t[1]!, sessionId: t[2]!, setup: s[1]! });
    });
  });
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      /* not Linux, or gone */
    }
  }, 250);
  // The teacher chooses the PIN with the set-up link the command printed.
  const setupCookie = ((await fetch(printed.setup, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0]!;
  const pin = await call(opts.agent, printed.teacherBase, 'setTeacherPin', { pin: '8642' }, setupCookie);
  if (pin.status !== 200) {
    clearInterval(sampler);
    server.kill('SIGINT');
    throw new BenchFailure(`setTeacherPin answered ${pin.status}: ${JSON.stringify(pin.body).slice(0, 200)}`);
  }
  return {
    server,
    code: printed.code,
    url: printed.url,
    teacherBase: printed.teacherBase,
    sessionId: printed.sessionId,
    teacherCookie: cookieNamed(pin.cookies, 'lede_teacher'),
    peakRssMb: () => peak,
    cpuSeconds: () => {
      try {
        // utime and stime, fields 14 and 15 of /proc/<pid>/stat (after the command's parentheses), in clock ticks (100 a second on Linux).
        const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return (Number(f[11]) + Number(f[12])) / 100;
      } catch {
        return NaN;
      }
    },
    stop: async () => {
      clearInterval(sampler);
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT');
        await new Promise((r) => server.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
