import type { Database } from 'better-sqlite3';
import { allIn } from './in-list.ts';

// What the answers export reads for many attempts at once (store.exports): the
// highlights and responses of a chunk of students' attempts that count.

export interface HighlightRecord {
  attempt_id: string;
  exercise_id: string;
  start_offset: number;
  end_offset: number;
  label: string;
}

export interface ResponseRecord {
  attempt_id: string;
  exercise_id: string;
  choices: string | null;
  text: string | null;
  claims: string | null;
}

const group = <R extends { attempt_id: string }>(rows: R[]): Map<string, R[]> => {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    let list = out.get(r.attempt_id);
    if (!list) out.set(r.attempt_id, (list = []));
    list.push(r);
  }
  return out;
};

export class Exports {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** The attempts' highlights by attempt, each attempt's in text order. */
  highlightsOf(attemptIds: readonly string[]): Map<string, HighlightRecord[]> {
    return group(
      allIn<HighlightRecord>(
        this.#db,
        (marks) => `SELECT attempt_id, exercise_id, start_offset, end_offset, label FROM highlights WHERE attempt_id IN (${marks}) ORDER BY exercise_id, start_offset, end_offset`,
        attemptIds,
      ),
    );
  }

  /** The attempts' choice and written answers by attempt. */
  responsesOf(attemptIds: readonly string[]): Map<string, ResponseRecord[]> {
    return group(allIn<ResponseRecord>(this.#db, (marks) => `SELECT attempt_id, exercise_id, choices, text, claims FROM responses WHERE attempt_id IN (${marks})`, attemptIds));
  }

  /** Each attempt's number (1 for a student's first attempt at a lesson). */
  attemptNumbers(attemptIds: readonly string[]): Map<string, number> {
    const rows = allIn<{ id: string; number: number }>(this.#db, (marks) => `SELECT id, number FROM attempts WHERE id IN (${marks})`, attemptIds);
    return new Map(rows.map((a) => [a.id, a.number]));
  }
}
