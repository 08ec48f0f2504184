import type { Io } from './io.ts';

/**
 * A CLI command beyond the lesson tools: parses its own options. Its module is
 * imported when it runs, so the help (and every other command) starts without it.
 */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run: (argv: string[], io: Io) => Promise<number> | number;
}

const IMPORT_USAGE = 'lede import [dir] [--db path]';
const SERVE_USAGE = 'lede serve [--port N] [--db path] [--lessons dir] [--my-lessons dir]';
const EXPORT_USAGE =
  'lede export --class <name|id> --format <f> --out <file> [--lesson <id>] [--columns lesson|step] [--db path]  |  lede export --format answer-key --lesson <id> --out <file> [--db path]';
const SAMPLE_USAGE = 'lede sample-class --students N [--class name] [--seed n] [--lessons dir] [--db path]';
const CLASSROOM_USAGE =
  'lede classroom --lesson <id> --class <name|id> [--host 0.0.0.0] [--port N] [--dashboard-port N] [--pacing teacher|student] [--allow-new-names] [--db path]';
const TEACHER_USAGE = 'lede teacher reset-pin [--db path]';
const RESCORE_USAGE = 'lede rescore <lesson id> [--apply] [--db path]';

export const COMMANDS: readonly Command[] = [
  {
    name: 'import',
    usage: IMPORT_USAGE,
    summary: 'Import lesson files into the database',
    run: async (argv, io) => (await import('./db-commands.ts')).runImport(argv, io),
  },
  {
    name: 'serve',
    usage: SERVE_USAGE,
    summary: 'Serve Lede to browsers on this computer (127.0.0.1)',
    run: async (argv, io) => (await import('./serve.ts')).runServe(argv, io),
  },
  {
    name: 'export',
    usage: EXPORT_USAGE,
    summary: 'Export: gradebook-csv, csv, xlsx, pdf, student-reports, json, answer-key',
    run: async (argv, io) => (await import('./export.ts')).runExport(argv, io, EXPORT_USAGE),
  },
  {
    name: 'sample-class',
    usage: SAMPLE_USAGE,
    summary: 'Create a sample class with answers to the seed lesson',
    run: async (argv, io) => (await import('./sample.ts')).runSampleClass(argv, io),
  },
  {
    name: 'classroom',
    usage: CLASSROOM_USAGE,
    summary: 'Run a live classroom session (resumes an unfinished one)',
    run: async (argv, io) => (await import('./classroom.ts')).runClassroom(argv, io, CLASSROOM_USAGE),
  },
  {
    name: 'teacher',
    usage: TEACHER_USAGE,
    summary: 'Remove the teacher PIN (a new one is chosen at the next start)',
    run: async (argv, io) => (await import('./db-commands.ts')).runTeacher(argv, io, TEACHER_USAGE),
  },
  {
    name: 'rescore',
    usage: RESCORE_USAGE,
    summary: 'Today’s scoring rules on a lesson’s results: --apply re-scores',
    run: async (argv, io) => (await import('./db-commands.ts')).runRescore(argv, io, RESCORE_USAGE),
  },
];
