import type { Lesson } from '../shared/lesson.ts';
import type { AttemptScore } from '../core/scoring/attempt.ts';
import { toFeedback } from '../core/services/lede-service.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The `lede score --json` shape (documented in the README): each exercise's feedback,
 * as the app shows it. A highlight exercise also carries the SemEval-2020 Task 11
 * figures (`precision`, `recall`, `f1`, `unlabeled`), computed over every mention of
 * the key exactly as published, so results stay comparable with research.
 */
export function scoreToJson(score: AttemptScore, text: string) {
  const exercises: Record<string, unknown> = {};
  for (const r of score.exercises) {
    if (r.kind === 'highlight') {
      const h = r.highlight;
      exercises[r.exerciseId] = {
        kind: 'highlight',
        points: r.points,
        maxPoints: r.maxPoints,
        precision: h.semeval.precision,
        recall: h.semeval.recall,
        f1: h.semeval.f1,
        unlabeled: h.semeval.unlabeled,
        itemRecall: h.itemRecall,
        spanPrecision: h.spanPrecision,
        keyShare: h.keyShare,
        beyondChance: h.beyondChance,
        score: h.score,
        found: h.found,
        total: h.total,
        items: h.items.map((it) => ({
          label: it.item.label,
          ...(it.item.labels ? { labels: it.item.labels } : {}),
          status: it.status,
          credit: it.credit,
          ...(it.markedAs !== undefined ? { markedAs: it.markedAs } : {}),
          mentions: it.item.mentions.map((m) => ({
            start: m.start,
            end: m.end,
            quote: m.quote,
            core: { start: m.coreStart, end: m.coreEnd, quote: text.slice(m.coreStart, m.coreEnd) },
          })),
          explanation: it.item.explanation,
        })),
        extraSpans: h.extraSpans.map((s, i) => (r.extraNotes[i] ? { ...s, note: r.extraNotes[i] } : s)),
      };
      continue;
    }
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
      out.push(`${title} — ${r.points} / ${r.maxPoints} points`);
      out.push(`  found ${h.found} of ${h.total}; items ${pct(h.itemRecall)}, inside the key ${pct(h.spanPrecision)} (key covers ${pct(h.keyShare)} of the text: ${pct(h.beyondChance)} beyond chance), score ${pct(h.score)}`);
      out.push(`  SemEval-2020 Task 11: precision ${pct(h.semeval.precision)}, recall ${pct(h.semeval.recall)}, F1 ${pct(h.semeval.f1)} (ignoring labels: F1 ${pct(h.semeval.unlabeled.f1)})`);
      for (const k of h.items) {
        const mark = k.status === 'found' ? '✓' : k.status === 'partly' ? '~' : '✗';
        const also = k.markedAs ? ` (you labelled it ${k.markedAs})` : '';
        const m = k.item.mentions[k.mention]!;
        const more = k.item.mentions.length > 1 ? ` (+${k.item.mentions.length - 1} more)` : '';
        out.push(`  ${mark} ${k.status.padEnd(6)} ${k.item.label.padEnd(18)} “${m.quote}”${more}${also}`);
      }
      for (const s of h.extraSpans) {
        out.push(`  + extra  ${s.label.padEnd(18)} “${lesson.text.slice(s.start, s.end)}”`);
      }
    } else if (r.kind === 'evidence') {
      out.push(`${title} — ${r.points} / ${r.maxPoints} points`);
      for (const c of r.evidence.claims) {
        const mark = c.credit === 1 ? '✓' : c.credit > 0 ? '~' : '✗';
        const said = c.verdict ? `${c.verdict}${c.card ? ` (${c.card})` : ''}` : 'no answer';
        out.push(`  ${mark} “${c.quote}”: ${said}; the key: ${c.verdicts.join(' or ')}`);
      }
      if (r.evidence.guess > 1 / 3 && r.evidence.guess < 1) {
        out.push(`  claims ${pct(r.evidence.raw)}; one verdict fits ${pct(r.evidence.guess)} of the claims, so that much earns a third: ${pct(r.evidence.fraction)}`);
      }
    } else if (r.kind === 'choice') {
      out.push(`${title} — ${r.points} / ${r.maxPoints} points`);
      for (const o of r.choice.options) {
        const mark = o.selected ? (o.correct ? '✓' : '✗') : o.correct ? '·' : ' ';
        out.push(`  ${mark} [${o.selected ? 'x' : ' '}] ${o.text}`);
      }
    } else if (r.kind === 'search') {
      out.push(`${title} — ${r.points} / ${r.maxPoints} points`);
      for (const q of r.search.questions) {
        const mark = q.credit === 1 ? '✓' : q.credit > 0 ? '~' : '✗';
        const chosen = q.results.find((x) => x.id === q.result);
        const reason = q.reasons.find((x) => x.id === q.reason);
        const best = q.results.find((x) => x.credit === 1);
        const said = chosen ? `would open “${chosen.title}” first (${reason ? `${reason.correct ? 'a right reason' : 'not the reason'}: ${reason.text}` : 'no reason given'})` : 'no answer';
        out.push(`  ${mark} ${q.goal}`);
        out.push(`    ${said}: ${pct(q.credit)} of the goal; the key opens “${best?.title ?? ''}” first`);
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
