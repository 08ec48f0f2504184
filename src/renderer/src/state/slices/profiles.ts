// Who is studying on this computer, and the library of their lessons.
import { sortByName } from '../../../../shared/collate.ts';
import { api } from '../../api/client.ts';
import { usePrefs } from '../prefs.ts';
import type { AppSlice, ProfilesSlice } from '../types.ts';

export const createProfilesSlice: AppSlice<ProfilesSlice> = (set, get) => ({
  students: [],
  student: null,
  lessons: null,

  async restoreStudent(known) {
    const students = known ?? (await api.listStudents({}));
    const student = students.find((s) => s.id === usePrefs.getState().lastStudentId) ?? null;
    set({ students, student });
    return student;
  },

  async loadStudents() {
    set({ students: await api.listStudents({}) });
  },

  async loadLessons() {
    const student = get().student;
    if (student) set({ lessons: await api.listLessons({ studentId: student.id }) });
  },

  async chooseStudent(student) {
    // "Saved" was about the last student's work: it goes (a warning about unsent changes stays).
    set({ student, lessons: null, ...(get().save.state === 'saved' ? { save: { state: 'idle' } as const } : {}) });
    usePrefs.getState().setLastStudent(student.id);
    get().announce(`Studying as ${student.displayName}`);
    const next = get().afterProfile;
    set({ afterProfile: null });
    await get().navigate(next ?? { name: 'library' });
  },

  async createStudent(displayName, deliberate) {
    const student = await api.createStudent({ displayName, deliberate });
    set({ students: sortByName([...get().students, student], (s) => s.displayName) });
    await get().chooseStudent(student);
  },

  similarProfiles: (displayName) => api.similarProfiles({ displayName }),
});
