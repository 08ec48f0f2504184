// One student floods a live class (a report, not a test): 30 students save every
// 500 ms while the teacher's dashboard follows along, first on a quiet class, then
// while one seat sends requests as fast as it can from another process (many at
// once: new highlights, changes, reads of its attempt). Reports the honest
// students' save latency and the dashboard's lag in both phases, in one run.
// An honest student's refused or failed save, a failed dashboard poll, or a flooder
// answer other than accepted / rate-limited / the step's highlight limit fails it.
//   BENCH_STUDENTS (default 30; 5 with --smoke), BENCH_SECONDS (default 30 per phase; 5 with --smoke),
//   BENCH_FLOOD_CONNECTIONS (default 16; 4 with --smoke)
import { spawn } from 'node:child_process';
import { call as callWith, cookieNamed, keepAliveAgent, startLiveClass, stepNumberOf, teacherCall } from './live-class.ts';
import { figure, measured, ms, Outcomes, size } from './report.ts';

const agent = keepAliveAgent(256);
const call = (base: string, name: string, input: unknown, cookie = '') => callWith(agent, base, name, input, cookie);

// ── The flooder: run as a child process so its own work does not slow the measuring clients.
if (process.argv[2] === '--flooder') {
  const [, , , url, cookie, attemptId, seconds, connections] = process.argv as string[];
  const end = Date.now() + Number(seconds) * 1000;
  const counts: Record<string, number> = {};
  let n = 0;
  await Promise.all(
    Array.from({ length: Number(connections) }, async (_, c) => {
      while (Date.now() < end) {
        const k = n++;
        const kind = k % 3;
        const start = (k * 7) % 2700;
        const r =
          kind === 0
            ? await call(url!, 'putHighlight', { attemptId, exerciseId: 'framing', highlight: { id: `flood-${c}-${k}`, start, end: start + 5, label: 'loaded' } }, cookie)
            : kind === 1
              ? await call(url!, 'putHighlight', { attemptId, exerciseId: 'framing', highlight: { id: `flood-${c}-0`, start, end: start + 3, label: 'loaded' } }, cookie)
              : await call(url!, 'getAttempt', { attemptId }, cookie);
        const key = r.status === 200 ? 'ok' : `${r.status} ${r.body?.error?.code ?? ''}${r.status === 409 ? ` (${r.body?.error?.message})` : ''}`.trim();
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }),
  );
  process.stdout.write(JSON.stringify({ requests: n, counts }));
  agent.destroy();
  process.exit(0);
}

const N = size(30, 5, 'BENCH_STUDENTS');
const SECONDS = size(30, 5, 'BENCH_SECONDS');
const CONNECTIONS = size(16, 4, 'BENCH_FLOOD_CONNECTIONS');
/** What the flooder is expected to hear besides "ok": slowed down, and the step's highlight limit. */
const FLOODER_EXPECTED = ['429 rate_limited', '413 too_large'];

const live = await startLiveClass({
  className: 'Flood class',
  names: [...Array.from({ length: N }, (_, i) => `Student ${i}`), 'Flooder'],
  agent,
  args: ['--pacing', 'student'],
});
const { code, url, teacherBase, sessionId, teacherCookie } = live;

try {
  const roster = (await call(url, 'classroomJoin', { code })).body.value.roster as { id: string; displayName: string }[];
  const seats = await Promise.all(
    roster.map(async (r) => {
      const p = await call(url, 'classroomPick', { code, studentId: r.id });
      if (p.status !== 200) throw new Error(JSON.stringify(p.body));
      return { name: r.displayName, id: r.id, cookie: cookieNamed(p.cookies, 'lede_seat'), attemptId: p.body.value.attempt.attempt.id as string };
    }),
  );
  const flooder = seats.find((s) => s.name === 'Flooder')!;
  // The class is on Sources: the dashboard counts each student's marks on the class's current step.
  await teacherCall(agent, live, 'classroomControl', { sessionId, action: 'go-to-step', step: await stepNumberOf(agent, live, 'sources') });
  const students = seats.filter((s) => s !== flooder);

  const phase = async (label: string, flood: boolean) => {
    const probe = students[0]!;
    const acked = new Map<number, number>();
    const lags: number[] = [];
    const polls = new Outcomes(`${label}: dashboard polls`);
    let polling = true;
    const dashboard = (async () => {
      let since: number | undefined;
      while (polling) {
        const d = await call(teacherBase, 'classroomDashboard', { sessionId, ...(since !== undefined ? { since } : {}) }, teacherCookie).catch((e: Error) => ({ status: 0, body: String(e) }) as const);
        if (d.status !== 200) {
          polls.add(String(d.status), JSON.stringify(d.body));
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        polls.ok();
        since = d.body.value.version;
        const marks = d.body.value.roster.find((r: { studentId: string }) => r.studentId === probe.id)?.marks ?? 0;
        for (const [count, t] of acked) if (count <= marks) (lags.push(Date.now() - t), acked.delete(count));
      }
    })();
    const flooding = flood
      ? new Promise<string>((resolve) => {
          const child = spawn(process.execPath, [import.meta.filename, '--flooder', url, flooder.cookie, flooder.attemptId, String(SECONDS), String(CONNECTIONS)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.on('exit', () => resolve(out));
        })
      : Promise.resolve('');
    const latencies: number[] = [];
    const saves = new Outcomes(`${label}: honest saves`);
    const end = Date.now() + SECONDS * 1000;
    const marks = new Map(students.map((s) => [s.id, 0]));
    await Promise.all(
      students.map(async (s, i) => {
        await new Promise((r) => setTimeout(r, (i / students.length) * 500));
        let k = 0;
        while (Date.now() < end) {
          const tick = Date.now();
          // A student marks, changes and removes: the number of marks stays within the step's limit.
          const id = `student-${label}-${i}-${k % 40}`;
          const start = (k * 37 + i) % 2700;
          const t0 = performance.now();
          const r = await call(url, 'putHighlight', { attemptId: s.attemptId, exerciseId: 'sources', highlight: { id, start, end: start + 6, label: 'named' } }, s.cookie).catch(() => null);
          // The first save of a phase may open a connection: not counted.
          if (k > 0) latencies.push(performance.now() - t0);
          if (r?.status !== 200) saves.add(r ? `${r.status} ${r.body?.error?.code ?? ''}`.trim() : 'no answer', r ? `${r.status} ${r.body?.error?.message ?? ''}` : 'no answer');
          else saves.ok();
          if (r?.status === 200 && k < 40) {
            marks.set(s.id, marks.get(s.id)! + 1);
            if (s === probe) acked.set(marks.get(s.id)!, Date.now());
          }
          k++;
          await new Promise((r) => setTimeout(r, Math.max(0, 500 - (Date.now() - tick))));
        }
      }),
    );
    const floodReport = await flooding;
    polling = false;
    await Promise.race([dashboard, new Promise((r) => setTimeout(r, 21_000))]);
    let flooded: Outcomes | null = null;
    if (flood) {
      const report = JSON.parse(floodReport || '{}') as { requests?: number; counts?: Record<string, number> };
      flooded = new Outcomes('the flooder', FLOODER_EXPECTED);
      for (const [k, v] of Object.entries(report.counts ?? {})) for (let i = 0; i < v; i++) flooded.add(k, k);
    }
    return { label, save: measured(`${label}: honest save latency`, latencies), saves, polls, lag: measured(`${label}: dashboard behind a save`, lags), flood: flooded };
  };

  console.log(`Flood: ${students.length} students save every 500 ms for ${SECONDS} s per phase; the flooder uses ${CONNECTIONS} connections from another process`);
  const quiet = await phase('quiet', false);
  const quietRss = live.peakRssMb();
  const flooded = await phase('flood', true);
  for (const p of [quiet, flooded]) {
    console.log(
      `  ${p.label.padEnd(6)} saves ${p.saves.total} (${p.saves.summary()}): p50 ${ms(p.save.p50)}, p99 ${ms(p.save.p99)} (target p99 ≤ 50 ms); ` +
        `dashboard behind a save: median ${ms(p.lag.p50, 0)}, max ${ms(p.lag.max, 0)} over ${p.lag.count} probes, ${p.polls.total} polls (target ≤ 1,000 ms)`,
    );
  }
  const fl = flooded.flood!;
  console.log(`  flooder: ${fl.total.toLocaleString('en')} requests (${(fl.total / SECONDS).toFixed(0)}/s): ${fl.summary()}`);
  console.log(
    `  ratio flood/quiet: save p99 ${figure('save p99 ratio', flooded.save.p99 / quiet.save.p99).toFixed(2)}×, dashboard median ${figure('dashboard median ratio', flooded.lag.p50 / quiet.lag.p50).toFixed(2)}×`,
  );
  const stored = (await call(url, 'getAttempt', { attemptId: flooder.attemptId }, flooder.cookie).catch(() => null))?.body?.value?.highlights?.length;
  console.log(`  the flooder's attempt holds ${stored ?? '?'} highlights (the limit per step is 400); server memory peak ${quietRss.toFixed(0)} MB quiet, ${live.peakRssMb().toFixed(0)} MB flooded`);
  for (const p of [quiet, flooded]) {
    p.saves.assertNone();
    p.polls.assertNone();
  }
  fl.assertNone();
} finally {
  await live.stop();
  agent.destroy();
}
