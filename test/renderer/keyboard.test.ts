// The article's keyboard (src/renderer/src/features/reader/keyboard.ts): the keys of
// the README's "Keyboard" table, on real word boundaries (the shared splitter).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { segmentWords } from '../../src/shared/words.ts';
import { keyAction, type ArticleLayout, type Caret, type KeyAction, type KeyPress, type Span } from '../../src/renderer/src/features/reader/keyboard.ts';

/** An article made of paragraphs, laid out as a lesson is: blocks separated by a blank line. */
function article(paragraphs: string[], opts: { rtl?: boolean; labelCount?: number; language?: string } = {}): ArticleLayout & { text: string } {
  const text = paragraphs.join('\n\n');
  const blocks: Span[] = [];
  let at = 0;
  for (const p of paragraphs) {
    blocks.push({ start: at, end: at + p.length });
    at += p.length + 2;
  }
  return { text, words: segmentWords(text, opts.language ?? 'en'), blocks, rtl: opts.rtl ?? false, labelCount: opts.labelCount ?? 3 };
}

const A = article(['Minister says talks failed.', 'Sources close to him, who asked not to be named, disagree.', 'More soon.']);
const word = (layout: ArticleLayout & { text: string }, i: number) => layout.text.slice(layout.words[i]!.start, layout.words[i]!.end);
const at = (caret: number | null, anchor: number | null = null): Caret => ({ caret, anchor });
const press = (key: string, mods: Omit<KeyPress, 'key'> = {}): KeyPress => ({ key, ...mods });
const none: Span[] = [];

function moved(a: KeyAction | null): number {
  assert.equal(a?.kind, 'move');
  return (a as Extract<KeyAction, { kind: 'move' }>).caret;
}

