import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { API } from '../src/shared/api.ts';
import { LedeError } from '../src/shared/errors.ts';
import { cleanDisplayName, cleanTypedName, countGraphemes, graphemesOf, initials, searchKey, typedNameProblem } from '../src/shared/names.ts';
import { miniLesson } from './helpers.ts';

// Characters that draw nothing: zero-width space, non-joiner, joiner, word joiner,
// byte-order mark, soft hyphen, bidi overrides and isolates, Hangul fillers, the
// combining grapheme joiner, the Mongolian vowel separator, a tag space, variation
// selectors, an invisible times.
const INVISIBLES = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u202E', '\u202A', '\u2066', '\u2069', '\u3164', '\u115F', '\u1160', '\uFFA0', '\u034F', '\u180E', '\u{E0020}', '\uFE0F', '\uFE00', '\u2062'];
const SPACES = [' ', '\u00A0', '\u3000', '\t', '\u2009'];
// Pieces a name can be made of, many of them several code points drawn as one character.
const PIECES = [
  'a', 'Z', 'é', 'e\u0301', 'ß', 'Ł', 'ı', 'Ω', 'ж', 'ع', 'ש', '李', '한', 'ก', 'ि', '1', '٣', '-', "'", '.', '(', ' ', ' ',
  '🇫🇷', '🇯🇵', '👩🏽‍🎓', '👨‍👩‍👧‍👦', '🐉', '❤️', '1️⃣', '🏳️‍🌈', 'ｆ', 'ﬁ', '\u0301', '\u0308', ...INVISIBLES,
];
const nameish = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join(''));
const anyText = fc.oneof(nameish, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }));

const attempt = <T,>(f: () => T): T | LedeError => {
  try {
    return f();
  } catch (err) {
    if (err instanceof LedeError) return err;
    throw err;
  }
};

describe('the name rules', () => {
  it('initials never split a character as a reader sees it (flags, emoji with skin tones, accents)', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        // Initials are drawn for stored names, which are cleaned.
        const name = attempt(() => cleanDisplayName(raw));
        if (name instanceof LedeError) return;
        const got = initials(name);
        assert.ok(countGraphemes(got) >= 1);
        const seen = new Set(graphemesOf(name).flatMap((g) => [g, g.toLocaleUpperCase()]));
        for (const g of graphemesOf(got)) assert.ok(seen.has(g), `${JSON.stringify(got)} is not made of whole characters of ${JSON.stringify(name)}`);
        assert.ok(countGraphemes(got) <= 2);
      }),
      { numRuns: 2000 },
    );
    assert.equal(initials('🇫🇷 Amélie'), '🇫🇷A');
    assert.equal(initials('Robin   Kaur'), 'RK');
    assert.equal(initials('robin k.'), 'RK');
    assert.equal(initials('👩🏽‍🎓'), '👩🏽‍🎓');
    assert.equal(initials('e\u0301mile zola'), 'E\u0301Z');
    assert.equal(initials('ßara'), 'ß', 'not "SS"');
    assert.equal(initials('(Robin) de la Cruz'), 'RC');
    assert.equal(initials('زينب الحسيني'), 'زا');
    assert.equal(initials('\u1160 \u1160'), '', 'fillers draw nothing');
    assert.equal(initials('\u1100 \u1161'), '\u1100', 'two jamo that would join into one syllable: the first alone');
  });

  it('cleaning is idempotent: a cleaned name cleans to itself', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        for (const clean of [cleanDisplayName, cleanTypedName]) {
          const once = attempt(() => clean(raw));
          if (once instanceof LedeError) continue;
          assert.equal(clean(once), once);
          assert.equal(once, once.trim());
          assert.doesNotMatch(once, / {2}/u);
          // Joiners and variation selectors stay only inside an emoji, where they are part of the picture.
          for (const g of graphemesOf(once)) if (!/\p{Extended_Pictographic}/u.test(g)) assert.doesNotMatch(g, /[\u200B-\u200D\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069\uFE0F]/u);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a name with no visible character, in plain words', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...INVISIBLES, ...SPACES), { minLength: 1, maxLength: 40 }), (parts) => {
        const raw = parts.join('');
        const err = attempt(() => cleanDisplayName(raw));
        assert.ok(err instanceof LedeError, `${JSON.stringify(raw)} was accepted`);
        assert.equal(err.code, 'invalid_input');
        assert.match(err.message, /Please type a name/);
        assert.ok(typedNameProblem(raw));
      }),
      { numRuns: 1000 },
    );
    assert.equal(typedNameProblem('\u200B\u200B\u200B'), 'That name has no visible letters. Please type a name.');
    assert.equal(typedNameProblem('   '), 'Please type a name.');
    assert.equal(typedNameProblem('🐉🐉'), 'A name needs at least one letter.');
    assert.equal(typedNameProblem('Robin'), null);
  });

  it('counts characters as a reader sees them, and says how long a name is that is too long', () => {
    assert.equal(typedNameProblem('x'.repeat(5000)), 'A name can be at most 40 characters long; this one has 5,000.');
    assert.equal(typedNameProblem('🇫🇷'.repeat(20) + 'a'.repeat(20)), null, '40 characters, 60 code points');
    assert.match(typedNameProblem('👩🏽‍🎓'.repeat(41)) ?? '', /at most 40 characters long; this one has 41/);
    assert.equal(cleanDisplayName('Ω'.repeat(500)), 'Ω'.repeat(500));
    // 40 letters under 14 accents each are 40 characters, but 560 code points: refused in words, not by the database.
    const heavy = ('a' + '\u0301'.repeat(14)).repeat(40);
    assert.equal(countGraphemes(heavy), 40);
    assert.equal(typedNameProblem(heavy), 'That name has too many accents or joined symbols to store. Please type it more simply.');
  });

  it('every name the rules accept can be stored (the database bounds it too)', () => {
    const store = new Store(openDatabase(':memory:'));
    fc.assert(
      fc.property(fc.oneof(anyText, fc.array(fc.constantFrom(...PIECES), { minLength: 400, maxLength: 700 }).map((p) => p.join(''))), (raw) => {
        const name = attempt(() => cleanDisplayName(raw));
        if (name instanceof LedeError) return;
        assert.equal(store.createStudent(name, { deliberate: true }).displayName, name);
      }),
      { numRuns: 300 },
    );
    store.close();
  });

  it('search keys set case, accents and spacing aside', () => {
    assert.equal(searchKey('  Zoë   ŁUKASZ-Straße '), 'zoe lukasz-strasse');
    assert.ok(searchKey('Amélie Ørsted').includes(searchKey('amelie or')));
    assert.ok(searchKey('Ａｎｎａ').includes('anna'), 'full-width letters');
    assert.equal(searchKey('Ro\u200Bbin'), 'robin');
  });
});

