// The lesson editor's model: the lesson file's front matter as the editor sees it
// (lessons/README.md, "Front matter"), and pure helpers to change it. `data` is kept
// immutable: a change copies only the objects on its path (setIn), so a component
// that shows an untouched part is not drawn again. Over 300 lines: the front
// matter's types take a third of it; the helpers are pure and small.
import { locateQuote, normaliseForMatch, quoteAt } from '../../../../../shared/lesson-text.ts';

export type Path = readonly (string | number)[];

export interface LabelData {
  id: string;
  name: string;
  description: string;
}

export interface MentionData {
  quote: string;
  occurrence?: number;
  core?: string;
}

/** A key item: either `quote` (one mention written in place) or `mentions`. */
export interface KeyItemData {
  quote?: string;
  occurrence?: number;
  core?: string;
  mentions?: MentionData[];
  label: string;
  explanation: string;
}

export interface HighlightData {
  id: string;
  kind: 'highlight';
  title: string;
  prompt: string;
  points?: number;
  itemName?: string;
  labels: LabelData[];
  key: KeyItemData[];
  notes?: unknown[];
}

export interface OptionData {
  id: string;
  text: string;
  correct?: boolean;
  feedback: string;
  /** Kept at its place when students' options are shuffled. */
  fixed?: boolean;
}

export interface ChoiceData {
  id: string;
  kind: 'choice';
  title: string;
  prompt: string;
  points?: number;
  multiple?: boolean;
  options: OptionData[];
}

export interface RubricData {
  criterion: string;
  points: number;
}

export interface ShortAnswerData {
  id: string;
  kind: 'short-answer';
  title: string;
  prompt: string;
  rubric: RubricData[];
  modelAnswer?: string;
}

export type Verdict = 'supported' | 'contradicted' | 'not-found';
export const VERDICTS: readonly { id: Verdict; name: string }[] = [
  { id: 'supported', name: 'Supported' },
  { id: 'contradicted', name: 'Contradicted' },
  { id: 'not-found', name: 'Not found in the reports' },
];

export interface CardData {
  id: string;
  outlet: string;
  date?: string;
  title?: string;
  url?: string;
  text: string;
}

export interface ClaimData {
  id: string;
  quote: string;
  occurrence?: number;
  claim?: string;
  verdict: Verdict | Verdict[];
  cards?: string[];
  explanation: string;
}

export interface EvidenceData {
  id: string;
  kind: 'evidence';
  title: string;
  prompt: string;
  points?: number;
  cards: CardData[];
  claims: ClaimData[];
}

/** A search step (simulated results page): written in the lesson file; the editor keeps it as it is. */
export interface SearchData {
  id: string;
  kind: 'search';
  title: string;
  prompt: string;
  points?: number;
  pages?: unknown[];
  questions?: unknown[];
}

export type StepData = HighlightData | ChoiceData | ShortAnswerData | EvidenceData | SearchData;

export interface ArticleData {
  headline: string;
  standfirst?: string;
  outlet?: string;
  byline?: string;
  date?: string;
  url?: string;
  image?: { caption?: string; credit?: string };
  tags?: string[];
}

export interface LessonData {
  lede: number;
  id: string;
  title: string;
  summary?: string;
  practice?: boolean;
  /** The first-reaction check before reading and at the end (unscored). */
  reaction?: boolean;
  language?: string;
  direction?: 'ltr' | 'rtl';
  article: ArticleData;
  exercises: StepData[];
}

export const STEP_KIND_NAMES: Record<StepData['kind'], string> = {
  highlight: 'Highlight',
  choice: 'Choice question',
  'short-answer': 'Short answer',
  evidence: 'Evidence',
  search: 'Search results',
};

/** Right-to-left scripts (as the lesson schema's list), for a lesson that does not say its direction. */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
export const directionOf = (d: LessonData): 'ltr' | 'rtl' => d.direction ?? (RTL.has((d.language ?? 'en').split('-')[0]!) ? 'rtl' : 'ltr');

// ── Immutable updates ────────────────────────────────────────────────

