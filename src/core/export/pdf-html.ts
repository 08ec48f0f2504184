import { LedeError } from '../../shared/errors.ts';
import { keySpans, type HighlightExercise, type Lesson } from '../../shared/lesson.ts';
import { segmentWords } from '../../shared/words.ts';
import type { Store } from '../db/store.ts';
import { roundPoints, scoreExercise } from '../scoring/attempt.ts';
import { HeatMap } from '../scoring/heat-map.ts';
import { hasGrade, lessonTotal } from '../teacher/results.ts';
import { giveWay, statusWord, type ClassData, type Pace } from './tables.ts';

// The PDF report as one self-contained HTML page (no scripts, no external files),
// printed to PDF by Chromium: webContents.printToPDF in the app, Playwright's
// page.pdf in the CLI and tests. Its student pages are meant to be handed to
// students and parents, so the teacher's private comments are never in it.

export const MAX_PDF_STUDENTS = 500;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = (n: number) => roundPoints(n).toString();

const CSS = `
  @page { size: A4; margin: 16mm 14mm; }
  body { font: 10.5pt/1.45 system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; color: #1d1d1f; margin: 0; }
  h1 { font-size: 20pt; margin: 0 0 2mm; } h2 { font-size: 14pt; margin: 6mm 0 2mm; } h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; }
  .muted { color: #555; } .page { break-after: page; } .page:last-child { break-after: auto; }
  table { border-collapse: collapse; width: 100%; margin: 2mm 0; } th, td { text-align: start; border-bottom: 0.3mm solid #ddd; padding: 1.2mm 1.5mm; vertical-align: top; }
  th { background: #eef2f8; }
  .cols { display: grid; grid-template-columns: 1.45fr 1fr; gap: 6mm; align-items: start; }
  .article { font-family: Georgia, 'DejaVu Serif', serif; font-size: 9.5pt; line-height: 1.55; }
  .article p { margin: 0 0 2mm; } .article .hl { font-weight: 700; font-size: 11pt; }
  .key { text-decoration: underline 0.5mm #1f4e8c; text-underline-offset: 0.6mm; }
  .scale { display: flex; gap: 0; margin: 1mm 0 3mm; font-size: 8pt; } .scale span { padding: 0.5mm 2mm; }
  .ok { color: #17694b; } .part { color: #8a5a00; } .miss { color: #a1271b; }
  .quote { font-family: Georgia, 'DejaVu Serif', serif; }
  .answer { white-space: pre-wrap; border-left: 1mm solid #ddd; padding-left: 3mm; }
  [dir=auto] { unicode-bidi: plaintext; }
  h1, h2, h3, th, td, [dir=auto] { overflow-wrap: anywhere; }
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

/** The report: a class page, then one page per student. Needs exactly one lesson. */
export async function buildReportHtml(store: Store, data: ClassData, pace: Pace = {}): Promise<string> {
  if (data.lessons.length !== 1 || !data.scope.lessonId) throw new LedeError('invalid_input', 'A PDF report is for one lesson: choose the lesson.');
  const l = data.lessons[0]!;
  if (l.rows.length > MAX_PDF_STUDENTS) throw new LedeError('too_large', `A PDF report is limited to ${MAX_PDF_STUDENTS} students; export CSV or XLSX for larger classes.`);
  const versionId = store.currentVersionId(l.lesson.id);
  const lesson = store.lessonVersion(versionId);
  const started = l.rows.filter((r) => r.attemptId);
  // Only lesson totals that are grades (every step has one) are averaged; a partial sum is not a score.
  const totals = l.rows.map(lessonTotal).filter((t): t is number => t !== null);
  const percents = totals.map((t) => (l.lesson.maxPoints ? (100 * t) / l.lesson.maxPoints : 0));
  const avg = percents.length ? percents.reduce((a, b) => a + b, 0) / percents.length : 0;
  const incomplete = started.length - totals.length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const { steps, older } = heatSteps(store, data, lesson, versionId);
  await giveWay(pace, 0.2);

  const stepRows = l.lesson.steps
    .map((s, j) => {
      const done = l.rows.filter((r) => r.steps[j]!.status === 'scored' || r.steps[j]!.status === 'graded');
      const mean = done.length ? done.reduce((t, r) => t + (r.steps[j]!.points ?? 0), 0) / done.length : null;
      const waiting = l.rows.filter((r) => r.steps[j]!.status === 'pending').length;
      return `<tr><td>${esc(s.title)}</td><td>${done.length} of ${l.rows.length}${waiting ? ` (+${waiting} to grade)` : ''}</td><td>${mean === null ? '—' : `${fmt(mean)} / ${s.points}`}</td></tr>`;
    })
    .join('');

  const classPage = `<section class="page">
    <h1>${esc(l.lesson.title)}</h1>
    <p class="muted">Class <strong dir="auto">${esc(data.className)}</strong> · ${l.rows.length} students · ${started.length} started · report made ${esc(new Date().toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
    <h2>Scores</h2>
    <p>${totals.length ? `Average ${fmt(avg)}% of ${l.lesson.maxPoints} points, over the ${plural(totals.length, 'student whose', 'students whose')} every step has a grade.` : 'No student has a grade for every step yet, so there is no average.'}${incomplete ? ` Not counted: ${plural(incomplete, 'student who started but still has', 'students who started but still have')} a step not checked or an answer to grade.` : ''}</p>
    ${totals.length ? histogram(percents) : ''}
    <table><thead><tr><th>Step</th><th>Checked</th><th>Average</th></tr></thead><tbody>${stepRows}</tbody></table>
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
        <div class="cols"><div class="article">${heatArticle(lesson, st)}</div>
        <div><h3>The key</h3><table><thead><tr><th>Quote</th><th>Label</th><th>Found by</th></tr></thead><tbody>${keyList}</tbody></table></div></div>
      </section>`;
    })
    .join('');

  const studentPages: string[] = [];
  for (const [i, r] of l.rows.entries()) {
    if (i % 20 === 0) await giveWay(pace, 0.3 + (0.6 * i) / Math.max(1, l.rows.length));
    const head = `<h1 dir="auto">${esc(r.student.displayName)}</h1><p class="muted">${r.student.rosterId ? `Roster id ${esc(r.student.rosterId)} · ` : ''}${esc(l.lesson.title)}</p>`;
    if (!r.attemptId || r.lessonVersionId === null) {
      studentPages.push(`<section class="page">${head}<p>Not started.</p></section>`);
      continue;
    }
    const v = store.lessonVersion(r.lessonVersionId);
    const answers = store.answers(r.attemptId);
    const body = v.exercises
      .map((ex) => {
        const cell = r.steps.find((c) => c.exerciseId === ex.id);
        const title = `<h3>${esc(ex.title)} — ${cell && cell.points !== null ? `${fmt(cell.points)} / ${ex.points}` : esc(statusWord(cell?.status ?? 'not-checked'))}</h3>`;
        const fb = scoreExercise(ex, answers[ex.id]);
        if (fb.kind === 'highlight' && ex.kind === 'highlight') {
          const items = fb.highlight.items
            .map((k) => {
              const cls = k.status === 'found' ? 'ok' : k.status === 'partly' ? 'part' : 'miss';
              const mark = k.status === 'found' ? '✓' : k.status === 'partly' ? '◐' : '✗';
              const quote = k.item.mentions[k.mention]!.quote;
              return `<tr><td class="${cls}">${mark} ${k.status === 'partly' ? 'partly' : k.status}</td><td class="quote">“${esc(quote)}”</td><td>${esc(ex.labels.find((x) => x.id === k.item.label)?.name ?? k.item.label)}${k.markedAs ? ` <span class="muted">(marked ${esc(ex.labels.find((x) => x.id === k.markedAs)?.name ?? k.markedAs)})</span>` : ''}</td></tr>`;
            })
            .join('');
          const extras = fb.highlight.extraSpans.map((s) => `<li class="quote">“${esc(v.text.slice(s.start, s.end))}”</li>`).join('');
          return `${title}<table><tbody>${items}</tbody></table>${extras ? `<p>Not in the key:</p><ul>${extras}</ul>` : ''}`;
        }
        if (fb.kind === 'evidence') {
          const verdict = (v: string | null) => (v === null ? 'no answer' : v === 'not-found' ? 'not found' : v);
          const rows = fb.evidence.claims
            .map((c) => {
              const cls = c.credit === 1 ? 'ok' : c.credit > 0 ? 'part' : 'miss';
              const outlet = (id: string) => (ex.kind === 'evidence' ? ex.cards.find((x) => x.id === id)?.outlet : undefined) ?? id;
              return `<tr><td class="quote">“${esc(c.quote)}”</td><td class="${cls}">${esc(verdict(c.verdict))}${c.card ? ` (${esc(outlet(c.card))})` : ''}</td><td>${esc(c.verdicts.map(verdict).join(' or '))}</td></tr>`;
            })
            .join('');
          return `${title}<table><thead><tr><th>Claim</th><th>Answer</th><th>Key</th></tr></thead><tbody>${rows}</tbody></table>`;
        }
        if (fb.kind === 'choice') {
          return `${title}<ul>${fb.choice.options.map((o) => `<li>${o.selected ? '☑' : '☐'} ${esc(o.text)} <span class="${o.correct ? 'ok' : 'miss'}">(${o.correct ? 'true' : 'not true'})</span></li>`).join('')}</ul>`;
        }
        return `${title}<p class="answer" dir="auto">${esc(fb.kind === 'short-answer' ? fb.text || '(no answer)' : '')}</p>`;
      })
      .join('');
    const total = lessonTotal(r);
    const score =
      total !== null
        ? `<strong>${fmt(total)}</strong> of ${r.maxPoints} points`
        : `No total yet: ${r.steps.filter(hasGrade).length} of ${r.steps.length} steps have a grade (${fmt(r.points)} points so far)${r.pending ? ` · ${plural(r.pending, 'answer', 'answers')} waiting for the teacher’s grade` : ''}`;
    studentPages.push(`<section class="page">${head}<p>${score} · ${plural(r.attempts, 'attempt', 'attempts')}</p>${body}</section>`);
  }
  pace.progress?.(0.9);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${esc(l.lesson.title)} — ${esc(data.className)}</title><style>${CSS}</style></head><body>${classPage}${heatPages}${studentPages.join('')}</body></html>`;
}
