import { lanInterfaces } from '../../classroom/network.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

// Live classroom sessions, run by the classroom manager.

export type ClassroomHandlers = HandlersFor<
  | 'networkInterfaces'
  | 'startClassroom'
  | 'classroomDashboard'
  | 'classroomProjector'
  | 'classroomControl'
  | 'releaseStudent'
  | 'endClassroom'
  | 'unfinishedClassrooms'
  | 'resumeClassroom'
>;

export function classroomHandlers({ classroom }: Pick<TeacherDeps, 'classroom'>): ClassroomHandlers {
  return {
    networkInterfaces: () => lanInterfaces(),
    startClassroom: (input) => classroom.start(input),
    classroomDashboard: ({ sessionId, since }) => classroom.dashboard(sessionId, since),
    // Not behind the PIN (see projector.ts): the projector token decides, and the view holds only what students may see.
    classroomProjector: ({ sessionId, token, since }) => classroom.projector(sessionId, token, since),
    classroomControl: ({ sessionId, action, step, exerciseId }) => (classroom.control(sessionId, action, step, exerciseId), ok),
    releaseStudent: ({ sessionId, studentId }) => classroom.release(sessionId, studentId),
    endClassroom: async ({ sessionId }) => (await classroom.end(sessionId), ok),
    unfinishedClassrooms: () => classroom.unfinished(),
    resumeClassroom: ({ sessionId }) => classroom.resume(sessionId),
  };
}
