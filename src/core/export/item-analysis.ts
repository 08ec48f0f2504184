import type { Answer } from '../../shared/answers.ts';
import type { Exercise, Verdict } from '../../shared/lesson.ts';
import type { Store } from '../db/store.ts';
import { roundPoints, scoreAsStored } from '../scoring/attempt.ts';
import type { Cell } from './cells.ts';
import type { ClassData } from './tables.ts';

// Item analysis: for each step of a lesson, how the class did on each thing the key
// holds — each key item of a highlight step (found, partly found, missed), each
// option of a choice step (chosen by how many; right or wrong for how many), each
// claim of an evidence step (right, partly right, wrong, no answer). Counted over the
// attempts that count (the latest, or the one the class's assignment counts), on the lesson's current text, whose step has been checked: a step
// not checked yet has not been answered, so it would only add misses.

export interface ItemRow {
  /** The key item's first quote, the option's text, or the claim's quote. */
  item: string;
  /** The key item's label, "correct" / "not correct" for an option, or the verdicts a claim's key accepts. */
  key: string;
  /** Found (highlight), right about this option (choice: chose a correct one, or left an incorrect one), right verdict (evidence). */
  found: number;
  /** Found in part or with another label (highlight); a right verdict without the report that shows it (evidence). */
  partly: number;
  /** Missed (highlight), wrong about this option (choice), wrong verdict or none (evidence). */
  missed: number;
  /** Evidence: of `missed`, how many gave no verdict. */
  noAnswer: number;
  /** Choice: how many chose this option. */
  chosen: number;
  /** Position in the key (text order), to keep ties in the lesson's order. */
  index: number;
}

export interface StepAnalysis {
  exerciseId: string;
  title: string;
  kind: Exercise['kind'];
  /** Students whose step is checked, on the current text: every count below is out of these. */
  students: number;
  /** Highlight and evidence steps: most missed first. Choice steps: the options in their order. */
  items: ItemRow[];
  /** Short-answer steps: graded, waiting for a grade, and the average of the grades. */
  graded: number;
  waiting: number;
  average: number | null;
  points: number;
}

export interface ItemAnalysis {
  steps: StepAnalysis[];
  /** Latest attempts on an earlier version of the text (their key may differ): not counted. */
  older: number;
}

const VERDICT_WORD: Record<Verdict, string> = { supported: 'supported', contradicted: 'contradicted', 'not-found': 'not found' };
export const verdictWord = (v: Verdict | null) => (v === null ? 'no answer' : VERDICT_WORD[v]);

/** Most missed first; then most partly found; then the key's own order. */
function byMostMissed(a: ItemRow, b: ItemRow): number {
  return b.missed - a.missed || b.partly - a.partly || a.index - b.index;
}

