// The app's store (everything but the teacher area): one slice per job, combined here.
// Components read it through the named selectors in selectors.ts.
import { create } from 'zustand';
import { createAnnouncementsSlice } from './slices/announcements.ts';
import { createClassroomSlice } from './slices/classroom.ts';
import { createLessonSlice } from './slices/lesson.ts';
import { createProfilesSlice } from './slices/profiles.ts';
import { createRoutingSlice } from './slices/routing.ts';
import type { AppState } from './types.ts';

export type { AppState, LessonSession, Route, SaveState } from './types.ts';

export const useApp = create<AppState>()((...a) => ({
  ...createRoutingSlice(...a),
  ...createProfilesSlice(...a),
  ...createLessonSlice(...a),
  ...createClassroomSlice(...a),
  ...createAnnouncementsSlice(...a),
}));
