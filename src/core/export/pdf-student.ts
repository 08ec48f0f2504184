import type { Store } from '../db/store.ts';
import { scoreAsStored } from '../scoring/attempt.ts';
import { hasGrade, lessonTotal, type ResultRow } from '../teacher/results.ts';
import { verdictWord } from './item-analysis.ts';
import { esc, fmt, htmlDocument, madeAt, plural } from './report-common.ts';
import { statusWord } from './tables.ts';

// One student's report, to hand to the student or a parent: their marks against the
// key step by step, what to review (the explanation of each key item they did not
// find), and their grades. The teacher's private comments are never in it.

const CSS = `
  .student { font-size: 10pt; } .student h3 { margin-top: 3.5mm; }
  .student table td, .student table th { padding: 0.7mm 1.5mm; }
  .student td.st { white-space: nowrap; width: 17mm; } .student td.lab { width: 34mm; }
  .student ul { margin: 1mm 0; padding-left: 5mm; }
`;

/** The body of one student's report (the attempt that counts: see lessonResults), or null when they never started. */
export function studentReportBody(store: Store, lessonTitle: string, className: string, r: ResultRow): string | null {
  if (!r.attemptId || r.lessonVersionId === null) return null;
  const v = store.lessonVersion(r.lessonVersionId);
  const answers = store.answers(r.attemptId);
  // Each step explained by the rules that scored it (its points are the stored ones).
  const stored = new Map(store.results.ofAttempt(r.attemptId).map((x) => [x.exerciseId, x]));
  const head = `<h1 dir="auto">${esc(r.student.displayName)}</h1><p class="muted">${esc(lessonTitle)} · class <span dir="auto">${esc(className)}</span>${r.student.rosterId ? ` · roster id <span dir="auto">${esc(r.student.rosterId)}</span>` : ''} · report made ${esc(madeAt())}</p>`;
  const body = v.exercises
    .map((ex) => {
      const cell = r.steps.find((c) => c.exerciseId === ex.id);
      const title = `<h3>${esc(ex.title)} — ${cell && cell.points !== null ? `${fmt(cell.points)} / ${ex.points}${cell.status === 'self-assessed' ? ' (self-assessed, waiting for grading)' : ''}` : esc(statusWord(cell?.status ?? 'not-checked'))}</h3>`;
      const fb = scoreAsStored(ex, answers[ex.id], stored.get(ex.id));
      if (fb.kind === 'highlight' && ex.kind === 'highlight') {
        const labelName = (id: string) => ex.labels.find((x) => x.id === id)?.name ?? id;
        const items = fb.highlight.items
          .map((k) => {
            const cls = k.status === 'found' ? 'ok' : k.status === 'partly' ? 'part' : 'miss';
            const mark = k.status === 'found' ? '✓' : k.status === 'partly' ? '◐' : '✗';
            const quote = k.item.mentions[k.mention]!.quote;
            // What to review: the explanation of each item not (fully) found.
            const why = k.status === 'found' ? '' : `<span class="why" dir="auto">${esc(k.item.explanation)}</span>`;
            return `<tr><td class="st ${cls}">${mark} ${k.status === 'partly' ? 'partly' : k.status}</td><td class="quote">“${esc(quote)}”${why}</td><td class="lab">${esc(labelName(k.item.label))}${k.markedAs ? ` <span class="muted">(marked ${esc(labelName(k.markedAs))})</span>` : ''}</td></tr>`;
          })
          .join('');
        const extras = fb.highlight.extraSpans.map((s) => `<li class="quote">“${esc(v.text.slice(s.start, s.end))}”</li>`).join('');
        return `${title}<table><tbody>${items}</tbody></table>${extras ? `<p class="keep">Not in the key:</p><ul>${extras}</ul>` : ''}`;
      }
      if (fb.kind === 'evidence' && ex.kind === 'evidence') {
        const outlet = (id: string) => ex.cards.find((x) => x.id === id)?.outlet ?? id;
        const rows = fb.evidence.claims
          .map((c) => {
            const cls = c.credit === 1 ? 'ok' : c.credit > 0 ? 'part' : 'miss';
            const why = c.credit === 1 ? '' : `<span class="why" dir="auto">${esc(c.explanation)}</span>`;
            return `<tr><td class="quote">“${esc(c.quote)}”${why}</td><td class="${cls}">${esc(verdictWord(c.verdict))}${c.card ? ` (${esc(outlet(c.card))})` : ''}</td><td>${esc(c.verdicts.map(verdictWord).join(' or '))}</td></tr>`;
          })
          .join('');
        return `${title}<table><thead><tr><th>Claim</th><th>Answer</th><th>Key</th></tr></thead><tbody>${rows}</tbody></table>`;
      }
      if (fb.kind === 'choice') {
        return `${title}<ul>${fb.choice.options.map((o) => `<li>${o.selected ? '☑' : '☐'} ${esc(o.text)} <span class="${o.correct ? 'ok' : 'miss'}">(${o.correct ? 'true' : 'not true'})</span>${o.selected || o.correct ? `<span class="why" dir="auto">${esc(o.feedback)}</span>` : ''}</li>`).join('')}</ul>`;
      }
      return `${title}<p class="answer" dir="auto">${esc(fb.kind === 'short-answer' ? fb.text || '(no answer)' : '')}</p>`;
    })
    .join('');
  const total = lessonTotal(r);
  const score =
    total !== null
      ? `<strong>${fmt(total)}</strong> of ${r.maxPoints} points`
      : `No total yet: ${r.steps.filter(hasGrade).length} of ${r.steps.length} steps have a grade (${fmt(r.points)} points so far)${r.pending ? ` · ${plural(r.pending, 'answer', 'answers')} waiting for the teacher’s grade` : ''}`;
  return `${head}<p>${score} · ${plural(r.attempts, 'attempt', 'attempts')}</p>${body}`;
}

/** One student's report as a whole HTML document, or null when they never started. */
export function studentReportHtml(store: Store, lessonTitle: string, className: string, r: ResultRow): string | null {
  const body = studentReportBody(store, lessonTitle, className, r);
  return body === null ? null : htmlDocument(`${r.student.displayName} — ${lessonTitle}`, `<section class="student">${body}</section>`, CSS);
}
