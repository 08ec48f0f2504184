import type { Database } from 'better-sqlite3';
import { allIn } from './in-list.ts';

// The live classroom's tables (classroom_sessions, classroom_members) and the reads
// the classroom makes of a session's attempts: every query of src/core/classroom is
// here. Rows come out in the classroom's own words (camelCase, booleans, `revealed`
// parsed), so nothing outside this file knows the columns.

export interface ClassroomSession {
  id: string;
  classId: string;
  lessonId: string;
  lessonVersionId: number;
  joinCode: string;
  allowNewNames: boolean;
  pacing: 'teacher' | 'student';
  /** The teacher's step (0 = read, 1..n = exercises). */
  currentStep: number;
  paused: boolean;
  /** Steps whose key the teacher has shown, in the order they were shown. */
  revealed: string[];
  host: string;
  port: number;
  startedAt: string;
  endedAt: string | null;
}

/** A student's place in a session. A released seat has no token until it is taken again with its rejoin code. */
export interface Seat {
  studentId: string;
  attemptId: string;
  tokenHash: string | null;
  typed: boolean;
  rejoinCode: string | null;
}

export interface UnfinishedSession {
  id: string;
  className: string;
  lessonTitle: string;
  startedAt: string;
  members: number;
}

/** One highlight of a session's attempt, for the heat map. */
export interface SessionHighlight {
  attemptId: string;
  start: number;
  end: number;
  label: string;
}

interface SessionRow {
  id: string;
  class_id: string;
  lesson_id: string;
  lesson_version_id: number;
  join_code: string;
  allow_new_names: number;
  pacing: 'teacher' | 'student';
  current_step: number;
  paused: number;
  revealed: string;
  host: string;
  port: number;
  started_at: string;
  ended_at: string | null;
}

interface SeatRow {
  student_id: string;
  attempt_id: string;
  token_hash: string | null;
  typed: number;
  rejoin_code: string | null;
}

const toSession = (r: SessionRow): ClassroomSession => ({
  id: r.id,
  classId: r.class_id,
  lessonId: r.lesson_id,
  lessonVersionId: r.lesson_version_id,
  joinCode: r.join_code,
  allowNewNames: r.allow_new_names === 1,
  pacing: r.pacing,
  currentStep: r.current_step,
  paused: r.paused === 1,
  revealed: JSON.parse(r.revealed) as string[],
  host: r.host,
  port: r.port,
  startedAt: r.started_at,
  endedAt: r.ended_at,
});

const toSeat = (r: SeatRow): Seat => ({ studentId: r.student_id, attemptId: r.attempt_id, tokenHash: r.token_hash, typed: r.typed === 1, rejoinCode: r.rejoin_code });

export class ClassroomRepository {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ── Sessions ──────────────────────────────────────────────────────────

