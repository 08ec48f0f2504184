import type { z } from 'zod';
import type { TeacherApiName } from '../../../shared/api-names.ts';
import type { TeacherApiDef } from '../../../shared/teacher-api.ts';
import type { ClassroomManager } from '../../classroom/manager.ts';
import type { Store } from '../../db/store.ts';
import type { ExportJobs } from '../../export/jobs.ts';
import type { StudioLibrary } from '../../studio/library.ts';
import type { TeacherSessions } from '../../teacher/sessions.ts';
import type { CallContext } from '../context.ts';

// The teacher's handlers are written per domain (pin.ts, classes.ts, grading.ts,
// exports.ts, classroom.ts), each typed as the calls it answers, and combined into
// one table (teacher-service.ts) that must answer every call of the contract.

type Out<K extends TeacherApiName> = z.output<TeacherApiDef[K]['output']>;

/** The handler of one teacher call: its input as the contract parses it, its output as the contract describes it. */
export type TeacherHandler<K extends TeacherApiName> = (input: z.output<TeacherApiDef[K]['input']>, ctx: CallContext) => Out<K> | Promise<Out<K>>;

/** Handlers for some of the teacher's calls. */
export type HandlersFor<K extends TeacherApiName> = { [N in K]: TeacherHandler<N> };

export interface TeacherDeps {
  store: Store;
  jobs: ExportJobs;
  classroom: ClassroomManager;
  /** Where the teacher area is unlocked (the transports check it); changing the PIN ends every session. */
  sessions?: TeacherSessions;
  /** The lessons folders the studio reads and writes. */
  studio?: StudioLibrary;
  /** Desktop only: a save dialog for a finished export. */
  saveExport?: (file: { path: string; fileName: string }) => Promise<{ saved: boolean; path?: string }>;
}

/** What a call that changes something answers. */
export const ok = { ok: true as const };
