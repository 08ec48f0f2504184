import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

// The desktop window's size and position, remembered between runs. Electron-free:
// the main process decides whether the saved bounds still fit a display.

const WindowStateSchema = z.object({
  x: z.int().optional(),
  y: z.int().optional(),
  width: z.int().min(400).max(20000),
  height: z.int().min(300).max(20000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 860, maximized: false };

export function loadWindowState(file: string): WindowState {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW;
  } catch {
    return DEFAULT_WINDOW;
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when at least a 100×100 corner of the window is on one of the displays. */
export function isVisibleOn(state: WindowState, displays: Rect[]): boolean {
  if (state.x === undefined || state.y === undefined) return false;
  return displays.some((d) => {
    const w = Math.min(state.x! + state.width, d.x + d.width) - Math.max(state.x!, d.x);
    const h = Math.min(state.y! + state.height, d.y + d.height) - Math.max(state.y!, d.y);
    return w >= 100 && h >= 100;
  });
}