describe('article keyboard', () => {
  it('← → move word by word, and stop at the ends', () => {
    assert.deepEqual(keyAction(A, at(0), press('ArrowRight'), none), { kind: 'move', caret: 1, anchor: null, selection: null });
    assert.equal(word(A, moved(keyAction(A, at(3), press('ArrowRight'), none))), 'Sources');
    assert.equal(moved(keyAction(A, at(3), press('ArrowLeft'), none)), 2);
    assert.equal(moved(keyAction(A, at(0), press('ArrowLeft'), none)), 0);
    const last = A.words.length - 1;
    assert.equal(moved(keyAction(A, at(last), press('ArrowRight'), none)), last);
  });

  it('before the article was focused, the caret is on the first word', () => {
    assert.equal(moved(keyAction(A, at(null), press('ArrowRight'), none)), 1);
  });

  it('↑ ↓ go to the previous / next paragraph; Home and End to the start and end of this one', () => {
    const says = 1;
    assert.equal(word(A, moved(keyAction(A, at(says), press('ArrowDown'), none))), 'Sources');
    assert.equal(word(A, moved(keyAction(A, at(5), press('ArrowDown'), none))), 'More');
    assert.equal(word(A, moved(keyAction(A, at(5), press('ArrowUp'), none))), 'Minister');
    assert.equal(word(A, moved(keyAction(A, at(says), press('ArrowUp'), none))), 'Minister', 'the first paragraph has none before it');
    // A paragraph without words (a dash under a photo, say) is passed over both ways.
    const D = article(['One two.', '—', 'Three four.']);
    assert.equal(word(D, moved(keyAction(D, at(1), press('ArrowDown'), none))), 'Three');
    assert.equal(word(D, moved(keyAction(D, at(3), press('ArrowUp'), none))), 'One');
    const him = A.words.findIndex((_, i) => word(A, i) === 'him');
    assert.equal(word(A, moved(keyAction(A, at(him), press('Home'), none))), 'Sources');
    // The paragraph ends with a full stop: End is on its last word, not the next paragraph's first.
    assert.equal(word(A, moved(keyAction(A, at(him), press('End'), none))), 'disagree');
    assert.equal(word(A, moved(keyAction(A, at(0), press('End'), none))), 'failed');
  });

  it('Shift with a movement selects whole words from where the selection started', () => {
    const first = keyAction(A, at(4), press('ArrowRight', { shiftKey: true }), none);
    assert.deepEqual(first, { kind: 'move', caret: 5, anchor: 4, selection: { start: A.words[4]!.start, end: A.words[5]!.end } });
    const second = keyAction(A, at(5, 4), press('ArrowRight', { shiftKey: true }), none);
    assert.equal(A.text.slice((second as { selection: Span }).selection.start, (second as { selection: Span }).selection.end), 'Sources close to');
    // Back past the start: the selection turns round the anchor.
    const back = keyAction(A, at(4, 4), press('ArrowLeft', { shiftKey: true }), none) as Extract<KeyAction, { kind: 'move' }>;
    assert.equal(A.text.slice(back.selection!.start, back.selection!.end), 'failed.\n\nSources');
    // Shift+End: to the end of the paragraph.
    const toEnd = keyAction(A, at(4), press('End', { shiftKey: true }), none) as Extract<KeyAction, { kind: 'move' }>;
    assert.equal(A.text.slice(toEnd.selection!.start, toEnd.selection!.end), 'Sources close to him, who asked not to be named, disagree');
    // A move without Shift drops the selection.
    assert.deepEqual(keyAction(A, at(6, 4), press('ArrowRight'), none), { kind: 'move', caret: 7, anchor: null, selection: null });
  });

  it('1 to the number of labels label the selection; other digits, and digits with Ctrl, Alt or ⌘, do nothing', () => {
    assert.deepEqual(keyAction(A, at(2), press('1'), none), { kind: 'label', n: 1 });
    assert.deepEqual(keyAction(A, at(2), press('3'), none), { kind: 'label', n: 3 });
    assert.equal(keyAction(A, at(2), press('4'), none), null);
    assert.equal(keyAction(A, at(2), press('0'), none), null);
    assert.equal(keyAction(A, at(2), press('1', { ctrlKey: true }), none), null);
    assert.equal(keyAction(A, at(2), press('1', { altKey: true }), none), null);
    assert.equal(keyAction(A, at(2), press('1', { metaKey: true }), none), null);
    assert.equal(keyAction({ ...A, labelCount: 0 }, at(2), press('1'), none), null);
    assert.equal(keyAction(A, at(2), press('a'), none), null);
    assert.equal(keyAction(A, at(2), press('Tab'), none), null, 'Tab leaves the article');
  });

  it('Delete and Backspace remove the highlight under the caret (the one on top), or say there is none', () => {
    const under = { id: 'h1', start: A.words[4]!.start, end: A.words[6]!.end };
    const onTop = { id: 'h2', start: A.words[5]!.start, end: A.words[5]!.end };
    assert.deepEqual(keyAction(A, at(5), press('Delete'), [under, onTop]), { kind: 'remove', highlight: onTop });
    assert.deepEqual(keyAction(A, at(6), press('Backspace'), [under, onTop]), { kind: 'remove', highlight: under });
    assert.deepEqual(keyAction(A, at(0), press('Delete'), [under]), { kind: 'remove', highlight: null });
  });

  it('Enter and Space open a highlight, or select the word at the caret', () => {
    const h = { id: 'h1', start: A.words[4]!.start, end: A.words[6]!.end, label: 'vague' };
    assert.deepEqual(keyAction(A, at(5), press('Enter'), [h]), { kind: 'open', highlight: h });
    assert.deepEqual(keyAction(A, at(1), press(' '), [h]), { kind: 'select', caret: 1, anchor: 1, selection: A.words[1] });
  });

  it('Esc cancels', () => {
    assert.deepEqual(keyAction(A, at(3, 1), press('Escape'), none), { kind: 'cancel' });
  });

  it('an article with no words leaves every key alone', () => {
    const empty = article(['— …']);
    assert.equal(empty.words.length, 0);
    for (const k of ['ArrowRight', 'Enter', '1', 'Delete', 'Escape']) assert.equal(keyAction(empty, at(null), press(k), none), null);
  });

  it('right-to-left: ← moves to the next word, → to the previous', () => {
    const R = article(['שלום עולם יפה.', 'עוד פסקה.'], { rtl: true, language: 'he' });
    assert.equal(moved(keyAction(R, at(0), press('ArrowLeft'), none)), 1);
    assert.equal(moved(keyAction(R, at(1), press('ArrowRight'), none)), 0);
    const sel = keyAction(R, at(0), press('ArrowLeft', { shiftKey: true }), none) as Extract<KeyAction, { kind: 'move' }>;
    assert.equal(R.text.slice(sel.selection!.start, sel.selection!.end), 'שלום עולם');
  });
});

