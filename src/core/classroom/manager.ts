import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import qrcode from 'qrcode-generator';
import type { ClassroomStateDto } from '../../shared/api.ts';
import { LedeError } from '../../shared/errors.ts';
import { toPublicLesson, type HighlightExercise } from '../../shared/lesson.ts';
import type { DashboardDto } from '../../shared/teacher-api.ts';
import type { Store } from '../db/store.ts';
import { cleanTypedName, findLookAlike } from '../teacher/names.ts';
import { roundPoints, scoreExercise } from '../scoring/attempt.ts';
import { readCookie, SECURITY_HEADERS, startHttpServer, type RunningServer } from '../../server/http.ts';
import { Classes } from '../teacher/classes.ts';
import { createClassroomHandlers, SEAT_COOKIE } from './handlers.ts';
import { isLoopback, TokenBuckets, WindowLimiter } from '../rate-limits.ts';
import { GuessLimiter, hashToken, newJoinCode, newToken } from './security.ts';

// Live classroom sessions: the teacher's computer serves the student app on the
// school network; students join with a code and pick their name; the teacher's
// dashboard follows them live. Everything is stored in the teacher's database
// before it is acknowledged, so a crash loses nothing that a student saw saved.

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

interface Running {
  server: RunningServer;
  /** Open event streams, by student. */
  streams: Map<ServerResponse, string>;
  heartbeat: ReturnType<typeof setInterval>;
}

export interface ClassroomOptions {
  staticDir: string;
  log?: (e: unknown) => void;
  /**
   * Apply the per-address limits to this computer's own addresses too (tests that
   * play several devices from 127.0.0.x). By default the teacher's own computer is
   * not limited per address.
   */
  limitLoopback?: boolean;
}

/** Everything one student or one device can grow, and how far (documented in the README). */
export const CLASSROOM_LIMITS = {
  /** Seats one device address may take in 10 minutes. */
  seatClaimsPerAddress: 5,
  seatClaimWindowMs: 10 * 60_000,
  /** Names students may type in one session (when the teacher allows typed names). */
  typedNamesPerSession: 100,
  /** Open event streams per seat (tabs); opening another closes the oldest. */
  streamsPerSeat: 3,
  /** Open connections per device address. */
  connectionsPerAddress: 24,
  /** Open connections in all. */
  connections: 4000,
  /** Requests per seat: a burst of this many, then this many a second. */
  requestBurst: 60,
  requestsPerSecond: 20,
} as const;

const PAUSED = 'Your teacher has paused the class. Your work is kept and saved when the class goes on.';

export interface Interface {
  name: string;
  address: string;
}

/** The machine's IPv4 addresses that other devices can reach (not loopback). */
export function lanInterfaces(): Interface[] {
  const out: Interface[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) out.push({ name, address: a.address });
  }
  return out;
}

function qrSvg(text: string): string {
  const q = qrcode(0, 'M');
  q.addData(text);
  q.make();
  return q.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
}

export class ClassroomManager {
  private readonly store: Store;
  private readonly opts: ClassroomOptions;
  private readonly running = new Map<string, Running>();
  private readonly limiter = new GuessLimiter();
  private readonly claims = new WindowLimiter(CLASSROOM_LIMITS.seatClaimsPerAddress, CLASSROOM_LIMITS.seatClaimWindowMs);
  private readonly requests = new TokenBuckets(CLASSROOM_LIMITS.requestsPerSecond, CLASSROOM_LIMITS.requestBurst);
  private version = 1;
  private readonly waiters = new Set<() => void>();
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private cache: { id: string; version: number; value: DashboardDto; at: number } | null = null;
  private readonly wordCache = new Map<number, [number, number][]>();
  /**
   * The heat map, kept up to date incrementally: each attempt's contribution (the
   * words it marked, the key items it found) is recomputed only when that attempt
   * changed, so a busy class costs the same per update however long it has run.
   */
  private heatState: {
    sessionId: string;
    exerciseId: string;
    counts: Int32Array;
    found: Int32Array;
    contrib: Map<string, { words: number[]; found: number[]; marks: number }>;
  } | null = null;
  private readonly dirtyAttempts = new Set<string>();
  /** A busy class changes many times a second: the dashboard is recomputed at most this often. */
  static readonly DASHBOARD_INTERVAL_MS = 400;

