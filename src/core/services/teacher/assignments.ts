import { LedeError } from '../../../shared/errors.ts';
import type { AssignmentDto } from '../../../shared/teacher-api.ts';
import { keyHeld, phase, settingsProblem, type AssignmentRecord, type AssignmentSettings } from '../../assignments/policy.ts';
import type { Store } from '../../db/store.ts';
import { settleOverdue } from '../assignment-rules.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

// Assignments: a lesson given to a class, with its dates, attempts, the attempt that
// counts and when the key is shown; and whether a lesson is in every student's library.

export type AssignmentHandlers = HandlersFor<'listAssignments' | 'saveAssignment' | 'closeAssignment' | 'releaseKey' | 'deleteAssignment' | 'setLessonInLibrary' | 'libraryLessons'>;

export function toAssignmentDto(store: Store, a: AssignmentRecord, now: Date): AssignmentDto {
  const attempts = store.assignments.attempts(a.id);
  const members = new Set(store.classes.members(a.classId).map((m) => m.id));
  const ofMembers = attempts.filter((x) => members.has(x.studentId));
  return {
    id: a.id,
    classId: a.classId,
    lessonId: a.lessonId,
    lessonTitle: store.lessonVersion(store.currentVersionId(a.lessonId)).title,
    opensAt: a.opensAt,
    dueAt: a.dueAt,
    maxAttempts: a.maxAttempts,
    counts: a.counts,
    keyShown: a.keyShown,
    keyReleasedAt: a.keyReleasedAt,
    phase: phase(a, now),
    // For a student who has handed in their last attempt: is the key shown to them now?
    keyOpen: keyHeld(a, { finishedAt: now.toISOString() }, now, a.maxAttempts ?? Infinity) === null,
    students: members.size,
    started: new Set(ofMembers.map((x) => x.studentId)).size,
    handedIn: new Set(ofMembers.filter((x) => x.finishedAt !== null).map((x) => x.studentId)).size,
    inLibrary: store.assignments.inLibrary(a.lessonId),
  };
}

export function assignmentHandlers({ store }: Pick<TeacherDeps, 'store'>): AssignmentHandlers {
  const find = (id: string) => {
    const a = store.assignments.get(id);
    if (!a) throw new LedeError('not_found', 'That assignment no longer exists.');
    return a;
  };
  const dto = (id: string) => {
    const now = new Date();
    settleOverdue(store, now);
    return toAssignmentDto(store, find(id), now);
  };
  return {
    listAssignments: ({ classId }) => {
      store.classes.get(classId);
      const now = new Date();
      settleOverdue(store, now);
      return store.assignments.ofClass(classId).map((a) => toAssignmentDto(store, a, now));
    },

    saveAssignment: ({ classId, lessonId, assignmentId, ...input }) => {
      store.classes.get(classId);
      store.currentVersionId(lessonId); // a lesson that does not exist is refused
      const settings: AssignmentSettings = {
        opensAt: new Date(input.opensAt).toISOString(),
        dueAt: input.dueAt === null ? null : new Date(input.dueAt).toISOString(),
        maxAttempts: input.maxAttempts,
        counts: input.counts,
        keyShown: input.keyShown,
      };
      const problem = settingsProblem(settings);
      if (problem) throw new LedeError('invalid_input', problem);
      const at = new Date().toISOString();
      if (assignmentId) {
        const a = find(assignmentId);
        if (a.classId !== classId || a.lessonId !== lessonId) throw new LedeError('invalid_input', 'An assignment keeps its class and lesson: assign the other lesson separately.');
        store.assignments.update(a.id, settings, at);
        return dto(a.id);
      }
      const existing = store.assignments.ofClassLesson(classId, lessonId);
      if (existing) throw new LedeError('conflict', 'This lesson is already assigned to this class: change that assignment instead.');
      return dto(store.assignments.create(classId, lessonId, settings, at).id);
    },

    closeAssignment: ({ assignmentId }) => {
      const a = find(assignmentId);
      const now = new Date();
      // Closing early moves the due date to now; one already past stays as it was.
      if (a.dueAt === null || Date.parse(a.dueAt) > now.getTime()) {
        if (Date.parse(a.opensAt) >= now.getTime()) throw new LedeError('conflict', 'This assignment has not opened yet: remove it instead of closing it.');
        store.assignments.setDue(a.id, now.toISOString(), now.toISOString());
      }
      return dto(a.id);
    },

    releaseKey: ({ assignmentId }) => {
      const a = find(assignmentId);
      if (a.keyShown !== 'on-release') throw new LedeError('conflict', 'This assignment shows its key by its own rule; releasing is for an assignment whose key you release.');
      // Released while students are still at work, the key would reach attempts in progress step by step.
      if (phase(a, new Date()) !== 'closed') throw new LedeError('conflict', 'Close the assignment first (Close now): students still at work would see the key as they check each step.');
      store.assignments.release(a.id, new Date().toISOString());
      return dto(a.id);
    },

    deleteAssignment: ({ assignmentId }) => {
      const a = find(assignmentId);
      const started = new Set(store.assignments.attempts(a.id).map((x) => x.studentId)).size;
      if (started > 0) {
        throw new LedeError('conflict', `${started === 1 ? 'A student has' : `${started} students have`} started this assignment: close it instead, so their work and grades stay.`);
      }
      store.assignments.delete(a.id);
      return ok;
    },

    libraryLessons: () => {
      const kept = store.assignments.keptBack();
      const assigned = new Map<string, string[]>();
      for (const a of store.assignments.all()) assigned.set(a.lessonId, [...(assigned.get(a.lessonId) ?? []), a.className]);
      return store.listLessons().map((l) => ({ lessonId: l.lessonId, title: l.title, inLibrary: !kept.has(l.lessonId), assignedTo: assigned.get(l.lessonId) ?? [] }));
    },

    setLessonInLibrary: ({ lessonId, inLibrary }) => {
      store.currentVersionId(lessonId);
      store.assignments.setInLibrary(lessonId, inLibrary);
      return ok;
    },
  };
}
