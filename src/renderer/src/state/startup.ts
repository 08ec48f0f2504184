// The answers api/boot.ts asked for before this code arrived, taken once by the store's init.
// An answer that did not come (boot.js missing, the network failed) is asked for again here,
// so the app starts the same way with or without it.
import type { AttemptStateDto, StudentProfileDto } from '../../../shared/api.ts';
import type { Envelope } from '../../../shared/errors.ts';
import { api, unwrap } from '../api/client.ts';

type Early = Promise<Envelope<unknown> | null>;

declare global {
  interface Window {
    /** Undefined until boot.js runs; null once the app has taken its start (boot.js, run late, then asks for nothing). */
    __ledeStartup?: { info: Early; students: Early; lesson: { studentId: string; lessonId: string; attempt: Early } | null } | null;
  }
}

export interface Startup {
  info: Promise<{ mode: 'app' | 'classroom' | 'dashboard' }>;
  /** Undefined where the server refuses the list (a classroom's server). */
  students: Promise<StudentProfileDto[] | undefined>;
  /** The lesson the address named, opened for the student this window last had. */
  lesson: { studentId: string; lessonId: string; attempt: Promise<AttemptStateDto> } | null;
}

function answer<T>(early: Early | undefined, again: () => Promise<T>): Promise<T> {
  if (!early) return again();
  return early.then((env) => (env ? (unwrap(env) as T) : again()));
}

export function takeStartup(): Startup {
  const early = window.__ledeStartup ?? undefined;
  window.__ledeStartup = null;
  const lesson = early?.lesson
    ? {
        studentId: early.lesson.studentId,
        lessonId: early.lesson.lessonId,
        attempt: answer(early.lesson.attempt, () => api.openLesson({ studentId: early.lesson!.studentId, lessonId: early.lesson!.lessonId })),
      }
    : null;
  lesson?.attempt.catch(() => {}); // a refusal is met again, and shown, when the lesson is opened for real
  return {
    info: answer(early?.info, () => api.serverInfo({})),
    students: answer(early?.students, () => api.listStudents({})).catch(() => undefined),
    lesson,
  };
}
