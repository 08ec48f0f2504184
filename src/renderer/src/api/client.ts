import type { ApiInput, ApiOutput, Envelope, LedeApi } from '../../../shared/api.ts';
import { API_NAMES, type ApiName } from '../../../shared/api-names.ts';

/** An error from the backend, in words for the user. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
  /** The backend could not be reached: worth retrying. */
  get offline(): boolean {
    return this.code === 'offline';
  }
}

type Bridge = { [K in ApiName]: (input: ApiInput<K>) => Promise<Envelope<ApiOutput<K>>> };

declare global {
  interface Window {
    lede?: Bridge;
  }
}

function unwrap<T>(env: Envelope<T>): T {
  if (env.ok) return env.value;
  throw new ApiError(env.error.code, env.error.message);
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

function makeApi(): LedeApi {
  const api = {} as Record<ApiName, (input: unknown) => Promise<unknown>>;
  for (const name of API_NAMES) {
    api[name] =
      transport === 'ipc'
        ? async (input) => unwrap(await (window.lede![name] as (i: unknown) => Promise<Envelope<unknown>>)(input))
        : async (input) => unwrap(await httpCall(name, input));
  }
  return api as LedeApi;
}

export const api: LedeApi = makeApi();
