// The results table's rules (src/renderer/src/features/teacher/results-table.ts): each
// row's status and the filter counts, sorting by any column, and the order of "next to grade".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { filterRows, gradingNeighbours, rowStatus, sortRows, statusCounts, type ResultRowDto } from '../../src/renderer/src/features/teacher/results-table.ts';

type Status = ResultRowDto['steps'][number]['status'];
const STEPS = [{ id: 'sources' }, { id: 'quote' }];

/** A row: [status, points] per step (sources, then the written answer "quote"). */
function row(name: string, o: { attempt?: boolean; finished?: boolean; time?: number; attempts?: number; steps?: [Status, number | null][] } = {}): ResultRowDto {
  const attempt = o.attempt ?? true;
  const steps = (o.steps ?? (attempt ? [['scored', 5], ['graded', 3]] : [['not-started', null], ['not-started', null]])).map(([status, points], i) => ({ exerciseId: STEPS[i]!.id, status, points, maxPoints: 10 }));
  const points = steps.reduce((t, c) => t + (c.status === 'scored' || c.status === 'graded' ? (c.points ?? 0) : 0), 0);
  return {
    student: { id: `id-${name}`, displayName: name, rosterId: null, tag: null },
    attempts: attempt ? (o.attempts ?? 1) : 0,
    standing: null,
    practiceAttempts: 0,
    attemptId: attempt ? `a-${name}` : null,
    lessonVersionId: attempt ? 1 : null,
    finished: o.finished ?? false,
    timeSpentMs: attempt ? (o.time ?? 60_000) : 0,
    steps,
    points,
    maxPoints: 20,
    pending: steps.filter((c) => c.status === 'pending').length,
  };
}

const names = (rows: readonly ResultRowDto[]) => rows.map((r) => r.student.displayName);

const CLASS = [
  row('Zoë', { finished: true, time: 30 * 60_000, steps: [['scored', 8.5], ['graded', 4]] }), // 12.5, finished
  row('adam', { steps: [['scored', 2], ['pending', null]], time: 5 * 60_000 }), // to grade, 2 so far
  row('Émile', { attempt: false }), // not started
  row('Bea', { steps: [['scored', 9], ['not-checked', null]], attempts: 3, time: 12 * 60_000 }), // in progress, 9 so far
  row('Chen', { finished: true, steps: [['scored', 2], ['pending', null]], time: 20 * 60_000 }), // finished but to grade
];

