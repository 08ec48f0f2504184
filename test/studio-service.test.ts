import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { LedeError } from '../src/shared/errors.ts';
import { lessonText, locateQuote, quoteAt } from '../src/shared/lesson-text.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { startBackend, type Backend } from '../src/core/services/bootstrap.ts';
import type { CallContext } from '../src/core/services/context.ts';
import { checkForStudio, plainMessage } from '../src/core/studio/check.ts';
import { frontMatterOf, patchFrontMatter } from '../src/core/studio/patch.ts';
import { ROOT, SEED_FILE, tempDir } from './helpers.ts';

// The lesson studio's backend (issue 11): a lesson edited as data and written back
// into its file touching only what changed; problems placed and said in plain
// words; lessons made, saved, published, previewed, shared and removed.

const dataOf = (source: string) => parseDocument(frontMatterOf(source).text).toJS() as Record<string, any>;
const seed = readFileSync(SEED_FILE, 'utf8');
const shippedLessons = readdirSync(join(ROOT, 'lessons')).filter((f) => f.endsWith('.md') && f !== 'README.md');

/** Lines of `b` that are not in `a` and the reverse (a line diff by multiset, enough to say what changed). */
function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (const l of s.split('\n')) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  const removed: string[] = [];
  const added: string[] = [];
  for (const [l, n] of ca) for (let i = (cb.get(l) ?? 0); i < n; i++) removed.push(l);
  for (const [l, n] of cb) for (let i = (ca.get(l) ?? 0); i < n; i++) added.push(l);
  return { removed, added };
}