  constructor(store: Store, opts: ClassroomOptions) {
    this.store = store;
    this.opts = opts;
  }

  // ── Sessions ──────────────────────────────────────────────────────────

  private row(id: string): SessionRow {
    const r = this.store.db.prepare('SELECT * FROM classroom_sessions WHERE id = ?').get(id) as SessionRow | undefined;
    if (!r) throw new LedeError('not_found', 'That classroom session does not exist.');
    return r;
  }

  private open(id: string): SessionRow {
    const r = this.row(id);
    if (r.ended_at) throw new LedeError('conflict', 'That classroom session has ended.');
    return r;
  }

  async start(input: { classId: string; lessonId: string; host: string; port?: number; allowNewNames: boolean }) {
    if (this.running.size > 0) throw new LedeError('conflict', 'A classroom session is already running. End it before starting another.');
    const cls = new Classes(this.store.db).get(input.classId);
    const versionId = this.store.currentVersionId(input.lessonId);
    this.checkHost(input.host);
    const id = randomUUID();
    this.store.db
      .prepare(
        `INSERT INTO classroom_sessions (id, class_id, lesson_id, lesson_version_id, join_code, allow_new_names, host, port, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, cls.id, input.lessonId, versionId, newJoinCode(), input.allowNewNames ? 1 : 0, input.host, input.port ?? 0, new Date().toISOString());
    try {
      await this.listen(id);
    } catch (err) {
      this.store.db.prepare('DELETE FROM classroom_sessions WHERE id = ?').run(id);
      throw err;
    }
    return this.info(id);
  }

  /** Restarts the listener of a session that was not ended (after a crash or a restart). */
  async resume(id: string) {
    this.open(id);
    if (!this.running.has(id)) {
      if (this.running.size > 0) throw new LedeError('conflict', 'A classroom session is already running. End it before resuming another.');
      await this.listen(id);
    }
    return this.info(id);
  }

  private checkHost(host: string): void {
    const ok = host === '0.0.0.0' || host === '127.0.0.1' || lanInterfaces().some((i) => i.address === host);
    if (!ok) throw new LedeError('invalid_input', `This computer has no network address ${host}.`);
  }

  private async listen(id: string): Promise<void> {
    const r = this.row(id);
    const allowedHosts = r.host === '0.0.0.0' ? lanInterfaces().map((i) => i.address) : [r.host];
    const start = (port: number) =>
      startHttpServer({
        handlers: createClassroomHandlers(this, this.store, id),
        staticDir: this.opts.staticDir,
        host: r.host,
        port,
        allowedHosts,
        ...(this.opts.log ? { log: this.opts.log } : {}),
        maxConnections: CLASSROOM_LIMITS.connections,
        maxConnectionsPerAddress: CLASSROOM_LIMITS.connectionsPerAddress,
        limitAddress: (ip) => this.opts.limitLoopback === true || !isLoopback(ip),
        routes: (req, res, url) => {
          if (url.pathname !== '/events') return false;
          this.stream(id, req, res);
          return true;
        },
      });
    let server: RunningServer;
    try {
      server = await start(r.port);
    } catch (err) {
      // The old port may be taken after a restart: take any free one.
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && r.port !== 0) server = await start(0);
      else if ((err as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') throw new LedeError('unavailable', `The network address ${r.host} is not available now.`);
      else throw err;
    }
    this.store.db.prepare('UPDATE classroom_sessions SET port = ? WHERE id = ?').run(server.port, id);
    const heartbeat = setInterval(() => {
      for (const res of this.running.get(id)?.streams.keys() ?? []) res.write(': keep-alive\n\n');
    }, 20_000);
    this.running.set(id, { server, streams: new Map(), heartbeat });
    this.changed();
  }

  /** The addresses students can type, best first. */
  private urls(r: SessionRow): string[] {
    const port = r.port;
    if (r.host === '0.0.0.0') {
      const lan = lanInterfaces().map((i) => `http://${i.address}:${port}/`);
      return lan.length ? lan : [`http://127.0.0.1:${port}/`];
    }
    return [`http://${r.host}:${port}/`];
  }

