#!/usr/bin/env node
// `npm start`: build, then open the desktop app. Where the Electron runtime cannot
// be obtained (offline or locked-down machines), say so in one line and serve Lede
// to the browser instead, so the start command always gets someone to a working Lede.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

if (process.env.LEDE_SKIP_BUILD !== '1') {
  const build = spawnSync(bin('electron-vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Requiring `electron` returns the binary's path, downloading it on first use.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8' });
const electronReady = probe.status === 0 && probe.stdout.trim().length > 0;

const run = (cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (electronReady) {
  run(bin('electron-vite'), ['preview', '--skipBuild']);
} else {
  console.log('The Electron runtime could not be downloaded on this machine, so Lede is starting in browser mode instead.');
  run(process.execPath, [join(root, 'bin', 'lede.mjs'), 'serve', ...process.argv.slice(2)]);
}
