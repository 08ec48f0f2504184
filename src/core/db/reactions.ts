import type { Database, Statement } from 'better-sqlite3';
import type { Feeling, Reaction, ReactionPhase, ShareChoice } from '../../shared/reaction.ts';
import { allIn } from './in-list.ts';

// The first-reaction check's answers (store.reactions): one per attempt and phase
// (before reading, at the end), replaced when the student changes it. Unscored. The
// rules for when each may be given are the service's (services/reactions.ts); the
// table holds what they allow, within its own bounds (migration 11).

interface ReactionRow {
  attempt_id: string;
  phase: ReactionPhase;
  feelings: string;
  share: ShareChoice;
  words: string;
  at: string;
}

const toReaction = (r: ReactionRow): Reaction => ({ phase: r.phase, feelings: JSON.parse(r.feelings) as Feeling[], share: r.share, words: r.words, at: r.at });

export class Reactions {
  readonly #db: Database;
  readonly #put: Statement<[string, string, string, string, string, string]>;
  readonly #of: Statement<[string], ReactionRow>;

  constructor(db: Database) {
    this.#db = db;
    this.#put = db.prepare(
      `INSERT INTO reactions (attempt_id, phase, feelings, share, words, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (attempt_id, phase) DO UPDATE SET feelings = excluded.feelings, share = excluded.share, words = excluded.words, at = excluded.at`,
    );
    this.#of = db.prepare(`SELECT * FROM reactions WHERE attempt_id = ? ORDER BY phase DESC`);
  }

  /** Saves (or replaces) one answer. */
  put(attemptId: string, r: Omit<Reaction, 'at'>, at: string): Reaction {
    this.#put.run(attemptId, r.phase, JSON.stringify(r.feelings), r.share, r.words, at);
    return { ...r, at };
  }

  /** An attempt's answers: before first, then after. */
  ofAttempt(attemptId: string): Reaction[] {
    return this.#of.all(attemptId).map(toReaction);
  }

  /** The answers of many attempts, by attempt. */
  ofAttempts(attemptIds: readonly string[]): Map<string, Reaction[]> {
    const out = new Map<string, Reaction[]>();
    const rows = allIn<ReactionRow>(this.#db, (m) => `SELECT * FROM reactions WHERE attempt_id IN (${m}) ORDER BY attempt_id, phase DESC`, attemptIds);
    for (const r of rows) {
      const list = out.get(r.attempt_id) ?? [];
      list.push(toReaction(r));
      out.set(r.attempt_id, list);
    }
    return out;
  }

  /** Whether the attempt holds any answer yet: a highlight, a saved response, a checked step. */
  anyAnswer(attemptId: string): boolean {
    return (
      this.#db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM highlights WHERE attempt_id = ?) OR EXISTS (SELECT 1 FROM responses WHERE attempt_id = ?)
             OR EXISTS (SELECT 1 FROM results WHERE attempt_id = ?)`,
        )
        .pluck()
        .get(attemptId, attemptId, attemptId) === 1
    );
  }
}