// ── Properties ─────────────────────────────────────────────────────────
const token = fc.constantFrom('word', 'Über', 'don’t', '42', '3.5', '—', ',', '.', '“quoted”', '(aside)', 'e-mail', 'naïve', '!');
const paragraphs = fc.array(fc.array(token, { minLength: 1, maxLength: 10 }).map((t) => t.join(' ')), { minLength: 1, maxLength: 5 });
const keys = fc.array(
  fc.record({
    key: fc.constantFrom('ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'Enter', ' ', 'Escape', 'Delete', '1', '2', 'x'),
    shiftKey: fc.boolean(),
  }),
  { maxLength: 40 },
);

/** The caret and selection after a key, as Article.tsx keeps them. */
function apply(state: Caret, a: KeyAction | null): Caret {
  if (!a) return state;
  if (a.kind === 'move' || a.kind === 'select') return { caret: a.caret, anchor: a.anchor };
  if (a.kind === 'cancel') return { caret: state.caret, anchor: null };
  return state;
}

describe('article keyboard, properties', () => {
  it('the caret always stays on a word, and a selection always runs from a word’s start to a word’s end, within the text', () => {
    fc.assert(
      fc.property(paragraphs, fc.boolean(), keys, (ps, rtl, presses) => {
        const L = article(ps, { rtl });
        fc.pre(L.words.length > 0);
        const starts = new Set(L.words.map((w) => w.start));
        const ends = new Set(L.words.map((w) => w.end));
        let state: Caret = { caret: null, anchor: null };
        for (const p of presses) {
          const a = keyAction(L, state, p, none);
          state = apply(state, a);
          if (state.caret !== null) assert.ok(Number.isInteger(state.caret) && state.caret >= 0 && state.caret < L.words.length, `caret ${state.caret}`);
          if (state.anchor !== null) assert.ok(state.anchor >= 0 && state.anchor < L.words.length, `anchor ${state.anchor}`);
          const selection = a && (a.kind === 'move' || a.kind === 'select') ? a.selection : null;
          if (selection) {
            assert.ok(starts.has(selection.start) && ends.has(selection.end), 'on word boundaries');
            assert.ok(0 <= selection.start && selection.start < selection.end && selection.end <= L.text.length, 'within the text');
          }
          if (a?.kind === 'move' && a.selection) {
            // The selection covers the caret's word and the anchor's.
            const lo = Math.min(a.anchor!, a.caret);
            const hi = Math.max(a.anchor!, a.caret);
            assert.deepEqual(a.selection, { start: L.words[lo]!.start, end: L.words[hi]!.end });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Home and End stay in the caret’s paragraph; ↑ ↓ go to the first word of the nearest paragraph that way with words', () => {
    fc.assert(
      fc.property(paragraphs, fc.nat(), (ps, n) => {
        const L = article(ps);
        fc.pre(L.words.length > 0);
        const caret = n % L.words.length;
        const blockOf = (i: number) => L.blocks.findIndex((b) => b.start <= L.words[i]!.start && L.words[i]!.start < b.end);
        for (const k of ['Home', 'End']) assert.equal(blockOf(moved(keyAction(L, at(caret), press(k), none))), blockOf(caret), k);
        const home = moved(keyAction(L, at(caret), press('Home'), none));
        assert.ok(home === 0 || blockOf(home - 1) !== blockOf(caret), 'Home is the paragraph’s first word');
        const end = moved(keyAction(L, at(caret), press('End'), none));
        assert.ok(end === L.words.length - 1 || blockOf(end + 1) !== blockOf(caret), 'End is the paragraph’s last word');
        const withWords = L.blocks.map((_, b) => L.words.some((_, i) => blockOf(i) === b));
        const from = blockOf(caret);
        for (const [k, dir] of [['ArrowUp', -1], ['ArrowDown', 1]] as const) {
          const to = moved(keyAction(L, at(caret), press(k), none));
          const b = blockOf(to);
          assert.ok(to === 0 || blockOf(to - 1) !== b, `${k}: the paragraph’s first word`);
          const nearest = dir > 0 ? withWords.findIndex((has, i) => has && i > from) : withWords.findLastIndex((has, i) => has && i < from);
          assert.equal(b, nearest === -1 ? from : nearest, k);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('right-to-left mirrors the arrows: ← there is → here, with or without Shift', () => {
    fc.assert(
      fc.property(paragraphs, fc.nat(), fc.option(fc.nat(), { nil: null }), fc.boolean(), (ps, c, anchor, shiftKey) => {
        const ltr = article(ps);
        fc.pre(ltr.words.length > 0);
        const rtl = { ...ltr, rtl: true };
        const state = at(c % ltr.words.length, anchor === null ? null : anchor % ltr.words.length);
        assert.deepEqual(keyAction(rtl, state, press('ArrowLeft', { shiftKey }), none), keyAction(ltr, state, press('ArrowRight', { shiftKey }), none));
        assert.deepEqual(keyAction(rtl, state, press('ArrowRight', { shiftKey }), none), keyAction(ltr, state, press('ArrowLeft', { shiftKey }), none));
        for (const k of ['ArrowUp', 'ArrowDown', 'Home', 'End']) assert.deepEqual(keyAction(rtl, state, press(k, { shiftKey }), none), keyAction(ltr, state, press(k, { shiftKey }), none), k);
      }),
      { numRuns: 200 },
    );
  });
});
