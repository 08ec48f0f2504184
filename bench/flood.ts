// One student floods a live class (a report, not a test): 30 students save every
// 500 ms while the teacher's dashboard follows along, first on a quiet class, then
// while one seat sends requests as fast as it can from another process (many at
// once: new highlights, changes, reads of its attempt). Reports the honest
// students' save latency and the dashboard's lag in both phases, in one run.
//   BENCH_STUDENTS (default 30), BENCH_SECONDS (default 30 per phase), BENCH_FLOOD_CONNECTIONS (default 16)
import { spawn } from 'node:child_process';
import { call as callWith, cookieNamed, keepAliveAgent, quantile, startLiveClass } from './live-class.ts';

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
        const key = r.status === 200 ? 'accepted' : `${r.status} ${r.body?.error?.code ?? ''}${r.status === 409 ? ` (${r.body?.error?.message})` : ''}`.trim();
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }),
  );
  process.stdout.write(JSON.stringify({ requests: n, counts }));
  agent.destroy();
  process.exit(0);
}

const N = Number(process.env.BENCH_STUDENTS ?? 30);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 16);

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
  // The class is on Sources: the dashboard counts each student's marks there.
  await call(teacherBase, 'classroomControl', { sessionId, action: 'go-to-step', step: 1 }, teacherCookie);
  const students = seats.filter((s) => s !== flooder);

  const phase = async (label: string, flood: boolean) => {
    const probe = students[0]!;
    const acked = new Map<number, number>();
    const lags: number[] = [];
    let polling = true;
    const dashboard = (async () => {
      let since: number | undefined;
      while (polling) {
        const d = await call(teacherBase, 'classroomDashboard', { sessionId, ...(since !== undefined ? { since } : {}) }, teacherCookie);
        if (d.status !== 200) throw new Error(`dashboard: ${JSON.stringify(d.body)}`);
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
    let errors = 0;
    const errorSamples = new Set<string>();
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
          if (r?.status !== 200) {
            errors++;
            errorSamples.add(r ? `${r.status} ${r.body?.error?.message ?? ''}` : 'no answer');
          }
          else if (k < 40) {
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
    return { label, latencies, errors, errorSamples, lags, flood: floodReport ? (JSON.parse(floodReport) as { requests: number; counts: Record<string, number> }) : null };
  };

  console.log(`Flood: ${students.length} students save every 500 ms for ${SECONDS} s per phase; the flooder uses ${CONNECTIONS} connections from another process`);
  const quiet = await phase('quiet', false);
  const quietRss = live.peakRssMb();
  const flooded = await phase('flood', true);
  for (const p of [quiet, flooded]) {
    console.log(
      `  ${p.label.padEnd(6)} saves ${p.latencies.length}, errors ${p.errors}${p.errorSamples.size ? ` (${[...p.errorSamples].join('; ')})` : ''}: p50 ${quantile(p.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(p.latencies, 0.99).toFixed(1)} ms (target p99 ≤ 50 ms); ` +
        `dashboard behind a save: median ${quantile(p.lags, 0.5).toFixed(0)} ms, max ${Math.max(...p.lags).toFixed(0)} ms (target ≤ 1,000 ms)`,
    );
  }
  if (flooded.flood) {
    const rate = flooded.flood.requests / SECONDS;
    console.log(`  flooder: ${flooded.flood.requests.toLocaleString('en')} requests (${rate.toFixed(0)}/s): ${Object.entries(flooded.flood.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  console.log(
    `  ratio flood/quiet: save p99 ${(quantile(flooded.latencies, 0.99) / quantile(quiet.latencies, 0.99)).toFixed(2)}×, dashboard median ${(quantile(flooded.lags, 0.5) / quantile(quiet.lags, 0.5)).toFixed(2)}×`,
  );
  const stored = (await call(url, 'getAttempt', { attemptId: flooder.attemptId }, flooder.cookie).catch(() => null))?.body?.value?.highlights?.length;
  console.log(`  the flooder's attempt holds ${stored ?? '?'} highlights (the limit per step is 400); server memory peak ${quietRss.toFixed(0)} MB quiet, ${live.peakRssMb().toFixed(0)} MB flooded`);
} finally {
  await live.stop();
  agent.destroy();
}