  info(id: string) {
    const r = this.row(id);
    const cls = new Classes(this.store.db).get(r.class_id);
    const lesson = this.store.lessonVersion(r.lesson_version_id);
    const urls = this.urls(r);
    return {
      id: r.id,
      joinCode: r.join_code,
      urls,
      qrSvg: qrSvg(urls[0]!),
      className: cls.name,
      lessonId: r.lesson_id,
      lessonTitle: lesson.title,
      pacing: r.pacing,
      step: r.current_step,
      paused: r.paused === 1,
      revealed: JSON.parse(r.revealed) as string[],
      allowNewNames: r.allow_new_names === 1,
      startedAt: r.started_at,
      running: this.running.has(id) && !r.ended_at,
    };
  }

  unfinished() {
    const rows = this.store.db
      .prepare(
        `SELECT s.id, c.name AS className, v.title AS lessonTitle, s.started_at AS startedAt,
           (SELECT count(*) FROM classroom_members m WHERE m.session_id = s.id) AS members
         FROM classroom_sessions s JOIN classes c ON c.id = s.class_id JOIN lesson_versions v ON v.id = s.lesson_version_id
         WHERE s.ended_at IS NULL ORDER BY s.started_at DESC`,
      )
      .all() as { id: string; className: string; lessonTitle: string; startedAt: string; members: number }[];
    return rows.map((r) => ({ ...r, running: this.running.has(r.id) }));
  }

  async end(id: string): Promise<void> {
    this.open(id);
    this.store.db.prepare('UPDATE classroom_sessions SET ended_at = ? WHERE id = ?').run(new Date().toISOString(), id);
    this.broadcast(id);
    await this.stop(id);
    this.changed();
  }

  private async stop(id: string): Promise<void> {
    const run = this.running.get(id);
    if (!run) return;
    clearInterval(run.heartbeat);
    for (const res of run.streams.keys()) res.end();
    this.running.delete(id);
    await run.server.close();
  }

