// The renderer's addresses (src/renderer/src/state/routes.ts): every route survives
// the round trip through the location hash, whatever its ids contain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hashToRoute, routeToHash, teacherLessonsScreen, type Route } from '../../src/renderer/src/state/routes.ts';

const id = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });

/** Every route the app can be on (the teacher area with at most one id, as the app makes them). */
const route: fc.Arbitrary<Route> = fc.oneof(
  fc.constant<Route>({ name: 'join' }),
  fc.constant<Route>({ name: 'profiles' }),
  fc.constant<Route>({ name: 'library' }),
  id.map((lessonId): Route => ({ name: 'lesson', lessonId })),
  fc.constant<Route>({ name: 'teacher' }),
  id.map((classId): Route => ({ name: 'teacher', classId })),
  id.map((attemptId): Route => ({ name: 'teacher', attemptId })),
  id.map((liveId): Route => ({ name: 'teacher', liveId })),
  fc.constant<Route>({ name: 'teacher', lessons: 'list' }),
  fc.constant<Route>({ name: 'teacher', lessons: 'new' }),
  id.map((editLessonId): Route => ({ name: 'teacher', editLessonId })),
  fc.tuple(id, id).map(([sessionId, token]): Route => ({ name: 'projector', sessionId, token })),
);

describe('routes', () => {
  it('each route has its address', () => {
    const cases: [Route, string][] = [
      [{ name: 'join' }, '#/join'],
      [{ name: 'profiles' }, '#/profiles'],
      [{ name: 'library' }, '#/library'],
      [{ name: 'lesson', lessonId: 'asif-dirty-work' }, '#/lesson/asif-dirty-work'],
      [{ name: 'teacher' }, '#/teacher'],
      [{ name: 'teacher', classId: 'c1' }, '#/teacher/class/c1'],
      [{ name: 'teacher', attemptId: 'a1' }, '#/teacher/review/a1'],
      [{ name: 'teacher', liveId: 's1' }, '#/teacher/live/s1'],
      [{ name: 'teacher', lessons: 'list' }, '#/teacher/lessons'],
      [{ name: 'teacher', lessons: 'new' }, '#/teacher/lessons/new'],
      [{ name: 'teacher', editLessonId: 'riverton-pool' }, '#/teacher/lessons/edit/riverton-pool'],
      [{ name: 'projector', sessionId: 's1', token: 'Ab_9-x' }, '#/projector/s1/Ab_9-x'],
    ];
    for (const [r, hash] of cases) {
      assert.equal(routeToHash(r), hash);
      assert.deepEqual(hashToRoute(hash), r);
    }
  });

  it('ids are encoded: a slash, a space, a percent sign or a hash in an id stays in the id', () => {
    const r: Route = { name: 'lesson', lessonId: 'a/b c%d#e?f' };
    const hash = routeToHash(r);
    assert.equal(hash, '#/lesson/a%2Fb%20c%25d%23e%3Ff');
    assert.deepEqual(hashToRoute(hash), r);
    assert.deepEqual(hashToRoute(routeToHash({ name: 'teacher', classId: 'Klasse 7b/Ü' })), { name: 'teacher', classId: 'Klasse 7b/Ü' });
  });

  it('a live session wins over a review, and a review over a class (the address holds one)', () => {
    assert.equal(routeToHash({ name: 'teacher', classId: 'c', attemptId: 'a', liveId: 'l' }), '#/teacher/live/l');
    assert.equal(routeToHash({ name: 'teacher', classId: 'c', attemptId: 'a' }), '#/teacher/review/a');
  });

  it('the lessons screens: a lesson being edited wins over the list; a class id is not kept beside them', () => {
    assert.equal(routeToHash({ name: 'teacher', lessons: 'new', editLessonId: 'x' }), '#/teacher/lessons/edit/x');
    assert.equal(routeToHash({ name: 'teacher', classId: 'c', lessons: 'list' }), '#/teacher/lessons');
    assert.equal(routeToHash({ name: 'teacher', liveId: 'l', editLessonId: 'x' }), '#/teacher/live/l');
    assert.deepEqual(hashToRoute(routeToHash({ name: 'teacher', editLessonId: 'a/b c' })), { name: 'teacher', editLessonId: 'a/b c' });
    // A lesson whose id is "new" is edited, not created.
    assert.deepEqual(hashToRoute('#/teacher/lessons/edit/new'), { name: 'teacher', editLessonId: 'new' });
    assert.deepEqual(teacherLessonsScreen({ name: 'teacher', editLessonId: 'x' }), { screen: 'edit', lessonId: 'x' });
    assert.deepEqual(teacherLessonsScreen({ name: 'teacher', lessons: 'new' }), { screen: 'new' });
    assert.deepEqual(teacherLessonsScreen({ name: 'teacher', lessons: 'list' }), { screen: 'list' });
    assert.equal(teacherLessonsScreen({ name: 'teacher', classId: 'c' }), null);
    assert.equal(teacherLessonsScreen({ name: 'teacher' }), null);
    assert.equal(teacherLessonsScreen({ name: 'library' }), null);
  });

  it('anything else is no route', () => {
    for (const hash of ['', '#', '#/', '#/nowhere', '#/lesson/', '#/lesson', '#/teacher/class/', '#/teacher/other/x', '#/teacher/lessons/', '#/teacher/lessons/edit/', '#/teacher/lessons/old', '#/teacher/lessons/new/x', 'library', '#library', '#/library/extra', '#/lesson/%E0%A4%A']) {
      assert.equal(hashToRoute(hash), null, hash);
    }
  });

  it('property: hashToRoute(routeToHash(r)) is r, for every route', () => {
    fc.assert(
      fc.property(route, (r) => {
        assert.deepEqual(hashToRoute(routeToHash(r)), r);
      }),
      { numRuns: 500 },
    );
  });

  it('property: an address is one line starting with #/, and reading it back writes the same address', () => {
    fc.assert(
      fc.property(route, (r) => {
        const hash = routeToHash(r);
        assert.match(hash, /^#\/[^\s]*$/);
        assert.equal(routeToHash(hashToRoute(hash)!), hash);
      }),
    );
  });

  it('property: hashToRoute never throws, whatever the address bar holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom('', '#/lesson/', '#/teacher/live/', '#/teacher/class/', '#/teacher/lessons/', '#/teacher/lessons/edit/'), (s, prefix) => {
        const r = hashToRoute(prefix + s);
        if (r) assert.ok(['join', 'profiles', 'library', 'lesson', 'teacher'].includes(r.name));
      }),
    );
  });
});
