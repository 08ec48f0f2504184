import { importRoster, planRoster } from '../../teacher/roster-import.ts';
import { parseRoster } from '../../teacher/roster-csv.ts';
import { withNameTags } from '../../teacher/name-tags.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

// Classes, their rosters (typed in or imported from a file), and student records.

export type ClassHandlers = HandlersFor<
  | 'listClasses'
  | 'createClass'
  | 'renameClass'
  | 'deleteClass'
  | 'classRoster'
  | 'allProfiles'
  | 'addStudent'
  | 'enrollStudents'
  | 'unenrollStudent'
  | 'previewRoster'
  | 'importRoster'
  | 'renameStudent'
  | 'setRosterId'
  | 'mergeStudents'
  | 'deleteStudent'
>;

export function classHandlers({ store }: Pick<TeacherDeps, 'store'>): ClassHandlers {
  const classes = store.classes;
  return {
    listClasses: () => classes.list(),
    createClass: ({ name }) => classes.create(name),
    renameClass: ({ classId, name }) => classes.rename(classId, name),
    deleteClass: ({ classId }) => (classes.delete(classId), ok),
    classRoster: ({ classId }) => withNameTags(classes.roster(classId)),
    allProfiles: () => classes.profiles(),

    addStudent: ({ classId, displayName, rosterId }) => classes.addStudent(classId, displayName, rosterId ?? null),
    enrollStudents: ({ classId, studentIds }) => (classes.enrollAll(classId, studentIds), ok),
    unenrollStudent: ({ classId, studentId }) => (classes.unenroll(classId, studentId), ok),

    previewRoster: ({ classId, csv }) => {
      const plan = planRoster(classes, classId, parseRoster(csv));
      return { ...plan, rows: plan.rows.map(({ studentId: _, ...row }) => row) };
    },
    // The file is read and planned again here, not taken from the preview the client saw.
    importRoster: ({ classId, csv, renames, preview }) => importRoster(store, classId, csv, renames, preview),

    renameStudent: ({ studentId, displayName }) => (classes.renameStudent(studentId, displayName), ok),
    setRosterId: ({ studentId, rosterId }) => (classes.setRosterId(studentId, rosterId), ok),
    mergeStudents: ({ keepId, duplicateId }) => (classes.merge(keepId, duplicateId), ok),
    deleteStudent: ({ studentId }) => (classes.deleteStudent(studentId), ok),
  };
}
