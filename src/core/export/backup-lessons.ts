import { LedeError } from '../../shared/errors.ts';
import type { Exercise, Lesson } from '../../shared/lesson.ts';
import type { Store } from '../db/store.ts';
import { refuse } from './backup-format.ts';
import type { CheckedBackup } from './backup-check.ts';

// The lesson texts a backup brings that are not on this computer. A text's sha-256
// only vouches for itself: a file can carry a copy of a lesson with another key and
// a hash that matches it. So such a text is imported only once the teacher has seen
// it in the preview (what it is, and how it differs from the lesson here) and
// accepted it as their own; the backup's attempts are then scored against it.

/** A lesson text of the file that no version on this computer has (by lesson id and sha-256). */
export interface LessonTextInFile {
  lessonId: string;
  hash: string;
  title: string;
  /** The version number the text had on the computer the backup was made on. */
  version: number;
  /** other-version: a version of a lesson on this computer that differs from every version here; new-lesson: a lesson not on this computer. */
  relation: 'other-version' | 'new-lesson';
  /** other-version: the lesson here (its current version). */
  here: { title: string; version: number } | null;
  /** other-version: whether what scores answers differs from the current version here (a key, the points, the steps). */
  keyDiffers: boolean;
  /** other-version: how it differs from the current version here, in the teacher's words. */
  differences: string[];
  /** The backup's attempts made on this text (they are scored against it). */
  attempts: number;
}

/** The teacher's acceptance of one lesson text, as the preview named it. */
export interface AcceptedLessonText {
  lessonId: string;
  hash: string;
}

/** The differences listed for one lesson text; past these, the rest are counted. */
const MAX_DIFFERENCES = 12;

/** JSON with keys in order, so two parses of equal content compare equal. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** A step in three parts: what scores it (its key), what the student chooses from (its options), and the rest (its words). */
function parts(ex: Exercise): { key: unknown; options: unknown; optionsName: string } {
  switch (ex.kind) {
    case 'highlight':
      return {
        key: {
          items: ex.key.map((k) => ({ labels: k.labels ?? [k.label], mentions: k.mentions.map((m) => [m.start, m.end, m.coreStart, m.coreEnd]) })),
          notes: ex.notes.map((n) => [n.start, n.end]),
          wrongLabelCredit: ex.wrongLabelCredit ?? null,
        },
        options: ex.labels.map((l) => [l.id, l.name]),
        optionsName: 'labels',
      };
    case 'choice':
      return { key: { multiple: ex.multiple, correct: ex.options.filter((o) => o.correct).map((o) => o.id) }, options: ex.options.map((o) => [o.id, o.text]), optionsName: 'options' };
    case 'short-answer':
      return { key: ex.rubric.map((r) => [r.criterion, r.points]), options: null, optionsName: 'options' };
    case 'evidence':
      return {
        key: ex.claims.map((c) => ({ id: c.id, verdicts: [...c.verdicts].sort(), cards: [...c.cards].sort() })),
        options: { claims: ex.claims.map((c) => [c.id, c.start, c.end, c.claim ?? null]), cards: ex.cards.map((c) => [c.id, c.outlet, c.text]) },
        optionsName: 'claims or reports',
      };
    case 'search':
      return {
        key: {
          reasonShare: ex.reasonShare,
          questions: ex.questions.map((q) => ({ id: q.id, best: q.best, partial: q.partial, reasons: q.reasons.filter((r) => r.correct).map((r) => r.id) })),
        },
        options: { pages: ex.pages.map((p) => [p.id, p.query, p.results.map((r) => [r.id, r.title, r.url])]), questions: ex.questions.map((q) => [q.id, q.page, q.reasons.map((r) => [r.id, r.text])]) },
        optionsName: 'results pages or reasons',
      };
  }
}

const pts = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;

/**
 * How a lesson text of the backup (`theirs`) differs from the lesson here (`here`, its
 * current version), in the teacher's words: per step, its key, its points, what the
 * student chooses from, and its wording; steps only in one; the article.
 */
