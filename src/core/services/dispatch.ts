import { z } from 'zod';
import { API, type Envelope } from '../../shared/api.ts';
import { API_NAMES, TEACHER_API_NAMES, type AnyApiName, type TeacherApiName } from '../../shared/api-names.ts';
import { LedeError, type ErrorCode } from '../../shared/errors.ts';
import { TEACHER_API, TEACHER_PUBLIC } from '../../shared/teacher-api.ts';
import type { Handlers } from './lede-service.ts';
import { NO_CONTEXT, type CallContext, type TeacherHandlers } from './teacher-service.ts';

const STUDENT = new Set<string>(API_NAMES);
const TEACHER = new Set<string>(TEACHER_API_NAMES);

/** The handlers a transport serves: the student's always; the teacher's where the teacher can reach it. */
export type AllHandlers = Handlers & Partial<TeacherHandlers>;

export function isApiName(name: unknown): name is AnyApiName {
  return typeof name === 'string' && (STUDENT.has(name) || TEACHER.has(name));
}

export function isTeacherCall(name: string): name is TeacherApiName {
  return TEACHER.has(name);
}

function describeZod(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not understood.';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `The request was not understood (${where}${issue.message}).`;
}

const fail = (code: ErrorCode, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

/**
 * Validates a call against the contract, checks the teacher area is unlocked for
 * teacher calls, runs it, and wraps the outcome in an envelope. Expected failures
 * (LedeError) carry their message to the user; anything else is logged and
 * reported without details.
 */
export async function dispatch(
  handlers: AllHandlers,
  name: unknown,
  rawInput: unknown,
  ctx: CallContext = NO_CONTEXT,
  log: (e: unknown) => void = console.error,
): Promise<Envelope<unknown>> {
  if (!isApiName(name)) return fail('not_found', `There is no call named "${String(name).slice(0, 60)}".`);
  const handler = handlers[name] as ((input: unknown, ctx: CallContext) => unknown) | undefined;
  if (!handler) return fail('not_found', `There is no call named "${name}" here.`);
  if (isTeacherCall(name) && !TEACHER_PUBLIC.has(name) && !ctx.teacher) {
    return fail('locked', 'The teacher area is locked. Enter the teacher PIN to continue.');
  }
  const schema = isTeacherCall(name) ? TEACHER_API[name].input : API[name as keyof typeof API].input;
  const parsed = schema.safeParse(rawInput ?? {});
  if (!parsed.success) return fail('invalid_input', describeZod(parsed.error));
  try {
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (err) {
    if (err instanceof LedeError) return fail(err.code, err.message);
    log(err);
    return fail('internal', 'Something went wrong inside Lede. Your saved work is safe; please try again.');
  }
}
