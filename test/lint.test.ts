import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from './helpers.ts';

// The boundaries eslint.config.mjs enforces: for each rule, a violation planted in a
// file where it is not allowed fails with the rule's message, and the same code where
// it is allowed passes. (`npm test` also lints the whole tree.)

const eslint = new ESLint({ cwd: ROOT });

/** The messages ESLint gives `code` as if it were the file at `path` (relative to the repository). */
async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the linter keeps Lede’s boundaries', () => {
  it('electron is imported only by the Electron entry files', async () => {
    assert.deepEqual(await lint('src/core/teacher/planted.ts', "import { app } from 'electron';\nexport const a = app;\n"), [
      "no-restricted-imports: 'electron' import is restricted from being used. Only the Electron entry files (src/electron/main.ts, preload.ts) import electron; logic goes in Electron-free modules.",
    ]);
    assert.deepEqual(await lint('src/electron/main.ts', "import { app } from 'electron';\nexport const a = app;\n"), []);
  });

  it('the renderer imports no Node built-in, no zod and nothing of the backend', async () => {
    assert.deepEqual(await lint('src/renderer/src/planted.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"), [
      'import-x/no-nodejs-modules: Do not import Node.js builtin module "node:fs"',
    ]);
    assert.deepEqual(await lint('src/renderer/src/planted.ts', "import { z } from 'zod';\nexport const a = z;\n"), [
      "no-restricted-imports: 'zod' import is restricted from being used. The renderer does not load zod (the backend validates every call; the contract gives the renderer its types).",
    ]);
    const backend = await lint('src/renderer/src/planted.ts', "import { Store } from '../../core/db/store.ts';\nexport const a = Store;\n");
    assert.deepEqual(backend, [
      "import-x/no-restricted-paths: Unexpected path \"../../core/db/store.ts\" imported in restricted zone. The renderer reaches the backend only through the API contract (src/shared) and its client (src/renderer/src/api/).",
    ]);
  });

  it('the renderer reaches the backend only through its API client', async () => {
    const code = "export const load = () => fetch('/api/listStudents', { method: 'POST' });\n";
    assert.deepEqual(await lint('src/renderer/src/features/planted.ts', code), [
      "no-restricted-globals: Unexpected use of 'fetch'. Call the backend through src/renderer/src/api/client.ts.",
    ]);
    assert.deepEqual(await lint('src/renderer/src/api/planted.ts', code), []);
  });

  it('src/shared imports nothing from either side and no Node built-in; src/core imports no transport', async () => {
    assert.deepEqual(await lint('src/shared/planted.ts', "import { createHash } from 'node:crypto';\nexport const a = createHash;\n"), [
      'import-x/no-nodejs-modules: Do not import Node.js builtin module "node:crypto"',
    ]);
    assert.match((await lint('src/shared/planted.ts', "import { Store } from '../core/db/store.ts';\nexport const a = Store;\n"))[0]!, /^import-x\/no-restricted-paths: .*src\/shared is the contract both sides use/);
    assert.match((await lint('src/core/teacher/planted.ts', "import { startHttpServer } from '../../server/http.ts';\nexport const a = startHttpServer;\n"))[0]!, /^import-x\/no-restricted-paths: .*src\/core is the domain shared by the app/);
  });

  it('SQL runs only in the data layer', async () => {
    const code = "import type { Database } from 'better-sqlite3';\nexport const count = (db: Database) => db.prepare('SELECT count(*) AS n FROM students').get();\n";
    assert.deepEqual(await lint('src/core/teacher/planted.ts', code), [
      'no-restricted-syntax: SQL runs only in the data layer (src/core/db/): add a method to a repository there.',
      'no-restricted-syntax: SQL runs only in the data layer (src/core/db/): add a method to a repository there.',
    ]);
    assert.deepEqual(await lint('src/core/db/planted.ts', code), []);
  });

  it('React hooks follow the rules of hooks; a stale eslint-disable is an error', async () => {
    const hook = "import { useState } from 'react';\nexport function A({ on }: { on: boolean }) {\n  if (on) useState(0);\n  return null;\n}\n";
    assert.match((await lint('src/renderer/src/features/Planted.tsx', hook))[0]!, /^react-hooks\/rules-of-hooks: React Hook "useState" is called conditionally/);
    const stale = '// eslint-disable-next-line react-hooks/exhaustive-deps\nexport const x = 1;\n';
    assert.match((await lint('src/renderer/src/features/planted.ts', stale))[0]!, /Unused eslint-disable directive/);
  });

  describe('no import cycle', () => {
    const dir = join(ROOT, 'test', `.lint-cycle-${process.pid}`);
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a module that imports a module that imports it back is refused', async () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = () => b();\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a.ts';\nexport const b = () => a;\n");
      const [result] = await eslint.lintFiles([join(dir, 'a.ts')]);
      assert.deepEqual(
        result!.messages.map((m) => `${m.ruleId}: ${m.message}`),
        ['import-x/no-cycle: Dependency cycle detected'],
      );
    });
  });
});
