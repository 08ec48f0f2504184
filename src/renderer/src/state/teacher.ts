import { create } from 'zustand';
import type { LessonCardDto } from '../../../shared/api.ts';
import type { TeacherStatusDto, ClassDto, ExportFormatId, GradebookColumns, ExportStatusDto, LessonResultsDto, ProfileDto, ReviewDto, RosterStudentDto } from '../../../shared/teacher-api.ts';
import { errorMessage } from '../../../shared/errors.ts';
import { api, onTeacherLocked, teacherApi } from '../api/client.ts';
import { DEFAULT_SORT, type RowFilter, type SortState } from '../features/teacher/results-table.ts';

export type { ExportFormatId, GradebookColumns };

export interface ExportJob extends ExportStatusDto {
  jobId: string;
  format: ExportFormatId;
  saved?: string;
}

export interface TeacherState {
  status: TeacherStatusDto | null;
  classes: ClassDto[];
  lessons: LessonCardDto[];
  classId: string | null;
  lessonId: string | null;
  roster: RosterStudentDto[];
  profiles: ProfileDto[];
  results: LessonResultsDto | null;
  review: ReviewDto | null;
  /** The step a review opens at (an answer to grade), for that attempt. */
  reviewFocus: { attemptId: string; exerciseId: string } | null;
  /** How the results table is sorted and filtered; grading goes through the answers in this order. */
  resultsSort: SortState;
  resultsFilter: RowFilter;
  jobs: ExportJob[];
  problem: string | null;
  notice: string | null;

  load: () => Promise<void>;
  unlock: (pin: string) => Promise<void>;
  choosePin: (pin: string) => Promise<void>;
  lock: () => Promise<void>;
  setIdleLock: (minutes: number) => Promise<void>;
  changePin: (currentPin: string, pin: string) => Promise<void>;
  refresh: () => Promise<void>;
  openClass: (classId: string | null) => Promise<void>;
  chooseLesson: (lessonId: string) => Promise<void>;
  openReview: (attemptId: string) => Promise<void>;
  /** Focus on one step of an attempt (a written answer to grade); the caller then navigates to the attempt. */
  focusAnswer: (attemptId: string, exerciseId: string | null) => void;
  /** The class's results again (after a grade), without touching the roster. */
  reloadResults: () => Promise<void>;
  sortResults: (sort: SortState) => void;
  filterResults: (filter: RowFilter) => void;
  run: <T>(f: () => Promise<T>, notice?: (r: T) => string) => Promise<T | undefined>;
  /** columns: the gradebook CSV's, one per lesson (the default) or one per step. */
  startExport: (format: ExportFormatId, columns?: GradebookColumns) => Promise<void>;
  cancelExport: (jobId: string) => Promise<void>;
  saveExport: (jobId: string) => Promise<void>;
  say: (notice: string | null, problem?: string | null) => void;
  /** Takes a success message away (on leaving the tab it was about); a problem stays. */
  clearNotice: () => void;
}

/** What a locked teacher area keeps: nothing about students. */
const LOCKED = { classes: [], roster: [], results: null, review: null, profiles: [], jobs: [] };

