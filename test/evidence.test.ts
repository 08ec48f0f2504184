import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Store } from '../src/core/db/store.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup } from '../src/core/export/backup-format.ts';
import { importBackup } from '../src/core/export/backup-import.ts';
import { buildReportHtml } from '../src/core/export/pdf-html.ts';
import { studentReportBody } from '../src/core/export/pdf-student.ts';
import { answerRows, loadClassData } from '../src/core/export/tables.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { AnswerError, claimCredit, guessCorrected, scoreEvidence } from '../src/core/scoring/attempt.ts';
import { attemptState } from '../src/core/services/lede-service.ts';
import { createSampleClass } from '../src/core/teacher/sample.ts';
import type { EvidenceExercise, Verdict } from '../src/shared/lesson.ts';
import { SEED_FILE, tempDir } from './helpers.ts';

// Evidence steps (lateral reading): the student gives a verdict on each claim of
// the article and may name the report that shows it. Scored per claim, stored,
// exported and backed up like every other answer.

const seed = () => {
  const r = loadLessonFile(SEED_FILE);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.loaded;
};

const claim = (verdicts: Verdict[], cards: string[]) => ({ verdicts, cards });

describe('scoring an evidence step (hand-computed)', () => {
  it('a right verdict earns the claim; with "supported" or "contradicted" the report named counts too; a wrong verdict earns nothing', () => {
    const c = claim(['not-found', 'contradicted'], ['dna', 'statesman']);
    assert.equal(claimCredit(c, { verdict: 'not-found' }), 1);
    assert.equal(claimCredit(c, { verdict: 'not-found', card: 'mint' }), 1, 'no report shows what is not there: a card named with “not found” is ignored');
    assert.equal(claimCredit(c, { verdict: 'contradicted', card: 'statesman' }), 1, 'right verdict, a report that shows it');
    assert.equal(claimCredit(c, { verdict: 'contradicted' }), 0.75, 'right verdict, no report named');
    assert.equal(claimCredit(c, { verdict: 'contradicted', card: 'mint' }), 0.5, 'right verdict, a report that does not show it');
    assert.equal(claimCredit(c, { verdict: 'supported', card: 'dna' }), 0);
    assert.equal(claimCredit(c, undefined), 0);
  });

  it('the step’s fraction is the mean credit over its claims, unanswered claims earning nothing', () => {
    const base = { start: 0, end: 1, quote: 'x', explanation: '' };
    const ex: EvidenceExercise = {
      id: 'e',
      kind: 'evidence',
      title: 'E',
      prompt: '',
      points: 4,
      cards: [
        { id: 'a', outlet: 'A', text: '' },
        { id: 'b', outlet: 'B', text: '' },
      ],
      claims: [
        { ...base, id: 'c1', verdicts: ['supported'], cards: ['a'] },
        { ...base, id: 'c2', verdicts: ['contradicted'], cards: ['b'] },
        { ...base, id: 'c3', verdicts: ['not-found'], cards: [] },
        { ...base, id: 'c4', verdicts: ['supported'], cards: ['a', 'b'] },
      ],
    };
    const r = scoreEvidence(ex, { c1: { verdict: 'supported', card: 'a' }, c2: { verdict: 'contradicted' }, c3: { verdict: 'supported' } });
    assert.deepEqual(r.claims.map((x) => [x.id, x.verdict, x.credit]), [
      ['c1', 'supported', 1],
      ['c2', 'contradicted', 0.75],
      ['c3', 'supported', 0],
      ['c4', null, 0],
    ]);
    assert.equal(r.raw, 1.75 / 4);
    // "Supported" fits 2 of the 4 claims: one verdict for all earns at most 1/2, so credit up to 1/2 is scaled to a third.
    assert.equal(r.guess, 0.5);
    assert.ok(Math.abs(r.fraction - (1.75 / 4) * (1 / 3) / 0.5) < 1e-12); // 1.75/6
    // Three right, one wrong: 1/3 + (3/4 − 1/2) × (2/3) ÷ (1/2) = 2/3.
    const three = scoreEvidence(ex, { c1: { verdict: 'supported', card: 'a' }, c2: { verdict: 'contradicted', card: 'b' }, c3: { verdict: 'not-found' } });
    assert.ok(Math.abs(three.fraction - 2 / 3) < 1e-12);
    // "Supported" for every claim, with the best card: 2 of 4 right, a third of the step.
    const allSupported = scoreEvidence(ex, Object.fromEntries(ex.claims.map((c) => [c.id, { verdict: 'supported' as const, card: 'a' }])));
    assert.ok(Math.abs(allSupported.fraction - 1 / 3) < 1e-12);
  });

  it('(property) the guess correction keeps 0 and 1, never lowers more credit, and caps one verdict for all at a third', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b, guess) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const ok = guessCorrected(lo, guess) <= guessCorrected(hi, guess) + 1e-12 && guessCorrected(0, guess) === 0 && Math.abs(guessCorrected(1, guess) - 1) < 1e-12;
        return ok && (guess >= 1 || guessCorrected(Math.min(lo, guess), guess) <= 1 / 3 + 1e-12);
      }),
    );
    const claimsArb = fc.array(fc.subarray<Verdict>(['supported', 'contradicted', 'not-found'], { minLength: 1 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(claimsArb, fc.constantFrom<Verdict>('supported', 'contradicted', 'not-found'), fc.boolean(), (verdicts, v, withCard) => {
        const ex: EvidenceExercise = {
          id: 'e', kind: 'evidence', title: 'E', prompt: '', points: 6, cards: [{ id: 'a', outlet: 'A', text: '' }],
          claims: verdicts.map((vs, i) => ({ id: `c${i}`, start: 0, end: 1, quote: 'x', explanation: '', verdicts: vs, cards: ['a'] })),
        };
        const one = scoreEvidence(ex, Object.fromEntries(ex.claims.map((c) => [c.id, withCard ? { verdict: v, card: 'a' } : { verdict: v }])));
        const perfect = scoreEvidence(ex, Object.fromEntries(ex.claims.map((c) => [c.id, { verdict: c.verdicts[0]!, card: 'a' }])));
        return (one.guess >= 1 || one.fraction <= 1 / 3 + 1e-12) && Math.abs(perfect.fraction - 1) < 1e-12;
      }),
    );
  });

  it('(property) every answer scores in [0, 1]; the key’s own verdicts with its cards score 1', () => {
    const ex = seed().lesson.exercises.find((e) => e.kind === 'evidence') as EvidenceExercise;
    const cards = ex.cards.map((c) => c.id);
    const answerArb = fc.dictionary(
      fc.constantFrom(...ex.claims.map((c) => c.id)),
      fc.record({ verdict: fc.constantFrom<Verdict>('supported', 'contradicted', 'not-found'), card: fc.option(fc.constantFrom(...cards), { nil: undefined }) }),
    );
    fc.assert(
      fc.property(answerArb, (given) => {
        const f = scoreEvidence(ex, given).fraction;
        return f >= 0 && f <= 1;
      }),
    );
    const perfect = Object.fromEntries(ex.claims.map((c) => [c.id, c.cards.length ? { verdict: c.verdicts[0]!, card: c.cards[0]! } : { verdict: c.verdicts[0]! }]));
    assert.equal(scoreEvidence(ex, perfect).fraction, 1);
  });
});

