import type { Exercise, KeySpan } from '../../shared/lesson.ts';
import type { PathSegment, Problem } from './problems.ts';
import type { ExerciseFile } from './schema.ts';

// One exercise of a lesson file checked, and its key's quotes found in the
// article's text: each quote must occur once (or say which occurrence it is), and
// is matched with typographic variants set aside (curly quotes, non-breaking spaces).

/**
 * Typographic variants that a teacher may type plainly in a key: curly quotes and
 * apostrophes, and non-breaking spaces. Each maps one UTF-16 unit to one, so an
 * offset in the normalised text is an offset in the original.
 */
const MATCH_EQUIVALENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u00A0': ' ',
  '\u202F': ' ',
  '\n': ' ',
  '\t': ' ',
};

/** The text with typographic variants made plain, one UTF-16 unit for one (offsets are kept). */
export function normaliseForMatch(s: string): string {
  return s.replace(/[\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u2033\u00A0\u202F\n\t]/g, (c) => MATCH_EQUIVALENTS[c] ?? c);
}

/** Every start offset of `needle` in `haystack` (both already normalised), overlapping allowed. */
export function findAll(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    found.push(at);
    at = haystack.indexOf(needle, at + 1);
  }
  return found;
}

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

/** One exercise of the file, checked, with its key quotes resolved to offsets. */
export function resolveExercise(ex: ExerciseFile, ei: number, { file, problems, text, norm, at }: ResolveContext): Exercise {
  const here = (...rest: PathSegment[]) => at(['exercises', ei, ...rest]);
  switch (ex.kind) {
    case 'highlight': {
      for (const dup of duplicateIds(ex.labels)) {
        problems.push({ file, line: here('labels'), message: `exercise "${ex.id}": label id "${dup}" is used more than once` });
      }
      const labelIds = new Set(ex.labels.map((l) => l.id));
      const key: (KeySpan & { line: number })[] = [];
      ex.key.forEach((item, ki) => {
        const line = here('key', ki, 'quote');
        const shown = item.quote.length > 60 ? `${item.quote.slice(0, 57)}...` : item.quote;
        if (!labelIds.has(item.label)) {
          problems.push({
            file,
            line: here('key', ki, 'label'),
            message: `exercise "${ex.id}": label "${item.label}" is not one of this exercise's labels (${[...labelIds].join(', ')})`,
          });
        }
        const needle = normaliseForMatch(item.quote);
        const hits = findAll(norm, needle);
        if (hits.length === 0) {
          const loose = findAll(norm.toLowerCase(), needle.toLowerCase()).length > 0;
          problems.push({
            file,
            line,
            message: `exercise "${ex.id}": quote not found in the article: "${shown}"${loose ? ' (it is there with different capital letters)' : ''}`,
          });
          return;
        }
        let start: number;
        if (item.occurrence !== undefined) {
          const hit = hits[item.occurrence - 1];
          if (hit === undefined) {
            problems.push({
              file,
              line,
              message: `exercise "${ex.id}": occurrence ${item.occurrence} of "${shown}" asked for, but the quote appears ${hits.length === 1 ? 'once' : `${hits.length} times`}`,
            });
            return;
          }
          start = hit;
        } else if (hits.length > 1) {
          problems.push({
            file,
            line,
            message: `exercise "${ex.id}": quote "${shown}" is ambiguous: it appears ${hits.length} times; add "occurrence: N" (1 to ${hits.length}) to say which`,
          });
          return;
        } else {
          start = hits[0] as number;
        }
        const end = start + item.quote.length;
        key.push({ start, end, label: item.label, quote: text.slice(start, end), explanation: item.explanation, line });
      });
      // Same-label key spans must not overlap: each is explained separately.
      const sorted = [...key].sort((a, b) => a.label.localeCompare(b.label) || a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1]!;
        const cur = sorted[i]!;
        if (prev.label === cur.label && cur.start < prev.end) {
          problems.push({
            file,
            line: cur.line,
            message: `exercise "${ex.id}": key span "${cur.quote.slice(0, 40)}" overlaps the "${cur.label}" span on line ${prev.line}; merge them into one`,
          });
        }
      }
      key.sort((a, b) => a.start - b.start || a.end - b.end);
      return {
        id: ex.id,
        kind: 'highlight',
        title: ex.title,
        prompt: ex.prompt,
        points: ex.points,
        itemName: ex.itemName ?? 'items in the key',
        labels: ex.labels,
        key: key.map(({ line: _line, ...k }) => k),
      };
    }
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
      return { id: ex.id, kind: 'choice', title: ex.title, prompt: ex.prompt, points: ex.points, multiple: ex.multiple, options: ex.options };
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
