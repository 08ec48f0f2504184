import { toPublicLesson } from '../../shared/lesson.ts';
import type { DashboardDto } from '../../shared/teacher-api.ts';
import type { ClassroomSession } from '../db/classroom.ts';
import type { Store } from '../db/store.ts';
import { roundPoints } from '../scoring/attempt.ts';
import { nameTags } from '../teacher/name-tags.ts';
import type { ClassRecords } from './class-records.ts';
import { LiveHeat } from './live-heat.ts';

// The teacher's live dashboard: who has joined and is connected, where each student
// is, what they have checked and scored, and the current step's heat map. It is
// computed on demand and long-polled: a dashboard asks "since version N" and is
// answered as soon as something changes (changes are coalesced, and a busy class
// is recomputed at most every DASHBOARD_INTERVAL_MS).

export interface DashboardDeps {
  store: Store;
  classes: ClassRecords;
  row: (id: string) => ClassroomSession;
  info: (id: string) => DashboardDto['session'];
  /** The students with an event stream open. */
  connected: (id: string) => Set<string>;
  /** The session's projector token (see projector.ts). */
  projectorToken: (id: string) => string;
}

/** How long a long-poll waits for a change before answering with the dashboard as it is. */
const LONG_POLL_MS = 20_000;
/** Changes arriving within this time wake waiting dashboards once. */
const COALESCE_MS = 50;

export class Dashboard {
  /** A busy class changes many times a second: the dashboard is recomputed at most this often. */
  static readonly INTERVAL_MS = 400;
  private readonly deps: DashboardDeps;
  private readonly heat: LiveHeat;
  private version = 1;
  private readonly waiters = new Set<() => void>();
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private cache: { id: string; version: number; value: DashboardDto; at: number } | null = null;

  constructor(deps: DashboardDeps) {
    this.deps = deps;
    this.heat = new LiveHeat(deps.store.classroom);
  }

  /** A student's answers changed: their part of the heat map is recomputed on the next update. */
  touched(attemptId: string): void {
    this.heat.touched(attemptId);
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
    }, COALESCE_MS);
  }

  /** The dashboard now, or (with `since`) as soon as it differs from that version, waiting at most 20 s. */
  async get(id: string, since?: number): Promise<DashboardDto> {
    if (since !== undefined && since >= this.version) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiters.delete(done);
          resolve();
        }, LONG_POLL_MS);
        this.waiters.add(done);
      });
    }
    if (this.cache && this.cache.id === id) {
      if (this.cache.version === this.version) return this.cache.value;
      const wait = this.cache.at + Dashboard.INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const value = this.compute(id);
    this.cache = { id, version: value.version, value, at: Date.now() };
    return value;
  }

  private compute(id: string): DashboardDto {
    const version = this.version;
    const { store, classes } = this.deps;
    const repo = store.classroom;
    const r = this.deps.row(id);
    const lesson = store.lessonVersion(r.lessonVersionId);
    const roster = classes.roster(r.classId);
    // Students of the same name told apart: the teacher's tag, and the one students see on the join list.
    const tags = nameTags(roster);
    const studentTags = nameTags(roster, 'students');
    const seats = new Map(repo.seats(id).map((m) => [m.studentId, m]));
    const steps = repo.attemptSteps(id);
    const results = repo.results(id);
    const byAttempt = new Map<string, typeof results>();
    for (const x of results) {
      let l = byAttempt.get(x.attemptId);
      if (!l) byAttempt.set(x.attemptId, (l = []));
      l.push(x);
    }
    const connected = this.deps.connected(id);
    const current = lesson.exercises[r.currentStep - 1];
    const attemptIds = [...seats.values()].map((m) => m.attemptId);
    let heat: DashboardDto['heat'] = null;
    let marks = new Map<string, number>();
    if (current?.kind === 'highlight') {
      const h = this.heat.update(id, lesson, current, attemptIds);
      heat = h.heat;
      marks = h.marks;
    }
    let choices: DashboardDto['choices'] = null;
    if (current?.kind === 'choice') {
      const answers = repo.choices(current.id, attemptIds);
      choices = {
        exerciseId: current.id,
        answered: answers.length,
        options: current.options.map((o) => ({ id: o.id, text: o.text, count: answers.filter((a) => a.includes(o.id)).length, correct: o.correct })),
      };
    }
    return {
      version,
      session: this.deps.info(id),
      lesson: toPublicLesson(lesson),
      // Every seat taken in the session, released ones included: a student let join
      // again keeps their work here, so the steps they checked still count (and the
      // count of checked students never exceeds this).
      joined: seats.size,
      projectorToken: this.deps.projectorToken(id),
      steps: lesson.exercises.map((e) => {
        const done = results.filter((x) => x.exerciseId === e.id && x.status !== 'pending');
        const checked = new Set(results.filter((x) => x.exerciseId === e.id).map((x) => x.attemptId)).size;
        return {
          id: e.id,
          title: e.title,
          kind: e.kind,
          points: e.points,
          checked,
          average: done.length ? roundPoints(done.reduce((t, x) => t + (x.points ?? 0), 0) / done.length) : null,
        };
      }),
      roster: roster.map((s) => {
        const m = seats.get(s.id);
        const rs = m ? (byAttempt.get(m.attemptId) ?? []) : [];
        return {
          studentId: s.id,
          displayName: s.displayName,
          tag: tags.get(s.id) ?? null,
          studentTag: studentTags.get(s.id) ?? null,
          joined: Boolean(m?.tokenHash),
          typed: m?.typed === true,
          rejoinCode: m && !m.tokenHash ? m.rejoinCode : null,
          connected: connected.has(s.id),
          step: m ? (steps.get(m.attemptId) ?? 0) : 0,
          checked: rs.map((x) => x.exerciseId),
          points: roundPoints(rs.reduce((t, x) => t + (x.points ?? 0), 0)),
          marks: m ? (marks.get(m.attemptId) ?? 0) : 0,
        };
      }),
      heat,
      choices,
    };
  }
}
