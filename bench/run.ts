// `npm run bench`: a report, not a test. Medians and ratios are measured in one
// run, so a noisy machine affects both sides of each comparison alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { scoreHighlights, type LabeledSpan } from '../src/core/scoring/spans.ts';
import { check, figure, measured, size } from './report.ts';

const ROOT = join(import.meta.dirname, '..');
// `--smoke`: 200 saves and 5 scoring runs, to check the bench measures.
const SAVES = size(5000, 200);
const SCORING_RUNS = size(40, 5);

const ms = (ns: bigint) => Number(ns) / 1e6;
const fmt = (x: number) => `${figure('a time', x).toFixed(3)} ms`;

/**
 * Saves n highlights through the store, each paired with a bare INSERT on a second
 * file opened with the store's own durability settings. `synchronous` overrides the
 * store's setting (and so the bare one's) for a comparison row.
 */
function saveBenchmark(n: number, synchronous?: 'NORMAL') {
  const dir = mkdtempSync(join(tmpdir(), 'lede-bench-'));
  try {
    // The store's connection, kept here to set and read its pragmas (they are per connection).
    const db = openDatabase(join(dir, 'store.sqlite'));
    const store = new Store(db);
    if (synchronous) db.pragma(`synchronous = ${synchronous}`);
    const settings = {
      journal_mode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(db.pragma('synchronous', { simple: true }))]!,
      fullfsync: Number(db.pragma('fullfsync', { simple: true })) === 1 ? 'ON' : 'OFF',
    };
    const loaded = loadLessonFile(join(ROOT, 'lessons', 'asif-dirty-work.md'));
    if (!loaded.ok) throw new Error('seed lesson does not load');
    store.importLesson(loaded.loaded);
    // A class's worth of students, 100 highlights each (a step holds at most a few hundred).
    let attemptId = '';
    const textLength = loaded.loaded.lesson.text.length;

    // The bare baseline: the store's pragmas, read back from its connection, and one prepared INSERT in autocommit.
    const bare = new BetterSqlite3(join(dir, 'bare.sqlite'));
    for (const [name, value] of Object.entries(settings)) bare.pragma(`${name} = ${value}`);
    bare.exec('CREATE TABLE h (id TEXT PRIMARY KEY, attempt_id TEXT, exercise_id TEXT, s INTEGER, e INTEGER, label TEXT, t TEXT) STRICT');
    const insert = bare.prepare('INSERT INTO h VALUES (?, ?, ?, ?, ?, ?, ?)');

    const storeTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < n + 200; i++) {
      if (i % 100 === 0) attemptId = store.startAttempt(store.createStudent(`Bench ${i / 100}`).id, 'asif-dirty-work').id;
      const start = (i * 37) % (textLength - 20);
      const t0 = process.hrtime.bigint();
      store.putHighlight(attemptId, 'sources', { id: `s${i}`, start, end: start + 12, label: 'named' });
      const t1 = process.hrtime.bigint();
      insert.run(`b${i}`, attemptId, 'sources', start, start + 12, 'named', new Date().toISOString());
      const t2 = process.hrtime.bigint();
      if (i >= 200) {
        // the first 200 warm up the JIT and the page cache
        storeTimes.push(ms(t1 - t0));
        bareTimes.push(ms(t2 - t1));
      }
    }
    check(store.highlights(attemptId).length > 0, 'the store kept none of the saved highlights');
    store.close();
    bare.close();
    return { settings, store: measured('store.putHighlight', storeTimes, n), bare: measured('bare INSERT', bareTimes, n) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A deterministic pseudo-random generator, so every run scores the same spans. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function scoringBenchmark(runs: number) {
  const rand = lcg(42);
  const words: string[] = [];
  for (let i = 0; i < 10_000; i++) words.push('word'.slice(0, 1 + Math.floor(rand() * 4)) + String(i % 97));
  const text = words.join(' ');
  const labels = ['named', 'anonymous', 'vague'];
  const spans = (count: number): LabeledSpan[] => {
    const out: LabeledSpan[] = [];
    for (let i = 0; i < count; i++) {
      const start = Math.floor(rand() * (text.length - 60));
      out.push({ start, end: start + 5 + Math.floor(rand() * 50), label: labels[i % 3]! });
    }
    return out;
  };
  const key = spans(2000).map((s) => ({ label: s.label, mentions: [{ start: s.start, end: s.end, coreStart: s.start, coreEnd: s.end }] }));
  const student = spans(2000);
  const times: number[] = [];
  let f1 = 0;
  for (let i = 0; i < runs + 5; i++) {
    const t0 = process.hrtime.bigint();
    f1 = scoreHighlights(key, student).score;
    const t1 = process.hrtime.bigint();
    if (i >= 5) times.push(ms(t1 - t0));
  }
  const t = measured('scoring', times, runs);
  return { words: words.length, chars: text.length, median: t.p50, p95: t.p95, f1: figure('the score', f1) };
}

function reportSave(title: string, save: ReturnType<typeof saveBenchmark>, targets: boolean) {
  const s = save.settings;
  console.log(`${title} (${save.store.count.toLocaleString('en')} highlights, file database, journal_mode=${s.journal_mode}, synchronous=${s.synchronous}, fullfsync=${s.fullfsync})`);
  console.log(`  store.putHighlight  p50 ${fmt(save.store.p50)}  p99 ${fmt(save.store.p99)}${targets ? '   (target p99 ≤ 2 ms)' : ''}`);
  console.log(`  bare INSERT         p50 ${fmt(save.bare.p50)}  p99 ${fmt(save.bare.p99)}   (same settings)`);
  const ratio50 = figure('store/bare p50', save.store.p50 / save.bare.p50);
  const ratio99 = figure('store/bare p99', save.store.p99 / save.bare.p99);
  console.log(`  ratio store/bare    p50 ${ratio50.toFixed(2)}×  p99 ${ratio99.toFixed(2)}×${targets ? '   (target within 3×)' : ''}`);
}

// As the app saves: every commit synced, so an acknowledged answer survives power loss.
reportSave('Answer save, as Lede runs', saveBenchmark(SAVES), true);
// For comparison only: what the sync at each commit costs (NORMAL survives a crash of the process, not power loss).
reportSave('\nFor comparison, without the sync at each commit', saveBenchmark(SAVES, 'NORMAL'), false);

const scoring = scoringBenchmark(SCORING_RUNS);
console.log(`\nScoring ${scoring.words.toLocaleString('en')} words (${scoring.chars.toLocaleString('en')} characters), 2,000 key spans × 2,000 student spans, ${SCORING_RUNS} runs`);
console.log(`  median ${fmt(scoring.median)}  p95 ${fmt(scoring.p95)}   (target median ≤ 10 ms; score ${scoring.f1.toFixed(3)})`);
