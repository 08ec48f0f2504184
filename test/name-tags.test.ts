import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nameTags, withNameTags, type Nameable } from '../src/core/teacher/name-tags.ts';
import { lookAlikeKeys } from '../src/core/teacher/names.ts';
import { withTag } from '../src/shared/names.ts';

const s = (id: string, displayName: string, rosterId: string | null = null): Nameable => ({ id, displayName, rosterId });
const tags = (list: Nameable[], audience?: 'teacher' | 'students') => Object.fromEntries(nameTags(list, audience));

describe('students of the same name told apart (name tags)', () => {
  it('gives no tag to a student whose name is their own in the class', () => {
    assert.deepEqual(tags([s('3f2a9c', 'Aisha Hansen'), s('77b1e0', 'Ben Okafor')]), {});
  });

  it('shows the school id to the teacher and the id’s first four characters otherwise', () => {
    const class1 = [s('3f2a9c01', 'Aisha Hansen', '2041'), s('b7c4d2e9', 'Aisha Hansen'), s('c0ffee00', 'Ben Okafor', '2042')];
    assert.deepEqual(tags(class1), { '3f2a9c01': 'id 2041', b7c4d2e9: '#b7c4' });
  });

  it('never shows the school id to students: every tag is a code from the Lede id', () => {
    const class1 = [s('3f2a9c01', 'Aisha Hansen', '2041'), s('b7c4d2e9', 'Aisha Hansen', '2077')];
    assert.deepEqual(tags(class1, 'students'), { '3f2a9c01': '#3f2a', b7c4d2e9: '#b7c4' });
  });

  it('tells apart names that only look alike (case, accents, a Cyrillic letter, spacing)', () => {
    const class1 = [s('a1111111', 'Aisha Silva'), s('b2222222', 'aisha silva'), s('c3333333', 'Aïsha Sílva'), s('d4444444', 'А\u0456sha Silva'), s('e5555555', 'AishaSilva'), s('f6666666', 'Nia Tanaka')];
    assert.deepEqual(tags(class1), { a1111111: '#a111', b2222222: '#b222', c3333333: '#c333', d4444444: '#d444', e5555555: '#e555' });
  });

  it('makes a code longer only as far as it needs to (ids that begin alike)', () => {
    const class1 = [s('3f2a11aa', 'Aisha Hansen'), s('3f2a22bb', 'Aisha Hansen'), s('9e9e9e9e', 'Aisha Hansen')];
    assert.deepEqual(tags(class1), { '3f2a11aa': '#3f2a11', '3f2a22bb': '#3f2a22', '9e9e9e9e': '#9e9e' });
  });

  it('uses codes for two students whose school ids look alike ("2041" and "2O41")', () => {
    const class1 = [s('aa000000', 'Aisha Hansen', '2041'), s('bb000000', 'Aisha Hansen', '2O41')];
    assert.deepEqual(tags(class1), { aa000000: '#aa00', bb000000: '#bb00' });
  });

  it('tells apart a name that is written like another’s label', () => {
    const class1 = [s('aa000000', 'Aisha Hansen'), s('bb000000', 'Aisha Hansen'), s('cc000000', 'Aisha Hansen (#aa00)')];
    const t = tags(class1);
    const labels = class1.map((x) => withTag(x.displayName, t[x.id]));
    assert.equal(new Set(labels).size, 3, labels.join(' | '));
    assert.deepEqual(labels, ['Aisha Hansen (#aa0000)', 'Aisha Hansen (#bb00)', 'Aisha Hansen (#aa00) (#cc00)']);
  });

  it('gives the same tags whatever order the students come in, and keeps them when another student leaves', () => {
    const a = s('3f2a9c01', 'Aisha Hansen');
    const b = s('b7c4d2e9', 'Aisha Hansen');
    const c = s('c1d2e3f4', 'Aisha Hansen');
    assert.deepEqual(tags([a, b, c]), tags([c, a, b]));
    assert.equal(tags([a, b, c])[b.id], tags([b, c])[b.id]);
  });

  it('withNameTags keeps the order and adds tag: null to a name of one’s own', () => {
    const out = withNameTags([s('b7c4d2e9', 'Aisha Hansen'), s('c0ffee00', 'Ben'), s('3f2a9c01', 'Aisha Hansen', '2041')]);
    assert.deepEqual(
      out.map((x) => [x.displayName, x.tag]),
      [
        ['Aisha Hansen', '#b7c4'],
        ['Ben', null],
        ['Aisha Hansen', 'id 2041'],
      ],
    );
  });

  it('property: after tagging, no two labels in a class are equal or look alike', () => {
    // Names from a few look-alike letters (so many collide), ids as Lede makes them, some school ids.
    const name = fc.array(fc.constantFrom('A', 'a', 'Á', '\u0410', 'i', 'I', 'l', '1', ' ', 'sha', 'Silva', '(#', ')', 'id ', '0', 'O'), { minLength: 1, maxLength: 6 }).map((p) => p.join('').trim() || 'A');
    const student = fc.record({ displayName: name, rosterId: fc.option(fc.constantFrom('2041', '2O41', '2042', 'l1', 'I1', '7'), { nil: null }) });
    fc.assert(
      fc.property(fc.array(student, { minLength: 1, maxLength: 12 }), fc.constantFrom<'teacher' | 'students'>('teacher', 'students'), (raw, audience) => {
        // School ids are unique in the database.
        const seen = new Set<string>();
        const list = raw.map((r) => {
          const rosterId = r.rosterId && !seen.has(r.rosterId) ? (seen.add(r.rosterId), r.rosterId) : null;
          return { id: randomUUID(), displayName: r.displayName, rosterId };
        });
        const t = nameTags(list, audience);
        const labels = list.map((x) => withTag(x.displayName, t.get(x.id)));
        for (let i = 0; i < labels.length; i++) {
          for (let j = i + 1; j < labels.length; j++) {
            const ki = lookAlikeKeys(labels[i]!);
            assert.ok(!lookAlikeKeys(labels[j]!).some((k) => ki.includes(k)), `${labels[i]} looks like ${labels[j]}`);
          }
        }
        if (audience === 'students') for (const v of t.values()) assert.match(v, /^#[0-9a-f-]{4,}$/);
      }),
      { numRuns: 300 },
    );
  });
});