export const useTeacher = create<TeacherState>()((set, get) => {
  // The area locked itself (idle, or the PIN was changed elsewhere): back to the PIN screen, with nothing left on it.
  onTeacherLocked(() => {
    const status = get().status;
    if (status?.unlocked) {
      set({ ...LOCKED, status: { ...status, unlocked: false }, notice: `The teacher area locked itself after ${status.idleLockMinutes} minutes without activity, or because the PIN was changed. Enter your PIN to go on.` });
    }
  });

  const poll = (jobId: string) => {
    // Never rejects: a failure becomes the problem shown. So the timers fire and forget it.
    const tick = async () => {
      try {
        const s = await teacherApi.exportStatus({ jobId });
        set({ jobs: get().jobs.map((j) => (j.jobId === jobId ? { ...j, ...s } : j)) });
        if (s.state === 'running') setTimeout(() => void tick(), 300);
      } catch (e) {
        set({ problem: errorMessage(e) });
      }
    };
    setTimeout(() => void tick(), 150);
  };

  return {
    status: null,
    classes: [],
    lessons: [],
    classId: null,
    lessonId: null,
    roster: [],
    profiles: [],
    results: null,
    review: null,
    reviewFocus: null,
    resultsSort: DEFAULT_SORT,
    resultsFilter: 'all',
    jobs: [],
    problem: null,
    notice: null,

    async load() {
      const status = await teacherApi.teacherStatus({});
      set({ status });
      if (status.unlocked) await get().refresh();
    },

    async unlock(pin) {
      const status = await teacherApi.unlockTeacher({ pin });
      set({ status, problem: null, notice: null });
      await get().refresh();
    },

    async choosePin(pin) {
      const status = await teacherApi.setTeacherPin({ pin });
      set({ status, problem: null, notice: null });
      await get().refresh();
    },

    async lock() {
      const status = await teacherApi.lockTeacher({});
      set({ ...LOCKED, status, notice: null, problem: null });
    },

    async setIdleLock(minutes) {
      const status = await get().run(() => teacherApi.setIdleLock({ minutes }), () => `The teacher area now locks itself after ${minutes} minutes without activity.`);
      if (status) set({ status });
    },

    async changePin(currentPin, pin) {
      const status = await teacherApi.setTeacherPin({ pin, currentPin });
      set({ status, notice: 'The PIN has been changed. Every other screen where the teacher area was open is locked.', problem: null });
    },

    async refresh() {
      const [classes, lessons] = await Promise.all([teacherApi.listClasses({}), api.listLessons({})]);
      const lessonId = get().lessonId ?? lessons[0]?.id ?? null;
      set({ classes, lessons, lessonId });
      const classId = get().classId;
      if (classId && classes.some((c) => c.id === classId)) await get().openClass(classId);
      else if (classId) set({ classId: null, roster: [], results: null });
    },

    async openClass(classId) {
      set({ classId, review: null, problem: null });
      if (!classId) return set({ roster: [], results: null });
      const lessonId = get().lessonId;
      const [roster, profiles, results] = await Promise.all([
        teacherApi.classRoster({ classId }),
        teacherApi.allProfiles({}),
        lessonId ? teacherApi.classResults({ classId, lessonId }) : Promise.resolve(null),
      ]);
      // Results only for the lesson still chosen: a call made before the lessons were loaded (no lesson) must not blank newer ones.
      if (get().classId === classId) set(get().lessonId === lessonId ? { roster, profiles, results } : { roster, profiles });
    },

    async chooseLesson(lessonId) {
      set({ lessonId });
      const classId = get().classId;
      if (classId) set({ results: await teacherApi.classResults({ classId, lessonId }) });
    },

    async openReview(attemptId) {
      set({ review: await teacherApi.reviewAttempt({ attemptId }), problem: null });
    },

    focusAnswer(attemptId, exerciseId) {
      set({ reviewFocus: exerciseId ? { attemptId, exerciseId } : null });
    },

    async reloadResults() {
      const { classId, lessonId } = get();
      if (!classId || !lessonId) return;
      const results = await teacherApi.classResults({ classId, lessonId });
      if (get().classId === classId && get().lessonId === lessonId) set({ results });
    },

    sortResults(resultsSort) {
      set({ resultsSort });
    },

    filterResults(resultsFilter) {
      set({ resultsFilter });
    },

    async run(f, notice) {
      try {
        const r = await f();
        set({ problem: null, notice: notice ? notice(r) : null });
        return r;
      } catch (e) {
        set({ problem: errorMessage(e), notice: null });
        return undefined;
      }
    },

    async startExport(format, columns) {
      const { classId, lessonId } = get();
      if (!classId) return;
      const perLesson = format !== 'json' && lessonId;
      const r = await get().run(() => teacherApi.startExport({ classId, format, ...(perLesson ? { lessonId } : {}), ...(format === 'gradebook-csv' && columns ? { columns } : {}) }));
      if (!r) return;
      set({ jobs: [{ jobId: r.jobId, format, state: 'running', progress: 0, fileName: '', elapsedMs: 0 }, ...get().jobs] });
      poll(r.jobId);
    },

    async cancelExport(jobId) {
      await get().run(() => teacherApi.cancelExport({ jobId }));
    },

    async saveExport(jobId) {
      const r = await get().run(() => teacherApi.saveExport({ jobId }));
      if (r?.saved && r.path) set({ jobs: get().jobs.map((j) => (j.jobId === jobId ? { ...j, saved: r.path } : j)) });
    },

    say(notice, problem = null) {
      set({ notice, problem });
    },
    clearNotice() {
      if (get().notice !== null) set({ notice: null });
    },
  };
});
