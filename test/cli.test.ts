import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { lessonFilesIn } from '../src/core/lessons/load.ts';
import { COMMANDS } from '../src/cli/commands.ts';
import { miniLesson, ROOT, SEED_FILE, tempDir } from './helpers.ts';
import { lede, ledeProcess } from './cli-run.ts';

// The commands run in this process (test/cli-run.ts); a few run the real binary, for its exit codes.

interface ShownLesson {
  id: string;
  title: string;
  text: string;
  exercises: {
    id: string;
    kind: string;
    prompt: string;
    labels?: { id: string }[];
    key?: { label: string; explanation: string; mentions: { start: number; end: number; quote: string; core: { start: number; end: number; quote: string } }[] }[];
    claims?: { start: number; end: number; quote: string }[];
  }[];
}

describe('lede lesson check', () => {
  it('exits 0 for the lessons folder', async () => {
    const r = await lede('lesson', 'check', 'lessons');
    assert.equal(r.code, 0, r.err);
    const n = lessonFilesIn(join(ROOT, 'lessons')).length;
    assert.ok(n >= 1);
    assert.equal(r.out.trim(), `${n} lesson${n === 1 ? '' : 's'} valid`, 'no problem and no warning in the lessons that ship');
    assert.equal(r.err, '');
  });

  it('exits 1 listing every problem as file:line: message', async () => {
    const dir = tempDir();
    const f = join(dir, 'broken.md');
    writeFileSync(f, miniLesson().replace('quote: the council\n        occurrence: 1', 'quote: the mayor').replace('quote: experts', 'quote: pundits'));
    const r = await lede('lesson', 'check', f);
    assert.equal(r.code, 1);
    const lines = r.err.trim().split('\n');
    assert.deepEqual(lines, [
      `${f}:21: exercise "sources": quote not found in the article: "the mayor"`,
      `${f}:24: exercise "sources": quote not found in the article: "pundits"`,
    ]);
    assert.equal(r.out, '');
  });

  it('prints warnings as "file:line: warning: …" and still exits 0; a YAML mistake is one line with its fix', async () => {
    const dir = tempDir();
    const warned = join(dir, 'warned.md');
    writeFileSync(warned, miniLesson().replace('quote: experts', "quote: 'experts'"));
    const w = await lede('lesson', 'check', warned);
    assert.equal(w.code, 0, w.err);
    assert.match(w.err, new RegExp(`^${warned.replace(/[.\\/]/g, '\\$&')}:25: warning: the single quotes around this quote are YAML quoting`));
    assert.match(w.out, /valid — "A small lesson", 2 exercises, 2 key items, 1 warning/);
    const tab = join(dir, 'tab.md');
    writeFileSync(tab, miniLesson().replace(/\n {4}(kind|title|prompt): /g, '\n\t$1: '));
    const t = await lede('lesson', 'check', tab);
    assert.equal(t.code, 1);
    assert.equal(t.err.trim().split('\n').length, 1, t.err);
    assert.match(t.err, /:10: this line is indented with a tab, and YAML needs spaces/);
  });

  it('exits 2 for a path that does not exist', async () => {
    const r = await lede('lesson', 'check', 'no/such/place');
    assert.equal(r.code, 2);
    assert.equal(r.err.trim(), 'lede: no/such/place: no such file or folder');
  });
});

