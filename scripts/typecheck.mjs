#!/usr/bin/env node
// `npm run typecheck`: each part of Lede with its own TypeScript project, so shared
// code that used a DOM or Node type, or a renderer file that used a Node type,
// fails here (see tsconfig.base.json).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = false;
for (const project of ['shared', 'renderer', 'node', 'browser-tests']) {
  const r = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${project}.json`, '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed = true;
    console.error(`✖ type errors in tsconfig.${project}.json`);
  }
}
process.exit(failed ? 1 : 0);