describe('writing edited data back into a lesson file', () => {
  it('unchanged data leaves every shipped lesson byte-identical', () => {
    for (const f of shippedLessons) {
      const source = readFileSync(join(ROOT, 'lessons', f), 'utf8');
      assert.equal(patchFrontMatter(source, dataOf(source)), source, f);
    }
  });

  it('an edit changes only the lines of what it touches; comments elsewhere stay', () => {
    const data = dataOf(seed);
    data.exercises[2].key[0].explanation = 'A shorter explanation.'; // Sources (after “Who is behind this?” and “Leave the page”)
    const out = patchFrontMatter(seed, data);
    const { removed, added } = changedLines(seed, out);
    assert.deepEqual(added, ['        explanation: A shorter explanation.']);
    assert.ok(removed.length >= 1 && removed.every((l) => l.startsWith('        ') && !l.includes('#')), removed.join('\n'));
    assert.equal((out.match(/#/g) ?? []).length, (seed.match(/#/g) ?? []).length, 'every comment kept');
    assert.deepEqual(dataOf(out), data);
  });

  it('a removed key item takes its lines (and the comment above it) with it; a new one is added in the file’s style', () => {
    const source = ['---', 'lede: 1', 'id: t', 'title: T', 'article:', '  headline: H', 'exercises:', '  - id: s', '    kind: highlight', '    title: S', '    prompt: P', '    labels:', '      - { id: named, name: Named, description: D }', '    key:', '      # the first', '      - quote: alpha', '        label: named', '        explanation: A.', '      # the second', '      - quote: beta', '        label: named', '        explanation: B.', '---', '', 'alpha beta gamma', ''].join('\n');
    const data = dataOf(source);
    data.exercises[0].key.splice(0, 1);
    data.exercises[0].key.push({ quote: 'gamma', label: 'named', explanation: 'G.' });
    const out = patchFrontMatter(source, data);
    assert.equal(
      out,
      ['---', 'lede: 1', 'id: t', 'title: T', 'article:', '  headline: H', 'exercises:', '  - id: s', '    kind: highlight', '    title: S', '    prompt: P', '    labels:', '      - { id: named, name: Named, description: D }', '    key:', '      # the second', '      - quote: beta', '        label: named', '        explanation: B.', '      - quote: gamma', '        label: named', '        explanation: G.', '---', '', 'alpha beta gamma', ''].join('\n'),
    );
    assert.ok(parseLesson(out, 't.md').ok);
  });

  it('an emptied key becomes "key: []", a first item turns it into a list; CRLF files stay CRLF', () => {
    const lf = ['---', 'lede: 1', 'id: t', 'title: T', 'article:', '  headline: H', 'exercises:', '  - id: s', '    kind: highlight', '    title: S', '    prompt: P', '    labels: [{ id: named, name: Named, description: D }]', '    key: []', '---', '', 'alpha beta', ''].join('\n');
    const crlf = lf.replace(/\n/g, '\r\n');
    const data = dataOf(lf);
    data.exercises[0].key = [{ quote: 'beta', label: 'named', explanation: 'Because.' }];
    const out = patchFrontMatter(crlf, data);
    assert.ok(!/[^\r]\n/.test(out), 'every line ends in CRLF');
    assert.deepEqual(dataOf(out.replace(/\r\n/g, '\n')), data);
    data.exercises[0].key = [];
    assert.equal(patchFrontMatter(out, data), crlf);
  });

  it('an empty field can be filled in; a comment after a value survives a long new value; a long list entry is written whole', () => {
    const source = ['---', 'lede: 1', 'id: t', 'title: short # the title', 'summary:', 'article:', '  headline: H', '  byline:', '  outlet: O', '  tags: [a]', 'exercises:', '  - id: s', '    kind: highlight', '    title: S', '    prompt: P', '    labels: [{ id: named, name: Named, description: D }]', '    key: []', '---', '', 'alpha beta', ''].join('\n');
    const data = dataOf(source);
    assert.equal(data.article.byline, null);
    // Unchanged data, nulls and all: the same bytes.
    assert.equal(patchFrontMatter(source, data), source);
    data.article.byline = 'Jane Doe';
    data.title = 'A much longer title that will not fit on one line of the file and so is folded';
    const out = patchFrontMatter(source, data);
    assert.deepEqual(dataOf(out), data);
    assert.match(out, /^title: >- # the title$/m);
    assert.match(out, /^summary:$/m, 'the empty summary, untouched, stays');
    const tags = dataOf(out);
    tags.article.tags = ['a'];
    const blockTags = out.replace('  tags: [a]', '  tags:\n    - a');
    const t2 = dataOf(blockTags);
    t2.article.tags = ['a very long tag that the writer folds because it is longer than seventy characters, yes'];
    assert.deepEqual(dataOf(patchFrontMatter(blockTags, t2)), t2);
  });

  it('property: any mix of changed, removed and added key items and texts is written exactly, and unchanged steps keep their text', () => {
    const base = dataOf(seed);
    const words = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(
        fc.array(fc.record({ step: fc.integer({ min: 2, max: 4 }), op: fc.constantFrom('edit', 'remove', 'add', 'title'), at: fc.nat(30), text: words }), { minLength: 1, maxLength: 6 }),
        (ops) => {
          const data = structuredClone(base);
          for (const o of ops) {
            const ex = data.exercises[o.step];
            const i = ex.key.length ? o.at % ex.key.length : 0;
            if (o.op === 'edit' && ex.key.length) ex.key[i].explanation = o.text;
            else if (o.op === 'remove' && ex.key.length) ex.key.splice(i, 1);
            else if (o.op === 'add') ex.key.splice(i, 0, { quote: 'Sky News', label: ex.labels[0].id, explanation: o.text });
            else if (o.op === 'title') ex.title = o.text;
          }
          const out = patchFrontMatter(seed, data);
          assert.deepEqual(dataOf(out), data);
          // The first steps (a choice question and the search step) were never touched: their text is where it was.
          const firstStep = (s: string) => s.slice(s.indexOf('  - id: who-is-behind'), s.indexOf('  - id: sources'));
          assert.equal(firstStep(out), firstStep(seed));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('checking a lesson for the studio', () => {
  it('places each problem at its field and says it in plain words', () => {
    const data = dataOf(seed);
    data.exercises[2].key[2].explanation = '';
    data.exercises[3].key[0] = { quote: 'words that are not there', label: 'loaded', explanation: 'x' };
    const c = checkForStudio(patchFrontMatter(seed, data));
    assert.equal(c.ok, false);
    assert.deepEqual(c.problems, [
      { path: ['exercises', 2, 'key', 2, 'explanation'], message: 'Write the explanation: it is empty.' },
      { path: ['exercises', 3, 'key', 0, 'quote'], message: 'These words are not in the article: “words that are not there”. Select them in the article again.' },
    ]);
    for (const p of c.problems) assert.doesNotMatch(p.message, /exercises\[|line \d|yaml|quote:/i);
  });

  it('the same words in two items under different labels is warned: one of them could never be found', () => {
    const data = dataOf(seed);
    const unverified = data.exercises[4];
    const first = unverified.key[0];
    const words = first.core ?? first.quote ?? first.mentions[0].core ?? first.mentions[0].quote;
    const other = unverified.labels.find((l: { id: string }) => l.id !== first.label).id;
    unverified.key.push({ quote: words, ...(first.occurrence ? { occurrence: first.occurrence } : {}), label: other, explanation: 'Twice.' });
    const c = checkForStudio(patchFrontMatter(seed, data));
    assert.equal(c.ok, true);
    const w = c.warnings.find((x) => x.path.slice(0, 4).join('.') === `exercises.4.key.${unverified.key.length - 1}`);
    assert.ok(w, JSON.stringify(c.warnings));
    assert.match(w.message, /is in two items, labelled “.+” and “.+”: a student marks words with one label, so one of them can never be found/);
  });

  it('plain words for the messages the editor can meet', () => {
    assert.equal(plainMessage('exercises[1] (q).options: mark at least one option "correct: true"'), 'Mark at least one option as correct.');
    assert.equal(plainMessage('exercise "sources": quote "Sky" is ambiguous: it appears 3 times; add "occurrence: N" (1 to 3) to say which'), '“Sky” appears 3 times in the article: select the place you mean again.');
    assert.equal(plainMessage('exercises[2] (s).points: must be more than 0'), 'The points must be more than 0.');
    // Where the editor names the place: an option's empty text says which option.
    const data = dataOf(seed);
    data.exercises[0].options[1].text = '';
    const c = checkForStudio(patchFrontMatter(seed, data));
    assert.deepEqual(c.problems, [{ path: ['exercises', 0, 'options', 1, 'text'], message: 'Write the text of option 2: it is empty.' }]);
  });
});

describe('the canonical text, shared by the parser and the editor', () => {
  it('is the parser’s text, and a selection’s quote and occurrence find the same place again', () => {
    const r = parseLesson(seed, 'seed.md');
    assert.ok(r.ok);
    const data = dataOf(seed);
    const body: { kind: 'paragraph' | 'subheading'; text: string }[] = [];
    for (const b of r.lesson.blocks) if (b.kind === 'paragraph' || b.kind === 'subheading') body.push({ kind: b.kind, text: r.lesson.text.slice(b.start, b.end) });
    const { text } = lessonText(data.article, body);
    assert.equal(text, r.lesson.text);
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.integer({ min: 1, max: 12 }), (start, len) => {
        const end = Math.min(text.length, start + len);
        const { quote, occurrence } = quoteAt(text, start, end);
        assert.equal(locateQuote(text, quote, occurrence), start);
      }),
    );
  });
});

// ── The calls ────────────────────────────────────────────────────────────

const TEACHER: CallContext = { teacher: true, grantTeacher: () => {}, revokeTeacher: () => {} };

function backend(): { b: Backend; t: Backend['teacher']; dir: string; mine: string } {
  const dir = tempDir('lede-studio-');
  mkdirSync(join(dir, 'shipped'));
  copyFileSync(SEED_FILE, join(dir, 'shipped', 'asif-dirty-work.md'));
  const b = startBackend(join(dir, 'lede.sqlite'), join(dir, 'shipped'));
  return { b, t: b.teacher, dir, mine: join(dir, 'lessons') };
}
const page = readFileSync(join(ROOT, 'test', 'fixtures', 'articles', 'riverton-pool.html'));
const code = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    return e instanceof LedeError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
};

describe('the studio’s calls', () => {
  it('a web page becomes a draft in the teacher’s folder, not shown to students until its keys are written', async () => {
    const { b, t, mine } = backend();
    const ex = await t.studioExtract({ fileName: 'riverton-pool.html', base64: page.toString('base64') }, TEACHER);
    assert.deepEqual(ex.blocks.filter((x) => x.debris).map((x) => x.text), ['author-image', 'Read more']);
    const { lessonId } = await t.studioCreate(
      { article: { headline: ex.headline, byline: ex.byline, blocks: ex.blocks.filter((x) => !x.debris) }, steps: ['sources', 'framing', 'unverified'], from: 'riverton-pool.html' },
      TEACHER,
    );
    assert.equal(lessonId, 'riverton-pool-to-reopen-within');
    const file = readFileSync(join(mine, `${lessonId}.md`), 'utf8');
    assert.match(file, /drafted from riverton-pool\.html/);
    assert.doesNotMatch(file, /author-image|Read more/);
    const row = (await t.studioLessons({}, TEACHER)).find((l) => l.lessonId === lessonId)!;
    assert.deepEqual([row.folder, row.state, row.origin.kind, row.emptySteps], ['mine', 'draft', 'studio', ['Sources', 'Framing', 'Unverified statements']]);
    assert.deepEqual((await b.handlers.listLessons({}, TEACHER)).map((c) => c.id), ['asif-dirty-work']);

    // Keys written by hand and from the assistant: saved, complete, published.
    const open = await t.studioOpen({ lessonId }, TEACHER);
    const { proposals } = await t.studioSuggest({ lessonId, data: open.data }, TEACHER);
    const data = structuredClone(open.data) as Record<string, any>;
    for (const step of ['sources', 'framing', 'unverified']) {
      const p = proposals.find((x) => x.exerciseId === step)!;
      assert.ok(p, `a proposal for ${step}`);
      const { text } = lessonText(data.article, open.body);
      data.exercises.find((e: { id: string }) => e.id === step).key.push({ ...quoteAt(text, p.start, p.end), label: p.label, explanation: `Because: ${p.reason}` });
    }
    const saved = await t.studioSave({ lessonId, data }, TEACHER);
    assert.deepEqual([saved.changed, saved.draft, saved.library, saved.version, saved.check.ok], [true, false, 'added', 1, true]);
    assert.deepEqual((await b.handlers.listLessons({}, TEACHER)).map((c) => [c.id, c.origin.kind]), [['asif-dirty-work', 'shipped'], [lessonId, 'studio']]);
    // Proposals already in the key are not proposed again.
    const again = await t.studioSuggest({ lessonId, data }, TEACHER);
    assert.equal(again.proposals.length, proposals.length - 3);
    await b.close();
  });

  it('a lesson students have answered becomes a new version when saved; it cannot be deleted', async () => {
    const { b, t } = backend();
    const { lessonId } = await t.studioCopy({ lessonId: 'asif-dirty-work' }, TEACHER);
    assert.equal(lessonId, 'asif-dirty-work-copy');
    const student = await b.handlers.createStudent({ displayName: 'Ada' }, TEACHER);
    await b.handlers.openLesson({ studentId: student.id, lessonId }, TEACHER);
    const data = (await t.studioOpen({ lessonId }, TEACHER)).data as Record<string, any>;
    data.exercises[2].points = 12;
    const saved = await t.studioSave({ lessonId, data }, TEACHER);
    assert.deepEqual([saved.library, saved.version], ['new-version', 2]);
    assert.match(await code(() => t.studioDelete({ lessonId }, TEACHER)), /^conflict: Students have answered/);
    await b.close();
  });

  it('a shipped lesson is read-only; a lesson’s id cannot change; bad edits change nothing', async () => {
    const { b, t, dir } = backend();
    const data = (await t.studioOpen({ lessonId: 'asif-dirty-work' }, TEACHER)).data as Record<string, any>;
    assert.match(await code(() => t.studioSave({ lessonId: 'asif-dirty-work', data }, TEACHER)), /^forbidden: This lesson comes with Lede/);
    assert.match(await code(() => t.studioCheck({ lessonId: 'asif-dirty-work', data: { ...data, id: 'other' } }, TEACHER)), /^invalid_input: A lesson’s id cannot be changed/);
    assert.equal(readFileSync(join(dir, 'shipped', 'asif-dirty-work.md'), 'utf8'), seed);
    await b.close();
  });

  it('a preview checks a step as a student would see it and stores nothing', async () => {
    const { b, t, dir } = backend();
    const data = (await t.studioOpen({ lessonId: 'asif-dirty-work' }, TEACHER)).data;
    const lesson = await t.studioPreview({ lessonId: 'asif-dirty-work', data, checked: [] }, TEACHER);
    const sources = lesson.exercises.find((e) => e.id === 'sources')!;
    assert.ok(!('key' in sources), 'no key in the preview lesson');
    const at = (q: string) => lesson.text.indexOf(q);
    const fb = await t.studioPreviewCheck(
      { lessonId: 'asif-dirty-work', data, exerciseId: 'sources', answer: { spans: [{ start: at('Khawaja Asif'), end: at('Khawaja Asif') + 12, label: 'named' }, { start: at('Sky News'), end: at('Sky News') + 8, label: 'named' }] }, checked: [] },
      TEACHER,
    );
    assert.ok(fb.kind === 'highlight');
    // Two of eight sources found by their cores, every marked character on target: 2 × 1/8 ÷ (1/8 + 1)… = harmonic mean of 0.25 and 1 = 0.4 → 4 points.
    assert.deepEqual([fb.found, fb.total, fb.points], [2, 8, 4]);
    assert.match(await code(() => t.studioPreviewCheck({ lessonId: 'asif-dirty-work', data, exerciseId: 'other-reports', answer: { claims: {} }, checked: ['sources'] }, TEACHER)), /^conflict: Check “Framing” and “Unverified statements” first/);
    const db = new BetterSqlite3(join(dir, 'lede.sqlite'), { readonly: true });
    assert.equal((db.prepare('SELECT count(*) AS n FROM attempts').get() as { n: number }).n, 0);
    db.close();
    await b.close();
  });

  it('sharing: export gives the file as it is; import checks it, asks before replacing, and records where it came from', async () => {
    const { b, t, mine } = backend();
    const exported = await t.studioExport({ lessonId: 'asif-dirty-work' }, TEACHER);
    assert.equal(exported.text, seed);
    const base64 = Buffer.from(exported.text).toString('base64');
    assert.match(await code(() => t.studioImport({ fileName: 'asif.md', base64, ifExists: 'refuse' }, TEACHER)), /^conflict: This lesson comes with Lede \(“Dirty work”: what did Pakistan’s defence minister actually say\?\)\. Import this one as a copy\.$/);
    assert.match(await code(() => t.studioImport({ fileName: 'asif.md', base64, ifExists: 'replace' }, TEACHER)), /^forbidden/);
    const copy = await t.studioImport({ fileName: 'asif.md', base64, ifExists: 'copy' }, TEACHER);
    assert.deepEqual([copy.lessonId, copy.replaced, copy.draft], ['asif-dirty-work-2', false, false]);
    const card = (await b.handlers.listLessons({}, TEACHER)).find((c) => c.id === 'asif-dirty-work-2')!;
    assert.deepEqual([card.origin.kind, card.origin.fileName], ['imported', 'asif.md']);
    // Again, now into the teacher's own lesson: replace is allowed, and the text is the file's.
    const changed = exported.text.replace('id: asif-dirty-work', 'id: asif-dirty-work-2').replace(/^title: .*$/m, 'title: Replaced');
    const replaced = await t.studioImport({ fileName: 'mine.md', base64: Buffer.from(changed).toString('base64'), ifExists: 'replace' }, TEACHER);
    assert.equal(replaced.replaced, true);
    assert.equal(readFileSync(join(mine, 'asif-dirty-work-2.md'), 'utf8'), changed);
    // A broken file: refused in plain words, nothing written.
    const broken = changed.replace('id: asif-dirty-work-2', 'id: broken-one').replace(/^(\s+(?:- )?quote: ).*$/m, '$1Words not in the article');
    assert.match(
      await code(() => t.studioImport({ fileName: 'broken.md', base64: Buffer.from(broken).toString('base64'), ifExists: 'refuse' }, TEACHER)),
      /^invalid_input: “broken\.md” is not a lesson Lede can use\. These words are not in the article: “Words not in the article” \(line \d+\)\./,
    );
    assert.deepEqual(readdirSync(mine).sort(), ['asif-dirty-work-2.md']);
    // A Windows-1252 file: refused with how to save it as UTF-8.
    const cp1252 = Buffer.from(exported.text.replace(/[^\x00-\x7f]/g, ''), 'latin1');
    cp1252[cp1252.indexOf('Dirty')] = 0x93;
    assert.match(await code(() => t.studioImport({ fileName: 'old.md', base64: cp1252.toString('base64'), ifExists: 'refuse' }, TEACHER)), /Windows-1252.*UTF-8/);
    await b.close();
  });

  it('what the review found: a live class keeps its lesson; a file changed elsewhere is not overwritten; an old id asks first; a shadowed file is said so; ids never leave the folder', async () => {
    const { b, t, mine, dir } = backend();
    // A lesson used in a live class (no answers yet) is not deleted, in plain words.
    const { lessonId } = await t.studioCopy({ lessonId: 'asif-dirty-work' }, TEACHER);
    const cls = b.store.classes.create('Year 9');
    b.store.classroom.createSession({ id: 's1', classId: cls.id, lessonId, lessonVersionId: b.store.currentVersionId(lessonId), joinCode: 'ABC123', allowNewNames: false, host: '127.0.0.1', port: 0, startedAt: 'now' });
    assert.match(await code(() => t.studioDelete({ lessonId }, TEACHER)), /^conflict: This lesson was used in a live class/);
    // A save made on a file changed since it was opened is refused; the other change stays.
    const open = await t.studioOpen({ lessonId }, TEACHER);
    const path = join(mine, `${lessonId}.md`);
    const before = readFileSync(path, 'utf8');
    writeFileSync(path, patchFrontMatter(before, { ...dataOf(before), title: 'Changed in a text editor' }));
    const data = structuredClone(open.data) as Record<string, any>;
    data.summary = 'Mine';
    assert.match(await code(() => t.studioSave({ lessonId, data, stamp: open.stamp }, TEACHER)), /^conflict: The lesson file was changed somewhere else/);
    assert.match(readFileSync(path, 'utf8'), /^title: Changed in a text editor$/m);
    // A second save with the new stamp works, and gives the next stamp.
    const reopened = await t.studioOpen({ lessonId }, TEACHER);
    const saved = await t.studioSave({ lessonId, data: { ...reopened.data, summary: 'Mine' }, stamp: reopened.stamp }, TEACHER);
    assert.notEqual(saved.stamp, reopened.stamp);
    // A lesson students answered, whose file was then deleted by hand: another text under its id asks first.
    // (The live class has ended: while it runs, the lesson is not offered for practice.)
    b.store.classroom.endSession('s1', new Date().toISOString());
    const student = await b.handlers.createStudent({ displayName: 'Ada' }, TEACHER);
    await b.handlers.openLesson({ studentId: student.id, lessonId }, TEACHER);
    rmSync(path);
    const other = readFileSync(join(ROOT, 'lessons', 'practice-miracle-berry-diet.md'), 'utf8').replace(/^id: .*$/m, `id: ${lessonId}`);
    assert.match(await code(() => t.studioImport({ fileName: 'other.md', base64: Buffer.from(other).toString('base64'), ifExists: 'refuse' }, TEACHER)), /^conflict: A lesson with this id .* was on this computer before/);
    // A teacher's file with the id of a lesson that comes with Lede: said so, and the shipped one is the one opened.
    writeFileSync(join(mine, 'mine.md'), seed.replace(/^title: .*$/m, 'title: My own'));
    const shadowed = (await t.studioLessons({}, TEACHER)).find((l) => l.fileName === 'mine.md')!;
    assert.deepEqual([shadowed.state, shadowed.problems[0]?.startsWith('Lede now comes with a lesson with the same id')], ['broken', true]);
    assert.equal((await t.studioOpen({ lessonId: 'asif-dirty-work' }, TEACHER)).folder, 'shipped');
    // A hand-placed file whose id is not an id cannot make the studio write outside the folder.
    writeFileSync(join(mine, 'escape.md'), seed.replace(/^id: .*$/m, 'id: ../../escape'));
    assert.match(await code(() => t.studioCopy({ lessonId: '../../escape' }, TEACHER)), /^not_found/);
    assert.equal(readdirSync(join(dir, '..')).some((f) => f.startsWith('escape')), false);
    await b.close();
  });

  it('the article’s text can be corrected after the draft is made; the key is checked against it, and the front matter is left alone', async () => {
    const { b, t, mine } = backend();
    const { lessonId } = await t.studioCopy({ lessonId: 'asif-dirty-work' }, TEACHER);
    const path = join(mine, `${lessonId}.md`);
    const before = readFileSync(path, 'utf8');
    const open = await t.studioOpen({ lessonId }, TEACHER);
    // The same body: the same bytes.
    await t.studioSave({ lessonId, data: open.data, body: open.body, stamp: open.stamp }, TEACHER);
    assert.equal(readFileSync(path, 'utf8'), before);
    // A stray line removed and a word corrected: only the body changes.
    const body = [...open.body, { kind: 'paragraph' as const, text: 'Read more' }];
    const check = await t.studioCheck({ lessonId, data: open.data, body }, TEACHER);
    assert.equal(check.ok, true);
    const edited = open.body.map((x) => ({ ...x, text: x.text.replace('Sky News', 'Sky Nwes') }));
    const broken = await t.studioCheck({ lessonId, data: open.data, body: edited }, TEACHER);
    assert.ok(broken.problems.some((p) => p.path[0] === 'exercises' && /Sky News/.test(p.message)), JSON.stringify(broken.problems.slice(0, 2)));
    const saved = await t.studioSave({ lessonId, data: open.data, body, stamp: open.stamp }, TEACHER);
    const after = readFileSync(path, 'utf8');
    assert.equal(after.slice(0, after.indexOf('\n---\n')), before.slice(0, before.indexOf('\n---\n')), 'the front matter is byte for byte the same');
    assert.match(after, /\n\nRead more\n$/);
    assert.equal(saved.check.ok, true);
    await b.close();
  });

  it('deleting a draft removes its file and its place in the library', async () => {
    const { b, t, mine } = backend();
    const { lessonId } = await t.studioCreate({ article: { headline: 'A short story', blocks: [{ kind: 'paragraph', text: 'Officials said it rained.' }] }, steps: ['sources'] }, TEACHER);
    assert.deepEqual(readdirSync(mine), [`${lessonId}.md`]);
    await t.studioDelete({ lessonId }, TEACHER);
    assert.deepEqual(readdirSync(mine), []);
    assert.equal((await t.studioLessons({}, TEACHER)).some((l) => l.lessonId === lessonId), false);
    writeFileSync(join(mine, 'x.md'), 'not a lesson');
    const broken = (await t.studioLessons({}, TEACHER)).find((l) => l.fileName === 'x.md')!;
    assert.deepEqual([broken.state, broken.lessonId, broken.title], ['broken', null, 'x.md']);
    await b.close();
  });
});
