// The `lede` command: parses the command line and loads only the command it runs
// (each command's module is imported when it is called), so `lede --help` and the
// lesson tools start without the database, the server or the exporters.
import { parseArgs } from 'node:util';
import { COMMANDS, type Command } from './commands.ts';
import { CliError, type Io } from './io.ts';

export type { Io };

/** One command in the help: its usage, and its summary beside it, or on the next line when the usage is long. */
function usageLine(c: Pick<Command, 'usage' | 'summary'>): string {
  const usage = `  ${c.usage}`;
  return usage.length < 40 ? `${usage.padEnd(40)}${c.summary}` : `${usage}\n${' '.repeat(40)}${c.summary}`;
}

export const USAGE = `Usage: lede <command> [options]

Lessons
  lede lesson check <file|dir>          Check lesson files; every problem as file:line: message
  lede lesson show <file> [--json]      Show a lesson: its text and resolved key offsets
  lede lesson draft <article> --out <lesson.md> [--json]
                                        Start a lesson from an article (.html saved from a
                                        browser, .txt, .md or .docx): the article and
                                        empty Sources, Framing and Unverified steps;
                                        --json prints the drafting assistant's proposals
  lede lesson new --out <lesson.md>     Write a commented lesson template to fill in
  lede score <lesson> <answers.json> [--json]
                                        Score one attempt's answers against a lesson's key
${COMMANDS.map(usageLine).join('\n')}

Exit codes: 0 success, 1 lesson problems found, 2 bad input.`;

async function dispatch(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, out: { type: 'string' } },
  });
  const [cmd, sub, ...rest] = positionals;
  if (values.help || cmd === undefined || cmd === 'help') {
    io.out(USAGE);
    return cmd === undefined && !values.help ? 2 : 0;
  }
  const json = values.json === true;
  if (cmd === 'lesson') {
    if (sub === 'check' && rest.length === 1) return (await import('./lesson.ts')).lessonCheck(rest[0] as string, io);
    if (sub === 'show' && rest.length === 1) return (await import('./lesson.ts')).lessonShow(rest[0] as string, json, io);
    if (sub === 'draft' && rest.length === 1) {
      const { lessonDraft, outOf } = await import('./draft.ts');
      return lessonDraft(rest[0] as string, outOf(argv, 'draft'), json, io);
    }
    if (sub === 'new' && rest.length === 0) {
      const { lessonNew, outOf } = await import('./draft.ts');
      return lessonNew(outOf(argv, 'new'), io);
    }
    throw new CliError('usage: lede lesson check <file|dir>  |  lede lesson show <file> [--json]  |  lede lesson draft <article> --out <lesson.md>  |  lede lesson new --out <lesson.md>');
  }
  if (cmd === 'score') {
    if (sub === undefined || rest.length !== 1) throw new CliError('usage: lede score <lesson file> <answers.json> [--json]');
    return (await import('./score.ts')).score(sub, rest[0] as string, json, io);
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === cmd);
  if (command) return command.run(argv.slice(1), io);
  throw new CliError(`unknown command "${cmd}" (run "lede help")`);
}

/** Runs the CLI; returns the exit code. Never throws for bad input. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`lede: ${err.message}`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`lede: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
