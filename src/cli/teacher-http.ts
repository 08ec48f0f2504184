// The teacher area of `lede serve` and of `lede classroom`'s dashboard.
import type { Backend } from '../core/services/bootstrap.ts';
import { pinIsSet } from '../core/teacher/pin.ts';
import { newToken } from '../core/classroom/security.ts';
import type { Io } from './io.ts';

/**
 * The teacher area over HTTP: while no PIN is chosen, only the browser that opens
 * the one-time set-up link printed here may choose it (not whoever comes first).
 */
export function teacherHttp(backend: Backend, io: Io): { teacherSessions: Backend['teacherSessions']; setup: { value: string | null }; announce: (url: string) => void } {
  const setup = { value: pinIsSet(backend.store.settings) ? null : newToken() };
  return {
    teacherSessions: backend.teacherSessions,
    setup,
    announce: (url) => {
      if (setup.value) io.out(`No teacher PIN is set yet. To choose it, open this one-time link: ${url}setup/${setup.value}`);
    },
  };
}
