// What several commands share: a port option, and domain errors as one-line CLI errors.
import { LedeError } from '../shared/errors.ts';
import { CliError } from './io.ts';

export function parsePort(raw: string | undefined, option = '--port'): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`${option} must be a whole number from 0 to 65535 (got "${raw}")`);
  return port;
}

/** Domain errors (missing class, unknown lesson…) become one-line CLI errors. */
export async function domainAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof LedeError) throw new CliError(err.message);
    throw err;
  }
}
export function domain<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof LedeError) throw new CliError(err.message);
    throw err;
  }
}
