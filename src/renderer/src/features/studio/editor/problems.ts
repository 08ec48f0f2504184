// Where the editor shows a problem: the path the backend gives it (["exercises", 2,
// "key", 0, "explanation"]) mapped to the one field, item or step of the editor
// that holds that place (an "anchor"). Pure, so the mapping is the same for the
// field that shows a problem and the summary's link that moves focus to it.
import type { StudioProblemDto } from '../../../../../shared/studio-api.ts';
import type { Path } from './model.ts';

const TOP_FIELDS = new Set(['title', 'summary', 'practice', 'reaction', 'language', 'direction']);
const ARTICLE_FIELDS = new Set(['headline', 'standfirst', 'outlet', 'byline', 'date', 'url']);
const STEP_FIELDS = new Set(['title', 'prompt', 'points', 'multiple', 'modelAnswer', 'itemName']);
/** Per list of a step: the fields of one entry that the editor shows by themselves. */
const ENTRY_FIELDS: Record<string, Set<string>> = {
  labels: new Set(['name', 'description']),
  key: new Set(['explanation', 'label']),
  options: new Set(['text', 'feedback', 'correct']),
  rubric: new Set(['criterion', 'points']),
  cards: new Set(['outlet', 'date', 'title', 'url', 'text']),
  claims: new Set(['claim', 'explanation', 'verdict', 'cards', 'quote']),
};

/** The anchor of a problem's path: a dotted key such as "exercises.2.key.0.explanation". */
export function anchorOf(path: Path): string {
  const [a, b, c, d, e] = path;
  if (a === 'article') {
    if (typeof b === 'string' && ARTICLE_FIELDS.has(b)) return `article.${b}`;
    if (b === 'image' && (c === 'caption' || c === 'credit')) return `article.image.${c}`;
    return 'details';
  }
  if (typeof a === 'string' && TOP_FIELDS.has(a)) return a;
  if (a !== 'exercises') return 'details';
  if (typeof b !== 'number') return 'lesson';
  const step = `exercises.${b}`;
  if (typeof c !== 'string') return step;
  if (STEP_FIELDS.has(c)) return `${step}.${c}`;
  const fields = ENTRY_FIELDS[c];
  if (!fields) return step;
  if (typeof d !== 'number') return `${step}.${c}`;
  if (c === 'claims' && e === 'occurrence') return `${step}.claims.${d}.quote`;
  if (typeof e === 'string' && fields.has(e)) return `${step}.${c}.${d}.${e}`;
  return `${step}.${c}.${d}`;
}

/** The step an anchor belongs to, or -1 for the lesson's details. */
export function stepOfAnchor(anchor: string): number {
  const m = /^exercises\.(\d+)/.exec(anchor);
  return m ? Number(m[1]) : -1;
}

/** The id of the element that shows an anchor's problems (and takes focus from the summary). */
export const fieldId = (anchor: string): string => `fx-${anchor.replace(/\./g, '-')}`;

/** The dotted anchor of a path the editor builds itself. */
export const anchor = (...path: (string | number)[]): string => path.join('.');

export interface Placed {
  problems: Map<string, string[]>;
  warnings: Map<string, string[]>;
}

const group = (list: readonly StudioProblemDto[]): Map<string, string[]> => {
  const m = new Map<string, string[]>();
  for (const p of list) {
    const k = anchorOf(p.path);
    const at = m.get(k);
    if (at) at.push(p.message);
    else m.set(k, [p.message]);
  }
  return m;
};

export function place(problems: readonly StudioProblemDto[], warnings: readonly StudioProblemDto[]): Placed {
  return { problems: group(problems), warnings: group(warnings) };
}

/** "2 things to fix before students can use this lesson". */
export function problemSummary(n: number): string {
  return `${n === 1 ? '1 thing' : `${n} things`} to fix before students can use this lesson`;
}

const ENTRY_NAMES: Record<string, [string, Record<string, string>]> = {
  labels: ['Label', { name: 'name', description: 'meaning' }],
  key: ['Item', { explanation: 'explanation', label: 'label', quote: 'words', mentions: 'places', core: 'identifying words' }],
  options: ['Option', { text: 'text', feedback: 'feedback', correct: 'correct answer' }],
  rubric: ['Criterion', { criterion: 'text', points: 'points' }],
  cards: ['Report', { outlet: 'outlet', date: 'date', title: 'title', url: 'web address', text: 'text' }],
  claims: ['Claim', { claim: 'text', explanation: 'explanation', verdict: 'verdict', cards: 'reports', quote: 'words', occurrence: 'words' }],
};
const FIELD_NAMES: Record<string, string> = {
  title: 'Step title',
  prompt: 'Instructions',
  points: 'Points',
  multiple: 'Several answers',
  modelAnswer: 'Model answer',
  itemName: 'What students count',
};
const TOP_NAMES: Record<string, string> = { title: 'Lesson title', summary: 'Summary', language: 'Language', direction: 'Writing direction', practice: 'Practice article', reaction: 'First-reaction check' };
const ARTICLE_NAMES: Record<string, string> = {
  headline: 'Headline',
  standfirst: 'Summary line',
  outlet: 'Outlet',
  byline: 'Byline',
  date: 'Date',
  url: 'Web address',
  caption: 'Image caption',
  credit: 'Image credit',
};

/** The field a problem is at, in the editor's words ("Option 2 text", "Item 3 explanation"), or '' for a step or the lesson as a whole. */
export function fieldName(path: Path): string {
  const [a, b, c, d, e] = path;
  if (a === 'article') return ARTICLE_NAMES[String(b === 'image' ? c : b)] ?? '';
  if (a !== 'exercises') return typeof a === 'string' ? (TOP_NAMES[a] ?? '') : '';
  if (typeof c !== 'string') return '';
  const entry = ENTRY_NAMES[c];
  if (!entry) return FIELD_NAMES[c] ?? '';
  if (typeof d !== 'number') return '';
  const field = typeof e === 'string' ? entry[1][e] : undefined;
  return `${entry[0]} ${d + 1}${field ? ` ${field}` : ''}`;
}
