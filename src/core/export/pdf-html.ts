import { LedeError } from '../../shared/errors.ts';
import { keySpans, type HighlightExercise, type Lesson } from '../../shared/lesson.ts';
import { segmentWords } from '../../shared/words.ts';
import { withTag } from '../../shared/names.ts';
import type { Store } from '../db/store.ts';
import { HeatMap } from '../scoring/heat-map.ts';
import { lessonTotal } from '../teacher/results.ts';
import { itemAnalysis, share, type ItemAnalysis, type StepAnalysis } from './item-analysis.ts';
import { esc, fmt, htmlDocument, madeAt, plural } from './report-common.ts';
import { attemptRule, giveWay, type ClassData, type Pace } from './tables.ts';

// The class summary report: a few pages whatever the class size — the class's
// figures and score distribution, each step's average, the item analysis (which key
// items the class missed most), a heat map of the article per highlight step, and a
// table of the students with their points (those who never started are listed by
// name, not given a page). Each student's own report is in pdf-student.ts.

export const MAX_PDF_STUDENTS = 500;

const CSS = `
  .article { font-family: Georgia, 'DejaVu Serif', serif; font-size: 8.5pt; line-height: 1.5; column-count: 2; column-gap: 7mm; }
  .article p { margin: 0 0 2mm; } .article .hl { font-weight: 700; font-size: 11pt; }
  .key { text-decoration: underline 0.5mm #1f4e8c; text-underline-offset: 0.6mm; }
  .scale { display: flex; gap: 0; margin: 1mm 0 3mm; font-size: 8pt; } .scale span { padding: 0.5mm 2mm; }
  .ok { color: #17694b; } .part { color: #8a5a00; } .miss { color: #a1271b; }
  .quote { font-family: Georgia, 'DejaVu Serif', serif; }
  .answer { white-space: pre-wrap; border-left: 1mm solid #ddd; padding-left: 3mm; }
  [dir=auto] { unicode-bidi: plaintext; }
  h1, h2, h3, th, td, [dir=auto] { overflow-wrap: anywhere; }
  .figures { display: flex; flex-wrap: wrap; gap: 3mm 8mm; margin: 3mm 0; } .figures div { min-width: 28mm; } .figures strong { display: block; font-size: 16pt; }
  table.students { font-size: 8pt; } table.students th, table.students td { padding: 0.5mm 1.2mm; }
  table.items { font-size: 9pt; } table.heat-key { font-size: 8.5pt; } table.heat-key td, table.heat-key th { padding: 0.6mm 1.5mm; }
  td.key-word { white-space: nowrap; }
`;

function heat(count: number, max: number): string {
  if (count === 0 || max === 0) return '';
  const a = 0.12 + 0.68 * (count / max);
  return `background: rgba(213, 94, 0, ${a.toFixed(2)})`;
}

interface HeatStep {
  exercise: HighlightExercise;
  /** Per word: [start, end, how many students marked any of it]. */
  words: [number, number, number][];
  max: number;
  /** Per key item: how many students found it. */
  found: Int32Array;
  students: number;
}

function heatSteps(store: Store, data: ClassData, lesson: Lesson, versionId: number): { steps: HeatStep[]; older: number } {
  const l = data.lessons[0]!;
  const attempts = l.rows.filter((r) => r.attemptId && r.lessonVersionId === versionId).map((r) => r.attemptId!);
  const older = l.rows.filter((r) => r.attemptId && r.lessonVersionId !== versionId).length;
  const words = segmentWords(lesson.text, lesson.language);
  const steps = lesson.exercises
    .filter((e): e is HighlightExercise => e.kind === 'highlight')
    .map((exercise) => {
      const map = new HeatMap(exercise, words);
      for (const id of attempts) map.set(id, store.highlights(id).filter((h) => h.exerciseId === exercise.id));
      return { exercise, words: map.allWords(), max: map.max(), found: map.found, students: attempts.length };
    });
  return { steps, older };
}

