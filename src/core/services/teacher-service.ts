import type { TeacherApiName } from '../../shared/api-names.ts';
import { assignmentHandlers, type AssignmentHandlers } from './teacher/assignments.ts';
import { classHandlers, type ClassHandlers } from './teacher/classes.ts';
import { classroomHandlers, type ClassroomHandlers } from './teacher/classroom.ts';
import { exportHandlers, type ExportHandlers } from './teacher/exports.ts';
import { gradingHandlers, type GradingHandlers } from './teacher/grading.ts';
import { pinHandlers, type PinHandlers } from './teacher/pin.ts';
import { studioHandlers, type StudioHandlers } from './teacher/studio.ts';
import type { HandlersFor, TeacherDeps } from './teacher/types.ts';

export type { CallContext } from './context.ts';
export { NO_CONTEXT } from './context.ts';
export type { TeacherDeps } from './teacher/types.ts';

// The teacher's calls: one table combining the handlers of each domain (see
// teacher/types.ts).

/** Every teacher call of the contract, answered by exactly one domain's handlers. */
export type TeacherHandlers = PinHandlers & ClassHandlers & AssignmentHandlers & GradingHandlers & ExportHandlers & ClassroomHandlers & StudioHandlers;

// Checked when compiling: the domains together answer every call, and no call twice
// (a missing or doubled call makes this type an error).
type Domains = [PinHandlers, ClassHandlers, AssignmentHandlers, GradingHandlers, ExportHandlers, ClassroomHandlers, StudioHandlers];
type Overlap<T extends unknown[], Seen = never> = T extends [infer H, ...infer R] ? (keyof H & Seen) | Overlap<R, Seen | keyof H> : never;
type Assert<T extends true> = T;
export type EveryTeacherCallOnce = Assert<[Exclude<TeacherApiName, keyof TeacherHandlers>, Overlap<Domains>] extends [never, never] ? true : false>;

export function createTeacherHandlers(deps: TeacherDeps): TeacherHandlers {
  const table: HandlersFor<TeacherApiName> = {
    ...pinHandlers(deps),
    ...classHandlers(deps),
    ...assignmentHandlers(deps),
    ...gradingHandlers(deps),
    ...exportHandlers(deps),
    ...classroomHandlers(deps),
    ...studioHandlers(deps),
  };
  return table;
}
