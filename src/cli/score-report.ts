import type { Lesson } from '../shared/lesson.ts';
import type { AttemptScore } from '../core/scoring/attempt.ts';
import { toFeedback } from '../core/services/lede-service.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The `lede score --json` shape (documented in the README): each exercise's feedback, as the app shows it. */
export function scoreToJson(score: AttemptScore) {
  const exercises: Record<string, unknown> = {};
  for (const r of score.exercises) {
    const { exerciseId, ...feedback } = toFeedback(r);
    exercises[exerciseId] = feedback;
  }
  return { points: score.points, maxPoints: score.maxPoints, pending: score.pending, exercises };
}

/** A report for people: one section per exercise. */
export function scoreToText(lesson: Lesson, score: AttemptScore): string {
  const out: string[] = [`${lesson.title}`, ''];
  for (const r of score.exercises) {
    const ex = lesson.exercises.find((e) => e.id === r.exerciseId);
    const title = ex?.title ?? r.exerciseId;
    if (r.kind === 'highlight') {
      const h = r.highlight;
      const found = h.keySpans.filter((k) => k.status === 'found').length;
      out.push(`${title} — ${r.points} / ${r.maxPoints} points`);
      out.push(`  found ${found} of ${h.keySpans.length}; precision ${pct(h.precision)}, recall ${pct(h.recall)}, F1 ${pct(h.f1)} (ignoring labels: F1 ${pct(h.unlabeled.f1)})`);
      for (const k of h.keySpans) {
        const mark = k.status === 'found' ? '✓' : k.status === 'partly' ? '~' : '✗';
        const also = k.markedAs ? ` (you labelled it ${k.markedAs})` : '';
        out.push(`  ${mark} ${k.status.padEnd(6)} ${k.span.label.padEnd(18)} “${k.span.quote}”${also}`);
      }
      for (const s of h.extraSpans) {
        out.push(`  + extra  ${s.label.padEnd(18)} “${lesson.text.slice(s.start, s.end)}”`);
      }
    } else if (r.kind === 'choice') {
      out.push(`${title} — ${r.points} / ${r.maxPoints} points`);
      for (const o of r.choice.options) {
        const mark = o.selected ? (o.correct ? '✓' : '✗') : o.correct ? '·' : ' ';
        out.push(`  ${mark} [${o.selected ? 'x' : ' '}] ${o.text}`);
      }
    } else {
      out.push(`${title} — waiting for the teacher to grade (${r.maxPoints} points)`);
    }
    out.push('');
  }
  const pending = score.pending > 0 ? `, ${score.pending} answer${score.pending > 1 ? 's' : ''} to be graded` : '';
  out.push(`Total: ${score.points} / ${score.maxPoints} points${pending}`);
  return out.join('\n');
}
