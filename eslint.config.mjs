// Lede's boundaries, checked on every `npm test` (test/lint.test.ts plants a
// violation of each rule and shows the message):
//  - `electron` is imported only by the Electron entry files (src/electron/main.ts, preload.ts);
//  - src/shared (the contract) imports nothing outside itself and no Node built-in;
//  - src/core (the domain) imports neither the HTTP server, the CLI, Electron nor the renderer;
//  - the renderer imports no Node built-in, no zod and nothing of the backend, and
//    reaches the backend only through its API client (src/renderer/src/api/);
//  - no import cycle anywhere;
//  - SQL runs only in the data layer (src/core/db/);
//  - React hooks follow the rules of hooks; a stale eslint-disable comment is an error.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SOURCE = ['**/*.ts', '**/*.tsx', '**/*.mjs'];
const zone = (target, from, message) => ({ target, from, message });

/** SQL text, and the calls that run it, outside src/core/db/. */
const SQL = /^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|UNIQUE|VIEW|TRIGGER)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|INDEX)\s|PRAGMA\s|WITH\s+\w+\s+AS\s)/;
const SQL_MESSAGE = 'SQL runs only in the data layer (src/core/db/): add a method to a repository there.';

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
    // The Electron entry files are the only ones that may import electron.
    files: ['src/electron/main.ts', 'src/electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Outside the data layer, no SQL.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/core/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${SQL}]`, message: SQL_MESSAGE },
        { selector: `TemplateElement[value.raw=${SQL}]`, message: SQL_MESSAGE },
        { selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]", message: SQL_MESSAGE },
        { selector: "CallExpression[callee.property.name='transaction'][callee.object.property.name='db']", message: SQL_MESSAGE },
        { selector: "MemberExpression[object.name='store'][property.name='db']", message: 'The store’s database is the data layer’s own: use a repository method.' },
      ],
    },
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
