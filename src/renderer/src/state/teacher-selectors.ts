// Named selectors for the teacher area's store (see selectors.ts for the app's):
// `useTeacher(selectRun)`, or `useTeacher(useShallow(selectClassView))` for several values.
import type { TeacherState } from './teacher.ts';

export const selectRun = (s: TeacherState) => s.run;
export const selectRefresh = (s: TeacherState) => s.refresh;
export const selectSay = (s: TeacherState) => s.say;
export const selectTeacherClassId = (s: TeacherState) => s.classId;

export const selectTeacherArea = (s: TeacherState) => ({
  status: s.status,
  load: s.load,
  lock: s.lock,
  openClass: s.openClass,
  openReview: s.openReview,
  problem: s.problem,
  notice: s.notice,
  say: s.say,
});
export const selectPinGate = (s: TeacherState) => ({ status: s.status, unlock: s.unlock, choosePin: s.choosePin, notice: s.notice });
export const selectTeacherSettings = (s: TeacherState) => ({ status: s.status, setIdleLock: s.setIdleLock, changePin: s.changePin });
export const selectClassList = (s: TeacherState) => ({ classes: s.classes, classId: s.classId, run: s.run, refresh: s.refresh });
export const selectClassView = (s: TeacherState) => ({
  clearNotice: s.clearNotice,
  classes: s.classes,
  classId: s.classId,
  results: s.results,
  lessons: s.lessons,
  lessonId: s.lessonId,
  chooseLesson: s.chooseLesson,
  reloadResults: s.reloadResults,
  run: s.run,
  refresh: s.refresh,
});
export const selectExportTab = (s: TeacherState) => ({
  jobs: s.jobs,
  startExport: s.startExport,
  cancelExport: s.cancelExport,
  saveExport: s.saveExport,
  lessons: s.lessons,
  lessonId: s.lessonId,
});
export const selectStudentsTab = (s: TeacherState) => ({ roster: s.roster, profiles: s.profiles, classId: s.classId, run: s.run, refresh: s.refresh });
export const selectRosterActions = (s: TeacherState) => ({ run: s.run, refresh: s.refresh, classId: s.classId });
export const selectReview = (s: TeacherState) => ({
  review: s.review,
  openReview: s.openReview,
  classId: s.classId,
  reviewFocus: s.reviewFocus,
  focusAnswer: s.focusAnswer,
  results: s.results,
  resultsSort: s.resultsSort,
  reloadResults: s.reloadResults,
});
export const selectReviewed = (s: TeacherState) => s.review;
/** The results table: the rows, how they are sorted and filtered, and opening an answer. */
export const selectResultsTable = (s: TeacherState) => ({
  sort: s.resultsSort,
  filter: s.resultsFilter,
  sortResults: s.sortResults,
  filterResults: s.filterResults,
  focusAnswer: s.focusAnswer,
});
/** Re-scoring a lesson's results under today's rules: the call runner and the results to read again. */
export const selectRescore = (s: TeacherState) => ({ run: s.run, reloadResults: s.reloadResults });
