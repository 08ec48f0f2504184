#!/usr/bin/env node
// `npm test`: type-check, lint, build, unit and property tests (node:test), each
// benchmark once in smoke mode (small sizes: a check that it measures, never how
// fast), then the end-to-end tests (Playwright), and one closing line that counts them all.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(label, cmd, args, { parse, env } = {}) {
  return new Promise((resolve) => {
    process.stdout.write(`\n── ${label} ──\n`);
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => {
      if (parse) parse(out);
      if (code !== 0) {
        broken = true;
        process.stdout.write(`✖ ${label} failed (exit ${code})\n`);
      }
      resolve(code);
    });
  });
}

const nodeTestCounts = (out) => {
  const n = (k) => Number(out.match(new RegExp(`^ℹ ${k} (\\d+)`, 'm'))?.[1] ?? 0);
  totals.passed += n('pass');
  // A suite that throws while being defined is listed under "failing tests" without
  // being counted as a failed test: count it, so it cannot pass silently.
  const uncounted = n('fail') + n('cancelled') === 0 && out.includes('✖ failing tests:') ? 1 : 0;
  totals.failed += n('fail') + n('cancelled') + uncounted;
  totals.skipped += n('skipped') + n('todo');
};

const playwrightCounts = (out) => {
  const n = (k) => Number(out.match(new RegExp(`^\\s*(\\d+) ${k}\\b`, 'm'))?.[1] ?? 0);
  totals.passed += n('passed');
  totals.failed += n('failed') + n('flaky') + n('interrupted');
  totals.skipped += n('skipped') + n('did not run');
};

const npx = (bin) => join(root, 'node_modules', '.bin', bin);

await run('type-check (each part with its own project)', process.execPath, [join(root, 'scripts', 'typecheck.mjs')]);
await run('lint (boundaries, packages, cycles, SQL only in the data layer, promises, switches, hooks)', npx('eslint'), ['--max-warnings=0', '.']);
await run('build', npx('electron-vite'), ['build']);
await run('unit and property tests', process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', 'test/**/*.test.ts'], { parse: nodeTestCounts });
// Each bench once, small (`--smoke`): it exits non-zero when a measurement is empty, a
// figure is not a number or a request fails that it did not expect. After the build
// (the served benches need the renderer) and the unit tests; each counts as one test.
process.stdout.write('\n── benchmarks, smoke mode (each once: that it measures, not how fast) ──\n');
for (const bench of ['run', 'imports', 'assistant', 'export', 'classroom', 'flood', 'ui', 'studio']) {
  const code = await run(`bench/${bench}.ts --smoke`, process.execPath, [join(root, 'bench', `${bench}.ts`), '--smoke']);
  if (code === 0) totals.passed++;
  else totals.failed++;
}

const specs = existsSync(join(root, 'e2e')) && readdirSync(join(root, 'e2e')).some((f) => f.endsWith('.spec.ts'));
if (specs) await run('end-to-end tests', npx('playwright'), ['test', '--reporter=list'], { parse: playwrightCounts });

console.log(`\nlede: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(broken || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
