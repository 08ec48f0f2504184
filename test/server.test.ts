import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { startHttpServer, MAX_BODY_BYTES, type RunningServer } from '../src/server/http.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers, type Handlers } from '../src/core/services/lede-service.ts';
import { API } from '../src/shared/api.ts';
import { API_NAMES } from '../src/shared/api-names.ts';
import { OLD_SEED_FILE, SEED_FILE, tempDir } from './helpers.ts';

function backend(): { store: Store; handlers: Handlers } {
  const store = new Store(openDatabase(':memory:'));
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  return { store, handlers: createHandlers(store) };
}

describe('the API contract', () => {
  it('names every call once, and the preload list matches the schemas', () => {
    assert.deepEqual([...API_NAMES].sort(), Object.keys(API).sort());
  });

  it('every handler output satisfies its output schema, and no key reaches the client before a step is checked', async () => {
    const { handlers } = backend();
    const ok = async (name: (typeof API_NAMES)[number], input: unknown) => {
      const env = await dispatch(handlers, name, input);
      assert.ok(env.ok, JSON.stringify(env));
      const parsed = API[name].output.safeParse(env.value);
      assert.ok(parsed.success, `${name}: ${parsed.success ? '' : parsed.error.message}`);
      return env.value as never;
    };
    const student: { id: string } = await ok('createStudent', { displayName: 'Ada' });
    await ok('listStudents', {});
    await ok('listLessons', { studentId: student.id });
    const state: { attempt: { id: string }; lesson: unknown } = await ok('openLesson', { studentId: student.id, lessonId: 'asif-dirty-work' });
    const json = JSON.stringify(state);
    assert.doesNotMatch(json, /"explanation"|"key"|"correct"|"feedback":\{"|modelAnswer/, 'the lesson sent to a student carries no key');
    assert.doesNotMatch(json, /Yalda Hakim/, 'no explanation text either');
    await ok('putHighlight', { attemptId: state.attempt.id, exerciseId: 'sources', highlight: { id: 'h1', start: 1543, end: 1561, label: 'anonymous' } });
    await ok('putResponse', { attemptId: state.attempt.id, exerciseId: 'headline-vs-body', answer: { choices: ['tense'] } });
    await ok('setStep', { attemptId: state.attempt.id, step: 1 });
    const fb: { items: { explanation: string }[] } = await ok('checkStep', { attemptId: state.attempt.id, exerciseId: 'sources' });
    assert.ok(fb.items.every((k) => k.explanation.length > 0), 'after checking, the key comes with explanations');
    await ok('getAttempt', { attemptId: state.attempt.id });
    await ok('deleteHighlight', { attemptId: state.attempt.id, exerciseId: 'framing', highlightId: 'nothing' });
    await ok('newAttempt', { studentId: student.id, lessonId: 'asif-dirty-work' });
  });

  it('the seed lesson: no verdict, note or explanation before checking; the evidence step opens only after the highlight steps', async () => {
    const store = new Store(openDatabase(':memory:'));
    const r = loadLessonFile(SEED_FILE);
    if (!r.ok) throw new Error('seed');
    store.importLesson(r.loaded);
    const handlers = createHandlers(store);
    const call = (name: (typeof API_NAMES)[number], input: unknown) => dispatch(handlers, name, input);
    const value = async <T,>(name: (typeof API_NAMES)[number], input: unknown): Promise<T> => {
      const env = await call(name, input);
      assert.ok(env.ok, JSON.stringify(env));
      assert.ok(API[name].output.safeParse(env.value).success, name);
      return env.value as T;
    };
    const student = await value<{ id: string }>('createStudent', { displayName: 'Ben' });
    type Ev = { kind: string; cards: unknown[]; claims: { id: string }[]; lockedUntil: string[] };
    const state = await value<{ attempt: { id: string }; lesson: { exercises: Ev[] } }>('openLesson', { studentId: student.id, lessonId: 'asif-dirty-work' });
    const attemptId = state.attempt.id;
    const json = JSON.stringify(state);
    assert.doesNotMatch(json, /"verdicts"|"notes"|"explanation"|"mentions"|not-found/);
    assert.doesNotMatch(json, /She wrote the story|People did die/, 'no note text');
    const evidence = () => state.lesson.exercises.find((e) => e.kind === 'evidence')!;
    assert.deepEqual([evidence().cards, evidence().claims, evidence().lockedUntil], [[], [], ['Sources', 'Framing', 'Unverified statements']]);
    const early = await call('checkStep', { attemptId, exerciseId: 'other-reports' });
    assert.deepEqual(early, { ok: false, error: { code: 'conflict', message: 'Check “Sources”, “Framing” and “Unverified statements” first: this step’s reports would give their answers away.' } });
    assert.equal((await call('putResponse', { attemptId, exerciseId: 'other-reports', answer: { claims: { kashmir: { verdict: 'not-found' } } } })).ok, false);
    for (const id of ['sources', 'framing', 'unverified']) await value('checkStep', { attemptId, exerciseId: id });
    const open = (await value<{ lesson: { exercises: Ev[] } }>('getAttempt', { attemptId })).lesson.exercises.find((e) => e.kind === 'evidence')!;
    assert.equal(open.lockedUntil.length, 0);
    assert.ok(open.claims.length >= 5 && open.cards.length >= 5);
    assert.doesNotMatch(JSON.stringify(open), /"verdicts"|"explanation"/);
    await value('putResponse', { attemptId, exerciseId: 'other-reports', answer: { claims: { kashmir: { verdict: 'not-found' } } } });
    const fb = await value<{ claims: { id: string; verdicts: string[]; explanation: string }[] }>('checkStep', { attemptId, exerciseId: 'other-reports' });
    assert.deepEqual(fb.claims.find((c) => c.id === 'kashmir')?.verdicts, ['not-found']);
  });

  it('bad input and domain errors come back as typed envelopes in plain words', async () => {
    const { handlers } = backend();
    assert.deepEqual(await dispatch(handlers, 'dropTables', {}), { ok: false, error: { code: 'not_found', message: 'There is no call named "dropTables".' } });
    const bad = await dispatch(handlers, 'createStudent', { displayName: 42 });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.code, 'invalid_input');
    const empty = await dispatch(handlers, 'createStudent', { displayName: '   ' });
    assert.deepEqual(empty, { ok: false, error: { code: 'invalid_input', message: 'Please type a name.' } });
    const missing = await dispatch(handlers, 'getAttempt', { attemptId: 'nope' });
    assert.deepEqual(missing, { ok: false, error: { code: 'not_found', message: 'That attempt does not exist.' } });
    let logged = 0;
    const boom = await dispatch({ ...handlers, listStudents: () => { throw new Error('disk on fire'); } }, 'listStudents', {}, undefined, () => logged++);
    assert.equal(!boom.ok && boom.error.code, 'internal');
    assert.doesNotMatch(JSON.stringify(boom), /disk on fire/, 'internal details are logged, not sent');
    assert.equal(logged, 1);
  });
});

describe('the HTTP transport', () => {
  let server: RunningServer;
  let port: number;
  const dir = tempDir();
  before(async () => {
    const staticDir = join(dir, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Lede</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startHttpServer({ handlers: backend().handlers, staticDir, log: () => {} });
    port = Number(new URL(server.url).port);
  });
  after(() => server.close());

  function send(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      if (opts.body) req.write(opts.body);
      req.end();
    });
  }
  const json = { 'Content-Type': 'application/json' };

  it('serves the app with a strict Content-Security-Policy, and client-side routes fall back to index.html', async () => {
    const r = await send({ path: '/#/library' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'; script-src 'self'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    const deep = await send({ path: '/lesson/whatever' });
    assert.match(deep.body, /<title>Lede<\/title>/);
    const asset = await send({ path: '/assets/app.js' });
    assert.match(String(asset.headers['cache-control']), /immutable/);
  });

  it('refuses path traversal', async () => {
    const r = await send({ path: '/../../etc/passwd' });
    assert.doesNotMatch(r.body, /root:/);
    const enc = await send({ path: '/%2e%2e/%2e%2e/etc/passwd' });
    assert.doesNotMatch(enc.body, /root:/);
  });

  it('answers API calls with envelopes and HTTP statuses', async () => {
    const created = await send({ method: 'POST', path: '/api/createStudent', headers: json, body: JSON.stringify({ displayName: 'זהבה 🦊' }) });
    assert.equal(created.status, 200);
    assert.equal(JSON.parse(created.body).value.displayName, 'זהבה 🦊');
    const again = await send({ method: 'POST', path: '/api/createStudent', headers: json, body: JSON.stringify({ displayName: 'זהבה  🦊' }) });
    assert.equal(again.status, 409, 'a profile of the same name is refused');
    assert.equal(JSON.parse(again.body).error.code, 'conflict');
    const deliberate = await send({ method: 'POST', path: '/api/createStudent', headers: json, body: JSON.stringify({ displayName: 'זהבה 🦊', deliberate: true }) });
    assert.equal(deliberate.status, 200);
    const missing = await send({ method: 'POST', path: '/api/getAttempt', headers: json, body: '{"attemptId":"x"}' });
    assert.equal(missing.status, 404);
    const notJson = await send({ method: 'POST', path: '/api/listStudents', headers: json, body: '{oops' });
    assert.equal(notJson.status, 400);
    assert.equal(JSON.parse(notJson.body).error.message, 'The request is not valid JSON.');
  });

  it('refuses oversize bodies, foreign Host headers, other origins and non-JSON posts', async () => {
    const big = await send({ method: 'POST', path: '/api/createStudent', headers: json, body: JSON.stringify({ displayName: 'x'.repeat(MAX_BODY_BYTES) }) });
    assert.equal(big.status, 413);
    assert.match(JSON.parse(big.body).error.message, /larger than 64 KB/);
    const rebinding = await send({ path: '/', headers: { Host: 'attacker.example:80' } });
    assert.equal(rebinding.status, 421);
    const cross = await send({ method: 'POST', path: '/api/listStudents', headers: { ...json, Origin: 'http://evil.example' }, body: '{}' });
    assert.equal(cross.status, 403);
    const form = await send({ method: 'POST', path: '/api/listStudents', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    assert.equal(form.status, 400);
    const get = await send({ path: '/api/listStudents' });
    assert.equal(get.status, 404);
  });
});

describe('requests that go wrong on the client’s side (issue 8, item 14)', () => {
  const dir = tempDir();
  const logged: unknown[] = [];
  let server: RunningServer;
  let port: number;
  before(async () => {
    const staticDir = join(dir, 'renderer');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Lede</title>');
    server = await startHttpServer({ handlers: backend().handlers, staticDir, log: (e) => logged.push(e), requestTimeoutMs: 1000, headersTimeoutMs: 1000 });
    port = Number(new URL(server.url).port);
  });
  after(() => server.close());

  /** Raw bytes on a socket, and everything the server answers until it closes. */
  const raw = (bytes: string, opts: { thenDestroy?: boolean; trickle?: boolean } = {}) =>
    new Promise<{ reply: string; closedAfterMs: number }>((resolve) => {
      const t0 = Date.now();
      const sock = connect({ host: '127.0.0.1', port });
      let reply = '';
      let timer: ReturnType<typeof setInterval> | undefined;
      sock.on('data', (d) => (reply += d.toString()));
      sock.on('error', () => {});
      sock.on('close', () => {
        clearInterval(timer);
        resolve({ reply, closedAfterMs: Date.now() - t0 });
      });
      sock.write(bytes);
      if (opts.thenDestroy) setTimeout(() => sock.destroy(), 50);
      if (opts.trickle) timer = setInterval(() => sock.writable && sock.write('x'), 200);
    });

  it('a malformed percent-encoded address answers 400 and logs one line, no stack trace', async () => {
    logged.length = 0;
    const { reply } = await raw(`GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 400 /);
    assert.equal(logged.length, 1);
    assert.equal(typeof logged[0], 'string');
    assert.doesNotMatch(String(logged[0]), /\n\s+at /);
  });

  it('a request the HTTP parser refuses gets 400 with the security headers, and its socket is closed by the server', async () => {
    const { reply, closedAfterMs } = await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nBad Header Name: x\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(reply, /\r\nX-Content-Type-Options: nosniff\r\n/);
    assert.match(reply, /\r\nContent-Security-Policy: default-src 'self'/);
    assert.match(reply, /\r\nX-Frame-Options: DENY\r\n/);
    // No "Connection: close" from the client, yet the server closed it (generously bounded for a busy machine).
    assert.ok(closedAfterMs < 5000, `${closedAfterMs} ms`);
  });

  it('a request with two Host headers is refused (400), never served by the first', async () => {
    const { reply } = await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 400 /);
    assert.match(reply, /A request has one Host header\./);
    assert.match(reply, /X-Content-Type-Options: nosniff/i);
    assert.doesNotMatch(reply, /<title>Lede<\/title>/);
    const one = await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    assert.match(one.reply, /^HTTP\/1\.1 200 /);
  });

  it('an upload the client abandons half-way logs nothing', async () => {
    logged.length = 0;
    await raw(`POST /api/listStudents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"a":`, { thenDestroy: true });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(logged, []);
  });

  it('a body that trickles in is cut off when the request time runs out, not 40 s later', async () => {
    const { closedAfterMs } = await raw(`POST /api/listStudents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`, { trickle: true });
    // requestTimeout 1 s, checked every second: closed within about 2 s (generously bounded for a busy machine).
    assert.ok(closedAfterMs < 8000, `${closedAfterMs} ms`);
  });
});
