// The names of the API's calls, without their schemas, so that the preload script
// can expose one named function per call without bundling zod.
export const API_NAMES = [
  'listStudents',
  'createStudent',
  'listLessons',
  'openLesson',
  'newAttempt',
  'getAttempt',
  'putHighlight',
  'deleteHighlight',
  'putResponse',
  'setStep',
  'checkStep',
  'finishAttempt',
] as const;

export type ApiName = (typeof API_NAMES)[number];

/** The IPC channel every call travels on; the preload never exposes it. */
export const IPC_CHANNEL = 'lede:call';
