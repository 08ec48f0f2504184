import { randomUUID } from 'node:crypto';
import type { ClassroomStateDto } from '../../shared/api.ts';
import { LedeError } from '../../shared/errors.ts';
import { evidencePrerequisites } from '../../shared/lesson.ts';
import type { DashboardDto } from '../../shared/teacher-api.ts';
import type { ClassroomSession } from '../db/classroom.ts';
import type { Store } from '../db/store.ts';
import { isLoopback } from '../rate-limits.ts';
import type { Handlers } from '../services/lede-service.ts';
import type { ClassRecords } from './class-records.ts';
import { CLASSROOM_LIMITS } from './limits.ts';
import { allowedHosts, checkHost, qrSvg, sessionUrls } from './network.ts';
import { newJoinCode } from './security.ts';
import type { ClassroomEventSource, ClassroomStreams } from './streams.ts';

// A session's life: started (or resumed after a restart), controlled by the teacher
// (pacing, step, pause, reveal), ended. While it runs, a listener serves the student
// app on the school network; how it listens is given (see `ServeClassroom`), so the
// domain has no HTTP in it.

/** What a session's listener serves, and its limits. */
export interface ClassroomServeOptions {
  /** The calls students may make (see handlers.ts). */
  handlers: Handlers;
  /** The built renderer, served to students. */
  staticDir: string;
  host: string;
  port: number;
  /** Other names (addresses) the listener may be reached by, besides loopback. */
  allowedHosts: string[];
  log?: (e: unknown) => void;
  maxConnections: number;
  maxConnectionsPerAddress: number;
  limitAddress: (ip: string) => boolean;
  /** The session's event stream (GET /events). */
  events: ClassroomEventSource;
}

/** Starts a listener (`startHttpServer` in src/server/http.ts); rejects with the system's error code (EADDRINUSE…) when it cannot. */
export type ServeClassroom = (opts: ClassroomServeOptions) => Promise<{ port: number; url: string; close: () => Promise<void> }>;

export type ClassroomControl = 'teacher-paced' | 'student-paced' | 'go-to-step' | 'pause' | 'resume' | 'reveal';

export interface SessionDeps {
  store: Store;
  classes: ClassRecords;
  streams: ClassroomStreams;
  /** The listener's calls for a session. */
  handlers: (sessionId: string) => Handlers;
  /** Something a dashboard shows has changed. */
  changed: () => void;
  staticDir: string;
  serve?: ServeClassroom | undefined;
  log?: ((e: unknown) => void) | undefined;
  limitLoopback?: boolean | undefined;
}

/** The session as the teacher's screen shows it. */
export type ClassroomInfo = DashboardDto['session'];

export class Sessions {
  private readonly deps: SessionDeps;
  /** Running listeners, by session (an ended session's serves its students their summaries until another starts). */
  private readonly running = new Map<string, { close: () => Promise<void> }>();
  private readonly endedListeners = new Set<(id: string) => void>();

  constructor(deps: SessionDeps) {
    this.deps = deps;
  }

  private get repo() {
    return this.deps.store.classroom;
  }

  /** The session, ended or not. */
  row(id: string): ClassroomSession {
    const r = this.repo.session(id);
    if (!r) throw new LedeError('not_found', 'That classroom session does not exist.');
    return r;
  }

