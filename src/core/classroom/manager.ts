import type { ClassroomStateDto } from '../../shared/api.ts';
import type { DashboardDto, ProjectorDto } from '../../shared/teacher-api.ts';
import type { Store } from '../db/store.ts';
import { Dashboard } from './dashboard.ts';
import { createClassroomHandlers } from './handlers.ts';
import { ProjectorTokens, projectorView } from './projector.ts';
import { Seats } from './seats.ts';
import { Sessions, type ClassroomControl, type ClassroomInfo, type ServeClassroom } from './sessions.ts';
import { ClassroomStreams, type EventSink, type Subscription } from './streams.ts';

// Live classroom sessions: the teacher's computer serves the student app on the
// school network; students join with a code and pick their name; the teacher's
// dashboard follows them live. Everything is stored in the teacher's database
// before it is acknowledged, so a crash loses nothing that a student saw saved.
//
// This is the one object the rest of Lede uses; each part has its own module:
// sessions.ts (start, resume, end, control, the listener), seats.ts (join, pick,
// release, what a seat may do), streams.ts (who follows a session live),
// dashboard.ts (the teacher's view, long-polled) with live-heat.ts (its heat map),
// network.ts (addresses and QR code), and db/classroom.ts (the SQL).

export { CLASSROOM_LIMITS } from './limits.ts';
export type { ServeClassroom } from './sessions.ts';

export interface ClassroomOptions {
  staticDir: string;
  /** How a session listens (`startHttpServer` from src/server/http.ts). Without it, sessions cannot be started. */
  serve?: ServeClassroom;
  log?: (e: unknown) => void;
  /**
   * Apply the per-address limits to this computer's own addresses too (tests that
   * play several devices from 127.0.0.x). By default the teacher's own computer is
   * not limited per address.
   */
  limitLoopback?: boolean;
}

export class ClassroomManager {
  /** A busy class changes many times a second: the dashboard is recomputed at most this often. */
  static readonly DASHBOARD_INTERVAL_MS = Dashboard.INTERVAL_MS;
  private readonly sessions: Sessions;
  private readonly seats: Seats;
  private readonly streams: ClassroomStreams;
  private readonly board: Dashboard;
  private readonly projectors = new ProjectorTokens();

  constructor(store: Store, opts: ClassroomOptions) {
    const classes = store.classes;
    const changed = () => this.board.changed();
    this.streams = new ClassroomStreams({ member: (id, token) => this.seats.member(id, token), state: (id) => this.sessions.state(id), changed });
    this.sessions = new Sessions({
      store,
      classes,
      streams: this.streams,
      handlers: (id) => createClassroomHandlers(this, store, id),
      changed,
      staticDir: opts.staticDir,
      serve: opts.serve,
      log: opts.log,
      limitLoopback: opts.limitLoopback,
    });
    const row = (id: string) => this.sessions.row(id);
    this.seats = new Seats({ store, classes, row, open: (id) => this.sessions.open(id), changed, limitLoopback: opts.limitLoopback });
    this.board = new Dashboard({ store, classes, row, info: (id) => this.sessions.info(id), connected: (id) => this.streams.connected(id), projectorToken: (id) => this.projectors.token(id) });
  }

  // ── Sessions ──────────────────────────────────────────────────────────

  start(input: { classId: string; lessonId: string; host: string; port?: number; allowNewNames: boolean }): Promise<ClassroomInfo> {
    return this.sessions.start(input);
  }

  /** Restarts the listener of a session that was not ended (after a crash or a restart). */
  resume(id: string): Promise<ClassroomInfo> {
    return this.sessions.resume(id);
  }

  info(id: string): ClassroomInfo {
    return this.sessions.info(id);
  }

  state(id: string): ClassroomStateDto {
    return this.sessions.state(id);
  }

  unfinished() {
    return this.sessions.unfinished();
  }

  /** Ends the session and hands in every student's attempt (see sessions.ts). */
  end(id: string): Promise<void> {
    return this.sessions.end(id);
  }

  /** Calls `f` with the session's id whenever a session is ended; returns a function that stops it. */
  onEnded(f: (id: string) => void): () => void {
    return this.sessions.onEnded(f);
  }

  /** Stops every listener without ending the sessions (the app is quitting): they can be resumed. */
  close(): Promise<void> {
    return this.sessions.close();
  }

  control(id: string, action: ClassroomControl, step?: number, exerciseId?: string): void {
    this.sessions.control(id, action, step, exerciseId);
  }

  // ── Seats ─────────────────────────────────────────────────────────────

  join(id: string, code: string, ip: string) {
    return this.seats.join(id, code, ip);
  }

  pick(...args: Parameters<Seats['pick']>): ReturnType<Seats['pick']> {
    return this.seats.pick(...args);
  }

  member(id: string, token: string | undefined): { studentId: string; attemptId: string } | null {
    return this.seats.member(id, token);
  }

  release(id: string, studentId: string): { rejoinCode: string } {
    return this.seats.release(id, studentId);
  }

  guard(id: string, attemptId: string, exerciseId: string | null, action: 'change' | 'check' = 'change'): void {
    this.seats.guard(id, attemptId, exerciseId, action);
  }

  throttle(attemptId: string): void {
    this.seats.throttle(attemptId);
  }

  // ── Live: streams and the dashboard ───────────────────────────────────

  /** Opens a student's event stream (see streams.ts): null when the token holds no seat or the session is not running. */
  subscribe(id: string, seatToken: string | undefined, sink: EventSink): Subscription | null {
    return this.streams.subscribe(id, seatToken, sink);
  }

  /** A student's answers changed: their part of the heat map is recomputed on the next update. */
  touched(attemptId: string): void {
    this.board.touched(attemptId);
  }

  /** Something a dashboard shows has changed: wake its waiters (coalesced). */
  changed(): void {
    this.board.changed();
  }

  /** The dashboard now, or (with `since`) as soon as it differs from that version, waiting at most 20 s. */
  dashboard(id: string, since?: number): Promise<DashboardDto> {
    return this.board.get(id, since);
  }

  /**
   * The projector view (projector.ts): what every student may see, for whoever holds the
   * session's projector token; long-polled like the dashboard.
   */
  async projector(id: string, token: string, since?: number): Promise<ProjectorDto> {
    this.sessions.row(id);
    this.projectors.check(id, token);
    return projectorView(await this.board.get(id, since));
  }
}