  /** Stops every listener without ending the sessions (the app is quitting): they can be resumed. */
  async close(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id);
  }

  control(id: string, action: 'teacher-paced' | 'student-paced' | 'go-to-step' | 'pause' | 'resume' | 'reveal', step?: number, exerciseId?: string): void {
    const r = this.open(id);
    const lesson = this.store.lessonVersion(r.lesson_version_id);
    const db = this.store.db;
    switch (action) {
      case 'teacher-paced':
      case 'student-paced':
        db.prepare('UPDATE classroom_sessions SET pacing = ? WHERE id = ?').run(action === 'teacher-paced' ? 'teacher' : 'student', id);
        break;
      case 'go-to-step':
        if (step === undefined || step < 0 || step > lesson.exercises.length + 1) throw new LedeError('invalid_input', 'That step does not exist in this lesson.');
        db.prepare('UPDATE classroom_sessions SET current_step = ? WHERE id = ?').run(step, id);
        break;
      case 'pause':
      case 'resume':
        db.prepare('UPDATE classroom_sessions SET paused = ? WHERE id = ?').run(action === 'pause' ? 1 : 0, id);
        break;
      case 'reveal': {
        const ex = lesson.exercises.find((e) => e.id === exerciseId);
        if (!ex) throw new LedeError('invalid_input', 'Choose a step to reveal.');
        // Revealing a step checks it for everyone in the session: their answers are scored and locked.
        db.transaction(() => {
          for (const m of db.prepare('SELECT attempt_id FROM classroom_members WHERE session_id = ?').all(id) as { attempt_id: string }[]) {
            this.store.submitExercise(m.attempt_id, ex.id);
          }
          const revealed = new Set(JSON.parse(r.revealed) as string[]);
          revealed.add(ex.id);
          db.prepare('UPDATE classroom_sessions SET revealed = ? WHERE id = ?').run(JSON.stringify([...revealed]), id);
        })();
        break;
      }
    }
    this.broadcast(id);
    this.changed();
  }

  /**
   * Lets a student take their name again (e.g. on another device); their work
   * stays. The seat's old cookie stops working, and the seat can be taken again
   * only with the one-time code returned here (shown to the teacher), so no one
   * else can take it first.
   */
  release(id: string, studentId: string): { rejoinCode: string } {
    this.open(id);
    const rejoinCode = newJoinCode();
    const r = this.store.db
      .prepare('UPDATE classroom_members SET token_hash = NULL, rejoin_code = ? WHERE session_id = ? AND student_id = ?')
      .run(rejoinCode, id, studentId);
    if (r.changes === 0) throw new LedeError('not_found', 'That student has not joined this session.');
    this.changed();
    return { rejoinCode };
  }

  // ── Students ──────────────────────────────────────────────────────────

  state(id: string): ClassroomStateDto {
    const i = this.info(id);
    const r = this.row(id);
    return {
      sessionId: id,
      className: i.className,
      lessonTitle: i.lessonTitle,
      pacing: i.pacing,
      step: i.step,
      paused: i.paused,
      revealed: i.revealed,
      ended: r.ended_at !== null,
    };
  }

  private checkCode(id: string, code: string, ip: string): SessionRow {
    this.limiter.check(ip);
    const r = this.open(id);
    if (code !== r.join_code) {
      this.limiter.failed(ip);
      throw new LedeError('forbidden', 'That code is not right. Check the code on your teacher’s screen.');
    }
    this.limiter.succeeded(ip);
    return r;
  }

  join(id: string, code: string, ip: string) {
    const r = this.checkCode(id, code, ip);
    const cls = new Classes(this.store.db);
    const members = new Map(
      (this.store.db.prepare('SELECT student_id, token_hash, rejoin_code FROM classroom_members WHERE session_id = ?').all(id) as { student_id: string; token_hash: string | null; rejoin_code: string | null }[]).map(
        (m) => [m.student_id, m],
      ),
    );
    return {
      className: cls.get(r.class_id).name,
      lessonTitle: this.store.lessonVersion(r.lesson_version_id).title,
      allowNewNames: r.allow_new_names === 1,
      roster: cls.roster(r.class_id).map((s) => {
        const m = members.get(s.id);
        return { id: s.id, displayName: s.displayName, taken: Boolean(m?.token_hash), needsCode: Boolean(m && !m.token_hash) };
      }),
    };
  }

  /**
   * Takes a seat: returns the new token (for the cookie) and the student's attempt.
   * A device holds one seat (`currentToken` is the seat cookie it already has);
   * each address may take a few seats in ten minutes; a released seat needs the
   * rejoin code the teacher was given; a typed name must not look like one already
   * in the class. Steps already revealed are checked for the newcomer at once, so
   * no one answers a step after its key has been shown.
   */
  pick(
    id: string,
    code: string,
    ip: string,
    choice: { studentId?: string | undefined; newName?: string | undefined; rejoinCode?: string | undefined },
    currentToken?: string,
  ): { token: string; attemptId: string } {
    const r = this.checkCode(id, code, ip);
    const db = this.store.db;
    const already = this.member(id, currentToken);
    if (already) {
      const name = this.store.student(already.studentId).displayName;
      throw new LedeError('conflict', `This device has already joined as ${name}. If that is not you, ask your teacher to let you join again.`);
    }
    const limited = this.opts.limitLoopback === true || !isLoopback(ip);
    const wait = limited ? this.claims.waitSeconds(ip) : 0;
    if (wait > 0) throw new LedeError('rate_limited', `Too many names were taken from this device. Ask your teacher, or try again in ${wait} seconds.`);
    const token = newToken();
    const result = db.transaction(() => {
      let studentId = choice.studentId;
      let typed = false;
      if (!studentId) {
        if (r.allow_new_names !== 1) throw new LedeError('forbidden', 'Pick your name from the list. If it is missing, ask your teacher.');
        if (!choice.newName) throw new LedeError('invalid_input', 'Please type your name.');
        const name = cleanTypedName(choice.newName);
        const roster = new Classes(db).roster(r.class_id);
        const like = findLookAlike(name, roster.map((s) => s.displayName));
        if (like !== undefined) {
          throw new LedeError('conflict', `“${like}” is already in this class. If that is you, pick your name from the list; if not, ask your teacher to add you.`);
        }
        const { n } = db.prepare('SELECT count(*) AS n FROM classroom_members WHERE session_id = ? AND typed = 1').get(id) as { n: number };
        if (n >= CLASSROOM_LIMITS.typedNamesPerSession) throw new LedeError('too_large', 'This session has taken as many typed names as it can. Ask your teacher to add you to the class.');
        studentId = new Classes(db).addStudent(r.class_id, name).id;
        typed = true;
      } else if (!db.prepare('SELECT 1 FROM class_members WHERE class_id = ? AND student_id = ?').get(r.class_id, studentId)) {
        throw new LedeError('not_found', 'That name is not in this class.');
      }
      const member = db.prepare('SELECT attempt_id, token_hash, rejoin_code FROM classroom_members WHERE session_id = ? AND student_id = ?').get(id, studentId) as
        | { attempt_id: string; token_hash: string | null; rejoin_code: string | null }
        | undefined;
      if (member?.token_hash) throw new LedeError('conflict', 'Someone has already joined with this name. If it is you on another device, ask your teacher to let you join again.');
      if (member && (choice.rejoinCode ?? '').trim().toUpperCase() !== member.rejoin_code) {
        if (choice.rejoinCode) this.limiter.failed(ip);
        throw new LedeError('forbidden', choice.rejoinCode ? 'That code is not right. Ask your teacher for the code shown beside your name.' : 'Your teacher let you join again: type the code your teacher gives you.');
      }
      let attemptId = member?.attempt_id;
      if (!attemptId) attemptId = this.store.startAttempt(studentId, r.lesson_id, r.lesson_version_id).id;
      db.prepare(
        `INSERT INTO classroom_members (session_id, student_id, attempt_id, token_hash, joined_at, typed) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, student_id) DO UPDATE SET token_hash = excluded.token_hash, rejoin_code = NULL`,
      ).run(id, studentId, attemptId, hashToken(token), new Date().toISOString(), typed ? 1 : 0);
      for (const exerciseId of JSON.parse(r.revealed) as string[]) this.store.submitExercise(attemptId, exerciseId);
      return { token, attemptId };
    })();
    if (limited) this.claims.record(ip);
    this.changed();
    return result;
  }

  /**
   * What a student may change now, checked by the server for every change: not
   * after the session has ended, not while it is paused, not a step the teacher has
   * not opened yet (teacher-paced), not a step whose key has been revealed. The
   * refusal says why, in words the student's screen shows.
   */
  guard(id: string, attemptId: string, exerciseId: string | null, action: 'change' | 'check' = 'change'): void {
    if (!this.requests.take(attemptId)) throw new LedeError('rate_limited', 'Too many changes at once. They are kept and sent again in a moment.');
    const r = this.row(id);
    if (r.ended_at) throw new LedeError('conflict', 'The session has ended. Your work is saved.');
    if (r.paused === 1) throw new LedeError('paused', PAUSED);
    if (exerciseId === null) return;
    const lesson = this.store.lessonVersion(r.lesson_version_id);
    const index = lesson.exercises.findIndex((e) => e.id === exerciseId);
    if (index < 0) throw new LedeError('not_found', `This lesson has no step "${exerciseId}".`);
    if (r.pacing === 'teacher' && index + 1 > r.current_step) throw new LedeError('conflict', 'Your teacher has not opened that step yet.');
    if (action === 'change' && (JSON.parse(r.revealed) as string[]).includes(exerciseId)) throw new LedeError('conflict', 'Your teacher has shown the key for this step, so it can no longer be changed.');
  }

  /** A read: only the request rate is limited. */
  throttle(attemptId: string): void {
    if (!this.requests.take(attemptId)) throw new LedeError('rate_limited', 'Too many requests at once. Try again in a moment.');
  }

  /** The student behind a session token, or null. */
  member(id: string, token: string | undefined): { studentId: string; attemptId: string } | null {
    if (!token || token.length > 100) return null;
    const m = this.store.db.prepare('SELECT student_id, attempt_id FROM classroom_members WHERE session_id = ? AND token_hash = ?').get(id, hashToken(token)) as
      | { student_id: string; attempt_id: string }
      | undefined;
    return m ? { studentId: m.student_id, attemptId: m.attempt_id } : null;
  }

  /** Server-sent events for one student's browser: the session's state, now and on every change. */
  private stream(id: string, req: IncomingMessage, res: ServerResponse): void {
    const run = this.running.get(id);
    const m = this.member(id, readCookie(req, SEAT_COOKIE));
    if (!run || !m) {
      res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Join the class first.');
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`retry: 2000\nevent: state\ndata: ${JSON.stringify(this.state(id))}\n\n`);
    // A few tabs per seat; a new one closes the oldest (often a stream already dead).
    const mine = [...run.streams].filter(([, s]) => s === m.studentId).map(([r]) => r);
    for (const old of mine.slice(0, Math.max(0, mine.length - CLASSROOM_LIMITS.streamsPerSeat + 1))) {
      run.streams.delete(old);
      old.end();
    }
    run.streams.set(res, m.studentId);
    this.changed();
    req.on('close', () => {
      run.streams.delete(res);
      this.changed();
    });
  }

  private broadcast(id: string): void {
    const run = this.running.get(id);
    if (!run) return;
    const msg = `event: state\ndata: ${JSON.stringify(this.state(id))}\n\n`;
    for (const res of run.streams.keys()) res.write(msg);
  }

  // ── The dashboard ────────────────────────────────────────────────────

  /** A student's answers changed: their part of the heat map is recomputed on the next update. */
  touched(attemptId: string): void {
    this.dirtyAttempts.add(attemptId);
    this.changed();
  }

  /** Something a dashboard shows has changed: wake its waiters (coalesced). */
  changed(): void {
    this.version++;
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      const ws = [...this.waiters];
      this.waiters.clear();
      for (const w of ws) w();
    }, 50);
  }

  /** The dashboard now, or (with `since`) as soon as it differs from that version, waiting at most 20 s. */
  async dashboard(id: string, since?: number): Promise<DashboardDto> {
    if (since !== undefined && since >= this.version) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiters.delete(done);
          resolve();
        }, 20_000);
        this.waiters.add(done);
      });
    }
    if (this.cache && this.cache.id === id) {
      if (this.cache.version === this.version) return this.cache.value;
      const wait = this.cache.at + ClassroomManager.DASHBOARD_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const value = this.compute(id);
    this.cache = { id, version: value.version, value, at: Date.now() };
    return value;
  }

  private compute(id: string): DashboardDto {
    const version = this.version;
    const r = this.row(id);
    const db = this.store.db;
    const lesson = this.store.lessonVersion(r.lesson_version_id);
    const cls = new Classes(db);
    const roster = cls.roster(r.class_id);
    const members = new Map(
      (
        db.prepare('SELECT student_id, attempt_id, token_hash, typed, rejoin_code FROM classroom_members WHERE session_id = ?').all(id) as {
          student_id: string;
          attempt_id: string;
          token_hash: string | null;
          typed: number;
          rejoin_code: string | null;
        }[]
      ).map((m) => [
        m.student_id,
        m,
      ]),
    );
    const attempts = new Map(
      (
        db.prepare('SELECT a.id, a.current_step FROM attempts a JOIN classroom_members m ON m.attempt_id = a.id WHERE m.session_id = ?').all(id) as {
          id: string;
          current_step: number;
        }[]
      ).map((a) => [a.id, a.current_step]),
    );
    const results = db
      .prepare('SELECT r.attempt_id, r.exercise_id, r.status, r.points FROM results r JOIN classroom_members m ON m.attempt_id = r.attempt_id WHERE m.session_id = ?')
      .all(id) as { attempt_id: string; exercise_id: string; status: string; points: number | null }[];
    const byAttempt = new Map<string, typeof results>();
    for (const x of results) {
      let l = byAttempt.get(x.attempt_id);
      if (!l) byAttempt.set(x.attempt_id, (l = []));
      l.push(x);
    }
    const connected = new Set(this.running.get(id)?.streams.values() ?? []);
    const teacherStep = r.current_step;
    const current = lesson.exercises[teacherStep - 1];
    let heat: DashboardDto['heat'] = null;
    let marks = new Map<string, number>();
    if (current?.kind === 'highlight') {
      const h = this.updateHeat(id, r.lesson_version_id, current, [...members.values()].map((m) => m.attempt_id));
      heat = h.heat;
      marks = h.marks;
    }
    const steps = lesson.exercises.map((e) => {
      const done = results.filter((x) => x.exercise_id === e.id && x.status !== 'pending');
      const checked = results.filter((x) => x.exercise_id === e.id).length;
      return {
        id: e.id,
        title: e.title,
        kind: e.kind,
        points: e.points,
        checked,
        average: done.length ? roundPoints(done.reduce((t, x) => t + (x.points ?? 0), 0) / done.length) : null,
      };
    });
    return {
      version,
      session: this.info(id),
      lesson: toPublicLesson(lesson),
      steps,
      roster: roster.map((s) => {
        const m = members.get(s.id);
        const rs = m ? (byAttempt.get(m.attempt_id) ?? []) : [];
        return {
          studentId: s.id,
          displayName: s.displayName,
          joined: Boolean(m?.token_hash),
          typed: m?.typed === 1,
          rejoinCode: m && !m.token_hash ? m.rejoin_code : null,
          connected: connected.has(s.id),
          step: m ? (attempts.get(m.attempt_id) ?? 0) : 0,
          checked: rs.map((x) => x.exercise_id),
          points: roundPoints(rs.reduce((t, x) => t + (x.points ?? 0), 0)),
          marks: m ? (marks.get(m.attempt_id) ?? 0) : 0,
        };
      }),
      heat,
    };
  }

  private words(versionId: number, text: string, language: string): [number, number][] {
    let words = this.wordCache.get(versionId);
    if (!words) {
      words = [];
      for (const s of new Intl.Segmenter(language, { granularity: 'word' }).segment(text)) if (s.isWordLike) words.push([s.index, s.index + s.segment.length]);
      this.wordCache.set(versionId, words);
    }
    return words;
  }

  private updateHeat(sessionId: string, versionId: number, ex: HighlightExercise, attemptIds: string[]): { heat: NonNullable<DashboardDto['heat']>; marks: Map<string, number> } {
    const lesson = this.store.lessonVersion(versionId);
    const words = this.words(versionId, lesson.text, lesson.language);
    let st = this.heatState;
    if (!st || st.sessionId !== sessionId || st.exerciseId !== ex.id) {
      st = this.heatState = { sessionId, exerciseId: ex.id, counts: new Int32Array(words.length), found: new Int32Array(ex.key.length), contrib: new Map() };
      for (const a of attemptIds) this.dirtyAttempts.add(a);
    }
    const dirty = attemptIds.filter((a) => this.dirtyAttempts.has(a) || !st.contrib.has(a));
    for (const a of dirty) this.dirtyAttempts.delete(a);
    // First word ending after an offset.
    const firstWord = (offset: number) => {
      let lo = 0;
      let hi = words.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (words[mid]![1] <= offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (let i = 0; i < dirty.length; i += 500) {
      const chunk = dirty.slice(i, i + 500);
      const rows = this.store.db
        .prepare(`SELECT attempt_id, start_offset AS start, end_offset AS "end", label FROM highlights WHERE exercise_id = ? AND attempt_id IN (${chunk.map(() => '?').join(',')})`)
        .all(ex.id, ...chunk) as { attempt_id: string; start: number; end: number; label: string }[];
      const byAttempt = new Map<string, { start: number; end: number; label: string }[]>(chunk.map((a) => [a, []]));
      for (const row of rows) byAttempt.get(row.attempt_id)!.push(row);
      for (const [a, spans] of byAttempt) {
        const old = st.contrib.get(a);
        if (old) {
          for (const w of old.words) st.counts[w]!--;
          for (const k of old.found) st.found[k]!--;
        }
        const seen = new Set<number>();
        for (const sp of spans) for (let w = firstWord(sp.start); w < words.length && words[w]![0] < sp.end; w++) seen.add(w);
        const found: number[] = [];
        const fb = scoreExercise(ex, { spans });
        if (fb.kind === 'highlight') fb.highlight.keySpans.forEach((k, ki) => k.status === 'found' && found.push(ki));
        const next = { words: [...seen], found, marks: spans.length };
        for (const w of next.words) st.counts[w]!++;
        for (const k of next.found) st.found[k]!++;
        st.contrib.set(a, next);
      }
    }
    const out: [number, number, number][] = [];
    let max = 0;
    for (let i = 0; i < words.length; i++) {
      const c = st.counts[i]!;
      if (c > 0) out.push([words[i]![0], words[i]![1], c]);
      if (c > max) max = c;
    }
    const withMarks = attemptIds.filter((a) => (st.contrib.get(a)?.marks ?? 0) > 0).length;
    const missed = ex.key
      .map((k, i) => ({ quote: k.quote, label: ex.labels.find((l) => l.id === k.label)?.name ?? k.label, found: st.found[i]!, of: withMarks }))
      .sort((a, b) => a.found - b.found)
      .slice(0, 5);
    const marks = new Map(attemptIds.map((a) => [a, st.contrib.get(a)?.marks ?? 0]));
    return {
      heat: { exerciseId: ex.id, words: out, max, students: attemptIds.length, key: ex.key.map(({ start, end, label, quote }) => ({ start, end, label, quote })), missed },
      marks,
    };
  }
}
