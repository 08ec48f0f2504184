export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Bad input: printed as one line, exit code 2, nothing written. */
export class CliError extends Error {
  override name = 'CliError';
}