  /** The session, which must not have ended. */
  open(id: string): ClassroomSession {
    const r = this.row(id);
    if (r.endedAt) throw new LedeError('conflict', 'That classroom session has ended.');
    return r;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** A session whose listener runs and that has not ended. */
  private live(): string | undefined {
    return [...this.running.keys()].find((id) => !this.row(id).endedAt);
  }

  /** Stops the listeners of ended sessions (they served students their summaries). */
  private async stopEnded(): Promise<void> {
    for (const id of [...this.running.keys()]) if (this.row(id).endedAt) await this.stop(id);
  }

  /** Calls `f` once the session has been ended (by the teacher, from any screen). */
  onEnded(f: (id: string) => void): () => void {
    this.endedListeners.add(f);
    return () => this.endedListeners.delete(f);
  }

  async start(input: { classId: string; lessonId: string; host: string; port?: number; allowNewNames: boolean }): Promise<ClassroomInfo> {
    if (this.live()) throw new LedeError('conflict', 'A classroom session is already running. End it before starting another.');
    await this.stopEnded();
    const cls = this.deps.classes.get(input.classId);
    const versionId = this.deps.store.currentVersionId(input.lessonId);
    checkHost(input.host);
    const id = randomUUID();
    this.repo.createSession({
      id,
      classId: cls.id,
      lessonId: input.lessonId,
      lessonVersionId: versionId,
      joinCode: newJoinCode(),
      allowNewNames: input.allowNewNames,
      host: input.host,
      port: input.port ?? 0,
      startedAt: new Date().toISOString(),
    });
    try {
      await this.listen(id);
    } catch (err) {
      this.repo.deleteSession(id);
      throw err;
    }
    return this.info(id);
  }

  /** Restarts the listener of a session that was not ended (after a crash or a restart). */
  async resume(id: string): Promise<ClassroomInfo> {
    this.open(id);
    if (!this.running.has(id)) {
      if (this.live()) throw new LedeError('conflict', 'A classroom session is already running. End it before resuming another.');
      await this.stopEnded();
      await this.listen(id);
    }
    return this.info(id);
  }

  private async listen(id: string): Promise<void> {
    const serve = this.deps.serve;
    if (!serve) throw new LedeError('unavailable', 'Live classroom sessions are not available here.');
    const r = this.row(id);
    const start = (port: number) =>
      serve({
        handlers: this.deps.handlers(id),
        staticDir: this.deps.staticDir,
        host: r.host,
        port,
        allowedHosts: allowedHosts(r.host),
        ...(this.deps.log ? { log: this.deps.log } : {}),
        maxConnections: CLASSROOM_LIMITS.connections,
        maxConnectionsPerAddress: CLASSROOM_LIMITS.connectionsPerAddress,
        limitAddress: (ip) => this.deps.limitLoopback === true || !isLoopback(ip),
        events: this.deps.streams.source(id),
      });
    let server: Awaited<ReturnType<ServeClassroom>>;
    try {
      server = await start(r.port);
    } catch (err) {
      // The old port may be taken after a restart: take any free one.
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && r.port !== 0) server = await start(0);
      else if ((err as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') throw new LedeError('unavailable', `The network address ${r.host} is not available now.`);
      else throw err;
    }
    this.repo.setPort(id, server.port);
    this.deps.streams.open(id);
    this.running.set(id, server);
    this.deps.changed();
  }

  info(id: string): ClassroomInfo {
    const r = this.row(id);
    const urls = sessionUrls(r.host, r.port);
    return {
      id: r.id,
      joinCode: r.joinCode,
      urls,
      qrSvg: qrSvg(urls[0]!),
      className: this.deps.classes.get(r.classId).name,
      lessonId: r.lessonId,
      lessonTitle: this.deps.store.lessonVersion(r.lessonVersionId).title,
      pacing: r.pacing,
      step: r.currentStep,
      paused: r.paused,
      revealed: r.revealed,
      allowNewNames: r.allowNewNames,
      startedAt: r.startedAt,
      running: this.running.has(id) && !r.endedAt,
    };
  }

  /** What students see of the session: sent on their event stream and with their calls. */
  state(id: string): ClassroomStateDto {
    const r = this.row(id);
    return {
      sessionId: id,
      className: this.deps.classes.get(r.classId).name,
      lessonTitle: this.deps.store.lessonVersion(r.lessonVersionId).title,
      pacing: r.pacing,
      step: r.currentStep,
      paused: r.paused,
      revealed: r.revealed,
      ended: r.endedAt !== null,
    };
  }

  unfinished() {
    return this.repo.unfinished().map((r) => ({ ...r, running: this.running.has(r.id) }));
  }

  /**
   * Ends the session: in one transaction it is marked ended and every student's attempt
   * is handed in as it stands (each step not checked yet is checked with what it has,
   * then the attempt is finished), so results say finished and each student's screen
   * shows their summary. Students' event streams get the ended state and are closed;
   * the listener stays up (every change refused) so that screens can fetch their
   * summary, until another session starts or Lede stops.
   */
  async end(id: string): Promise<void> {
    this.open(id);
    const { store } = this.deps;
    this.repo.transaction(() => {
      this.repo.endSession(id, new Date().toISOString());
      for (const attemptId of this.repo.attemptIds(id)) store.handIn(attemptId);
    });
    this.deps.streams.broadcast(id);
    this.deps.streams.close(id);
    this.deps.changed();
    for (const f of [...this.endedListeners]) f(id);
  }

  private async stop(id: string): Promise<void> {
    const server = this.running.get(id);
    if (!server) return;
    this.deps.streams.close(id);
    this.running.delete(id);
    await server.close();
  }

  /** Stops every listener without ending the sessions (the app is quitting): they can be resumed. */
  async close(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id);
  }

  control(id: string, action: ClassroomControl, step?: number, exerciseId?: string): void {
    const r = this.open(id);
    const lesson = this.deps.store.lessonVersion(r.lessonVersionId);
    switch (action) {
      case 'teacher-paced':
      case 'student-paced':
        this.repo.setPacing(id, action === 'teacher-paced' ? 'teacher' : 'student');
        break;
      case 'go-to-step':
        if (step === undefined || step < 0 || step > lesson.exercises.length + 1) throw new LedeError('invalid_input', 'That step does not exist in this lesson.');
        this.repo.setStep(id, step);
        break;
      case 'pause':
      case 'resume':
        this.repo.setPaused(id, action === 'pause');
        break;
      case 'reveal': {
        const ex = lesson.exercises.find((e) => e.id === exerciseId);
        if (!ex) throw new LedeError('invalid_input', 'Choose a step to reveal.');
        // An evidence step's reports would give the highlight steps' answers away: those are revealed first.
        if (ex.kind === 'evidence') {
          const waiting = evidencePrerequisites(lesson, ex.id).filter((e) => !r.revealed.includes(e.id));
          if (waiting.length > 0) {
            throw new LedeError('conflict', `Reveal ${waiting.map((e) => `“${e.title}”`).join(', ')} first: the reports of “${ex.title}” would give their answers away.`);
          }
        }
        // Revealing a step checks it for everyone in the session: their answers are scored and locked.
        this.repo.transaction(() => {
          for (const attemptId of this.repo.attemptIds(id)) this.deps.store.submitExercise(attemptId, ex.id, { revealed: true });
          this.repo.setRevealed(id, [...new Set([...r.revealed, ex.id])]);
        });
        break;
      }
    }
    this.deps.streams.broadcast(id);
    this.deps.changed();
  }
}
