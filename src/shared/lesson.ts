// The lesson as it exists once loaded: canonical text, blocks and exercises with
// their keys resolved to character offsets. Shared by the backend (which holds the
// keys) and the renderer (which receives `PublicLesson`, a lesson with no keys).

export type BlockKind =
  | 'headline'
  | 'standfirst'
  | 'byline'
  | 'image'
  | 'credit'
  | 'subheading'
  | 'paragraph';

/** One visual block of the article; `[start, end)` into the lesson's canonical text. */
export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
}

export interface Label {
  id: string;
  name: string;
  description: string;
}

/**
 * One place a key item appears in the text: `text.slice(start, end) === quote`.
 * Its core `[coreStart, coreEnd)` lies inside it: the words that identify the item
 * (a source's name, a framing device's loaded word). Without a core in the file,
 * the core is the whole mention.
 */
export interface KeyMention {
  start: number;
  end: number;
  quote: string;
  coreStart: number;
  coreEnd: number;
}

/** One source, framing device or claim of a highlight key, with every place it appears. */
export interface KeyItem {
  /** The item's label (the first the key accepts): what feedback names it by. */
  label: string;
  /** Every label the key accepts, when it accepts more than one (`label` first). */
  labels?: string[];
  explanation: string;
  /** In text order; at least one. */
  mentions: KeyMention[];
}

/** A mention with its item's label and index: what span metrics and painting work on. */
export interface KeySpan extends KeyMention {
  label: string;
  item: number;
}

/** Every mention of a key, flattened, in text order. */
export function keySpans(key: readonly KeyItem[]): KeySpan[] {
  const out: KeySpan[] = [];
  key.forEach((it, item) => {
    for (const m of it.mentions) out.push({ ...m, label: it.label, item });
  });
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.item - b.item);
}

export type Verdict = 'supported' | 'contradicted' | 'not-found';
export const VERDICTS: readonly Verdict[] = ['supported', 'contradicted', 'not-found'];

/** A short report from another outlet, shown in an evidence step. */
export interface EvidenceCard {
  id: string;
  outlet: string;
  date?: string;
  title?: string;
  url?: string;
  text: string;
}

/** A claim from the article that the student traces to the evidence cards. */
export interface EvidenceClaim {
  id: string;
  /** The article's words: `text.slice(start, end) === quote`. */
  start: number;
  end: number;
  quote: string;
  /** The claim in plain words, when the quote alone does not say it. */
  claim?: string;
  /** The verdicts the key accepts (one, or more where the evidence allows). */
  verdicts: Verdict[];
  /** The cards that show it. */
  cards: string[];
  explanation: string;
}

export interface ChoiceOption {
  id: string;
  text: string;
  correct: boolean;
  feedback: string;
  /** Shown at its authored position in every attempt ("None of these" stays last); the others are shuffled around it. */
  fixed?: boolean;
}

export interface RubricItem {
  criterion: string;
  points: number;
}

interface ExerciseBase {
  id: string;
  title: string;
  prompt: string;
  /** The most points the exercise is worth. */
  points: number;
}

/** A passage left out of the key on purpose, and why: shown when a student marks it. */
export interface KeyNote {
  start: number;
  end: number;
  quote: string;
  note: string;
}

export interface HighlightExercise extends ExerciseBase {
  kind: 'highlight';
  /** What the key's items are called, in the plural ("sources"), for "You found 3 of 8 sources". */
  itemName: string;
  labels: Label[];
  key: KeyItem[];
  /** Passages left out of the key on purpose; part of the key (never sent before checking). */
  notes: KeyNote[];
  /** The share of an item the right words earn under a wrong label (0..1; default one half). */
  wrongLabelCredit?: number;
  /** The length of the lesson's text: precision is corrected for chance by the share of it the key covers. */
  textLength: number;
}

export interface ChoiceExercise extends ExerciseBase {
  kind: 'choice';
  multiple: boolean;
  options: ChoiceOption[];
}

export interface ShortAnswerExercise extends ExerciseBase {
  kind: 'short-answer';
  rubric: RubricItem[];
  modelAnswer?: string;
}

/** Lateral reading: the student decides, for each claim, what the evidence cards say about it. */
export interface EvidenceExercise extends ExerciseBase {
  kind: 'evidence';
  cards: EvidenceCard[];
  claims: EvidenceClaim[];
}

/** One result on a simulated results page: shown as text, never fetched or linked. */
export interface SearchResult {
  id: string;
  title: string;
  /** The address as the page shows it (text). */
  url: string;
  snippet: string;
  /** Shown at its authored place in every attempt; the others are shuffled around it. */
  fixed?: boolean;
}

/** A simulated results page: what the student searched for and what came back. */
export interface SearchPage {
  id: string;
  query: string;
  results: SearchResult[];
}

/** A reason a student may give for their first click. */
export interface SearchReason {
  id: string;
  text: string;
  correct: boolean;
  feedback: string;
  fixed?: boolean;
}

/** One goal on one results page: which result to open first, and why. */
export interface SearchQuestion {
  id: string;
  /** The page it is asked about. */
  page: string;
  goal: string;
  /** The result to open first (full credit). */
  best: string;
  /** Acceptable first clicks and their share (0 < share < 1); every other result earns 0. */
  partial: Record<string, number>;
  /** Why each result of the page is a good or poor first click for this goal. */
  feedback: Record<string, string>;
  reasons: SearchReason[];
}

/** Lateral reading with click restraint: on a simulated results page, the student chooses which result to open first, and why. */
export interface SearchExercise extends ExerciseBase {
  kind: 'search';
  /** The share of each question the reason is worth (0..1). */
  reasonShare: number;
  pages: SearchPage[];
  questions: SearchQuestion[];
}

