// The start-up requests, sent before the app's code has arrived. Built as its own small file
// (out/renderer/boot.js, see electron.vite.config.ts) that index.html loads before the app:
// the server answers while the browser is still fetching and evaluating React and the
// screens, so the first screen waits for one round trip overlapped with the code, not after it.
// It imports nothing (a shared chunk would be one more request before the first one);
// state/startup.ts takes the answers, and asks again for any that failed.
import type { Envelope } from '../../../shared/errors.ts';

type Early = Promise<Envelope<unknown> | null>;

function call(name: 'serverInfo' | 'listStudents' | 'openLesson', input: object): Early {
  const answer: Promise<Envelope<unknown>> = window.lede
    ? window.lede[name](input)
    : fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input), credentials: 'same-origin' }).then(
        (r) => r.json() as Promise<Envelope<unknown>>,
      );
  return answer.catch(() => null);
}

/** The student the preferences remember (zustand's persisted `lede-prefs`), read without the store. */
function rememberedStudent(): string | null {
  try {
    const raw = localStorage.getItem('lede-prefs');
    const id = raw ? (JSON.parse(raw) as { state?: { lastStudentId?: unknown } }).state?.lastStudentId : null;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** The lesson the address names (#/lesson/<id>, as routes.ts writes it), if any. */
function addressedLesson(): string | null {
  const m = /^#\/lesson\/([^/?#]+)$/.exec(location.hash);
  try {
    return m ? decodeURIComponent(m[1]!) : null;
  } catch {
    return null;
  }
}

// Run too late (the app's code came from the cache and took its start before this file
// arrived, leaving null), it asks for nothing. startup.ts uses the lesson's answer only
// when it is for the student and lesson the app then opens.
// The projector's window (#/projector/…) needs none of them.
if (window.__ledeStartup === undefined && !location.hash.startsWith('#/projector/')) {
  const studentId = rememberedStudent();
  const lessonId = addressedLesson();
  window.__ledeStartup = {
    info: call('serverInfo', {}),
    students: call('listStudents', {}),
    lesson: lessonId && studentId ? { studentId, lessonId, attempt: call('openLesson', { studentId, lessonId }) } : null,
  };
}
