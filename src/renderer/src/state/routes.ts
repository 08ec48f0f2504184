// The app's screens and their addresses in the location hash (#/library,
// #/lesson/<id>, …). Pure: no window, no store, so it is tested in Node.

export type Route =
  | { name: 'join' }
  | { name: 'profiles' }
  | { name: 'library' }
  /** A lesson: for an assignment of the student's class, or (no assignmentId) practice. */
  | { name: 'lesson'; lessonId: string; assignmentId?: string }
  /**
   * The teacher area: at most one of the ids (a class, an attempt under review, a live
   * session), or the lessons screens: the list, a new lesson, a lesson's editor.
   */
  | { name: 'teacher'; classId?: string; attemptId?: string; liveId?: string; lessons?: 'list' | 'new'; editLessonId?: string }
  /** A live session's projector view: only what the class may see, with the session's projector token. */
  | { name: 'projector'; sessionId: string; token: string };

export type RouteName = Route['name'];

/** The teacher's lessons screen a route names, or null for the classes side of the teacher area. */
export function teacherLessonsScreen(r: Route): { screen: 'list' } | { screen: 'new' } | { screen: 'edit'; lessonId: string } | null {
  if (r.name !== 'teacher' || r.liveId || r.attemptId) return null;
  if (r.editLessonId) return { screen: 'edit', lessonId: r.editLessonId };
  if (r.lessons) return { screen: r.lessons };
  return null;
}

export function routeToHash(r: Route): string {
  switch (r.name) {
    case 'lesson':
      return `#/lesson/${encodeURIComponent(r.lessonId)}${r.assignmentId ? `/for/${encodeURIComponent(r.assignmentId)}` : ''}`;
    case 'projector':
      return `#/projector/${encodeURIComponent(r.sessionId)}/${encodeURIComponent(r.token)}`;
    case 'teacher':
      if (r.liveId) return `#/teacher/live/${encodeURIComponent(r.liveId)}`;
      if (r.attemptId) return `#/teacher/review/${encodeURIComponent(r.attemptId)}`;
      if (r.editLessonId) return `#/teacher/lessons/edit/${encodeURIComponent(r.editLessonId)}`;
      if (r.lessons) return r.lessons === 'new' ? '#/teacher/lessons/new' : '#/teacher/lessons';
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
    if ((m = /^#\/lesson\/([^/]+)\/for\/([^/]+)$/.exec(hash))) return { name: 'lesson', lessonId: decodeURIComponent(m[1]!), assignmentId: decodeURIComponent(m[2]!) };
    if ((m = /^#\/lesson\/(.+)$/.exec(hash))) return { name: 'lesson', lessonId: decodeURIComponent(m[1]!) };
    if ((m = /^#\/teacher\/class\/(.+)$/.exec(hash))) return { name: 'teacher', classId: decodeURIComponent(m[1]!) };
    if ((m = /^#\/teacher\/review\/(.+)$/.exec(hash))) return { name: 'teacher', attemptId: decodeURIComponent(m[1]!) };
    if ((m = /^#\/teacher\/live\/(.+)$/.exec(hash))) return { name: 'teacher', liveId: decodeURIComponent(m[1]!) };
    if ((m = /^#\/projector\/([^/]+)\/([^/]+)$/.exec(hash))) return { name: 'projector', sessionId: decodeURIComponent(m[1]!), token: decodeURIComponent(m[2]!) };
    if (hash === '#/teacher/lessons') return { name: 'teacher', lessons: 'list' };
    if (hash === '#/teacher/lessons/new') return { name: 'teacher', lessons: 'new' };
    if ((m = /^#\/teacher\/lessons\/edit\/(.+)$/.exec(hash))) return { name: 'teacher', editLessonId: decodeURIComponent(m[1]!) };
    return null;
  } catch {
    return null; // URIError: not an address this app wrote
  }
}