/** The value at `path`, or undefined. */
export function getIn(obj: unknown, path: Path): unknown {
  let at = obj;
  for (const k of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}

/**
 * `obj` with `value` at `path`, copying only the objects on the way. `undefined`
 * removes the field (an empty optional field is left out of the file).
 */
export function setIn<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [k, ...rest] = path as [string | number, ...(string | number)[]];
  const current = obj as unknown;
  const child = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[k] : undefined;
  const next = setIn(child, rest, value);
  if (Array.isArray(current)) {
    const copy = [...(current as unknown[])];
    copy[k as number] = next;
    return copy as T;
  }
  const copy: Record<string | number, unknown> = { ...((current as Record<string | number, unknown> | undefined) ?? {}) };
  if (next === undefined) delete copy[k];
  else copy[k] = next;
  return copy as T;
}

export function updateIn<T, V>(obj: T, path: Path, f: (v: V) => unknown): T {
  return setIn(obj, path, f(getIn(obj, path) as V));
}

/** Moves item `from` of a list one place up (-1) or down (+1). */
export function move<T>(list: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}

// ── Ids: generated, unique, lower-case-hyphen (the schema's `id`) ───

/** Lower-case letters, digits and single hyphens, from any words. */
export function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/g, '') || 'step'
  );
}

/** `base`, or `base-2`, `base-3` … whichever is not taken. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  const b = slug(base);
  if (!set.has(b)) return b;
  for (let n = 2; ; n++) if (!set.has(`${b}-${n}`)) return `${b}-${n}`;
}

/** The next letter id for a choice option: a, b, … z, then aa, ab … */
export function nextLetterId(taken: Iterable<string>): string {
  const set = new Set(taken);
  for (let n = 0; ; n++) {
    let id = '';
    let i = n;
    do {
      id = String.fromCharCode(97 + (i % 26)) + id;
      i = Math.floor(i / 26) - 1;
    } while (i >= 0);
    if (!set.has(id)) return id;
  }
}

// ── Key items and their mentions ─────────────────────────────────────

/** An item's mentions as a list, each with the core that applies to it. */
export function mentionsOf(item: KeyItemData): MentionData[] {
  if (item.mentions) return item.mentions.map((m) => ({ ...m, ...(m.core ?? item.core ? { core: m.core ?? item.core } : {}) }));
  if (item.quote === undefined) return [];
  return [{ quote: item.quote, ...(item.occurrence !== undefined ? { occurrence: item.occurrence } : {}), ...(item.core !== undefined ? { core: item.core } : {}) }];
}

export interface ResolvedMention {
  start: number;
  end: number;
  quote: string;
  /** The core's offsets when it is found once inside the mention. */
  coreStart: number;
  coreEnd: number;
  hasCore: boolean;
  /** Its place in the item's list of mentions. */
  index: number;
}

/** The text and its normalised form, computed once per text. */
export interface TextIndex {
  text: string;
  norm: string;
}

export const indexText = (text: string): TextIndex => ({ text, norm: normaliseForMatch(text) });

/** Where a quote is (as the lesson parser finds it), or null. */
export function placeQuote(ix: TextIndex, quote: string, occurrence?: number): { start: number; end: number } | null {
  const start = locateQuote(ix.text, quote, occurrence, ix.norm);
  return start === undefined ? null : { start, end: start + quote.length };
}

/** An item's mentions placed in the text (those that are not found are left out). */
export function placeItem(ix: TextIndex, item: KeyItemData): ResolvedMention[] {
  const out: ResolvedMention[] = [];
  for (const [index, m] of mentionsOf(item).entries()) {
    const at = placeQuote(ix, m.quote, m.occurrence);
    if (!at) continue;
    let coreStart = at.start;
    let coreEnd = at.end;
    let hasCore = false;
    if (m.core) {
      const inside = normaliseForMatch(m.quote).indexOf(normaliseForMatch(m.core));
      if (inside >= 0) {
        coreStart = at.start + inside;
        coreEnd = coreStart + m.core.length;
        hasCore = true;
      }
    }
    out.push({ ...at, quote: m.quote, coreStart, coreEnd, hasCore, index });
  }
  return out;
}

