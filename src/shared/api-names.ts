// The names of the API's calls, without their schemas, so that the preload script
// can expose one named function per call without bundling zod.
export const API_NAMES = [
  'listStudents',
  'createStudent',
  'similarProfiles',
  'listLessons',
  'openLesson',
  'newAttempt',
  'getAttempt',
  'putHighlight',
  'deleteHighlight',
  'putResponse',
  'setStep',
  'putReaction',
  'checkStep',
  'finishAttempt',
  'handIn',
  'selfCheckAnswer',
  'serverInfo',
  'classroomJoin',
  'classroomPick',
  'classroomMe',
] as const;

export type ApiName = (typeof API_NAMES)[number];

/** The IPC channel every call travels on; the preload never exposes it. */
export const IPC_CHANNEL = 'lede:call';
/** Desktop only: open a classroom session's address in its own window. */
export const OPEN_CLASSROOM_CHANNEL = 'lede:open-classroom';
/** Desktop only: open a live session's projector view in a window of its own. */
export const OPEN_PROJECTOR_CHANNEL = 'lede:open-projector';

/** A classroom address a student may open: http(s) on this computer or a private network. */
export function classroomAddress(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(raw.trim()) ? raw.trim() : `http://${raw.trim()}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const h = url.hostname;
  const privateV4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.)/.test(h);
  const local = h === 'localhost' || h.endsWith('.local') || h.endsWith('.lan');
  return privateV4 || local ? url : null;
}

/** The teacher's calls (src/shared/teacher-api.ts). */
export const TEACHER_API_NAMES = [
  'teacherStatus',
  'setTeacherPin',
  'unlockTeacher',
  'lockTeacher',
  'setIdleLock',
  'listClasses',
  'createClass',
  'renameClass',
  'deleteClass',
  'classRoster',
  'allProfiles',
  'addStudent',
  'enrollStudents',
  'unenrollStudent',
  'previewRoster',
  'importRoster',
  'renameStudent',
  'setRosterId',
  'mergeStudents',
  'deleteStudent',
  'classResults',
  'reviewAttempt',
  'rescorePreview',
  'rescoreLesson',
  'gradeAnswer',
  'listAssignments',
  'saveAssignment',
  'closeAssignment',
  'releaseKey',
  'deleteAssignment',
  'setLessonInLibrary',
  'libraryLessons',
  'startExport',
  'exportStatus',
  'cancelExport',
  'saveExport',
  'previewBackup',
  'importBackup',
  'networkInterfaces',
  'startClassroom',
  'classroomDashboard',
  'classroomProjector',
  'classroomControl',
  'releaseStudent',
  'endClassroom',
  'unfinishedClassrooms',
  'resumeClassroom',
  // The lesson studio (src/shared/studio-api.ts).
  'studioLessons',
  'studioTemplates',
  'studioExtract',
  'studioCreate',
  'studioCopy',
  'studioOpen',
  'studioCheck',
  'studioSave',
  'studioSuggest',
  'studioPreview',
  'studioPreviewCheck',
  'studioExport',
  'studioImport',
  'studioDelete',
] as const;

export type TeacherApiName = (typeof TEACHER_API_NAMES)[number];

export const ALL_API_NAMES = [...API_NAMES, ...TEACHER_API_NAMES] as const;
export type AnyApiName = ApiName | TeacherApiName;
