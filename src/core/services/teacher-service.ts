import type { z } from 'zod';
import type { TeacherApiName } from '../../shared/api-names.ts';
import { LedeError } from '../../shared/errors.ts';
import { toPublicLesson } from '../../shared/lesson.ts';
import type { ReviewDto, TeacherApiDef } from '../../shared/teacher-api.ts';
import type { Store } from '../db/store.ts';
import { lanInterfaces, type ClassroomManager } from '../classroom/manager.ts';
import { importBackup, parseBackup } from '../export/backup.ts';
import type { ExportJobs } from '../export/jobs.ts';
import { roundPoints, scoreExercise } from '../scoring/attempt.ts';
import { Classes } from '../teacher/classes.ts';
import { checkPinFormat, PinGate, pinIsSet, setPin } from '../teacher/pin.ts';
import { idleLockMinutes, setIdleLockMinutes, type TeacherSessions } from '../teacher/sessions.ts';
import { lessonResults } from '../teacher/results.ts';
import { importRoster, parseRoster, planRoster } from '../teacher/roster-csv.ts';
import { toFeedback } from './lede-service.ts';

import type { CallContext } from './context.ts';
export type { CallContext } from './context.ts';
export { NO_CONTEXT } from './context.ts';

type Out<K extends TeacherApiName> = z.output<TeacherApiDef[K]['output']>;
export type TeacherHandlers = {
  [K in TeacherApiName]: (input: z.output<TeacherApiDef[K]['input']>, ctx: CallContext) => Out<K> | Promise<Out<K>>;
};

export interface TeacherDeps {
  store: Store;
  jobs: ExportJobs;
  classroom: ClassroomManager;
  /** Where the teacher area is unlocked (the transports check it); changing the PIN ends every session. */
  sessions?: TeacherSessions;
  /** Desktop only: a save dialog for a finished export. */
  saveExport?: (file: { path: string; fileName: string }) => Promise<{ saved: boolean; path?: string }>;
}

const ok = { ok: true as const };