describe('evidence answers through the store, the exports and a backup', () => {
  const dir = tempDir('lede-evidence-');
  const store = Store.open(join(dir, 'a.sqlite'));
  store.importLesson(seed());
  const lesson = store.lessonVersion(store.currentVersionId('asif-dirty-work'));
  const ex = lesson.exercises.find((e) => e.kind === 'evidence') as EvidenceExercise;

  it('stores the verdicts, checks them against the step (claims and reports that exist), and scores them once checked', () => {
    const cls = store.classes.create('Evidence');
    const { id: studentId } = store.classes.addStudent(cls.id, 'Ada', null);
    const at = store.startAttempt(studentId, 'asif-dirty-work');
    const kashmir = ex.claims.find((c) => c.quote === 'in Kashmir and Afghanistan')!;
    const thirty = ex.claims.find((c) => c.quote === 'For 30 years, we did the dirty work')!;
    assert.throws(() => store.putResponse(at.id, ex.id, { claims: { 'no-such-claim': { verdict: 'supported' } } }), (e: unknown) => e instanceof AnswerError && /unknown claim "no-such-claim"/.test(e.message));
    assert.throws(() => store.putResponse(at.id, ex.id, { claims: { [kashmir.id]: { verdict: 'supported', card: 'the-sun' } } }), /unknown card "the-sun"/);
    assert.throws(() => store.putResponse(at.id, ex.id, { choices: ['a'] }), /evidence step: its answer must be \{ "claims"/);
    const answer = { claims: { [kashmir.id]: { verdict: 'supported' as const }, [thirty.id]: { verdict: 'supported' as const, card: thirty.cards[0]! } } };
    // The reports would give away the highlight steps before it: the step opens once they are checked.
    assert.throws(() => store.putResponse(at.id, ex.id, answer), /^LedeError: Check “Sources”, “Framing” and “Unverified statements” first/);
    assert.throws(() => store.submitExercise(at.id, ex.id), /Check “Sources”, “Framing” and “Unverified statements” first/);
    const locked = attemptState(store, at.id).lesson.exercises.find((e) => e.id === ex.id)!;
    assert.deepEqual(locked.kind === 'evidence' && [locked.cards, locked.claims, locked.lockedUntil], [[], [], ['Sources', 'Framing', 'Unverified statements']]);
    for (const id of ['sources', 'framing', 'unverified']) store.submitExercise(at.id, id);
    const open = attemptState(store, at.id).lesson.exercises.find((e) => e.id === ex.id)!;
    assert.ok(open.kind === 'evidence' && open.claims.length === ex.claims.length && open.lockedUntil.length === 0);
    assert.doesNotMatch(JSON.stringify(open), /verdicts|explanation/, 'the claims come without the key');
    store.putResponse(at.id, ex.id, answer);
    assert.deepEqual(store.answers(at.id)[ex.id], answer);
    const r = store.submitExercise(at.id, ex.id);
    // Kashmir is not found in any report (0); "For 30 years" is supported, with a card that shows it (1): 1/9 of
    // the claims. "Supported" fits 5 of the 9, so 5/9 earns a third: 1/9 × (1/3) ÷ (5/9) = 1/15 of 9 points = 0.6.
    assert.equal(r.kind, 'evidence');
    assert.equal(ex.claims.length, 9);
    assert.equal(r.points, 0.6);
    assert.throws(() => store.putResponse(at.id, ex.id, { claims: {} }), /checked/i, 'a checked step is locked');
  });

  it('the answers table lists each verdict with whether it was right; the PDF shows the claims', async () => {
    const sample = createSampleClass(store, { students: 12, seed: 3, className: 'Year 10' });
    const data = loadClassData(store, { classId: sample.classId, lessonId: 'asif-dirty-work' });
    const rows: unknown[][] = [];
    for await (const row of answerRows(store, data)) rows.push(row);
    const evidence = rows.filter((r) => r[5] === 'evidence');
    assert.ok(evidence.length > 0, 'sample students answered the evidence step');
    for (const r of evidence) {
      assert.ok(ex.claims.some((c) => c.id === r[6]), `a claim id: ${String(r[6])}`);
      assert.match(String(r[9]), /^(supported|contradicted|not-found)( \([a-z0-9-]+\))?: /);
      assert.ok(['correct', 'partly', 'incorrect'].includes(String(r[10])));
    }
    // A student's report shows each claim with their verdict and the key's; the class summary, how many got each right.
    const someone = data.lessons[0]!.rows.find((r) => r.steps.find((c) => c.exerciseId === ex.id)?.status === 'scored')!;
    const report = studentReportBody(store, 'Lesson', 'Year 10', someone)!;
    assert.match(report, /<th>Claim<\/th><th>Answer<\/th><th>Key<\/th>/);
    assert.match(report, /“in Kashmir and Afghanistan”/);
    const html = await buildReportHtml(store, data);
    assert.match(html, /<th>Claim<\/th><th>Key<\/th><th class="n">Right<\/th><th class="n">Partly<\/th><th class="n">Wrong<\/th>/);
    assert.match(html, /<td class="quote" dir="auto">“in Kashmir and Afghanistan”<\/td>/);
  });

  it('a backup carries the verdicts to another computer, where they score the same; a forged report name is refused', async () => {
    const sample = createSampleClass(store, { students: 8, seed: 9, className: 'Year 11' });
    const backup = parseBackup(JSON.stringify(await buildBackup(store, sample.classId)));
    const withClaims = backup.attempts.flatMap((a) => a.responses).filter((r) => r.claims !== null);
    assert.ok(withClaims.length > 0);
    // A backup made before evidence steps existed has no "claims" field: it reads as none.
    const older = JSON.parse(JSON.stringify(backup)) as { attempts: { responses: Record<string, unknown>[] }[] };
    for (const a of older.attempts) for (const r of a.responses) if (r.claims === null) delete r.claims;
    const parsedOlder = parseBackup(JSON.stringify(older));
    assert.ok(parsedOlder.attempts.flatMap((a) => a.responses).every((r) => r.claims !== undefined));
    assert.equal(parsedOlder.attempts.flatMap((a) => a.responses).filter((r) => r.claims === null).length, backup.attempts.flatMap((a) => a.responses).filter((r) => r.claims === null).length);
    const other = Store.open(join(dir, 'b.sqlite'));
    other.importLesson(seed());
    const forged = structuredClone(backup);
    const a = forged.attempts.find((x) => x.responses.some((r) => r.exerciseId === ex.id && r.claims !== null))!;
    const resp = a.responses.find((r) => r.exerciseId === ex.id && r.claims !== null)!;
    const first = Object.keys(resp.claims!)[0]!;
    resp.claims![first] = { verdict: 'supported', card: 'the-daily-invented' };
    assert.throws(() => importBackup(other, forged), /unknown card "the-daily-invented".*Nothing was imported\.$/s);
    importBackup(other, backup);
    for (const att of backup.attempts) {
      const mine = store.answers(att.id);
      const theirs = other.answers(att.id);
      assert.deepEqual(theirs[ex.id], mine[ex.id]);
      const pts = (s: Store) => s.results.ofAttempt(att.id).find((r) => r.exerciseId === ex.id)?.points ?? null;
      assert.equal(pts(other), pts(store));
    }
    other.close();
  });

  it('a backup is checked against the app’s own rules: the evidence step after its highlight steps, 400 highlights a step, comments as long as the app takes', async () => {
    const sample = createSampleClass(store, { students: 6, seed: 4, className: 'Year 12' });
    const backup = parseBackup(JSON.stringify(await buildBackup(store, sample.classId)));
    const other = () => {
      const o = Store.open(join(dir, `check-${Math.random().toString(36).slice(2)}.sqlite`));
      o.importLesson(seed());
      return o;
    };
    // The evidence step checked, "Sources" not: the reports would have given Sources away.
    let forged = structuredClone(backup);
    const a = forged.attempts.find((x) => x.results.some((r) => r.exerciseId === ex.id))!;
    a.results = a.results.filter((r) => r.exerciseId !== 'sources');
    assert.throws(() => importBackup(other(), forged), /step “What do other reports say\?”: checked before “Sources”, which the app does not allow.*Nothing was imported\.$/s);
    // 401 highlights on one step (the app keeps 400).
    forged = structuredClone(backup);
    const b = forged.attempts[0]!;
    b.highlights = Array.from({ length: 401 }, (_, i) => ({ id: `many-${i}`, exerciseId: 'framing', start: i, end: i + 1, label: 'loaded', createdAt: b.startedAt, updatedAt: b.startedAt }));
    assert.throws(() => importBackup(other(), forged), /step “Framing”: 401 highlights, but a step holds at most 400\..*Nothing was imported\.$/s);
    // A comment longer than a teacher can type (4,000 characters).
    const json = JSON.parse(JSON.stringify(backup)) as { attempts: { results: { comment: string | null }[] }[] };
    json.attempts.find((x) => x.results.length > 0)!.results[0]!.comment = 'x'.repeat(4001);
    assert.throws(() => parseBackup(JSON.stringify(json)), /damaged/);
    // The file as made imports.
    importBackup(other(), backup);
  });
});
