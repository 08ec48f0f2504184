#!/usr/bin/env node
// `npm start`: build, then open the desktop app.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(bin('electron-vite'), ['preview', '--skipBuild'], { cwd: root, stdio: 'inherit' });
process.exit(app.status ?? 0);
