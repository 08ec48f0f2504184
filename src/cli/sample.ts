// `lede sample-class`: a sample class with answers to the seed lesson.
import { parseArgs } from 'node:util';
import { prepareDefaultDb, defaultLessonsDir } from '../core/paths.ts';
import { startBackend } from '../core/services/bootstrap.ts';
import { createSampleClass } from '../core/teacher/sample.ts';
import { domain } from './options.ts';
import { CliError, type Io } from './io.ts';

export async function runSampleClass(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, students: { type: 'string' }, class: { type: 'string' }, seed: { type: 'string' }, lessons: { type: 'string' } },
  });
  const n = Number(values.students ?? '30');
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new CliError('--students must be a whole number from 1 to 100000');
  const seed = Number(values.seed ?? '7');
  const backend = startBackend(values.db ?? prepareDefaultDb((m) => io.err(m)), values.lessons ?? defaultLessonsDir());
  try {
    const r = domain(() => createSampleClass(backend.store, { students: n, ...(values.class ? { className: values.class } : {}), seed }));
    io.out(`Created "${r.className}": ${r.students} students, ${r.finished} finished the lesson.`);
    return 0;
  } finally {
    await backend.close();
  }
}