describe('profiles on this computer', () => {
  function backend() {
    const store = new Store(openDatabase(':memory:'));
    const source = miniLesson();
    const r = parseLesson(source, 'mini.md');
    if (!r.ok) throw new Error('mini lesson');
    store.importLesson({ file: 'mini.md', lesson: r.lesson, source });
    return { store, handlers: createHandlers(store) };
  }

  it('refuses a name that is, or looks like, a profile already here, unless the student says it is deliberate; nothing is stored', async () => {
    const { store, handlers } = backend();
    const call = (name: 'createStudent' | 'similarProfiles', input: unknown) => dispatch(handlers, name, input);
    const robin = await call('createStudent', { displayName: 'Robin' });
    assert.ok(robin.ok);
    assert.ok(API.createStudent.output.safeParse(robin.value).success);
    for (const same of ['Robin', ' robin ', 'ROBIN', 'Róbin', 'Ro\u200Bbin', 'R\u043Ebin' /* Cyrillic о */, 'Rob in']) {
      const r = await call('createStudent', { displayName: same });
      assert.equal(r.ok, false, JSON.stringify(same));
      assert.equal(!r.ok && r.error.code, 'conflict');
      assert.match(!r.ok ? r.error.message : '', /a profile already on this computer|already a profile called “Robin”/);
      const similar = await call('similarProfiles', { displayName: same });
      assert.deepEqual(similar.ok && (similar.value as { displayName: string }[]).map((p) => p.displayName), ['Robin']);
    }
    const exact = await call('createStudent', { displayName: 'Robin' });
    assert.deepEqual(exact, {
      ok: false,
      error: {
        code: 'conflict',
        message: 'There is already a profile called “Robin” on this computer. Choose it if it is yours, or add something that tells you apart, like your class or an initial.',
      },
    });
    assert.deepEqual(store.listStudents().map((s) => s.displayName), ['Robin'], 'nothing stored by a refusal');
    // Told apart by an initial: not a look-alike, no need to say it is deliberate.
    assert.ok((await call('createStudent', { displayName: 'Robin K.' })).ok);
    assert.deepEqual((await call('similarProfiles', { displayName: 'Robin K' })).ok, true);
    // Deliberate: a second Robin.
    const second = await call('createStudent', { displayName: 'Robin', deliberate: true });
    assert.ok(second.ok);
    assert.deepEqual(store.listStudents().map((s) => s.displayName), ['Robin', 'Robin', 'Robin K.']);
    const similar = await call('similarProfiles', { displayName: 'robin' });
    assert.equal(similar.ok && (similar.value as unknown[]).length, 2);
  });

  it('a typed profile name follows the typed-name rule, and a 5,000-character name is refused, not cut', async () => {
    const { store, handlers } = backend();
    const long = await dispatch(handlers, 'createStudent', { displayName: 'x'.repeat(5000) });
    assert.deepEqual(long, { ok: false, error: { code: 'invalid_input', message: 'A name can be at most 40 characters long; this one has 5,000.' } });
    const huge = await dispatch(handlers, 'createStudent', { displayName: 'x'.repeat(30_000) });
    assert.match(!huge.ok ? huge.error.message : '', /A name can be at most 40 characters long/);
    const over = await dispatch(handlers, 'createStudent', { displayName: 'y'.repeat(41) });
    assert.deepEqual(over, { ok: false, error: { code: 'invalid_input', message: 'A name can be at most 40 characters long; this one has 41.' } });
    const invisible = await dispatch(handlers, 'createStudent', { displayName: '\u200B\u200D\u2060' });
    assert.deepEqual(invisible, { ok: false, error: { code: 'invalid_input', message: 'That name has no visible letters. Please type a name.' } });
    assert.equal(store.listStudents().length, 0);
    const flags = await dispatch(handlers, 'createStudent', { displayName: '🇫🇷'.repeat(10) + ' Amélie' });
    assert.ok(flags.ok);
  });

  it('each profile says what tells it apart: its classes, when it was last used, lessons started and finished', async () => {
    const { store, handlers } = backend();
    const a = store.createStudent('Robin');
    const b = store.createStudent('Robin', { deliberate: true });
    const c8 = store.classes.create('8B');
    const c7 = store.classes.create('Art club');
    store.classes.enroll(c8.id, a.id);
    store.classes.enroll(c7.id, a.id);
    const first = store.startAttempt(a.id, 'mini');
    store.finishAttempt(first.id);
    store.startAttempt(a.id, 'mini'); // a second attempt at the same lesson: still one lesson
    const list = await dispatch(handlers, 'listStudents', {});
    assert.ok(list.ok && API.listStudents.output.safeParse(list.value).success);
    const byId = new Map((list.ok ? (list.value as { id: string }[]) : []).map((p) => [p.id, p]));
    const latest = store.attemptsFor(a.id, 'mini')[0]!;
    assert.deepEqual(byId.get(a.id), { id: a.id, displayName: 'Robin', createdAt: a.createdAt, classes: ['8B', 'Art club'], lastUsedAt: latest.updatedAt, lessonsStarted: 1, lessonsFinished: 1 });
    assert.deepEqual(byId.get(b.id), { id: b.id, displayName: 'Robin', createdAt: b.createdAt, classes: [], lastUsedAt: null, lessonsStarted: 0, lessonsFinished: 0 });
  });
});