export function itemAnalysis(store: Store, data: ClassData): ItemAnalysis {
  const l = data.lessons[0]!;
  const versionId = store.currentVersionId(l.lesson.id);
  const lesson = store.lessonVersion(versionId);
  const current = l.rows.filter((r) => r.attemptId && r.lessonVersionId === versionId);
  const older = l.rows.filter((r) => r.attemptId && r.lessonVersionId !== versionId).length;
  const answers = new Map<string, Record<string, Answer>>();
  const answersOf = (attemptId: string) => {
    let a = answers.get(attemptId);
    if (!a) answers.set(attemptId, (a = store.answers(attemptId)));
    return a;
  };
  // Each result as the rules that scored it found its items.
  const storedOf = new Map<string, Map<string, { rulesVersion: number }>>();
  const asStored = (ex: Exercise, attemptId: string) => {
    let m = storedOf.get(attemptId);
    if (!m) storedOf.set(attemptId, (m = new Map(store.results.ofAttempt(attemptId).map((x) => [x.exerciseId, x]))));
    return scoreAsStored(ex, answersOf(attemptId)[ex.id], m.get(ex.id));
  };
  const steps = lesson.exercises.map((ex): StepAnalysis => {
    const cells = current.map((r) => ({ r, cell: r.steps.find((c) => c.exerciseId === ex.id) }));
    const checked = cells.filter(({ cell }) => cell && (cell.status === 'scored' || cell.status === 'graded' || cell.status === 'pending' || cell.status === 'self-assessed'));
    const base: StepAnalysis = { exerciseId: ex.id, title: ex.title, kind: ex.kind, students: checked.length, items: [], graded: 0, waiting: 0, average: null, points: ex.points };
    const row = (item: string, key: string, index: number): ItemRow => ({ item, key, found: 0, partly: 0, missed: 0, noAnswer: 0, chosen: 0, index });
    switch (ex.kind) {
      case 'highlight': {
        const labelName = (id: string) => ex.labels.find((x) => x.id === id)?.name ?? id;
        const items = ex.key.map((k, i) => row(k.mentions[0]!.quote, labelName(k.label), i));
        for (const { r } of checked) {
          const fb = asStored(ex, r.attemptId!);
          if (fb.kind !== 'highlight') continue;
          fb.highlight.items.forEach((k, i) => {
            const it = items[i]!;
            if (k.status === 'found') it.found++;
            else if (k.status === 'missed') it.missed++;
            else it.partly++;
          });
        }
        return { ...base, items: items.sort(byMostMissed) };
      }
      case 'choice': {
        const items = ex.options.map((o, i) => row(o.text, o.correct ? 'correct' : 'not correct', i));
        for (const { r } of checked) {
          const a = answersOf(r.attemptId!)[ex.id];
          const picked = new Set(a && 'choices' in a ? a.choices : []);
          ex.options.forEach((o, i) => {
            const it = items[i]!;
            if (picked.has(o.id)) it.chosen++;
            if (picked.has(o.id) === o.correct) it.found++;
            else it.missed++;
          });
        }
        return { ...base, items };
      }
      case 'evidence': {
        const items = ex.claims.map((c, i) => row(c.quote, c.verdicts.map(verdictWord).join(' or '), i));
        for (const { r } of checked) {
          const fb = asStored(ex, r.attemptId!);
          if (fb.kind !== 'evidence') continue;
          fb.evidence.claims.forEach((c, i) => {
            const it = items[i]!;
            if (c.credit === 1) it.found++;
            else if (c.credit > 0) it.partly++;
            else {
              it.missed++;
              if (c.verdict === null) it.noAnswer++;
            }
          });
        }
        return { ...base, items: items.sort(byMostMissed) };
      }
      case 'short-answer': {
        const graded = checked.filter(({ cell }) => cell!.status === 'graded');
        const average = graded.length ? roundPoints(graded.reduce((t, { cell }) => t + (cell!.points ?? 0), 0) / graded.length) : null;
        return { ...base, graded: graded.length, waiting: checked.length - graded.length, average };
      }
    }
  });
  return { steps, older };
}

/** A share as a whole percentage ("67%"), or "—" out of nobody. */
export function share(n: number, of: number): string {
  return of ? `${Math.round((100 * n) / of)}%` : '—';
}

export const ITEM_ANALYSIS_HEADER = ['Step', 'Kind', 'Item', 'Key', 'Students', 'Found / right', 'Partly', 'Missed / wrong', 'Missed share', 'Chosen', 'Chosen share'];

export const ITEM_ANALYSIS_FORMATS = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, '0%', undefined, '0%'];

/** The item analysis as spreadsheet rows (share columns as fractions 0..1, so a spreadsheet can format them). */
export function* itemAnalysisRows(analysis: ItemAnalysis): Generator<Cell[]> {
  for (const s of analysis.steps) {
    if (s.kind === 'short-answer') {
      yield [s.title, s.kind, `Written answer: ${s.graded} graded, ${s.waiting} waiting for a grade`, s.average === null ? 'no grade yet' : `average ${s.average} of ${s.points}`, s.students, null, null, null, null, null, null];
      continue;
    }
    for (const it of s.items) {
      const frac = (n: number) => (s.students ? Math.round((1000 * n) / s.students) / 1000 : null);
      const isChoice = s.kind === 'choice';
      yield [s.title, s.kind, it.item, it.key, s.students, it.found, isChoice ? null : it.partly, it.missed, frac(it.missed), isChoice ? it.chosen : null, isChoice ? frac(it.chosen) : null];
    }
  }
}
