// Export speed for a very large class (a report, not a test): 10,000 students ×
// 20 steps. Each export runs in its own process so its peak memory is its own.
//   node bench/export.ts            — build the data, then time each format
//   node bench/export.ts one <db> <classId> <format> <out>   — one export (internal)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { writeExport, type ExportFormat } from '../src/core/export/run.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { prng } from '../src/core/teacher/sample.ts';
import { check, figure, measured, size } from './report.ts';

// `--smoke`: 200 students, one export of each format.
const STUDENTS = size(10_000, 200);
const RUNS = size(3, 1);

if (process.argv[2] === 'one') {
  const [, , , db, classId, format, out] = process.argv;
  const store = Store.open(db!);
  const t0 = performance.now();
  await writeExport(store, { classId: classId!, lessonId: 'big-class' }, format as ExportFormat, out!);
  const ms = performance.now() - t0;
  store.close();
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes: statSync(out!).size }));
  process.exit(0);
}

function lessonSource(): string {
  const words = 'the council said the new bridge plan would cost residents more than officials first claimed according to sources close to the project'.split(' ');
  const paras = Array.from({ length: 12 }, (_, p) => Array.from({ length: 40 }, (_, i) => words[(i + p) % words.length]).join(' ') + '.');
  const exercises: string[] = [];
  for (let i = 0; i < 20; i++) {
    if (i % 5 === 0) {
      exercises.push(`  - id: mark-${i}
    kind: highlight
    title: Marks ${i}
    prompt: Mark.
    labels: [{ id: a, name: A, description: a }, { id: b, name: B, description: b }]
    key: [{ quote: "${paras[i / 5]!.slice(0, 30).trim()}", occurrence: 1, label: a, explanation: x }]`);
    } else {
      exercises.push(`  - id: q-${i}
    kind: choice
    title: Question ${i}
    prompt: Pick.
    options: [{ id: y, text: Yes, correct: true, feedback: f }, { id: n, text: No, feedback: f }]`);
    }
  }
  return `---\nlede: 1\nid: big-class\ntitle: Twenty steps\narticle:\n  headline: Twenty steps for a big class\nexercises:\n${exercises.join('\n')}\n---\n${paras.join('\n\n')}\n`;
}


const dir = mkdtempSync(join(tmpdir(), 'lede-exportbench-'));
try {
  const dbPath = join(dir, 'big.sqlite');
  // Rows are written straight into the tables (far faster than as students would), on the bench's own connection.
  const db = openDatabase(dbPath);
  const store = new Store(db);
  const parsed = parseLesson(lessonSource(), 'big-class.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  const { versionId } = store.importLesson({ file: 'big-class.md', lesson: parsed.lesson, source: lessonSource() });
  const cls = store.classes.create('Very large class');
  const rand = prng(5);
  const t0 = performance.now();
  const now = new Date().toISOString();
  db.transaction(() => {
    const addS = db.prepare('INSERT INTO students (id, display_name, created_at, roster_id) VALUES (?, ?, ?, ?)');
    const addM = db.prepare('INSERT INTO class_members (class_id, student_id, added_at) VALUES (?, ?, ?)');
    const addA = db.prepare('INSERT INTO attempts (id, student_id, lesson_version_id, number, current_step, started_at, updated_at, finished_at) VALUES (?, ?, ?, 1, 21, ?, ?, ?)');
    const addH = db.prepare('INSERT INTO highlights (id, attempt_id, exercise_id, start_offset, end_offset, label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const addR = db.prepare('INSERT INTO responses (attempt_id, exercise_id, choices, text, updated_at) VALUES (?, ?, ?, NULL, ?)');
    const addRes = db.prepare('INSERT INTO results (attempt_id, exercise_id, status, points, max_points, submitted_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (let s = 0; s < STUDENTS; s++) {
      const sid = `s${s}`;
      const aid = `a${s}`;
      addS.run(sid, `Student ${s} ${['Ngata', 'Müller', 'Haddad', 'לוי', '陈'][s % 5]}`, now, `R${s}`);
      addM.run(cls.id, sid, now);
      addA.run(aid, sid, versionId, now, now, now);
      for (const ex of parsed.lesson.exercises) {
        if (ex.kind === 'highlight') {
          for (let h = 0; h < 5; h++) {
            const start = Math.floor(rand() * (parsed.lesson.text.length - 30));
            addH.run(`${aid}-${ex.id}-${h}`, aid, ex.id, start, start + 5 + Math.floor(rand() * 20), rand() < 0.5 ? 'a' : 'b', now, now);
          }
          addRes.run(aid, ex.id, 'scored', Math.round(rand() * 1000) / 100, 10, now);
        } else {
          const pick = rand() < 0.7 ? 'y' : 'n';
          addR.run(aid, ex.id, JSON.stringify([pick]), now);
          addRes.run(aid, ex.id, 'scored', pick === 'y' ? 2 : 0, 2, now);
        }
      }
    }
  })();
  store.close();
  console.log(`Large class: ${STUDENTS.toLocaleString('en')} students × 20 steps (${(STUDENTS * 20).toLocaleString('en')} results, ${(STUDENTS * 20).toLocaleString('en')} highlights) built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const targets: Record<string, string> = { 'gradebook-csv': '≤ 2 s', xlsx: '≤ 15 s', csv: '(no target)' };
  for (const format of ['gradebook-csv', 'xlsx', 'csv'] as const) {
    const runs: { ms: number; maxRssMb: number; bytes: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const out = join(dir, `out-${i}.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
      runs.push(JSON.parse(execFileSync(process.execPath, [import.meta.filename, 'one', dbPath, cls.id, format, out], { encoding: 'utf8' })));
    }
    const time = measured(`${format} export time`, runs.map((r) => r.ms), RUNS);
    const memory = measured(`${format} export memory`, runs.map((r) => r.maxRssMb), RUNS);
    // An export that wrote nothing (or next to nothing) measured nothing: a class's file has a row per student.
    check(runs.every((r) => figure(`${format} file size`, r.bytes) > STUDENTS * 10), `the ${format} export wrote ${runs.map((r) => r.bytes).join(', ')} bytes for ${STUDENTS} students`);
    console.log(
      `  ${format.padEnd(14)} median ${(time.p50 / 1000).toFixed(2)} s ${targets[format]}, peak memory ${Math.round(memory.max)} MB (target ≤ 500 MB), ${(runs[0]!.bytes / 1e6).toFixed(1)} MB file`,
    );
  }
} finally {
  if (process.env.KEEP_BENCH_DB) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