export function lessonDifferences(here: Lesson, theirs: Lesson): { keyDiffers: boolean; differences: string[] } {
  const out: string[] = [];
  let keyDiffers = false;
  if (theirs.title !== here.title) out.push(`Called “${theirs.title}” in the backup (“${here.title}” here).`);
  if (theirs.text !== here.text) out.push('The article’s text differs.');
  const mine = new Map(here.exercises.map((e) => [e.id, e]));
  const ids = new Set(theirs.exercises.map((e) => e.id));
  for (const [i, ex] of theirs.exercises.entries()) {
    const name = `Step ${i + 1}, “${ex.title}”`;
    const h = mine.get(ex.id);
    if (!h) {
      out.push(`${name}, is only in the backup (${pts(ex.points)}).`);
      keyDiffers = true;
      continue;
    }
    if (h.kind !== ex.kind) {
      out.push(`${name}: a different kind of step.`);
      keyDiffers = true;
      continue;
    }
    const a = parts(h);
    const b = parts(ex);
    const what: string[] = [];
    if (!same(a.key, b.key)) {
      what.push(ex.kind === 'short-answer' ? 'different marking criteria' : 'a different key');
      keyDiffers = true;
    }
    if (h.points !== ex.points) {
      what.push(`worth ${pts(ex.points)} (${h.points} here)`);
      keyDiffers = true;
    }
    if (!same(a.options, b.options)) what.push(`different ${b.optionsName}`);
    if (what.length === 0 && !same(h, ex)) what.push('different wording, feedback or explanations');
    if (what.length) out.push(`${name}: ${what.join('; ')}.`);
  }
  for (const h of here.exercises) {
    if (!ids.has(h.id)) {
      out.push(`Step “${h.title}” of the lesson here is not in the backup’s text.`);
      keyDiffers = true;
    }
  }
  const order = (l: Lesson) => l.exercises.filter((e) => mine.has(e.id) && ids.has(e.id)).map((e) => e.id);
  if (!same(order(here), order(theirs))) out.push('The steps are in a different order.');
  if (out.length === 0) {
    out.push(
      same({ ...here, hash: '' }, { ...theirs, hash: '' })
        ? 'Only the layout of the lesson file differs: the article, steps, keys and points are the same.'
        : 'The lesson’s summary or the article’s details (headline, outlet, date, tags) differ; the steps, keys and points are the same.',
    );
  }
  const shown = out.length > MAX_DIFFERENCES ? [...out.slice(0, MAX_DIFFERENCES - 1), `And ${out.length - (MAX_DIFFERENCES - 1)} more differences.`] : out;
  return { keyDiffers, differences: shown };
}

/** The file's lesson texts not on this computer, each with how it relates to what is here. */
export function unknownLessonTexts(store: Store, checked: CheckedBackup): LessonTextInFile[] {
  const out: LessonTextInFile[] = [];
  for (const [key, v] of checked.versions) {
    if (v.localId !== null) continue;
    const lessonId = key.split('\n')[0]!;
    const attempts = checked.attempts.filter((c) => c.version === v).length;
    const base = { lessonId, hash: v.lesson.hash, title: v.lesson.title, version: v.version, attempts };
    const currentId = store.lessons.exists(lessonId) ? currentVersionId(store, lessonId) : null;
    if (currentId === null) {
      // A lesson with no current version here (none left in the library) is compared with nothing.
      out.push({ ...base, relation: store.lessons.exists(lessonId) ? 'other-version' : 'new-lesson', here: null, keyDiffers: false, differences: [] });
      continue;
    }
    const here = store.lessonVersion(currentId);
    out.push({ ...base, relation: 'other-version', here: { title: here.title, version: store.lessons.versionRecord(currentId).version }, ...lessonDifferences(here, v.lesson) });
  }
  return out;
}

function currentVersionId(store: Store, lessonId: string): number | null {
  try {
    return store.lessons.currentVersionId(lessonId);
  } catch (err) {
    if (err instanceof LedeError && err.code === 'not_found') return null;
    throw err;
  }
}

const named = (t: { lessonId: string; title: string }) => `lesson “${t.lessonId}” (${t.title})`;
const relation = (t: LessonTextInFile) =>
  t.relation === 'new-lesson' ? 'a lesson not on this computer' : `a version that differs from every version of that lesson here${t.keyDiffers ? ', with a different key or points' : ''}`;

/**
 * Refuses the file unless the teacher accepted exactly the lesson texts it brings
 * that are not on this computer (as the preview listed them, by lesson id and sha-256).
 */
export function checkAccepted(unknown: readonly LessonTextInFile[], accepted: readonly AcceptedLessonText[]): void {
  const key = (t: AcceptedLessonText) => `${t.lessonId}\n${t.hash}`;
  const wanted = new Set(unknown.map(key));
  const given = new Set(accepted.map(key));
  const missing = unknown.filter((t) => !given.has(key(t)));
  const extra = accepted.filter((t) => !wanted.has(key(t)));
  if (missing.length === 0 && extra.length === 0) return;
  if (accepted.length === 0) {
    const one = unknown.length === 1;
    refuse(
      (one
        ? `The backup brings a text of ${named(unknown[0]!)} that is not on this computer: ${relation(unknown[0]!)}.`
        : `The backup brings ${unknown.length} lesson texts not on this computer: ${unknown.map((t) => `${named(t)}, ${relation(t)}`).join('; ')}.`) +
        ` Its attempts would be scored against ${one ? 'that text' : 'those texts'}, so the backup is imported only after you preview it and accept ${one ? 'the text as your own lesson' : 'them as your own lessons'}.`,
    );
  }
  const problems = [
    ...extra.map((t) => `a text of lesson “${t.lessonId}” (sha-256 ${t.hash.slice(0, 12)}…) was accepted, but the backup brings no such text that is not on this computer`),
    ...missing.map((t) => `the text of ${named(t)} is not on this computer and was not accepted`),
  ];
  refuse(`The lesson texts accepted are not the ones this backup brings that are not on this computer: ${problems.join('; ')}. Preview the backup again.`);
}
