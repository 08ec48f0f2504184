#!/usr/bin/env node
// The `lede` command. Runs the TypeScript sources directly with Node's type
// stripping (Node 22.18 or newer), so no build step is needed for the CLI.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`lede: Node.js 22.18 or newer is required (this is ${process.version}). See README.md.`);
  process.exit(2);
}
// A live classroom runs for hours with a thousand connections: give it a bounded
// heap so V8 collects garbage before the process grows past a few hundred MB.
// (Re-run with the flag unless it was given, and leave with the parent.)
if (process.argv[2] === 'classroom' && !process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--max-old-space-size=192', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, LEDE_PARENT_PID: String(process.pid) },
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

async function main() {
if (process.env.LEDE_PARENT_PID) {
  // If the launcher is killed outright, stop too, as the launcher's own process would have.
  const parent = Number(process.env.LEDE_PARENT_PID);
  setInterval(() => {
    if (process.ppid !== parent) process.exit(137); // re-parented: the launcher is gone
  }, 500).unref();
}
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') console.error(`${w.name}: ${w.message}`);
});
// A closed terminal or pipe (`lede classroom | head`, a closed SSH session) must not
// crash a running server: what cannot be printed is dropped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', (e) => (e.code === 'EPIPE' ? undefined : Promise.reject(e)));
const { run } = await import('../src/cli/main.ts');
const code = await run(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
});
process.exitCode = code;
}