describe('lede lesson show --json', () => {
  it('gives the canonical text and key offsets where text.slice(start, end) === quote', async () => {
    const r = await lede('lesson', 'show', SEED_FILE, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as ShownLesson;
    assert.equal(j.id, 'asif-dirty-work');
    assert.ok(j.text.startsWith("Pakistan Defence Minister Khawaja Asif's Candid Admission"));
    let items = 0;
    let mentions = 0;
    for (const ex of j.exercises) {
      assert.ok(ex.id && ex.kind && ex.prompt);
      for (const k of ex.key ?? []) {
        items++;
        assert.ok(ex.labels?.some((l) => l.id === k.label));
        for (const m of k.mentions) {
          mentions++;
          assert.equal(j.text.slice(m.start, m.end), m.quote);
          assert.equal(j.text.slice(m.core.start, m.core.end), m.core.quote);
          assert.ok(m.start <= m.core.start && m.core.end <= m.end, 'the core lies inside its mention');
        }
      }
      for (const c of ex.claims ?? []) assert.equal(j.text.slice(c.start, c.end), c.quote);
    }
    // 8 sources, 12 framing choices, 12 unverified statements (issue 19 cut Unverified from 22 to 12).
    assert.ok(items >= 30, `${items} key items`);
    assert.ok(mentions > items, `${mentions} mentions of ${items} items`);
  });
});

describe('lede score', () => {
  const dir = tempDir();
  const lessonFile = join(dir, 'mini.md');
  writeFileSync(lessonFile, miniLesson());
  const answers = (body: unknown) => {
    const f = join(dir, `answers-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
    return f;
  };

  it('--json reports the SemEval-2020 figures (labelled and not) and the items found, as computed by hand', async () => {
    // Key: "the council" [57,68) named; "experts" [130,137) vague.
    // Student: [57,62) named (5 of 11 characters: partly), [130,137) named (wrong label), [0,7) vague (extra).
    // Labelled: named S = {[57,62), [130,137)}, T = {[57,68)} → P_named = 5/5 + 0 ; vague S = {[0,7)}, T = {[130,137)} → 0.
    //   P = (1 + 0 + 0) / 3 = 1/3;  R = (5/11 + 0) / 2 = 5/22;  F1 = 2PR/(P+R).
    // Unlabelled: P = (5/5 + 7/7 + 0/7) / 3 = 2/3;  R = (5/11 + 7/7) / 2 = 8/11.
    const f = answers({
      lesson: 'mini',
      answers: {
        sources: {
          spans: [
            { start: 57, end: 62, label: 'named' },
            { start: 130, end: 137, label: 'named' },
            { start: 0, end: 7, label: 'vague' },
          ],
        },
        q: { choices: ['b'] },
      },
    });
    const r = await lede('score', lessonFile, f, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    const s = j.exercises.sources;
    const P = 1 / 3;
    const R = 5 / 22;
    assert.ok(Math.abs(s.precision - P) < 1e-9);
    assert.ok(Math.abs(s.recall - R) < 1e-9);
    assert.ok(Math.abs(s.f1 - (2 * P * R) / (P + R)) < 1e-9);
    assert.ok(Math.abs(s.unlabeled.precision - 2 / 3) < 1e-9);
    assert.ok(Math.abs(s.unlabeled.recall - 8 / 11) < 1e-9);
    // Items: "the council" (core: the whole quote) 5 of 11 characters → credit 5/11, partly;
    // "experts": the right words with a wrong label (named) → half the item, partly. Item recall = (5/11 + 1/2) / 2 = 21/44.
    // Span precision: 5 + 7 characters marked named, 5 inside named mentions and 7 inside the vague one (the right
    // place under a wrong label: inside); 7 marked vague, none inside → (5 + 7) / 19 = 12/19.
    // The text is 148 characters ("Council says the bridge is safe", "A. Writer" and the two paragraphs, joined by
    // blank lines); the key covers 11 + 7 = 18 of them → beyond chance (17/38 − 18/148) / (1 − 18/148).
    const ir = 21 / 44;
    const sp = 12 / 19;
    const k = 18 / 148;
    const bc = (sp - k) / (1 - k);
    assert.ok(Math.abs(s.itemRecall - ir) < 1e-9);
    assert.ok(Math.abs(s.spanPrecision - sp) < 1e-9);
    assert.ok(Math.abs(s.keyShare - k) < 1e-9);
    assert.ok(Math.abs(s.beyondChance - bc) < 1e-9);
    assert.ok(Math.abs(s.score - (2 * ir * bc) / (ir + bc)) < 1e-9);
    assert.equal(s.points, Math.round(((10 * 2 * ir * bc) / (ir + bc)) * 100) / 100);
    assert.deepEqual([s.found, s.total], [0, 2]);
    assert.deepEqual(
      s.items.map((k: { label: string; status: string; mentions: { start: number; end: number; quote: string }[] }) => [k.label, k.status, k.mentions.map((m) => [m.start, m.end, m.quote])]),
      [
        ['named', 'partly', [[57, 68, 'the council']]],
        ['vague', 'partly', [[130, 137, 'experts']]],
      ],
    );
    assert.equal(s.items[1].markedAs, 'named');
    assert.deepEqual(s.extraSpans, [{ start: 0, end: 7, label: 'vague' }]);
    assert.equal(j.exercises.q.points, 0);
  });

  it('without --json prints a readable report', async () => {
    const f = answers({ lesson: 'mini', answers: { sources: { spans: [{ start: 57, end: 68, label: 'named' }] }, q: { choices: ['a'] } } });
    const r = await lede('score', lessonFile, f);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Sources — 6\.67 \/ 10 points/);
    assert.match(r.out, /found 1 of 2; items 50%, inside the key 100% \(key covers 12% of the text: 100% beyond chance\), score 67%/);
    assert.match(r.out, /SemEval-2020 Task 11: precision 100%, recall 50%/);
    assert.match(r.out, /Total: 8\.67 \/ 12 points/);
  });

  it('bad input exits 2 with one clear line, no stack trace, nothing written', async () => {
    const before = readdirSync(dir).sort();
    const cases: [string, RegExp][] = [
      [answers('{not json'), /not valid JSON/],
      [answers({ lesson: 'mini', answers: { nope: { spans: [] } } }), /unknown exercise "nope"/],
      [answers({ lesson: 'mini', answers: { sources: { spans: [{ start: 0, end: 4, label: 'secret' }] } } }), /unknown label "secret"/],
      [answers({ lesson: 'mini', answers: { sources: { spans: [{ start: 0, end: 99999, label: 'named' }] } } }), /outside the text/],
      [answers({ lesson: 'mini', answers: { sources: { spans: [{ start: 9, end: 3, label: 'named' }] } } }), /end \(3\) must be greater than start \(9\)/],
      [answers({ lesson: 'other', answers: {} }), /answers are for lesson "other", not "mini"/],
      [answers([1, 2, 3]), /not an answers file/],
    ];
    const created = readdirSync(dir).sort();
    for (const [file, re] of cases) {
      const r = await lede('score', lessonFile, file);
      assert.equal(r.code, 2, `${re}: ${r.err}`);
      const lines = r.err.trim().split('\n');
      assert.equal(lines.length, 1, r.err);
      assert.match(lines[0]!, re);
      assert.doesNotMatch(r.err, /\n\s+at /);
      assert.equal(r.out, '');
    }
    // A file that is not a lesson.
    const notLesson = answers('just some notes');
    const r = await lede('score', notLesson, cases[1]![0]);
    assert.equal(r.code, 2);
    assert.match(r.err, /not a Lede lesson/);
    assert.deepEqual(readdirSync(dir).sort(), [...created, notLesson.split('/').pop()!].sort());
    assert.ok(before.length < created.length);
  });

  it('lede --help: each command’s summary stands apart from its usage (beside it, or on the next line)', async () => {
    const r = ledeProcess('--help');
    assert.equal(r.code, 0);
    assert.equal((await lede('help')).out, r.out, 'the same help in this process');
    for (const c of COMMANDS) {
      const at = r.out.indexOf(`  ${c.usage}`);
      assert.ok(at >= 0, c.usage);
      const after = r.out.slice(at + 2 + c.usage.length, at + 2 + c.usage.length + 120);
      assert.match(after, new RegExp(`^(?: {2,}|\\n {40})${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), c.usage);
    }
  });

  it('a missing answers file and a wrong usage exit 2', async () => {
    assert.equal((await lede('score', lessonFile, join(dir, 'missing.json'))).code, 2);
    assert.equal((await lede('score', lessonFile)).code, 2);
    // The real binary: its exit code and its one line on stderr.
    const unknown = ledeProcess('frobnicate');
    assert.deepEqual(unknown, { code: 2, out: '', err: 'lede: unknown command "frobnicate" (run "lede help")\n' });
    const broken = join(dir, 'broken.md');
    writeFileSync(broken, miniLesson().replace('quote: experts', 'quote: pundits'));
    assert.deepEqual(ledeProcess('lesson', 'check', broken), { code: 1, out: '', err: `${broken}:25: exercise "sources": quote not found in the article: "pundits"\n` });
    const scored = ledeProcess('score', lessonFile, answers({ lesson: 'mini', answers: {} }));
    assert.equal(scored.code, 0, scored.err);
    assert.match(scored.out, /^Total: 0 \/ 12 points$/m);
  });
});

