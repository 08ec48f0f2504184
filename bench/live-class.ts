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

export const ROOT = join(import.meta.dirname, '..');

export type Reply = { status: number; body: any; cookies: string };

/** Like a browser, drops a kept-alive connection before the server's 5 s idle limit closes it. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, timeout: 4000, scheduling: 'lifo' });
}

/** One API call; `cookies` is every cookie the answer set, as a Cookie header would carry them. */
export function call(agent: Agent, base: string, name: string, input: unknown, cookie = ''): Promise<Reply> {
  const url = new URL(`api/${name}`, base);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : text, cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ') }),
      );
    });
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

/** The named cookie out of `cookies` (name=value), or ''. */
export const cookieNamed = (cookies: string, name: string) => new RegExp(`${name}=[^;,]+`).exec(cookies)?.[0] ?? '';

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};

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
  const printed = await new Promise<{ code: string; url: string; teacherBase: string; sessionId: string; setup: string }>((resolve) => {
    let out = '';
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
  return {
    server,
    code: printed.code,
    url: printed.url,
    teacherBase: printed.teacherBase,
    sessionId: printed.sessionId,
    teacherCookie: cookieNamed(pin.cookies, 'lede_teacher'),
    peakRssMb: () => peak,
    stop: async () => {
      clearInterval(sampler);
      server.kill('SIGINT');
      await new Promise((r) => server.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
