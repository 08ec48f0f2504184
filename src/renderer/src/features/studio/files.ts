import { STUDIO_FILE_LIMITS } from '../../../../shared/studio-limits.ts';

// Files in and out of the lesson studio: read as base64 for the server, saved as a
// download. Text is never interpreted here (the server reads every file).

/** The largest files the server takes. */
export const FILE_LIMITS = STUDIO_FILE_LIMITS;

/** "2.4 MB", "310 KB": a size in words a teacher reads. */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Why a file is too large to send, or null when it fits. */
export function tooLarge(file: { name: string; size: number }, limit: number, what: string): string | null {
  if (file.size <= limit) return null;
  return `“${file.name}” is ${sizeInWords(file.size)}; ${what} is at most ${sizeInWords(limit)}. Check that you chose the right file.`;
}

/** A file's bytes as base64 (in chunks: a large file does not overflow the call stack). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Saves text as a file: the browser's download (a save dialog in the desktop app). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Whether a drag carries files (not text or a link dragged from the page). */
export const dragHasFiles = (e: { dataTransfer: DataTransfer | null }) => e.dataTransfer?.types.includes('Files') ?? false;

/** "12 March 2026" for an ISO time; the text as it is when it is not one. */
export function dateInWords(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/** What a file dropped on the Lessons screen is, by its name: a lesson file to import, an article to make a lesson from, or neither. */
export function droppedFileKind(name: string): 'lesson' | 'article' | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'md' || ext === 'markdown') return 'lesson';
  if (ext === 'html' || ext === 'htm' || ext === 'txt' || ext === 'docx') return 'article';
  return null;
}
