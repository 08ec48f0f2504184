import { z } from 'zod';
import { API, type Envelope } from '../../shared/api.ts';
import { API_NAMES, type ApiName } from '../../shared/api-names.ts';
import { LedeError } from '../../shared/errors.ts';
import type { Handlers } from './lede-service.ts';

const NAMES = new Set<string>(API_NAMES);

export function isApiName(name: unknown): name is ApiName {
  return typeof name === 'string' && NAMES.has(name);
}

function describeZod(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not understood.';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `The request was not understood (${where}${issue.message}).`;
}

/**
 * Validates a call against the contract, runs it, and wraps the outcome in an
 * envelope. Expected failures (LedeError) carry their message to the user;
 * anything else is logged and reported as an internal error without details.
 */
export async function dispatch(handlers: Handlers, name: unknown, rawInput: unknown, log: (e: unknown) => void = console.error): Promise<Envelope<unknown>> {
  if (!isApiName(name)) return { ok: false, error: { code: 'not_found', message: `There is no call named "${String(name).slice(0, 60)}".` } };
  const parsed = API[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: describeZod(parsed.error) } };
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof LedeError) return { ok: false, error: { code: err.code, message: err.message } };
    log(err);
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside Lede. Your saved work is safe; please try again.' } };
  }
}
