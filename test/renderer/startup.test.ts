// The start-up requests (src/renderer/src/api/boot.ts, its own small file) and the store's
// side of them (state/startup.ts): answers already there are used without asking again, a
// request that failed is asked again, and a refusal arrives as the contract's error.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const calls: { name: string; input: unknown }[] = [];
let answers: Record<string, Envelope | 'network-down'> = {};

const storage = new Map<string, string>();
const g = globalThis as unknown as Record<string, unknown>;
g.window = globalThis;
g.localStorage = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) };
g.location = { hash: '' };
g.fetch = async (url: string, init: { body: string }) => {
  const name = url.replace('/api/', '');
  calls.push({ name, input: JSON.parse(init.body) });
  const a = answers[name];
  if (a === 'network-down') throw new TypeError('Failed to fetch');
  return { json: async () => a ?? { ok: false, error: { code: 'internal', message: `no answer for ${name}` } }, status: 200, statusText: 'OK' };
};

const { takeStartup } = await import('../../src/renderer/src/state/startup.ts');
const bootFile = new URL('../../src/renderer/src/api/boot.ts', import.meta.url).href;
let bootRun = 0;
/** Runs boot.ts afresh (a new query string is a new module instance). */
const boot = () => import(`${bootFile}?run=${++bootRun}`);

const attempt = { attempt: { id: 'a1' }, lesson: { id: 'seed' } };
beforeEach(() => {
  calls.length = 0;
  storage.clear();
  answers = {
    serverInfo: { ok: true, value: { mode: 'app' } },
    listStudents: { ok: true, value: [{ id: 's1', displayName: 'Noor' }] },
    openLesson: { ok: true, value: attempt },
  };
});
afterEach(() => {
  delete (globalThis as { __ledeStartup?: unknown }).__ledeStartup;
});

describe('start-up requests', () => {
  it('boot asks for the mode, the students and the addressed lesson of the remembered student, and the store uses those answers without asking again', async () => {
    storage.set('lede-prefs', JSON.stringify({ state: { lastStudentId: 's1' }, version: 1 }));
    (g.location as { hash: string }).hash = '#/lesson/asif%20dirty';
    await boot();
    assert.deepEqual(
      calls.map((c) => c.name),
      ['serverInfo', 'listStudents', 'openLesson'],
    );
    assert.deepEqual(calls[2]!.input, { studentId: 's1', lessonId: 'asif dirty' });
    const s = takeStartup();
    assert.deepEqual(await s.info, { mode: 'app' });
    assert.deepEqual(await s.students, [{ id: 's1', displayName: 'Noor' }]);
    assert.equal(s.lesson?.lessonId, 'asif dirty');
    assert.deepEqual(await s.lesson?.attempt, attempt);
    assert.equal(calls.length, 3, 'nothing asked twice');
  });

  it('no lesson is opened without a remembered student or a lesson address', async () => {
    (g.location as { hash: string }).hash = '#/lesson/seed';
    await boot();
    assert.deepEqual(calls.map((c) => c.name), ['serverInfo', 'listStudents']);
    assert.equal(takeStartup().lesson, null);
    delete (globalThis as { __ledeStartup?: unknown }).__ledeStartup; // a new page
    calls.length = 0;
    storage.set('lede-prefs', JSON.stringify({ state: { lastStudentId: 's1' } }));
    (g.location as { hash: string }).hash = '#/library';
    await boot();
    assert.deepEqual(calls.map((c) => c.name), ['serverInfo', 'listStudents']);
    storage.set('lede-prefs', '{not json');
    (g.location as { hash: string }).hash = '#/lesson/%E0%A4%A';
    delete (globalThis as { __ledeStartup?: unknown }).__ledeStartup;
    calls.length = 0;
    await boot(); // an unreadable preference and an undecodable address are no lesson, not a crash
    assert.deepEqual(calls.map((c) => c.name), ['serverInfo', 'listStudents']);
  });

  it('a request that failed on the way is asked again by the app; a refusal is the contract error with its message', async () => {
    answers.serverInfo = 'network-down';
    answers.listStudents = { ok: false, error: { code: 'forbidden', message: 'Not on a classroom server.' } };
    await boot();
    answers.serverInfo = { ok: true, value: { mode: 'classroom' } };
    const s = takeStartup();
    assert.deepEqual(await s.info, { mode: 'classroom' });
    assert.equal(await s.students, undefined, 'a refused list is no list');
    assert.deepEqual(calls.map((c) => c.name), ['serverInfo', 'listStudents', 'serverInfo']);
  });

  it('without boot.js (or after the answers were taken) the app asks for itself', async () => {
    const s = takeStartup();
    assert.deepEqual(await s.info, { mode: 'app' });
    assert.equal(s.lesson, null);
    assert.deepEqual(calls.map((c) => c.name), ['serverInfo', 'listStudents']);
    answers.serverInfo = { ok: false, error: { code: 'internal', message: 'The database could not be opened.' } };
    await assert.rejects(takeStartup().info, (e: Error) => e.name === 'LedeError' && e.message === 'The database could not be opened.');
  });

  it('boot.js run after the app took its start (the app came from the cache first) asks for nothing', async () => {
    storage.set('lede-prefs', JSON.stringify({ state: { lastStudentId: 's1' } }));
    (g.location as { hash: string }).hash = '#/lesson/seed';
    const s = takeStartup(); // no boot answers yet: the app asks itself
    assert.deepEqual(await s.info, { mode: 'app' });
    assert.equal((globalThis as { __ledeStartup?: unknown }).__ledeStartup, null);
    calls.length = 0;
    await boot();
    assert.deepEqual(calls, [], 'nothing asked twice');
    assert.equal((globalThis as { __ledeStartup?: unknown }).__ledeStartup, null);
  });
});
