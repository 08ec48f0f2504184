// What the page tells the user: the ARIA live region and the error banner.
import { errorMessage } from '../../../../shared/errors.ts';
import type { AnnouncementsSlice, AppSlice } from '../types.ts';

export const createAnnouncementsSlice: AppSlice<AnnouncementsSlice> = (set) => ({
  announcement: { text: '', n: 0 },
  error: null,

  announce(text) {
    set((st) => ({ announcement: { text, n: st.announcement.n + 1 } }));
  },

  showError(err) {
    set({ error: errorMessage(err) });
  },

  dismissError() {
    set({ error: null });
  },
});
