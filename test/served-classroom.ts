import type { Store } from '../src/core/db/store.ts';
import { ClassroomManager, type ClassroomOptions } from '../src/core/classroom/manager.ts';
import { startHttpServer } from '../src/server/http.ts';

/** The classroom manager as the entry points build it: its sessions listen with `startHttpServer`. */
export class ServedClassroomManager extends ClassroomManager {
  constructor(store: Store, opts: ClassroomOptions) {
    super(store, { serve: startHttpServer, ...opts });
  }
}
