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

/** A key span: `text.slice(start, end) === quote`. */
export interface KeySpan {
  start: number;
  end: number;
  label: string;
  quote: string;
  explanation: string;
}

export interface ChoiceOption {
  id: string;
  text: string;
  correct: boolean;
  feedback: string;
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

export interface HighlightExercise extends ExerciseBase {
  kind: 'highlight';
  /** What the key's items are called, in the plural ("sources"), for "You found 3 of 8 sources". */
  itemName: string;
  labels: Label[];
  key: KeySpan[];
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

export type Exercise = HighlightExercise | ChoiceExercise | ShortAnswerExercise;
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
  | (Omit<HighlightExercise, 'key'> & { keyCount: number })
  | (Omit<ChoiceExercise, 'options'> & { options: { id: string; text: string }[] })
  | Omit<ShortAnswerExercise, 'modelAnswer' | 'rubric'> & { rubric: RubricItem[] };

export type PublicLesson = Omit<Lesson, 'exercises'> & { exercises: PublicExercise[] };

export function toPublicExercise(ex: Exercise): PublicExercise {
  switch (ex.kind) {
    case 'highlight': {
      const { key, ...rest } = ex;
      return { ...rest, keyCount: key.length };
    }
    case 'choice':
      return { ...ex, options: ex.options.map((o) => ({ id: o.id, text: o.text })) };
    case 'short-answer': {
      const { modelAnswer: _hidden, ...rest } = ex;
      return rest;
    }
  }
}

export function toPublicLesson(lesson: Lesson): PublicLesson {
  return { ...lesson, exercises: lesson.exercises.map(toPublicExercise) };
}

export function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu);
  return m ? m.length : 0;
}

/** Reading time in whole minutes at 200 words a minute (never less than 1). */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 200));
}
