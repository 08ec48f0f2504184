#!/usr/bin/env node
// The `lede` command. Runs the TypeScript sources directly with Node's type
// stripping (Node 22.18 or newer), so no build step is needed for the CLI.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`lede: Node.js 22.18 or newer is required (this is ${process.version}). See README.md.`);
  process.exit(2);
}
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') console.error(`${w.name}: ${w.message}`);
});
const { run } = await import('../src/main/cli/main.ts');
const code = await run(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
});
process.exitCode = code;
