// A live classroom under load, on loopback (a report, not a test): N simulated
// students each save an answer every 2 s for the run's length, with their event
// streams open, while a teacher's dashboard follows along.
//   BENCH_STUDENTS (default 1000), BENCH_SECONDS (default 120)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/core/db/store.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';

const ROOT = join(import.meta.dirname, '..');
const N = Number(process.env.BENCH_STUDENTS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
// Like a browser, drop a kept-alive connection before the server's 5 s idle limit closes it.
const agent = new Agent({ keepAlive: true, maxSockets: 4000, timeout: 4000, scheduling: 'lifo' });

function call(base: string, name: string, input: unknown, cookie = ''): Promise<{ status: number; body: any; setCookie?: string }> {
  const url = new URL(`api/${name}`, base);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), setCookie: res.headers['set-cookie']?.find((c) => !c.startsWith('lede_setup='))?.split(';')[0] }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};

const dir = mkdtempSync(join(tmpdir(), 'lede-classbench-'));
const db = join(dir, 'lede.sqlite');
{
  const store = Store.open(db);
  const r = loadLessonFile(join(ROOT, 'lessons', 'asif-dirty-work.md'));
  if (!r.ok) throw new Error('seed lesson');
  store.importLesson(r.loaded);
  const classes = store.classes;
  const cls = classes.create('Bench hall');
  store.inTransaction(() => {
    for (let i = 0; i < N; i++) classes.addStudent(cls.id, `Student ${i}`);
  });
  store.close();
}

// The server process itself (with the heap bound `lede classroom` sets when it launches itself).
const server = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_OPTIONS ? [] : ['--max-old-space-size=192']), join(ROOT, 'bin', 'lede.mjs'), 'classroom', '--db', db, '--class', 'Bench hall', '--lesson', 'asif-dirty-work', '--host', '127.0.0.1', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}) },
});
const { code, url, teacher } = await new Promise<{ code: string; url: string; teacher: string }>((resolve) => {
  let out = '';
  server.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const c = /Join code: (\w{6})/.exec(out);
    const u = /Students open: (\S+)/.exec(out);
    const t = /Teacher dashboard \(this computer\): (http:\/\/[^#\s]+)#\/teacher\/live\/(\S+)/.exec(out);
    const s = /one-time link: (\S+)/.exec(out);
    if (c && u && t && s) resolve({ code: c[1]!, url: u[1]!, teacher: `${t[1]}|${t[2]}|${s[1]}` });
  });
});
const [teacherBase, sessionId, setupLink] = teacher.split('|') as [string, string, string];
let peakRssMb = 0;
const sampler = setInterval(() => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0);
    peakRssMb = Math.max(peakRssMb, kb / 1024);
  } catch {
    /* not Linux, or gone */
  }
}, 500);

try {
  // The teacher: a PIN (with the set-up link the command printed), then the Sources step open for everyone.
  const setupCookie = ((await fetch(setupLink, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0]!;
  const pin = await call(teacherBase, 'setTeacherPin', { pin: '8642' }, setupCookie);
  const teacherCookie = pin.setCookie!;
  await call(teacherBase, 'classroomControl', { sessionId, action: 'go-to-step', step: 1 }, teacherCookie);

  // Students join (and open their event streams).
  const roster = (await call(url, 'classroomJoin', { code })).body.value.roster as { id: string }[];
  const students: { cookie: string; attemptId: string; saved: number }[] = [];
  for (let i = 0; i < roster.length; i += 50) {
    const batch = await Promise.all(
      roster.slice(i, i + 50).map(async (r) => {
        const p = await call(url, 'classroomPick', { code, studentId: r.id });
        if (p.status !== 200) throw new Error(JSON.stringify(p.body));
        return { cookie: p.setCookie!, attemptId: p.body.value.attempt.attempt.id as string, saved: 0 };
      }),
    );
    students.push(...batch);
  }
  const streams = students.map((s) => {
    const u = new URL('events', url);
    const req = request({ agent, host: u.hostname, port: u.port, path: u.pathname, headers: { Cookie: s.cookie } }, (res) => res.resume());
    req.on('error', () => {});
    req.end();
    return req;
  });
  console.log(`Classroom load: ${N} students joined with event streams open; ${SECONDS} s of saves every 2 s each`);

  // The dashboard follows along; the probe student's saves measure how far behind it is.
  const probe = students[0]!;
  const acked = new Map<number, number>(); // marks count → time acknowledged
  const lags: number[] = [];
  let polling = process.env.BENCH_NO_DASHBOARD !== '1';
  const dashboardLoop = (async () => {
    let since: number | undefined;
    while (polling) {
      const d = await call(teacherBase, 'classroomDashboard', { sessionId, ...(since !== undefined ? { since } : {}) }, teacherCookie);
      if (d.status !== 200) continue;
      since = d.body.value.version;
      const marks = d.body.value.roster.find((r: { studentId: string; marks: number }) => r.studentId === roster[0]!.id)?.marks ?? 0;
      for (const [count, t] of acked) {
        if (count <= marks) {
          lags.push(Date.now() - t);
          acked.delete(count);
        }
      }
    }
  })();

  const latencies: number[] = [];
  const firsts: number[] = [];
  let errors = 0;
  const errorSamples: string[] = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    students.map(async (s, i) => {
      await new Promise((r) => setTimeout(r, (i / students.length) * 2000)); // spread the students over the 2 s
      while (Date.now() < end) {
        const tick = Date.now();
        const start = (s.saved * 37 + i) % 2700;
        const t0 = performance.now();
        try {
          const r = await call(url, 'putHighlight', { attemptId: s.attemptId, exerciseId: 'sources', highlight: { id: `b${i}-${s.saved}`, start, end: start + 6, label: 'named' } }, s.cookie);
          // A student's first save also opens their connection: reported apart.
          (s.saved === 0 ? firsts : latencies).push(performance.now() - t0);
          if (r.status !== 200) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(`${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
          }
          else {
            s.saved++;
            if (s === probe) acked.set(s.saved, Date.now());
          }
        } catch (err) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(String(err));
        }
        await new Promise((r) => setTimeout(r, Math.max(0, 2000 - (Date.now() - tick))));
      }
    }),
  );
  polling = false;
  for (const s of streams) s.destroy();
  await Promise.race([dashboardLoop, new Promise((r) => setTimeout(r, 21_000))]);

  console.log(`  saves: ${(latencies.length + firsts.length).toLocaleString('en')}, errors: ${errors}${errorSamples.length ? ` (${errorSamples.join('; ')})` : ''}`);
  console.log(`  first save of each student (opening a connection): p50 ${quantile(firsts, 0.5).toFixed(1)} ms, p99 ${quantile(firsts, 0.99).toFixed(1)} ms`);
  console.log(`  save latency: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms (target p99 ≤ 50 ms)`);
  console.log(`  dashboard behind a save: median ${quantile(lags, 0.5).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms over ${lags.length} probes (target ≤ 1,000 ms)`);
  console.log(`  server memory: peak ${peakRssMb.toFixed(0)} MB (target ≤ 300 MB)`);
} finally {
  clearInterval(sampler);
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}
