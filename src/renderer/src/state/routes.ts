// The app's screens and their addresses in the location hash (#/library,
// #/lesson/<id>, …). Pure: no window, no store, so it is tested in Node.

export type Route =
  | { name: 'join' }
  | { name: 'profiles' }
  | { name: 'library' }
  | { name: 'lesson'; lessonId: string }
  /** The teacher area: at most one of the ids (a class, an attempt under review, a live session). */
  | { name: 'teacher'; classId?: string; attemptId?: string; liveId?: string };

export type RouteName = Route['name'];

export function routeToHash(r: Route): string {
  switch (r.name) {
    case 'lesson':
      return `#/lesson/${encodeURIComponent(r.lessonId)}`;
    case 'teacher':
      if (r.liveId) return `#/teacher/live/${encodeURIComponent(r.liveId)}`;
      if (r.attemptId) return `#/teacher/review/${encodeURIComponent(r.attemptId)}`;
      return r.classId ? `#/teacher/class/${encodeURIComponent(r.classId)}` : '#/teacher';
    default:
      return `#/${r.name}`;
  }
}

/** The route a hash names, or null for anything else (including a badly encoded id). */
export function hashToRoute(hash: string): Route | null {
  try {
    let m = /^#\/(join|profiles|library|teacher)$/.exec(hash);
    if (m) return { name: m[1] as 'join' | 'profiles' | 'library' | 'teacher' };
    if ((m = /^#\/lesson\/(.+)$/.exec(hash))) return { name: 'lesson', lessonId: decodeURIComponent(m[1]!) };
    if ((m = /^#\/teacher\/class\/(.+)$/.exec(hash))) return { name: 'teacher', classId: decodeURIComponent(m[1]!) };
    if ((m = /^#\/teacher\/review\/(.+)$/.exec(hash))) return { name: 'teacher', attemptId: decodeURIComponent(m[1]!) };
    if ((m = /^#\/teacher\/live\/(.+)$/.exec(hash))) return { name: 'teacher', liveId: decodeURIComponent(m[1]!) };
    return null;
  } catch {
    return null; // URIError: not an address this app wrote
  }
}