describe('names a teacher types', () => {
  it('the same rules, a longer limit: a pasted 5,000-character name is refused with its length, not cut', async () => {
    const store = new Store(openDatabase(':memory:'));
    const handlers = createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom: new ClassroomManager(store, { staticDir: '/nonexistent' }) });
    const ctx: CallContext = { teacher: true, grantTeacher: () => (ctx.teacher = true), revokeTeacher: () => (ctx.teacher = false) };
    const cls = await dispatch(handlers as never, 'createClass', { name: '8B' }, ctx);
    assert.ok(cls.ok);
    const classId = (cls.value as { id: string }).id;
    const long = await dispatch(handlers as never, 'addStudent', { classId, displayName: 'y'.repeat(5000) }, ctx);
    assert.deepEqual(long, { ok: false, error: { code: 'invalid_input', message: 'A name can be at most 500 characters long; this one has 5,000.' } });
    const invisible = await dispatch(handlers as never, 'addStudent', { classId, displayName: '\u200B\u2060' }, ctx);
    assert.deepEqual(invisible, { ok: false, error: { code: 'invalid_input', message: 'That name has no visible letters. Please type a name.' } });
    assert.equal(store.listStudents().length, 0);
    const ok = await dispatch(handlers as never, 'addStudent', { classId, displayName: 'z'.repeat(500) }, ctx);
    assert.ok(ok.ok);
    assert.deepEqual(store.listStudents().map((s) => s.classes), [['8B']]);
    store.close();
  });
});