function heatArticle(lesson: Lesson, step: HeatStep): string {
  const mentions = keySpans(step.exercise.key);
  const keyAt = (i: number) => mentions.some((k) => k.start <= i && i < k.end);
  const parts: string[] = [];
  for (const b of lesson.blocks) {
    let html = '';
    let pos = b.start;
    for (const [a, e, c] of step.words) {
      if (e <= b.start || a >= b.end) continue;
      if (a > pos) html += esc(lesson.text.slice(pos, a));
      const style = heat(c, step.max);
      html += `<span${keyAt(a) ? ' class="key"' : ''}${style ? ` style="${style}"` : ''}>${esc(lesson.text.slice(a, e))}</span>`;
      pos = e;
    }
    if (pos < b.end) html += esc(lesson.text.slice(pos, b.end));
    parts.push(`<p${b.kind === 'headline' ? ' class="hl"' : ''}>${html}</p>`);
  }
  return parts.join('');
}

function histogram(percents: number[]): string {
  const bins = new Array(10).fill(0) as number[];
  for (const p of percents) bins[Math.min(9, Math.floor(p / 10))]!++;
  const top = Math.max(1, ...bins);
  const w = 170;
  const h = 60;
  const bw = w / 10;
  const bars = bins
    .map((n, i) => {
      const bh = (n / top) * (h - 10);
      return `<rect x="${(i * bw + 1).toFixed(1)}" y="${(h - bh).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="#1f4e8c"/>` +
        (n ? `<text x="${(i * bw + bw / 2).toFixed(1)}" y="${(h - bh - 1.5).toFixed(1)}" font-size="4" text-anchor="middle">${n}</text>` : '');
    })
    .join('');
  const labels = bins.map((_, i) => `<text x="${(i * bw + bw / 2).toFixed(1)}" y="${h + 5}" font-size="3.6" text-anchor="middle">${i * 10}–${i * 10 + 10}%</text>`).join('');
  return `<svg viewBox="0 -2 ${w} ${h + 8}" width="170mm" height="${h + 10}mm" role="img" aria-label="Score distribution">${bars}${labels}<line x1="0" y1="${h}" x2="${w}" y2="${h}" stroke="#999" stroke-width="0.3"/></svg>`;
}

