import type { Store } from '../db/store.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup } from './backup-format.ts';
import { giveWay, type Pace } from './tables.ts';

// Makes a class's results backup (the format is in backup-format.ts): its students,
// every attempt of theirs with its answers and results, the lesson texts the
// attempts were made on, and the class's assignments.

export async function buildBackup(store: Store, classId: string, pace: Pace = {}): Promise<Backup> {
  const cls = store.classes.get(classId);
  const records = store.backup;
  const students = records.students(classId);
  const attempts = records.attempts(classId);
  const versionIds = new Set<number>();
  const out: Backup['attempts'] = [];
  for (const [i, { vid, ...a }] of attempts.entries()) {
    if (i % 200 === 0) await giveWay(pace, i / Math.max(1, attempts.length));
    versionIds.add(vid);
    out.push({
      ...a,
      highlights: records.highlights(a.id),
      responses: records.responses(a.id).map((r) => ({
        ...r,
        choices: r.choices === null ? null : (JSON.parse(r.choices) as string[]),
        claims: r.claims === null ? null : (JSON.parse(r.claims) as Backup['attempts'][number]['responses'][number]['claims']),
      })),
      results: records.results(a.id),
      reactions: store.reactions.ofAttempt(a.id),
    });
  }
  const lessonVersions = [...versionIds].sort((x, y) => x - y).map((vid) => store.lessons.versionRecord(vid));
  pace.progress?.(1);
  // The class's assignments, as stored (class and lesson by id).
  const assignments = store.assignments.ofClass(classId).map(({ classId: _c, className: _n, ...a }) => a);
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date().toISOString(), class: { id: cls.id, name: cls.name }, students, lessonVersions, assignments, attempts: out };
}
