// The largest files the lesson studio takes, for the server (which enforces them) and
// the renderer (which says so before sending). No zod here: the renderer imports it.
export const STUDIO_FILE_LIMITS = {
  /** An article file: a saved web page with its inline scripts and styles fits easily. */
  articleBytes: 8 * 1024 * 1024,
  /** A lesson file. */
  lessonBytes: 2 * 1024 * 1024,
} as const;