/** How a key names the words `[start, end)`: the quote, and its occurrence when needed. */
export function mentionAt(ix: TextIndex, start: number, end: number): MentionData {
  const q = quoteAt(ix.text, start, end, ix.norm);
  return q.occurrence !== undefined ? { quote: q.quote, occurrence: q.occurrence } : { quote: q.quote };
}

/** A new key item for the words `[start, end)`; its explanation is for the teacher to write. */
export function newItem(ix: TextIndex, start: number, end: number, label: string): KeyItemData {
  return { ...mentionAt(ix, start, end), label, explanation: '' };
}

/** The item with another mention: a one-quote item becomes a list of mentions. */
export function addMention(item: KeyItemData, m: MentionData): KeyItemData {
  const { quote, occurrence, core, mentions, ...rest } = item;
  if (mentions) return { ...rest, ...(core !== undefined ? { core } : {}), mentions: [...mentions, m] };
  const first: MentionData = { quote: quote ?? '', ...(occurrence !== undefined ? { occurrence } : {}), ...(core !== undefined ? { core } : {}) };
  return { ...rest, mentions: [first, m] };
}

/** The item without its mention `i`; one mention left goes back to the short form. */
export function removeMention(item: KeyItemData, i: number): KeyItemData {
  const list = mentionsOf(item).filter((_, j) => j !== i);
  const { quote: _q, occurrence: _o, core: _c, mentions: _m, ...rest } = item;
  if (list.length === 1) return { ...list[0]!, ...rest };
  return { ...rest, ...(item.core !== undefined && list.every((m) => m.core === item.core) ? { core: item.core } : {}), mentions: item.mentions!.filter((_, j) => j !== i) };
}

/** The item with `core` (undefined: none) as the identifying words of its mention `i`. */
export function setCore(item: KeyItemData, i: number, core: string | undefined): KeyItemData {
  if (!item.mentions) {
    const { core: _c, ...rest } = item;
    return core === undefined ? rest : { ...rest, core };
  }
  // Each mention says its own core from now on (an item-level core moves onto them).
  const { core: itemCore, ...rest } = item;
  const mentions = item.mentions.map((m, j) => {
    const c = j === i ? core : (m.core ?? itemCore);
    const { core: _mc, ...mr } = m;
    return c === undefined ? mr : { ...mr, core: c };
  });
  return { ...rest, mentions };
}

/** The label of a new item or mention in words: “Named: “Khawaja Asif”” style quoting. */
export const shorten = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The verdicts a claim accepts, as a list. */
export const verdictList = (v: ClaimData['verdict'] | undefined): Verdict[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The item that already marks the same words with the same label as `spans`/`label`
 * would (an identical item), or -1. `placed` is where each item's places are; `except`
 * is the item being changed itself.
 */
export function duplicateOf(placed: readonly (readonly { start: number; end: number }[])[], key: readonly KeyItemData[], spans: readonly { start: number; end: number }[], label: string, except = -1): number {
  return key.findIndex((it, j) => j !== except && it.label === label && (placed[j] ?? []).some((m) => spans.some((s) => s.start === m.start && s.end === m.end)));
}

/** Whether a key item of the step already has these words (normalised) with this label. */
export function keyHasWords(key: readonly KeyItemData[], quote: string, label: string): boolean {
  const q = normaliseForMatch(quote);
  return key.some((it) => it.label === label && mentionsOf(it).some((m) => normaliseForMatch(m.quote) === q));
}

/** Where words are in the article, in words: “in the headline”, “in paragraph 3”. */
export function placeInWords(blocks: readonly { kind: string; start: number; end: number }[], at: number): string {
  let paragraph = 0;
  let subheading = 0;
  for (const b of blocks) {
    if (b.kind === 'paragraph') paragraph++;
    if (b.kind === 'subheading') subheading++;
    if (at >= b.start && at < b.end) {
      switch (b.kind) {
        case 'paragraph':
          return `in paragraph ${paragraph}`;
        case 'subheading':
          return `in subheading ${subheading}`;
        case 'headline':
          return 'in the headline';
        case 'standfirst':
          return 'in the summary line';
        case 'byline':
          return 'in the byline';
        case 'image':
          return 'in the image caption';
        case 'credit':
          return 'in the image credit';
        default:
          return '';
      }
    }
  }
  return '';
}