function itemTable(s: StepAnalysis): string {
  const n = s.students;
  if (n === 0) return '<p class="muted">No student has checked this step yet.</p>';
  if (s.kind === 'short-answer') {
    return `<p>${plural(s.graded, 'answer graded', 'answers graded')}${s.average !== null ? ` (average ${fmt(s.average)} of ${s.points} points)` : ''}; ${plural(s.waiting, 'answer', 'answers')} waiting for your grade.</p>`;
  }
  if (s.kind === 'choice') {
    const rows = s.items
      .map((it) => `<tr><td dir="auto">${esc(it.item)}</td><td class="key-word ${it.key === 'correct' ? 'ok' : 'muted'}">${it.key === 'correct' ? '✓ correct' : 'not correct'}</td><td class="n">${it.chosen}</td><td class="n">${share(it.chosen, n)}</td></tr>`)
      .join('');
    return `<table class="items"><thead><tr><th>Option</th><th>Key</th><th class="n">Chosen by</th><th class="n">Share</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  if (s.kind === 'search') {
    const rows = s.items
      .map((it) => `<tr><td dir="auto">${esc(it.item)}</td><td class="key-word ${it.key === 'open first' ? 'ok' : 'muted'}">${esc(it.key)}</td><td class="n">${it.chosen}</td><td class="n">${share(it.chosen, n)}</td></tr>`)
      .join('');
    return `<table class="items"><thead><tr><th>Goal → result</th><th>Key</th><th class="n">Opened first by</th><th class="n">Share</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  const evidence = s.kind === 'evidence';
  const rows = s.items
    .map(
      (it) =>
        `<tr><td class="quote" dir="auto">“${esc(it.item)}”</td><td>${esc(it.key)}</td><td class="n">${it.found}</td><td class="n">${it.partly}</td><td class="n">${it.missed}${evidence && it.noAnswer ? ` <span class="muted">(${it.noAnswer} no answer)</span>` : ''}</td><td class="n"><strong>${share(it.missed, n)}</strong></td></tr>`,
    )
    .join('');
  const head = evidence
    ? '<th>Claim</th><th>Key</th><th class="n">Right</th><th class="n">Partly</th><th class="n">Wrong</th><th class="n">Wrong share</th>'
    : '<th>Key item</th><th>Label</th><th class="n">Found</th><th class="n">Partly</th><th class="n">Missed</th><th class="n">Missed share</th>';
  return `<table class="items"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function itemSection(analysis: ItemAnalysis, rule: string): string {
  const steps = analysis.steps
    .map((s) => {
      const what = s.kind === 'highlight' ? 'most missed first' : s.kind === 'evidence' ? 'most often wrong first' : s.kind === 'choice' ? 'how often each option was chosen' : s.kind === 'search' ? 'how often each result was opened first' : 'written answers';
      return `<h3>${esc(s.title)} <span class="muted">· ${what} · out of ${plural(s.students, 'student', 'students')} who checked it</span></h3>${itemTable(s)}`;
    })
    .join('');
  return `<section class="page"><h2>Item analysis</h2>
    <p class="muted">For each step: how many of the students who checked it found each key item (partly: part of it, or with another label), chose each option, or gave each claim the right verdict (partly: without the report that shows it), from ${esc(rule)}.${analysis.older ? ` ${plural(analysis.older, 'attempt', 'attempts')} on an earlier version of the text ${analysis.older > 1 ? 'are' : 'is'} not counted.` : ''}</p>
    ${steps}</section>`;
}

function studentsSection(data: ClassData): string {
  const l = data.lessons[0]!;
  const steps = l.lesson.steps;
  const started = l.rows.filter((r) => r.attemptId);
  const never = l.rows.filter((r) => !r.attemptId);
  const cell = (c: (typeof started)[number]['steps'][number]) =>
    c.points !== null && (c.status === 'scored' || c.status === 'graded') ? fmt(c.points) : c.status === 'pending' ? 'to grade' : c.status === 'self-assessed' ? `self ${fmt(c.points ?? 0)}, to grade` : '·';
  const rows = started
    .map((r) => {
      const total = lessonTotal(r);
      return `<tr><td dir="auto">${esc(withTag(r.student.displayName, r.student.tag))}</td>${r.steps.map((c) => `<td class="n">${cell(c)}</td>`).join('')}<td class="n">${total !== null ? `<strong>${fmt(total)}</strong>` : `${fmt(r.points)} <span class="muted">so far</span>`}</td><td class="n">${r.attempts}</td></tr>`;
    })
    .join('');
  const legend = steps.map((s, j) => `${j + 1} ${esc(s.title)} (${s.points})`).join(' · ');
  return `<section class="page"><h2>Students</h2>
    <p class="muted">Points per step of ${esc(attemptRule(l))} (· not checked yet; “to grade”: a written answer waiting for your grade; “self 3, to grade”: one the student checked on their own, 3 points by their check, still waiting for your grade). Steps: ${legend}. A total is given once every step has a grade; until then, the points so far.</p>
    ${started.length ? `<table class="students"><thead><tr><th>Student</th>${steps.map((s, j) => `<th class="n" title="${esc(s.title)}">${j + 1}</th>`).join('')}<th class="n">Total /${l.lesson.maxPoints}</th><th class="n">Attempts</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No student has started this lesson yet.</p>'}
    ${never.length ? `<h3>Not started (${never.length})</h3><p class="never">${never.map((r) => `<span dir="auto">${esc(withTag(r.student.displayName, r.student.tag))}</span>`).join(', ')}</p>` : ''}
  </section>`;
}

/** The class summary report: a few pages whatever the class size. Needs exactly one lesson. */
export async function buildReportHtml(store: Store, data: ClassData, pace: Pace = {}): Promise<string> {
  if (data.lessons.length !== 1 || !data.scope.lessonId) throw new LedeError('invalid_input', 'A PDF report is for one lesson: choose the lesson.');
  const l = data.lessons[0]!;
  if (l.rows.length > MAX_PDF_STUDENTS) throw new LedeError('too_large', `A PDF report is limited to ${MAX_PDF_STUDENTS} students; export CSV or XLSX for larger classes.`);
  const versionId = store.currentVersionId(l.lesson.id);
  const lesson = store.lessonVersion(versionId);
  const started = l.rows.filter((r) => r.attemptId);
  const finished = l.rows.filter((r) => r.finished).length;
  // Only lesson totals that are grades (every step has one) are averaged; a partial sum is not a score.
  const totals = l.rows.map(lessonTotal).filter((t): t is number => t !== null);
  const percents = totals.map((t) => (l.lesson.maxPoints ? (100 * t) / l.lesson.maxPoints : 0));
  const avg = percents.length ? percents.reduce((a, b) => a + b, 0) / percents.length : 0;
  const incomplete = started.length - totals.length;
  await giveWay(pace, 0.1);
  const analysis = itemAnalysis(store, data);
  await giveWay(pace, 0.3);
  const { steps, older } = heatSteps(store, data, lesson, versionId);
  await giveWay(pace, 0.5);

  const stepRows = l.lesson.steps
    .map((s, j) => {
      const done = l.rows.filter((r) => r.steps[j]!.status === 'scored' || r.steps[j]!.status === 'graded');
      const mean = done.length ? done.reduce((t, r) => t + (r.steps[j]!.points ?? 0), 0) / done.length : null;
      const waiting = l.rows.filter((r) => r.steps[j]!.status === 'pending' || r.steps[j]!.status === 'self-assessed').length;
      return `<tr><td>${j + 1}. ${esc(s.title)}</td><td>${done.length} of ${l.rows.length}${waiting ? ` (+${waiting} to grade)` : ''}</td><td>${mean === null ? '—' : `${fmt(mean)} / ${s.points}`}</td><td class="n">${mean === null || !s.points ? '—' : `${Math.round((100 * mean) / s.points)}%`}</td></tr>`;
    })
    .join('');
  const figure = (n: number | string, what: string) => `<div><strong>${n}</strong>${what}</div>`;

  const classPage = `<section class="page">
    <h1>${esc(l.lesson.title)}</h1>
    <p class="muted">Class summary · class <strong dir="auto">${esc(data.className)}</strong> · report made ${esc(madeAt())}</p>
    <div class="figures">${figure(l.rows.length, 'students')}${figure(started.length, 'started')}${figure(finished, 'finished')}${figure(l.rows.length - started.length, 'not started')}${figure(totals.length ? `${fmt(avg)}%` : '—', 'average')}</div>
    <h2>Scores</h2>
    <p>${totals.length ? `Average ${fmt(avg)}% of ${l.lesson.maxPoints} points, over the ${plural(totals.length, 'student whose', 'students whose')} every step has a grade.` : 'No student has a grade for every step yet, so there is no average.'}${incomplete ? ` Not counted: ${plural(incomplete, 'student who started but still has', 'students who started but still have')} a step not checked or an answer to grade.` : ''}</p>
    ${totals.length ? histogram(percents) : ''}
    <h2>Steps</h2>
    <table><thead><tr><th>Step</th><th>Checked</th><th>Average</th><th class="n">Share of points</th></tr></thead><tbody>${stepRows}</tbody></table>
  </section>`;

  const heatPages = steps
    .map((st) => {
      const keyList = st.exercise.key
        .map((k, i) => {
          const label = st.exercise.labels.find((x) => x.id === k.label)?.name ?? k.label;
          const more = k.mentions.length > 1 ? ` <span class="muted">(${k.mentions.length} mentions)</span>` : '';
          return `<tr><td class="quote">“${esc(k.mentions[0]!.quote)}”${more}</td><td>${esc(label)}</td><td>${st.found[i]} of ${st.students}</td></tr>`;
        })
        .join('');
      return `<section class="page">
        <h2>${esc(st.exercise.title)}: what the class marked</h2>
        <p class="muted">Darker words were marked by more students (up to ${st.max} of ${st.students}); key spans are underlined.${older ? ` ${older} attempt${older > 1 ? 's' : ''} on an earlier version of the text ${older > 1 ? 'are' : 'is'} not included.` : ''}</p>
        <div class="article">${heatArticle(lesson, st)}</div>
        <h3>The key</h3><table class="heat-key"><thead><tr><th>Quote</th><th>Label</th><th>Found by</th></tr></thead><tbody>${keyList}</tbody></table>
      </section>`;
    })
    .join('');
  await giveWay(pace, 0.6);
  const body = `${classPage}${itemSection(analysis, attemptRule(data.lessons[0]!))}${heatPages}${studentsSection(data)}`;
  return htmlDocument(`${l.lesson.title} — ${data.className}`, body, CSS);
}
