import type { Block, Exercise, KeyMention, Lesson } from '../../shared/lesson.ts';
import { verdictWord } from './item-analysis.ts';
import { esc, htmlDocument, madeAt, plural } from './report-common.ts';

// The printable answer key of a lesson, for the teacher only (it is the key): every
// step with its prompt and points; for a highlight step its labels, each key item
// with every place it appears (the identifying words in bold), its label and its
// explanation, and the passages left out of the key on purpose; for a choice step
// the options, which are correct and the feedback of each; for a written answer the
// rubric and the model answer; for an evidence step the reports and each claim with
// the verdicts the key accepts, the reports that show it and its explanation.

const CSS = `
  .step { break-before: page; } .step:first-of-type { break-before: auto; }
  .prompt { margin: 0 0 2mm; }
  .labels { margin: 1mm 0 3mm; padding-left: 5mm; font-size: 9.5pt; }
  table.key { font-size: 9.5pt; } table.key td:first-child { width: 6mm; color: #555; }
  .places { margin: 0; padding-left: 4mm; } .places li { margin: 0 0 1mm; }
  .where { color: #555; font-size: 8.5pt; font-family: system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; }
  .card { border: 0.3mm solid #ccc; border-radius: 1.5mm; padding: 2mm 3mm; margin: 0 0 2mm; font-size: 9.5pt; }
  td.key-word { white-space: nowrap; }
  .banner { border: 0.5mm solid #a1271b; color: #a1271b; padding: 1.5mm 3mm; border-radius: 1.5mm; font-weight: 600; }
`;

/** Where a place is: "headline", "standfirst", "paragraph 3"… */
function placeOf(blocks: readonly Block[], at: number): string {
  let paragraph = 0;
  for (const b of blocks) {
    if (b.kind === 'paragraph') paragraph++;
    if (b.start <= at && at < b.end) return b.kind === 'paragraph' ? `paragraph ${paragraph}` : b.kind;
  }
  return '';
}

/** A mention's quote with its identifying words in bold. */
function mentionHtml(m: KeyMention): string {
  const a = m.coreStart - m.start;
  const b = m.coreEnd - m.start;
  if (a <= 0 && b >= m.quote.length) return esc(m.quote);
  return `${esc(m.quote.slice(0, a))}<strong>${esc(m.quote.slice(a, b))}</strong>${esc(m.quote.slice(b))}`;
}