export type Exercise = HighlightExercise | ChoiceExercise | ShortAnswerExercise | EvidenceExercise | SearchExercise;
export type ExerciseKind = Exercise['kind'];

export interface ArticleMeta {
  headline: string;
  standfirst?: string;
  outlet?: string;
  byline?: string;
  date?: string;
  url?: string;
  image?: { caption?: string; credit?: string };
  tags: string[];
}

export interface Lesson {
  id: string;
  title: string;
  summary?: string;
  /** A practice article written for Lede: its people, places and organisations are invented. */
  practice: boolean;
  /** The unscored first-reaction check (src/shared/reaction.ts): asked before reading and at the end. */
  reaction?: true;
  language: string;
  direction: 'ltr' | 'rtl';
  article: ArticleMeta;
  /** The canonical text every offset refers to: blocks joined by a blank line. */
  text: string;
  blocks: Block[];
  exercises: Exercise[];
  /** SHA-256 of the lesson file's bytes. */
  hash: string;
  wordCount: number;
}

/** What a student client may see before a step is revealed: no keys, no correct flags, no feedback. */
export type PublicExercise =
  | (Omit<HighlightExercise, 'key' | 'notes'> & { keyCount: number })
  | (Omit<ChoiceExercise, 'options'> & { options: { id: string; text: string }[] })
  | (Omit<ShortAnswerExercise, 'modelAnswer' | 'rubric'> & { rubric: RubricItem[] })
  | (Omit<EvidenceExercise, 'claims'> & {
      claims: PublicClaim[];
      /**
       * The steps to check before this one opens: its reports would give their
       * answers away. While any is listed, `cards` and `claims` are empty.
       */
      lockedUntil: string[];
    })
  | (Omit<SearchExercise, 'pages' | 'questions'> & { pages: PublicSearchPage[]; questions: PublicSearchQuestion[] });

/** A results page as the student sees it: no credit, no feedback. */
export interface PublicSearchPage {
  id: string;
  query: string;
  results: { id: string; title: string; url: string; snippet: string }[];
}

/** A search question as the student sees it: the goal and the reasons to choose from, without which are right. */
export interface PublicSearchQuestion {
  id: string;
  page: string;
  goal: string;
  reasons: { id: string; text: string }[];
}

/** A claim as the student sees it before checking: no verdict, cards or explanation. */
export type PublicClaim = Pick<EvidenceClaim, 'id' | 'start' | 'end' | 'quote' | 'claim'>;

export type PublicLesson = Omit<Lesson, 'exercises'> & { exercises: PublicExercise[] };

/** Step titles as one phrase: "“Sources”, “Framing” and “Unverified statements”". */
export function quotedList(titles: readonly string[]): string {
  return new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(titles.map((t) => `“${t}”`));
}

/**
 * The highlight steps before an evidence step: its reports and claims would give
 * their answers away, so it opens (and can be answered or checked) only once they
 * are checked, or revealed by the teacher.
 */
export function evidencePrerequisites(lesson: Pick<Lesson, 'exercises'>, exerciseId: string): HighlightExercise[] {
  const at = lesson.exercises.findIndex((e) => e.id === exerciseId);
  return lesson.exercises.slice(0, Math.max(0, at)).filter((e): e is HighlightExercise => e.kind === 'highlight');
}

/**
 * What a student may see of an exercise. `checked` holds the steps the student has
 * checked; without it (the teacher's views) every evidence step is open.
 */
export function toPublicExercise(ex: Exercise, lesson?: Pick<Lesson, 'exercises'>, checked?: ReadonlySet<string>): PublicExercise {
  switch (ex.kind) {
    case 'highlight': {
      const { key, notes: _notes, ...rest } = ex;
      return { ...rest, keyCount: key.length };
    }
    case 'choice':
      return { ...ex, options: ex.options.map((o) => ({ id: o.id, text: o.text })) };
    case 'short-answer': {
      const { modelAnswer: _hidden, ...rest } = ex;
      return rest;
    }
    case 'evidence': {
      const lockedUntil = lesson && checked ? evidencePrerequisites(lesson, ex.id).filter((e) => !checked.has(e.id)).map((e) => e.title) : [];
      if (lockedUntil.length > 0) return { ...ex, cards: [], claims: [], lockedUntil };
      return {
        ...ex,
        claims: ex.claims.map((c) => ({ id: c.id, start: c.start, end: c.end, quote: c.quote, ...(c.claim !== undefined ? { claim: c.claim } : {}) })),
        lockedUntil,
      };
    }
    case 'search':
      return {
        id: ex.id,
        kind: 'search',
        title: ex.title,
        prompt: ex.prompt,
        points: ex.points,
        reasonShare: ex.reasonShare,
        pages: ex.pages.map((p) => ({ id: p.id, query: p.query, results: p.results.map((r) => ({ id: r.id, title: r.title, url: r.url, snippet: r.snippet })) })),
        questions: ex.questions.map((q) => ({ id: q.id, page: q.page, goal: q.goal, reasons: q.reasons.map((r) => ({ id: r.id, text: r.text })) })),
      };
  }
}

/** The lesson without its keys; for a student, with `checked` (the steps they have checked) so locked steps stay closed. */
export function toPublicLesson(lesson: Lesson, checked?: ReadonlySet<string>): PublicLesson {
  return { ...lesson, exercises: lesson.exercises.map((ex) => toPublicExercise(ex, lesson, checked)) };
}

export function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu);
  return m ? m.length : 0;
}

/** Reading time in whole minutes at 200 words a minute (never less than 1). */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 200));
}
