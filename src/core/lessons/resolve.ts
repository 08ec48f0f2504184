import { findAll, normaliseForMatch } from '../../shared/lesson-text.ts';
import type { EvidenceClaim, EvidenceExercise, Exercise, KeyItem, KeyMention, KeyNote, SearchExercise, SearchQuestion } from '../../shared/lesson.ts';
import type { PathSegment, Problem } from './problems.ts';
import type { ExerciseFile } from './schema.ts';

export { findAll, normaliseForMatch };

// One exercise of a lesson file checked, and its key's quotes found in the
// article's text: each quote must occur once (or say which occurrence it is), and
// is matched with typographic variants set aside (curly quotes, non-breaking spaces).

/** Where each resolved key item is in its file's list (the key is ordered by place in the text). */
export const KEY_ITEM_INDEX = new WeakMap<KeyItem, number>();

/** Ids used more than once. */
export function duplicateIds(items: { id: string }[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const { id } of items) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

export interface ResolveContext {
  file: string;
  problems: Problem[];
  text: string;
  norm: string;
  at: (path: PathSegment[]) => number;
}

const shorten = (q: string, n = 60) => (q.length > n ? `${q.slice(0, n - 3)}...` : q);

/**
 * Where a quote of the file is in the article: the offset of its one occurrence, or
 * of the occurrence it names. Pushes a problem and returns undefined when it is not
 * found, is ambiguous or the occurrence does not exist.
 */
function locate(quote: string, occurrence: number | undefined, line: number, where: string, { file, problems, norm }: ResolveContext): number | undefined {
  const shown = shorten(quote);
  const needle = normaliseForMatch(quote);
  const hits = findAll(norm, needle);
  if (hits.length === 0) {
    const loose = findAll(norm.toLowerCase(), needle.toLowerCase()).length > 0;
    problems.push({ file, line, message: `${where}: quote not found in the article: "${shown}"${loose ? ' (it is there with different capital letters)' : ''}` });
    return undefined;
  }
  if (occurrence !== undefined) {
    const hit = hits[occurrence - 1];
    if (hit === undefined) {
      problems.push({
        file,
        line,
        message: `${where}: occurrence ${occurrence} of "${shown}" asked for, but the quote appears ${hits.length === 1 ? 'once' : `${hits.length} times`}`,
      });
    }
    return hit;
  }
  if (hits.length > 1) {
    problems.push({ file, line, message: `${where}: quote "${shown}" is ambiguous: it appears ${hits.length} times; add "occurrence: N" (1 to ${hits.length}) to say which` });
    return undefined;
  }
  return hits[0];
}

type HighlightFile = Extract<ExerciseFile, { kind: 'highlight' }>;
type EvidenceFile = Extract<ExerciseFile, { kind: 'evidence' }>;

function resolveKey(ex: HighlightFile, here: (...rest: PathSegment[]) => number, ctx: ResolveContext): KeyItem[] {
  const { file, problems, text } = ctx;
  const where = `exercise "${ex.id}"`;
  for (const dup of duplicateIds(ex.labels)) {
    problems.push({ file, line: here('labels'), message: `${where}: label id "${dup}" is used more than once` });
  }
  const labelIds = new Set(ex.labels.map((l) => l.id));
  const items: KeyItem[] = [];
  const placed: { start: number; end: number; label: string; quote: string; line: number }[] = [];
  ex.key.forEach((item, ki) => {
    const labels = item.labels ?? (item.label !== undefined ? [item.label] : []);
    const label = labels[0] ?? '';
    for (const l of labels) {
      if (!labelIds.has(l)) {
        problems.push({ file, line: here('key', ki, item.labels ? 'labels' : 'label'), message: `${where}: label "${l}" is not one of this exercise's labels (${[...labelIds].join(', ')})` });
      }
    }
    const written = item.mentions
      ? item.mentions.map((m, mi) => ({ ...m, core: m.core ?? item.core, path: ['key', ki, 'mentions', mi] as PathSegment[] }))
      : item.quote !== undefined
        ? [{ quote: item.quote, occurrence: item.occurrence, core: item.core, path: ['key', ki] as PathSegment[] }]
        : [];
    const mentions: KeyMention[] = [];
    for (const m of written) {
      const line = here(...m.path, 'quote');
      const start = locate(m.quote, m.occurrence, line, where, ctx);
      if (start === undefined) continue;
      const end = start + m.quote.length;
      let coreStart = start;
      let coreEnd = end;
      if (m.core !== undefined) {
        const inQuote = findAll(normaliseForMatch(m.quote), normaliseForMatch(m.core));
        if (inQuote.length !== 1) {
          problems.push({
            file,
            line: here(...m.path, 'core'),
            message:
              inQuote.length === 0
                ? `${where}: the core "${shorten(m.core, 40)}" is not part of the quote "${shorten(m.quote, 40)}"; the core must be words inside the quote`
                : `${where}: the core "${shorten(m.core, 40)}" appears ${inQuote.length} times in the quote "${shorten(m.quote, 40)}"; make the quote or the core longer so it appears once`,
          });
          continue;
        }
        coreStart = start + inQuote[0]!;
        coreEnd = coreStart + m.core.length;
      }
      mentions.push({ start, end, quote: text.slice(start, end), coreStart, coreEnd });
      placed.push({ start, end, label, quote: text.slice(start, end), line });
    }
    if (mentions.length === written.length && mentions.length > 0) {
      mentions.sort((a, b) => a.start - b.start || a.end - b.end);
      const resolved: KeyItem = { label, ...(labels.length > 1 ? { labels } : {}), explanation: item.explanation, mentions };
      KEY_ITEM_INDEX.set(resolved, ki);
      items.push(resolved);
    }
  });
  // Same-label mentions must not overlap: each belongs to one item, explained once.
  const sorted = [...placed].sort((a, b) => a.label.localeCompare(b.label) || a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.label === cur.label && cur.start < prev.end) {
      problems.push({
        file,
        line: cur.line,
        message: `${where}: the quote "${shorten(cur.quote, 40)}" overlaps the "${cur.label}" quote on line ${prev.line}; merge them into one (or make them one item's mentions that do not overlap)`,
      });
    }
  }
  return items.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
}

