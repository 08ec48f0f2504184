import { create } from 'zustand';
import { persist } from 'zustand/middleware';

// UI preferences only: they live in this browser or window. Everything a student
// does lives in the backend.

export const TEXT_SIZES = [15, 17, 19, 22, 26] as const;

export interface Prefs {
  textSize: number;
  lastStudentId: string | null;
  lastRoute: string | null;
  setTextSize: (index: number) => void;
  setLastStudent: (id: string | null) => void;
  setLastRoute: (route: string | null) => void;
}

export const usePrefs = create<Prefs>()(
  persist(
    (set) => ({
      textSize: 1,
      lastStudentId: null,
      lastRoute: null,
      setTextSize: (index) => set({ textSize: Math.max(0, Math.min(TEXT_SIZES.length - 1, index)) }),
      setLastStudent: (id) => set({ lastStudentId: id }),
      setLastRoute: (route) => set({ lastRoute: route }),
    }),
    { name: 'lede-prefs', version: 1 },
  ),
);

export const selectTextSize = (s: Prefs) => s.textSize;
/** With useShallow. */
export const selectTextSizeControls = (s: Prefs) => ({ textSize: s.textSize, setTextSize: s.setTextSize });
