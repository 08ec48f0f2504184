import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ESLint, type Linter } from 'eslint';
import { ROOT } from './helpers.ts';

// The boundaries eslint.config.mjs enforces: for each rule, a violation planted in a
// file where it is not allowed fails with the rule's message, and the same code where
// it is allowed passes. (`npm test` also lints the whole tree.)

const eslint = new ESLint({ cwd: ROOT });
/**
 * For code linted as text: a planted file that is not on disk is in no TypeScript project,
 * so here the type-aware rules are off (they are tested on real files below).
 */
const untyped = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
});

/** The messages ESLint gives `code` as if it were the file at `path` (relative to the repository). */
async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await untyped.lintText(code, { filePath: join(ROOT, path) });
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
    const code = "type Database = { prepare(sql: string): { get(): unknown } };\nexport const count = (db: Database) => db.prepare('SELECT count(*) AS n FROM students').get();\n";
    assert.deepEqual(await lint('src/core/teacher/planted.ts', code), [
      'no-restricted-syntax: SQL runs only in the data layer (src/core/db/): add a method to a repository there.',
      'no-restricted-syntax: SQL runs only in the data layer (src/core/db/): add a method to a repository there.',
    ]);
    assert.deepEqual(await lint('src/core/db/planted.ts', code), []);
  });

  describe('which packages each part may import', () => {
    const BROWSER = 'src/shared and the renderer run in a browser and stay small: the backend (src/core/) uses this package and the contract carries its results.';
    const DOMAIN = 'This package does heavy or Node-only work that belongs to the domain (src/core/): call a src/core function instead.';
    const DATABASE = 'Only the data layer (src/core/db/) opens the database: add a method to a repository there.';
    const restricted = (name: string, message: string) =>
      `@typescript-eslint/no-restricted-imports: '${name}' import is restricted from being used by a pattern. ${message}`;

    it('src/shared and the renderer import none of the backend’s packages, not even a type', async () => {
      for (const path of ['src/shared/planted.ts', 'src/renderer/src/features/planted.ts']) {
        assert.deepEqual(await lint(path, "import ExcelJS from 'exceljs';\nexport const a = ExcelJS;\n"), [restricted('exceljs', BROWSER)], path);
        assert.deepEqual(await lint(path, "import type { Database } from 'better-sqlite3';\nexport type A = Database;\n"), [restricted('better-sqlite3', BROWSER)], path);
        assert.deepEqual(await lint(path, "import { parseHTML } from 'linkedom';\nexport const a = parseHTML;\n"), [restricted('linkedom', BROWSER)], path);
        assert.deepEqual(await lint(path, "import { parse } from 'csv-parse/sync';\nexport const a = parse;\n"), [restricted('csv-parse/sync', BROWSER)], path);
      }
      assert.deepEqual(await lint('src/renderer/src/planted.ts', "export const load = () => import('mammoth');\n"), [`no-restricted-syntax: ${BROWSER}`]);
      assert.deepEqual(await lint('src/shared/planted.ts', "export const load = () => import('@mozilla/readability');\n"), [`no-restricted-syntax: ${BROWSER}`]);
      assert.deepEqual(await lint('src/renderer/src/planted.ts', "export { default } from 'wink-nlp';\n"), [restricted('wink-nlp', BROWSER)]);
      // A package that merely starts with the same letters is not one of them.
      assert.deepEqual(await lint('src/renderer/src/planted.ts', "import { create } from 'zustand';\nexport const a = create;\n"), []);
    });

    it('the heavy packages are imported only by src/core; the transports call the domain', async () => {
      assert.deepEqual(await lint('src/server/planted.ts', "import { chromium } from 'playwright-core';\nexport const a = chromium;\n"), [restricted('playwright-core', DOMAIN)]);
      assert.deepEqual(await lint('src/cli/planted.ts', "import { Readability } from '@mozilla/readability';\nexport const a = Readability;\n"), [restricted('@mozilla/readability', DOMAIN)]);
      assert.deepEqual(await lint('src/electron/planted.ts', "import ExcelJS from 'exceljs';\nexport const a = ExcelJS;\n"), [restricted('exceljs', DOMAIN)]);
      assert.deepEqual(await lint('src/core/export/planted.ts', "import { chromium } from 'playwright-core';\nexport const a = chromium;\n"), []);
      // The lighter backend packages are free outside the browser.
      assert.deepEqual(await lint('src/cli/planted.ts', "import { parse } from 'yaml';\nexport const a = parse;\n"), []);
    });

    it('only the data layer imports better-sqlite3', async () => {
      const code = "import Database from 'better-sqlite3';\nexport const open = (file: string) => new Database(file);\n";
      assert.deepEqual(await lint('src/core/teacher/planted.ts', code), [restricted('better-sqlite3', DATABASE)]);
      assert.deepEqual(await lint('src/server/planted.ts', code), [restricted('better-sqlite3', DATABASE)]);
      assert.deepEqual(await lint('src/core/db/planted.ts', code), []);
      const required = "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const again = () => require('better-sqlite3/lib/index.js');\n";
      assert.deepEqual(await lint('src/core/teacher/planted.ts', required), [`no-restricted-syntax: ${DATABASE}`]);
      assert.deepEqual(await lint('src/core/export/planted.ts', "export const load = () => import('better-sqlite3');\n"), [`no-restricted-syntax: ${DATABASE}`]);
      // The SQL rule still holds in the same files.
      assert.deepEqual(await lint('src/core/teacher/planted.ts', "export const q = 'DELETE FROM students';\n"), [
        'no-restricted-syntax: SQL runs only in the data layer (src/core/db/): add a method to a repository there.',
      ]);
    });
  });

  it('React hooks follow the rules of hooks; a stale eslint-disable is an error', async () => {
    const hook = "import { useState } from 'react';\nexport function A({ on }: { on: boolean }) {\n  if (on) useState(0);\n  return null;\n}\n";
    assert.match((await lint('src/renderer/src/features/Planted.tsx', hook))[0]!, /^react-hooks\/rules-of-hooks: React Hook "useState" is called conditionally/);
    const stale = '// eslint-disable-next-line react-hooks/exhaustive-deps\nexport const x = 1;\n';
    assert.match((await lint('src/renderer/src/features/planted.ts', stale))[0]!, /Unused eslint-disable directive/);
  });

  describe('type-aware rules in src/', () => {
    const TYPED = ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises', '@typescript-eslint/switch-exhaustiveness-check'];
    // Planted in test/ (the type-aware rules need a file on disk, in tsconfig.json), not in
    // src/, which other tests read while this one runs; with src/'s own settings for them.
    const dir = join(ROOT, 'test', `lint-typed-${process.pid}`);
    after(() => rmSync(dir, { recursive: true, force: true }));
    let typed: ESLint | undefined;
    const lintFile = async (name: string, code: string) => {
      if (!typed) {
        const config = (await eslint.calculateConfigForFile(join(ROOT, 'src/core/planted.ts'))) as { rules: Linter.RulesRecord };
        typed = new ESLint({
          cwd: ROOT,
          overrideConfig: {
            files: [`test/lint-typed-${process.pid}/**`],
            languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
            rules: Object.fromEntries(TYPED.map((rule) => [rule, config.rules[rule]])),
          },
        });
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), code);
      const [result] = await typed.lintFiles([join(dir, name)]);
      return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
    };

    it('src/ has them on', async () => {
      for (const path of ['src/core/planted.ts', 'src/renderer/src/features/Planted.tsx', 'src/electron/planted.ts']) {
        const config = (await eslint.calculateConfigForFile(join(ROOT, path))) as { rules: Record<string, unknown[]> };
        for (const rule of TYPED) assert.equal(config.rules[rule]?.[0], 2, `${rule} in ${path}`);
      }
    });

    it('a promise is not dropped, nor passed where a plain callback is expected', async () => {
      const code = [
        'export async function save(): Promise<void> {}',
        'export function later(): void {',
        '  save();',
        '  setTimeout(save, 10);',
        '}',
        '',
      ].join('\n');
      const messages = await lintFile('promises.ts', code);
      assert.equal(messages.length, 2, messages.join('\n'));
      assert.match(messages[0]!, /^@typescript-eslint\/no-floating-promises: Promises must be awaited/);
      assert.equal(messages[1], '@typescript-eslint/no-misused-promises: Promise returned in function argument where a void return was expected.');
      const fixed = 'export async function save(): Promise<void> {}\nexport async function later(): Promise<void> {\n  await save();\n  setTimeout(() => void save(), 10);\n}\n';
      assert.deepEqual(await lintFile('promises-fixed.ts', fixed), []);
    });

    it('a switch over a union names every member or has a default', async () => {
      const code = "export function label(kind: 'source' | 'framing' | 'unverified'): string {\n  switch (kind) {\n    case 'source': return 'Source';\n    case 'framing': return 'Framing';\n  }\n  return '';\n}\n";
      assert.deepEqual(await lintFile('switch.ts', code), [
        '@typescript-eslint/switch-exhaustiveness-check: Switch is not exhaustive. Cases not matched: "unverified"',
      ]);
      const withDefault = code.replace("    case 'framing': return 'Framing';\n", "    case 'framing': return 'Framing';\n    default: return 'Other';\n");
      assert.deepEqual(await lintFile('switch-default.ts', withDefault), []);
    });
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