function resolveNotes(ex: HighlightFile, here: (...rest: PathSegment[]) => number, ctx: ResolveContext): KeyNote[] {
  const notes: KeyNote[] = [];
  ex.notes.forEach((n, ni) => {
    const start = locate(n.quote, n.occurrence, here('notes', ni, 'quote'), `exercise "${ex.id}", note`, ctx);
    if (start !== undefined) notes.push({ start, end: start + n.quote.length, quote: ctx.text.slice(start, start + n.quote.length), note: n.note });
  });
  return notes.sort((a, b) => a.start - b.start);
}

function resolveEvidence(ex: EvidenceFile, here: (...rest: PathSegment[]) => number, ctx: ResolveContext): EvidenceExercise {
  const { file, problems, text } = ctx;
  const where = `exercise "${ex.id}"`;
  for (const dup of duplicateIds(ex.cards)) problems.push({ file, line: here('cards'), message: `${where}: card id "${dup}" is used more than once` });
  for (const dup of duplicateIds(ex.claims)) problems.push({ file, line: here('claims'), message: `${where}: claim id "${dup}" is used more than once` });
  const cardIds = new Set(ex.cards.map((c) => c.id));
  const claims: EvidenceClaim[] = [];
  ex.claims.forEach((c, ci) => {
    const unknown = c.cards.filter((id) => !cardIds.has(id));
    if (unknown.length > 0) {
      problems.push({ file, line: here('claims', ci, 'cards'), message: `${where}: claim "${c.id}" names card "${unknown[0]}", which is not one of the cards (${[...cardIds].join(', ')})` });
    }
    const verdicts = [...new Set(Array.isArray(c.verdict) ? c.verdict : [c.verdict])];
    if (c.cards.length === 0 && verdicts.some((v) => v !== 'not-found')) {
      problems.push({ file, line: here('claims', ci, 'verdict'), message: `${where}: claim "${c.id}" is ${verdicts.join(' or ')}: say which cards show it (cards: [card-id])` });
    }
    const start = locate(c.quote, c.occurrence, here('claims', ci, 'quote'), where, ctx);
    if (start === undefined) return;
    const end = start + c.quote.length;
    claims.push({
      id: c.id,
      start,
      end,
      quote: text.slice(start, end),
      ...(c.claim !== undefined ? { claim: c.claim } : {}),
      verdicts,
      cards: c.cards,
      explanation: c.explanation,
    });
  });
  return {
    id: ex.id,
    kind: 'evidence',
    title: ex.title,
    prompt: ex.prompt,
    points: ex.points ?? ex.claims.length,
    cards: ex.cards.map((c) => ({ ...c })),
    claims,
  };
}

/** One exercise of the file, checked, with its key quotes resolved to offsets. */
export function resolveExercise(ex: ExerciseFile, ei: number, ctx: ResolveContext): Exercise {
  const { file, problems, at } = ctx;
  const here = (...rest: PathSegment[]) => at(['exercises', ei, ...rest]);
  switch (ex.kind) {
    case 'highlight':
      return {
        id: ex.id,
        kind: 'highlight',
        title: ex.title,
        prompt: ex.prompt,
        points: ex.points,
        itemName: ex.itemName ?? 'items in the key',
        labels: ex.labels,
        key: resolveKey(ex, here, ctx),
        notes: resolveNotes(ex, here, ctx),
        ...(ex.wrongLabelCredit !== undefined ? { wrongLabelCredit: ex.wrongLabelCredit } : {}),
        textLength: ctx.text.length,
      };
    case 'evidence':
      return resolveEvidence(ex, here, ctx);
    case 'search':
      return resolveSearch(ex, here, ctx);
    case 'choice': {
      for (const dup of duplicateIds(ex.options)) {
        problems.push({ file, line: here('options'), message: `exercise "${ex.id}": option id "${dup}" is used more than once` });
      }
      const correct = ex.options.filter((o) => o.correct).length;
      if (!ex.multiple && correct !== 1) {
        problems.push({
          file,
          line: here('options'),
          message: `exercise "${ex.id}": a single-answer question needs exactly one correct option (it has ${correct}); or set "multiple: true"`,
        });
      } else if (ex.multiple && correct === 0) {
        problems.push({ file, line: here('options'), message: `exercise "${ex.id}": mark at least one option "correct: true"` });
      }
      return { id: ex.id, kind: 'choice', title: ex.title, prompt: ex.prompt, points: ex.points, multiple: ex.multiple, options: ex.options.map(({ fixed, ...o }) => (fixed ? { ...o, fixed: true } : o)) };
    }
    case 'short-answer': {
      const total = ex.rubric.reduce((s, r) => s + r.points, 0);
      return {
        id: ex.id,
        kind: 'short-answer',
        title: ex.title,
        prompt: ex.prompt,
        points: total,
        rubric: ex.rubric,
        ...(ex.modelAnswer !== undefined ? { modelAnswer: ex.modelAnswer } : {}),
      };
    }
  }
}