function stepHtml(lesson: Lesson, ex: Exercise, n: number): string {
  const head = `<h2>${n}. ${esc(ex.title)} <span class="muted">· ${plural(ex.points, 'point', 'points')}</span></h2><p class="prompt" dir="auto">${esc(ex.prompt)}</p>`;
  switch (ex.kind) {
    case 'highlight': {
      const labelName = (id: string) => ex.labels.find((x) => x.id === id)?.name ?? id;
      const labels = `<ul class="labels">${ex.labels.map((l) => `<li><strong>${esc(l.name)}</strong>: <span dir="auto">${esc(l.description)}</span></li>`).join('')}</ul>`;
      const rows = ex.key
        .map((k, i) => {
          const places = k.mentions.map((m) => `<li><span class="quote" dir="auto">“${mentionHtml(m)}”</span> <span class="where">${esc(placeOf(lesson.blocks, m.start))}</span></li>`).join('');
          return `<tr><td>${i + 1}</td><td><ul class="places">${places}</ul></td><td>${esc(labelName(k.label))}</td><td dir="auto">${esc(k.explanation)}</td></tr>`;
        })
        .join('');
      const notes = ex.notes.length
        ? `<h3>Left out of the key on purpose</h3><table class="key"><thead><tr><th>Passage</th><th>Why</th></tr></thead><tbody>${ex.notes.map((x) => `<tr><td class="quote" dir="auto">“${esc(x.quote)}” <span class="where">${esc(placeOf(lesson.blocks, x.start))}</span></td><td dir="auto">${esc(x.note)}</td></tr>`).join('')}</tbody></table>`
        : '';
      return `${head}<h3>Labels</h3>${labels}<h3>The key: ${plural(ex.key.length, 'item', 'items')}</h3>
        <p class="muted">Each item with every place it appears; the words in bold identify it (marking them finds the item).</p>
        <table class="key"><thead><tr><th>#</th><th>Places</th><th>Label</th><th>Explanation</th></tr></thead><tbody>${rows}</tbody></table>${notes}`;
    }
    case 'choice': {
      const rows = ex.options
        .map((o) => `<tr><td class="key-word ${o.correct ? 'ok' : 'muted'}">${o.correct ? '✓ correct' : 'not correct'}</td><td dir="auto">${esc(o.text)}</td><td dir="auto">${esc(o.feedback)}</td></tr>`)
        .join('');
      return `${head}<p class="muted">${ex.multiple ? 'Several answers may be chosen (share of true chosen minus share of untrue chosen).' : 'One answer.'}</p><table class="key"><thead><tr><th>Key</th><th>Option</th><th>Feedback</th></tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'short-answer': {
      const rubric = ex.rubric.map((r) => `<tr><td dir="auto">${esc(r.criterion)}</td><td class="n">${r.points}</td></tr>`).join('');
      return `${head}<h3>Rubric</h3><table class="key"><thead><tr><th>Criterion</th><th class="n">Points</th></tr></thead><tbody>${rubric}</tbody></table>
        <h3>Model answer</h3>${ex.modelAnswer ? `<p class="answer" dir="auto">${esc(ex.modelAnswer)}</p>` : '<p class="muted">This lesson gives no model answer.</p>'}`;
    }
    case 'evidence': {
      const outlet = (id: string) => ex.cards.find((c) => c.id === id)?.outlet ?? id;
      const cards = ex.cards
        .map((c) => `<div class="card keep"><strong dir="auto">${esc(c.outlet)}</strong>${c.date ? ` <span class="muted">${esc(c.date)}</span>` : ''}${c.title ? `<br><em dir="auto">${esc(c.title)}</em>` : ''}<br><span dir="auto">${esc(c.text)}</span>${c.url ? `<br><span class="where">${esc(c.url)}</span>` : ''}</div>`)
        .join('');
      const claims = ex.claims
        .map(
          (c) =>
            `<tr><td><span class="quote" dir="auto">“${esc(c.quote)}”</span>${c.claim ? `<span class="why" dir="auto">${esc(c.claim)}</span>` : ''}</td><td>${esc(c.verdicts.map(verdictWord).join(' or '))}</td><td>${c.cards.length ? c.cards.map((id) => `<span dir="auto">${esc(outlet(id))}</span>`).join(', ') : '—'}</td><td dir="auto">${esc(c.explanation)}</td></tr>`,
        )
        .join('');
      return `${head}<h3>The claims</h3><table class="key"><thead><tr><th>Claim</th><th>Verdict</th><th>Shown by</th><th>Explanation</th></tr></thead><tbody>${claims}</tbody></table><h3>The reports</h3>${cards}`;
    }
    case 'search': {
      const share = Math.round(ex.reasonShare * 100);
      const questions = ex.questions
        .map((q, qi) => {
          const page = ex.pages.find((p) => p.id === q.page);
          const results = (page?.results ?? [])
            .map((r) => {
              const credit = r.id === q.best ? 1 : (q.partial[r.id] ?? 0);
              const key = credit === 1 ? '✓ open first' : credit > 0 ? `acceptable (${Math.round(credit * 100)}%)` : 'poor first click';
              return `<tr><td class="key-word ${credit === 1 ? 'ok' : 'muted'}">${key}</td><td><strong dir="auto">${esc(r.title)}</strong><br><span class="where">${esc(r.url)}</span><br><span dir="auto">${esc(r.snippet)}</span></td><td dir="auto">${esc(q.feedback[r.id] ?? '')}</td></tr>`;
            })
            .join('');
          const reasons = q.reasons
            .map((r) => `<tr><td class="key-word ${r.correct ? 'ok' : 'muted'}">${r.correct ? '✓ right reason' : 'not the reason'}</td><td dir="auto">${esc(r.text)}</td><td dir="auto">${esc(r.feedback)}</td></tr>`)
            .join('');
          return `<h3>Question ${qi + 1}: <span dir="auto">${esc(q.goal)}</span></h3><p class="muted">Search: <span dir="auto">“${esc(page?.query ?? '')}”</span></p>
            <table class="key"><thead><tr><th>Key</th><th>Result</th><th>Why</th></tr></thead><tbody>${results}</tbody></table>
            <table class="key"><thead><tr><th>Key</th><th>Reason</th><th>Feedback</th></tr></thead><tbody>${reasons}</tbody></table>`;
        })
        .join('');
      return `${head}<p class="muted">A simulated results page (nothing is fetched). Each question: the first click earns its share (best result all of it), and the reason is worth ${share}% of what the click earns.</p>${questions}`;
    }
  }
}

export function buildAnswerKeyHtml(lesson: Lesson): string {
  const a = lesson.article;
  const source = [a.outlet, a.byline, a.date].filter(Boolean).map((s) => esc(s!)).join(' · ');
  const steps = lesson.exercises.map((ex, i) => `<section class="step">${stepHtml(lesson, ex, i + 1)}</section>`).join('');
  const total = lesson.exercises.reduce((t, e) => t + e.points, 0);
  const body = `<header><h1>Answer key: ${esc(lesson.title)}</h1>
    <p class="banner">For the teacher only — this is the key. Do not hand it to students before they have checked their steps.</p>
    <p class="muted">Article: <span dir="auto">“${esc(a.headline)}”</span>${source ? ` · ${source}` : ''} · ${plural(lesson.exercises.length, 'step', 'steps')}, ${plural(total, 'point', 'points')} · version ${esc(lesson.hash.slice(0, 12))} · made ${esc(madeAt())}</p></header>
    ${steps}`;
  return htmlDocument(`Answer key — ${lesson.title}`, body, CSS);
}