export function createTeacherHandlers({ store, jobs, classroom, sessions, saveExport }: TeacherDeps): TeacherHandlers {
  const db = store.db;
  const classes = new Classes(db);
  const gate = new PinGate(db);
  const status = (ctx: CallContext, unlocked = ctx.teacher) => ({
    pinSet: pinIsSet(db),
    unlocked,
    mayChoosePin: ctx.mayChoosePin === true,
    idleLockMinutes: idleLockMinutes(db),
    waitSeconds: gate.waitSeconds(),
  });

  return {
    teacherStatus: (_i, ctx) => status(ctx),

    async setTeacherPin({ pin, currentPin }, ctx) {
      checkPinFormat(pin);
      if (pinIsSet(db)) {
        if (!ctx.teacher) throw new LedeError('forbidden', 'Unlock the teacher area before changing the PIN.');
        if (!(await gate.verify(currentPin ?? ''))) throw new LedeError('forbidden', 'The current PIN is not right.');
      } else if (!ctx.mayChoosePin) {
        throw new LedeError(
          'forbidden',
          'The teacher PIN is chosen on the computer that runs Lede: in the desktop app, or with the one-time set-up link that “lede serve” printed when it started.',
        );
      }
      const first = !pinIsSet(db);
      await setPin(db, pin);
      // A new PIN ends every other unlocked screen.
      sessions?.revokeAll();
      if (first) ctx.pinChosen?.();
      ctx.grantTeacher();
      return status(ctx, true);
    },

    async unlockTeacher({ pin }, ctx) {
      if (!pinIsSet(db)) throw new LedeError('conflict', 'No teacher PIN has been chosen yet.');
      if (!(await gate.verify(pin))) {
        const wait = gate.waitSeconds();
        throw new LedeError('forbidden', wait > 0 ? `That PIN is not right. Too many wrong PINs: try again in ${wait} seconds.` : 'That PIN is not right.');
      }
      ctx.grantTeacher();
      return status(ctx, true);
    },

    lockTeacher: (_i, ctx) => {
      ctx.revokeTeacher();
      return status(ctx, false);
    },

    setIdleLock: ({ minutes }, ctx) => {
      setIdleLockMinutes(db, minutes);
      return status(ctx);
    },

    listClasses: () => classes.list(),
    createClass: ({ name }) => classes.create(name),
    renameClass: ({ classId, name }) => classes.rename(classId, name),
    deleteClass: ({ classId }) => (classes.delete(classId), ok),
    classRoster: ({ classId }) => classes.roster(classId),

    allProfiles: () => {
      const rows = db
        .prepare(
          `SELECT s.id, s.display_name AS displayName, s.roster_id AS rosterId, group_concat(c.name, char(31)) AS classes
           FROM students s LEFT JOIN class_members m ON m.student_id = s.id LEFT JOIN classes c ON c.id = m.class_id
           GROUP BY s.id ORDER BY s.display_name COLLATE NOCASE`,
        )
        .all() as { id: string; displayName: string; rosterId: string | null; classes: string | null }[];
      return rows.map((r) => ({ ...r, classes: r.classes ? r.classes.split('\u001f') : [] }));
    },

    addStudent: ({ classId, displayName, rosterId }) => classes.addStudent(classId, displayName, rosterId ?? null),
    enrollStudents: ({ classId, studentIds }) => {
      db.transaction(() => {
        for (const id of studentIds) {
          if (!db.prepare('SELECT 1 FROM students WHERE id = ?').get(id)) throw new LedeError('not_found', 'One of those students no longer exists.');
          classes.enroll(classId, id);
        }
      })();
      return ok;
    },
    unenrollStudent: ({ classId, studentId }) => (classes.unenroll(classId, studentId), ok),

    previewRoster: ({ classId, csv }) => {
      const plan = planRoster(classes, classId, parseRoster(csv));
      return { ...plan, rows: plan.rows.map(({ studentId: _, ...row }) => row) };
    },
    // The file is read and planned again here, not taken from the preview the client saw.
    importRoster: ({ classId, csv, renames, preview }) => importRoster(classes, classId, csv, renames, preview),

    renameStudent: ({ studentId, displayName }) => (classes.renameStudent(studentId, displayName), ok),
    setRosterId: ({ studentId, rosterId }) => (classes.setRosterId(studentId, rosterId), ok),
    mergeStudents: ({ keepId, duplicateId }) => (classes.merge(keepId, duplicateId), ok),
    deleteStudent: ({ studentId }) => (classes.deleteStudent(studentId), ok),

    classResults: ({ classId, lessonId }) => {
      classes.get(classId);
      return lessonResults(store, classId, lessonId);
    },

    reviewAttempt: ({ attemptId }): ReviewDto => {
      const attempt = store.attempt(attemptId);
      const lesson = store.lessonForAttempt(attemptId);
      const answers = store.answers(attemptId);
      const stored = new Map(
        (
          db.prepare('SELECT exercise_id, status, points, comment FROM results WHERE attempt_id = ?').all(attemptId) as {
            exercise_id: string;
            status: 'scored' | 'pending' | 'graded';
            points: number | null;
            comment: string | null;
          }[]
        ).map((r) => [r.exercise_id, r]),
      );
      const feedback: ReviewDto['feedback'] = {};
      const responses: ReviewDto['responses'] = {};
      for (const ex of lesson.exercises) {
        const s = stored.get(ex.id);
        feedback[ex.id] = toFeedback(scoreExercise(ex, answers[ex.id]), s ? { exerciseId: ex.id, status: s.status, points: s.points, maxPoints: ex.points, precision: null, recall: null, f1: null, submittedAt: '' } : undefined);
        const a = answers[ex.id];
        if (ex.kind !== 'highlight' && a) responses[ex.id] = a;
      }
      return {
        attempt: { id: attempt.id, number: attempt.number, startedAt: attempt.startedAt, updatedAt: attempt.updatedAt, finishedAt: attempt.finishedAt },
        student: (({ id, displayName }) => ({ id, displayName }))(store.student(attempt.studentId)),
        otherAttempts: store.attemptsFor(attempt.studentId, attempt.lessonId).map((a) => ({ id: a.id, number: a.number })),
        lesson: toPublicLesson(lesson),
        highlights: store.highlights(attemptId),
        responses,
        feedback,
        steps: lesson.exercises.map((ex) => {
          const s = stored.get(ex.id);
          return {
            exerciseId: ex.id,
            status: s?.status ?? 'not-checked',
            points: s?.points ?? null,
            comment: s?.comment ?? null,
            modelAnswer: ex.kind === 'short-answer' ? (ex.modelAnswer ?? null) : null,
          };
        }),
      };
    },

    gradeAnswer: ({ attemptId, exerciseId, points, comment }) => {
      const lesson = store.lessonForAttempt(attemptId);
      const ex = lesson.exercises.find((e) => e.id === exerciseId);
      if (!ex || ex.kind !== 'short-answer') throw new LedeError('invalid_input', 'Only written answers are graded by hand.');
      if (points > ex.points) throw new LedeError('invalid_input', `This answer is worth at most ${ex.points} points.`);
      const r = db
        .prepare(`UPDATE results SET status = 'graded', points = ?, graded_at = ?, comment = ? WHERE attempt_id = ? AND exercise_id = ? AND status IN ('pending', 'graded')`)
        .run(roundPoints(points), new Date().toISOString(), comment.trim() || null, attemptId, exerciseId);
      if (r.changes === 0) throw new LedeError('conflict', 'The student has not handed this answer in yet.');
      return ok;
    },

    startExport: ({ classId, lessonId, format }) => ({ jobId: jobs.start({ classId, ...(lessonId ? { lessonId } : {}) }, format) }),
    exportStatus: ({ jobId }) => jobs.status(jobId),
    cancelExport: ({ jobId }) => (jobs.cancel(jobId), ok),
    saveExport: async ({ jobId }) => {
      if (!saveExport) throw new LedeError('unavailable', 'Download the file from the export list instead.');
      return saveExport(jobs.file(jobId));
    },

    importBackup: ({ json }) => importBackup(store, parseBackup(json)),

    networkInterfaces: () => lanInterfaces(),
    startClassroom: (input) => classroom.start(input),
    classroomDashboard: ({ sessionId, since }) => classroom.dashboard(sessionId, since),
    classroomControl: ({ sessionId, action, step, exerciseId }) => (classroom.control(sessionId, action, step, exerciseId), ok),
    releaseStudent: ({ sessionId, studentId }) => classroom.release(sessionId, studentId),
    endClassroom: async ({ sessionId }) => (await classroom.end(sessionId), ok),
    unfinishedClassrooms: () => classroom.unfinished(),
    resumeClassroom: ({ sessionId }) => classroom.resume(sessionId),
  };
}