describe('the results table', () => {
  it('gives every row one status, and the counts add up to the class', () => {
    assert.deepEqual(CLASS.map(rowStatus), ['finished', 'to-grade', 'not-started', 'in-progress', 'to-grade']);
    assert.deepEqual(statusCounts(CLASS), { all: 5, 'to-grade': 2, 'not-started': 1, 'in-progress': 1, finished: 1 });
    assert.deepEqual(names(filterRows(CLASS, 'to-grade')), ['adam', 'Chen']);
    assert.deepEqual(names(filterRows(CLASS, 'all')), names(CLASS));
  });

  it('sorts names as a reader does (case and accents ignored), both ways', () => {
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'name', dir: 'asc' })), ['adam', 'Bea', 'Chen', 'Émile', 'Zoë']);
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'name', dir: 'desc' })), ['Zoë', 'Émile', 'Chen', 'Bea', 'adam']);
  });

  it('sorts numbers both ways, with the rows that have none after them either way', () => {
    // Totals (points so far): Zoë 12.5, Bea 9, adam 2, Chen 2 (equal: by name), Émile not started.
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'total', dir: 'desc' })), ['Zoë', 'Bea', 'adam', 'Chen', 'Émile']);
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'total', dir: 'asc' })), ['adam', 'Chen', 'Bea', 'Zoë', 'Émile']);
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'time', dir: 'asc' })), ['adam', 'Bea', 'Chen', 'Zoë', 'Émile']);
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'attempts', dir: 'desc' })), ['Bea', 'adam', 'Chen', 'Zoë', 'Émile']);
    // The written answer: graded 4 first; then waiting for a grade, then not checked, then not started.
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'step:quote', dir: 'desc' })), ['Zoë', 'adam', 'Chen', 'Bea', 'Émile']);
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'step:quote', dir: 'asc' })), ['Zoë', 'adam', 'Chen', 'Bea', 'Émile']);
    assert.deepEqual(names(sortRows(CLASS, STEPS, { key: 'step:sources', dir: 'asc' })), ['adam', 'Chen', 'Zoë', 'Bea', 'Émile']);
  });

  it('never changes the rows it is given, and any sort is a reordering of them', () => {
    const before = names(CLASS);
    fc.assert(
      fc.property(fc.constantFrom('name', 'total', 'time', 'attempts', 'step:sources', 'step:quote' as const), fc.constantFrom('asc', 'desc' as const), (key, dir) => {
        const sorted = sortRows(CLASS, STEPS, { key, dir });
        assert.deepEqual([...names(sorted)].sort(), [...before].sort());
        assert.deepEqual(names(CLASS), before);
      }),
    );
  });

  it('sorts 300 students in a few milliseconds', () => {
    const many = Array.from({ length: 300 }, (_, i) => row(`Student ${(i * 7919) % 300}`, { time: ((i * 31) % 97) * 60_000, steps: [['scored', (i * 13) % 11], i % 5 ? ['pending', null] : ['graded', i % 6]] }));
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) sortRows(many, STEPS, { key: i % 2 ? 'total' : 'name', dir: i % 4 < 2 ? 'asc' : 'desc' });
    const each = (performance.now() - t0) / 20;
    assert.ok(each < 25, `${each.toFixed(2)} ms a sort`);
  });
});

describe('next and previous to grade', () => {
  const order = sortRows(CLASS, STEPS, { key: 'name', dir: 'asc' }); // adam (waiting), Bea, Chen (waiting), Émile, Zoë

  it('goes to the next answer waiting in the table’s order, and round at the end', () => {
    assert.deepEqual(gradingNeighbours(order, { attemptId: 'a-adam', exerciseId: 'quote' }), {
      next: { attemptId: 'a-Chen', exerciseId: 'quote', student: 'Chen' },
      previous: { attemptId: 'a-Chen', exerciseId: 'quote', student: 'Chen' },
      left: 1,
    });
    // From a student in between (Bea, nothing to grade): Chen is next, adam previous.
    const fromBea = gradingNeighbours(order, { attemptId: 'a-Bea', exerciseId: 'sources' });
    assert.equal(fromBea.next?.student, 'Chen');
    assert.equal(fromBea.previous?.student, 'adam');
    assert.equal(fromBea.left, 2);
    // Sorted the other way, the order turns round with it.
    const reversed = sortRows(CLASS, STEPS, { key: 'name', dir: 'desc' });
    assert.equal(gradingNeighbours(reversed, { attemptId: 'a-Bea', exerciseId: 'sources' }).next?.student, 'adam');
  });

  it('once the answer on screen is graded it is still the place to go on from', () => {
    const graded = order.map((r) => (r.student.displayName === 'adam' ? row('adam', { steps: [['scored', 2], ['graded', 1]] }) : r));
    const n = gradingNeighbours(graded, { attemptId: 'a-adam', exerciseId: 'quote' });
    assert.equal(n.next?.student, 'Chen');
    assert.equal(n.left, 1);
  });

  it('says when nothing is left, and starts at the top from an attempt not in the table', () => {
    const done = CLASS.filter((r) => r.pending === 0);
    assert.deepEqual(gradingNeighbours(done, { attemptId: 'a-Zoë', exerciseId: 'quote' }), { next: null, previous: null, left: 0 });
    const elsewhere = gradingNeighbours(order, { attemptId: 'an-earlier-attempt', exerciseId: 'quote' });
    assert.equal(elsewhere.next?.student, 'adam');
    assert.equal(elsewhere.previous?.student, 'Chen');
    assert.equal(elsewhere.left, 2);
  });
});
