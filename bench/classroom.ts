// A live classroom under load, on loopback (a report, not a test): N simulated
// students each save an answer every 2 s for the run's length, with their event
// streams open, while a teacher's dashboard follows along.
// Every save must be accepted: a refused or failed save fails the bench (exit 1).
//   BENCH_STUDENTS (default 1000; 20 with --smoke), BENCH_SECONDS (default 120; 6 with --smoke)
import { request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { call as callWith, cookieNamed, keepAliveAgent, startLiveClass, stepNumberOf, teacherCall } from './live-class.ts';
import { check, measured, ms, Outcomes, size } from './report.ts';

const N = size(1000, 20, 'BENCH_STUDENTS');
const SECONDS = size(120, 6, 'BENCH_SECONDS');
const agent = keepAliveAgent(4000);
const call = (base: string, name: string, input: unknown, cookie = '') => callWith(agent, base, name, input, cookie);

const live = await startLiveClass({
  className: 'Bench hall',
  names: Array.from({ length: N }, (_, i) => `Student ${i}`),
  agent,
  ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { nodeOptions: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
});
const { code, url, teacherBase, sessionId, teacherCookie } = live;

try {
  // The session starts teacher-paced, before the first step: the teacher opens the
  // Sources step for everyone, through the call the dashboard makes.
  const sourcesStep = await stepNumberOf(agent, live, 'sources');
  await teacherCall(agent, live, 'classroomControl', { sessionId, action: 'go-to-step', step: sourcesStep });

  // Students join (and open their event streams).
  const roster = (await call(url, 'classroomJoin', { code })).body.value.roster as { id: string }[];
  const students: { cookie: string; attemptId: string; saved: number }[] = [];
  for (let i = 0; i < roster.length; i += 50) {
    const batch = await Promise.all(
      roster.slice(i, i + 50).map(async (r) => {
        const p = await call(url, 'classroomPick', { code, studentId: r.id });
        if (p.status !== 200) throw new Error(JSON.stringify(p.body));
        return { cookie: cookieNamed(p.cookies, 'lede_seat'), attemptId: p.body.value.attempt.attempt.id as string, saved: 0 };
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
  const saves = new Outcomes('saves', ['ok after a closed keep-alive connection']);
  const polls = new Outcomes('dashboard polls');
  let polling = process.env.BENCH_NO_DASHBOARD !== '1';
  const dashboardLoop = (async () => {
    let since: number | undefined;
    while (polling) {
      const d = await call(teacherBase, 'classroomDashboard', { sessionId, ...(since !== undefined ? { since } : {}) }, teacherCookie);
      if (d.status !== 200) {
        polls.add(String(d.status), JSON.stringify(d.body));
        continue;
      }
      polls.ok();
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
  const end = Date.now() + SECONDS * 1000;
  const cpu0 = { server: live.cpuSeconds(), bench: process.cpuUsage(), wall: performance.now() };
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
          if (r.status !== 200) saves.add(`${r.status} ${r.body?.error?.code ?? ''}`.trim(), `${r.status} ${r.body?.error?.message ?? JSON.stringify(r.body)}`);
          else {
            if (r.retried) saves.add('ok after a closed keep-alive connection');
            else saves.ok();
            s.saved++;
            if (s === probe) acked.set(s.saved, Date.now());
          }
        } catch (err) {
          saves.add('no answer', String(err));
        }
        await new Promise((r) => setTimeout(r, Math.max(0, 2000 - (Date.now() - tick))));
      }
    }),
  );
  const cpu = {
    server: live.cpuSeconds() - cpu0.server,
    bench: (() => {
      const u = process.cpuUsage(cpu0.bench);
      return (u.user + u.system) / 1e6;
    })(),
    wall: (performance.now() - cpu0.wall) / 1000,
  };
  polling = false;
  for (const s of streams) s.destroy();
  await Promise.race([dashboardLoop, new Promise((r) => setTimeout(r, 21_000))]);

  const first = measured('first saves', firsts);
  const save = measured('save latency', latencies);
  const lag = process.env.BENCH_NO_DASHBOARD === '1' ? null : measured('dashboard behind a save', lags);
  console.log(`  saves: ${saves.total.toLocaleString('en')} (${saves.summary()}); dashboard polls: ${polls.summary()}`);
  console.log(`  first save of each student (opening a connection): p50 ${ms(first.p50)}, p99 ${ms(first.p99)}`);
  console.log(`  save latency: p50 ${ms(save.p50)}, p99 ${ms(save.p99)} over ${save.count.toLocaleString('en')} saves (target p99 ≤ 50 ms)`);
  if (lag) console.log(`  dashboard behind a save: median ${ms(lag.p50, 0)}, max ${ms(lag.max, 0)} over ${lag.count} probes (target ≤ 1,000 ms)`);
  console.log(`  server memory: peak ${live.peakRssMb().toFixed(0)} MB (target ≤ 300 MB)`);
  // On a shared machine the figures above depend on what else runs: the CPU each side got says how much.
  if (Number.isFinite(cpu.server)) console.log(`  CPU while saving (${cpu.wall.toFixed(0)} s): the server ${cpu.server.toFixed(1)} s (${((cpu.server / cpu.wall) * 100).toFixed(0)}% of a core), this bench's students ${cpu.bench.toFixed(1)} s (${((cpu.bench / cpu.wall) * 100).toFixed(0)}%); machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  if (process.platform === 'linux') check(live.peakRssMb() > 0, 'the server\'s memory was never sampled');
  saves.assertNone();
  if (lag) polls.assertNone();
} finally {
  await live.stop();
  agent.destroy();
}
