// The renderer's one way to the backend. A refusal arrives as an error envelope and is
// thrown as the contract's LedeError (`code`, `retryLater`, a message for the user).
import type { Envelope, LedeApi } from '../../../shared/api.ts';
import { API_NAMES, TEACHER_API_NAMES, type ApiName, type TeacherApiName } from '../../../shared/api-names.ts';
import type { TeacherApi } from '../../../shared/teacher-api.ts';
import { ERROR_CODES, LedeError, type ErrorCode } from '../../../shared/errors.ts';

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
/** A code outside the contract (a newer or a foreign server) counts as an internal error. */
const errorCode = (code: string): ErrorCode => (KNOWN_CODES.has(code) ? (code as ErrorCode) : 'internal');

/** Called when a teacher call finds the teacher area locked (e.g. after the idle time). */
let lockedListener: (() => void) | null = null;
export function onTeacherLocked(listener: () => void): void {
  lockedListener = listener;
}

type Bridge = Record<ApiName | TeacherApiName, (input: unknown) => Promise<Envelope<unknown>>>;

declare global {
  interface Window {
    lede?: Bridge;
  }
}

export function unwrap<T>(env: Envelope<T>): T {
  if (env.ok) return env.value;
  throw new LedeError(errorCode(env.error.code), env.error.message);
}

async function httpCall(name: string, input: unknown): Promise<Envelope<unknown>> {
  let res: Response;
  try {
    res = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: { code: 'offline', message: 'Lede cannot reach its server. Check the connection; your work will be saved when it is back.' } };
  }
  try {
    return (await res.json()) as Envelope<unknown>;
  } catch {
    return { ok: false, error: { code: res.status >= 500 ? 'offline' : 'internal', message: `The server answered ${res.status} ${res.statusText}.` } };
  }
}

/** Chosen once at start-up: Electron IPC when the preload provided it, else HTTP. */
export const transport: 'ipc' | 'http' = typeof window !== 'undefined' && window.lede ? 'ipc' : 'http';

function makeApi<N extends string>(names: readonly N[], teacher = false): Record<N, (input: unknown) => Promise<unknown>> {
  const api = {} as Record<N, (input: unknown) => Promise<unknown>>;
  for (const name of names) {
    const call = transport === 'ipc' ? (input: unknown) => window.lede![name as ApiName](input) : (input: unknown) => httpCall(name, input);
    api[name] = async (input) => {
      const env = await call(input);
      if (teacher && !env.ok && env.error.code === 'locked') lockedListener?.();
      return unwrap(env);
    };
  }
  return api;
}

export const api = makeApi(API_NAMES) as unknown as LedeApi;
export const teacherApi = makeApi(TEACHER_API_NAMES, true) as unknown as TeacherApi;

/** Where a finished export can be fetched in a browser. */
export const exportDownloadUrl = (jobId: string) => `/export/${encodeURIComponent(jobId)}`;