describe('lede import', () => {
  it('imports the lessons folder into a database given by --db', async () => {
    const db = join(tempDir(), 'lede.sqlite');
    const r = await lede('import', 'lessons', '--db', db);
    assert.equal(r.code, 0, r.err);
    const ids = lessonFilesIn(join(ROOT, 'lessons')).map((f) => basename(f, '.md')).sort();
    assert.ok(ids.includes('asif-dirty-work'));
    assert.deepEqual(r.out.trim().split('\n').sort(), ids.map((id) => `${id}: added`));
    assert.deepEqual((await lede('import', 'lessons', '--db', db)).out.trim().split('\n').sort(), ids.map((id) => `${id}: unchanged`));
    const check = new BetterSqlite3(db, { readonly: true });
    assert.deepEqual(check.prepare('SELECT lesson_id, version FROM lesson_versions ORDER BY lesson_id').all(), ids.map((id) => ({ lesson_id: id, version: 1 })));
    check.close();
  });
});

describe('each command loads only what it uses', () => {
  // The modules the real binary loads, as Node's own module hooks see them (ESM and CommonJS alike).
  const hooks = `import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(seen)));`;
  const loaded = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hooks)}`, join(ROOT, 'bin', 'lede.mjs'), ...args], { encoding: 'utf8', cwd: ROOT });
    const at = r.stderr.lastIndexOf('\nLOADED ');
    assert.ok(at >= 0, r.stderr);
    return { code: r.status, urls: JSON.parse(r.stderr.slice(at + '\nLOADED '.length)) as string[] };
  };
  const backend = /\/src\/(core\/(db|services|classroom|export|teacher)|server)\/|\/node_modules\/(better-sqlite3|exceljs|playwright-core|mammoth|linkedom)\//;

  it('lede --help: the CLI’s own few files, no lesson parser, no database, no server', () => {
    const { code, urls } = loaded('--help');
    assert.equal(code, 0);
    const root = `${pathToFileURL(ROOT).href}/`;
    const files = urls.filter((u) => u.startsWith('file:')).map((u) => (u.startsWith(root) ? u.slice(root.length) : u));
    assert.deepEqual(files, ['bin/lede.mjs', 'src/cli/main.ts', 'src/cli/commands.ts', 'src/cli/io.ts']);
  });

  it('lede lesson check: the lesson files alone, no database, no server, no exporter', () => {
    const { code, urls } = loaded('lesson', 'check', SEED_FILE);
    assert.equal(code, 0);
    assert.ok(urls.some((u) => u.endsWith('/src/core/lessons/parse.ts')));
    assert.deepEqual(urls.filter((u) => backend.test(u)), []);
  });
});