  session(id: string): ClassroomSession | undefined {
    const r = this.db.prepare('SELECT * FROM classroom_sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return r ? toSession(r) : undefined;
  }

  createSession(s: { id: string; classId: string; lessonId: string; lessonVersionId: number; joinCode: string; allowNewNames: boolean; host: string; port: number; startedAt: string }): void {
    this.db
      .prepare(
        `INSERT INTO classroom_sessions (id, class_id, lesson_id, lesson_version_id, join_code, allow_new_names, host, port, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.id, s.classId, s.lessonId, s.lessonVersionId, s.joinCode, s.allowNewNames ? 1 : 0, s.host, s.port, s.startedAt);
  }

  deleteSession(id: string): void {
    this.db.prepare('DELETE FROM classroom_sessions WHERE id = ?').run(id);
  }

  setPort(id: string, port: number): void {
    this.db.prepare('UPDATE classroom_sessions SET port = ? WHERE id = ?').run(port, id);
  }

  setPacing(id: string, pacing: 'teacher' | 'student'): void {
    this.db.prepare('UPDATE classroom_sessions SET pacing = ? WHERE id = ?').run(pacing, id);
  }

  setStep(id: string, step: number): void {
    this.db.prepare('UPDATE classroom_sessions SET current_step = ? WHERE id = ?').run(step, id);
  }

  setPaused(id: string, paused: boolean): void {
    this.db.prepare('UPDATE classroom_sessions SET paused = ? WHERE id = ?').run(paused ? 1 : 0, id);
  }

  setRevealed(id: string, revealed: readonly string[]): void {
    this.db.prepare('UPDATE classroom_sessions SET revealed = ? WHERE id = ?').run(JSON.stringify(revealed), id);
  }

  endSession(id: string, at: string): void {
    this.db.prepare('UPDATE classroom_sessions SET ended_at = ? WHERE id = ?').run(at, id);
  }

  /** Sessions not ended, newest first, with their class, lesson and how many have joined. */
  unfinished(): UnfinishedSession[] {
    return this.db
      .prepare(
        `SELECT s.id, c.name AS className, v.title AS lessonTitle, s.started_at AS startedAt,
           (SELECT count(*) FROM classroom_members m WHERE m.session_id = s.id) AS members
         FROM classroom_sessions s JOIN classes c ON c.id = s.class_id JOIN lesson_versions v ON v.id = s.lesson_version_id
         WHERE s.ended_at IS NULL ORDER BY s.started_at DESC`,
      )
      .all() as UnfinishedSession[];
  }

  /** The newest session of this class and lesson that was not ended, if any (`lede classroom` resumes it). */
  unfinishedFor(classId: string, lessonId: string): string | undefined {
    const r = this.db
      .prepare('SELECT id FROM classroom_sessions WHERE class_id = ? AND lesson_id = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1')
      .get(classId, lessonId) as { id: string } | undefined;
    return r?.id;
  }

  // ── Seats ─────────────────────────────────────────────────────────────

  seats(sessionId: string): Seat[] {
    return (this.db.prepare('SELECT student_id, attempt_id, token_hash, typed, rejoin_code FROM classroom_members WHERE session_id = ?').all(sessionId) as SeatRow[]).map(toSeat);
  }

  seat(sessionId: string, studentId: string): Seat | undefined {
    const r = this.db.prepare('SELECT student_id, attempt_id, token_hash, typed, rejoin_code FROM classroom_members WHERE session_id = ? AND student_id = ?').get(sessionId, studentId) as
      | SeatRow
      | undefined;
    return r ? toSeat(r) : undefined;
  }

  /** The seat holding this token (by its hash). */
  seatByToken(sessionId: string, tokenHash: string): { studentId: string; attemptId: string } | undefined {
    const m = this.db.prepare('SELECT student_id, attempt_id FROM classroom_members WHERE session_id = ? AND token_hash = ?').get(sessionId, tokenHash) as
      | { student_id: string; attempt_id: string }
      | undefined;
    return m ? { studentId: m.student_id, attemptId: m.attempt_id } : undefined;
  }

  attemptIds(sessionId: string): string[] {
    return (this.db.prepare('SELECT attempt_id FROM classroom_members WHERE session_id = ?').all(sessionId) as { attempt_id: string }[]).map((m) => m.attempt_id);
  }

  typedNames(sessionId: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM classroom_members WHERE session_id = ? AND typed = 1').get(sessionId) as { n: number }).n;
  }

  /**
   * Whether the student is on the class list. (A pick asks this of one student; the
   * class's roster would read every student of the class with their attempts.)
   */
  inClass(classId: string, studentId: string): boolean {
    return this.db.prepare('SELECT 1 FROM class_members WHERE class_id = ? AND student_id = ?').get(classId, studentId) !== undefined;
  }

  /** Gives the student the seat (a new one, or a released one taken again with its code). */
  takeSeat(s: { sessionId: string; studentId: string; attemptId: string; tokenHash: string; joinedAt: string; typed: boolean }): void {
    this.db
      .prepare(
        `INSERT INTO classroom_members (session_id, student_id, attempt_id, token_hash, joined_at, typed) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, student_id) DO UPDATE SET token_hash = excluded.token_hash, rejoin_code = NULL`,
      )
      .run(s.sessionId, s.studentId, s.attemptId, s.tokenHash, s.joinedAt, s.typed ? 1 : 0);
  }

  /** Frees a seat: its token stops working and it can be taken again only with `rejoinCode`. False when the student has no seat. */
  releaseSeat(sessionId: string, studentId: string, rejoinCode: string): boolean {
    const r = this.db.prepare('UPDATE classroom_members SET token_hash = NULL, rejoin_code = ? WHERE session_id = ? AND student_id = ?').run(rejoinCode, sessionId, studentId);
    return r.changes > 0;
  }

  // ── The session's attempts (for the dashboard) ────────────────────────

  /** Each seated attempt's current step. */
  attemptSteps(sessionId: string): Map<string, number> {
    const rows = this.db.prepare('SELECT a.id, a.current_step FROM attempts a JOIN classroom_members m ON m.attempt_id = a.id WHERE m.session_id = ?').all(sessionId) as {
      id: string;
      current_step: number;
    }[];
    return new Map(rows.map((a) => [a.id, a.current_step]));
  }

  /** Every result of the session's attempts. */
  results(sessionId: string): { attemptId: string; exerciseId: string; status: string; points: number | null }[] {
    return this.db
      .prepare(
        'SELECT r.attempt_id AS attemptId, r.exercise_id AS exerciseId, r.status, r.points FROM results r JOIN classroom_members m ON m.attempt_id = r.attempt_id WHERE m.session_id = ?',
      )
      .all(sessionId) as { attemptId: string; exerciseId: string; status: string; points: number | null }[];
  }

  /** The options each of these attempts has chosen in one (choice) step: one list per attempt with an answer saved. */
  choices(exerciseId: string, attemptIds: readonly string[]): string[][] {
    return allIn<{ choices: string }>(
      this.db,
      (marks) => `SELECT choices FROM responses WHERE exercise_id = ? AND choices IS NOT NULL AND attempt_id IN (${marks})`,
      attemptIds,
      [exerciseId],
    ).map((r) => JSON.parse(r.choices) as string[]);
  }

  /** The highlights these attempts hold in one step. */
  highlights(exerciseId: string, attemptIds: readonly string[]): SessionHighlight[] {
    return allIn<SessionHighlight>(
      this.db,
      (marks) => `SELECT attempt_id AS attemptId, start_offset AS start, end_offset AS "end", label FROM highlights WHERE exercise_id = ? AND attempt_id IN (${marks})`,
      attemptIds,
      [exerciseId],
    );
  }
}