type SearchFile = Extract<ExerciseFile, { kind: 'search' }>;

/** The default share of a search question its reason is worth. */
export const DEFAULT_REASON_SHARE = 0.5;

/**
 * A search step checked: ids unique, every question on a page that exists, one best
 * result, partial credit and feedback only for results of its page, and feedback for
 * every one of them (the student is told why each is a good or poor first click).
 */
function resolveSearch(ex: SearchFile, here: (...rest: PathSegment[]) => number, { file, problems }: ResolveContext): SearchExercise {
  const problem = (line: number, message: string) => problems.push({ file, line, message: `exercise "${ex.id}": ${message}` });
  for (const dup of duplicateIds(ex.pages)) problem(here('pages'), `page id "${dup}" is used more than once`);
  ex.pages.forEach((p, pi) => {
    for (const dup of duplicateIds(p.results)) problem(here('pages', pi, 'results'), `page "${p.id}": result id "${dup}" is used more than once`);
  });
  for (const dup of duplicateIds(ex.questions)) problem(here('questions'), `question id "${dup}" is used more than once`);
  const questions = ex.questions.map((q, qi): SearchQuestion => {
    const at = (...rest: PathSegment[]) => here('questions', qi, ...rest);
    let pageId = q.page;
    if (pageId === undefined) {
      if (ex.pages.length === 1) pageId = ex.pages[0]!.id;
      else problem(at('goal'), `question "${q.id}" must say which results page it is about ("page: ${ex.pages.map((p) => p.id).join('" or "page: ')}")`);
    }
    const page = ex.pages.find((p) => p.id === pageId);
    if (pageId !== undefined && !page) problem(at('page'), `question "${q.id}": unknown page "${pageId}" (pages are ${ex.pages.map((p) => p.id).join(', ')})`);
    const ids = page ? page.results.map((r) => r.id) : [];
    const known = (rid: string) => !page || ids.includes(rid);
    const list = ids.join(', ');
    if (q.best === undefined) problem(at('goal'), `question "${q.id}" needs a best result ("best: <result id>"): the one to open first`);
    else if (!known(q.best)) problem(at('best'), `question "${q.id}": best result "${q.best}" is not on page "${pageId}" (its results are ${list})`);
    for (const rid of Object.keys(q.partial ?? {})) {
      if (!known(rid)) problem(at('partial'), `question "${q.id}": partial credit for "${rid}", which is not on page "${pageId}" (its results are ${list})`);
      else if (rid === q.best) problem(at('partial'), `question "${q.id}": "${rid}" is the best result (full credit): leave it out of partial`);
    }
    for (const rid of Object.keys(q.feedback)) {
      if (!known(rid)) problem(at('feedback'), `question "${q.id}": feedback for "${rid}", which is not on page "${pageId}" (its results are ${list})`);
    }
    const missing = ids.filter((rid) => !Object.hasOwn(q.feedback, rid));
    if (missing.length > 0) problem(at('feedback'), `question "${q.id}": no feedback for ${missing.map((m) => `"${m}"`).join(', ')}: say why each result is a good or poor first click`);
    for (const dup of duplicateIds(q.reasons)) problem(at('reasons'), `question "${q.id}": reason id "${dup}" is used more than once`);
    if (!q.reasons.some((r) => r.correct)) problem(at('reasons'), `question "${q.id}": mark at least one reason "correct: true"`);
    return {
      id: q.id,
      page: pageId ?? '',
      goal: q.goal,
      best: q.best ?? '',
      partial: { ...(q.partial ?? {}) },
      feedback: { ...q.feedback },
      reasons: q.reasons.map(({ fixed, ...r }) => (fixed ? { ...r, fixed: true } : r)),
    };
  });
  return {
    id: ex.id,
    kind: 'search',
    title: ex.title,
    prompt: ex.prompt,
    points: ex.points ?? 2 * ex.questions.length,
    reasonShare: ex.reasonShare ?? DEFAULT_REASON_SHARE,
    pages: ex.pages.map((p) => ({ id: p.id, query: p.query, results: p.results.map(({ fixed, ...r }) => (fixed ? { ...r, fixed: true } : r)) })),
    questions,
  };
}
