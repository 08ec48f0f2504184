// The article in the lesson editor: the student's article (ArticleText), the current
// step's key painted in its label colours with the CSS Custom Highlight API (the
// article's DOM never changes when an item is added), and a selection made with the
// mouse or the keyboard as a student makes one (reader/keyboard.ts), then a label
// or another action chosen in the student's label picker. Over 300 lines because it
// is the editor's counterpart of reader/Article.tsx (mouse, touch and keyboard
// selection in one place); what a key does is reader/keyboard.ts's.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { PublicLessonDto } from '../../../../../shared/api.ts';
import { segmentWords, snapToWords, wordAtOrAfter, type Word } from '../../../../../shared/words.ts';
import { useApp } from '../../../state/app.ts';
import { selectAnnounce } from '../../../state/selectors.ts';
import { ArticleText } from '../../reader/ArticleText.tsx';
import { highlightAt, keyAction } from '../../reader/keyboard.ts';
import { LabelPicker } from '../../reader/LabelPicker.tsx';
import { highlightsSupported, Painter } from '../../reader/painter.ts';
import { rangeToOffsets, useSettledSelection } from '../../reader/selection.ts';
import type { LabelData } from './model.ts';

export interface Mark {
  start: number;
  end: number;
  /** The label's position in the step (its colour and underline). */
  labelIndex: number;
  /** The item (or claim) it belongs to. */
  ref: number;
}

export interface PickerAction {
  key: string;
  text: string;
  run: (span: Word) => void;
}

interface Props {
  lesson: PublicLessonDto;
  marks: readonly Mark[];
  activeRef: number | null;
  /** The selected item's identifying words. */
  cores: readonly Word[];
  /** The assistant's proposals, drawn faintly. */
  proposals: readonly Word[];
  /** The labels a selection can take (none: only `actions`). */
  labels: readonly LabelData[];
  /** Whether words can be selected at all (an editable step that works with the article). */
  selectable: boolean;
  actions: (span: Word) => PickerAction[];
  onLabel: (span: Word, labelId: string) => void;
  onPickMark: (ref: number) => void;
  /** A span to scroll to and flash (from the list). */
  flash: { start: number; end: number; n: number } | null;
  ariaLabel: string;
}

declare global {
  interface Window {
    /** Milliseconds from choosing a label to the new item painted, one per item (for speed checks). */
    __ledeEditorTimings?: number[];
  }
}

const byLabel = (marks: readonly Mark[]): Word[][] => {
  const out: Word[][] = Array.from({ length: 8 }, () => []);
  for (const m of marks) out[Math.min(7, m.labelIndex)]!.push(m);
  return out;
};

export const EditorArticle = memo(function EditorArticle(p: Props) {
  const { lesson, marks, activeRef, cores, proposals, labels, selectable, actions, onLabel, onPickMark, flash, ariaLabel } = p;
  const announce = useApp(selectAnnounce);
  const rootRef = useRef<HTMLDivElement>(null);
  const nodes = useMemo<(Text | null)[]>(() => new Array(lesson.blocks.length).fill(null), [lesson]);
  const painter = useMemo(() => new Painter(lesson.blocks, nodes), [lesson, nodes]);
  const words = useMemo(() => segmentWords(lesson.text, lesson.language), [lesson]);

  const [pending, setPending] = useState<Word | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const [popover, setPopover] = useState<{ top: number; left: number } | null>(null);
  const pointerDown = useRef(false);
  const labelledAt = useRef<number | null>(null);

  const quote = useCallback((s: Word) => lesson.text.slice(s.start, s.end), [lesson]);

  // ── Painting ───────────────────────────────────────────────────────
  useEffect(() => () => painter.clear(), [painter]);
  useLayoutEffect(() => {
    byLabel(marks).forEach((spans, i) => painter.paint(`lede-label-${i}`, spans, 1));
    painter.paint(
      'lede-active',
      marks.filter((m) => m.ref === activeRef),
      3,
    );
    if (labelledAt.current !== null) {
      const t = labelledAt.current;
      labelledAt.current = null;
      // Painted: the highlight registry is read at the next frame.
      requestAnimationFrame(() => (window.__ledeEditorTimings ??= []).push(performance.now() - t));
    }
  }, [painter, marks, activeRef]);
  useLayoutEffect(() => painter.paint('lede-ed-core', cores, 4), [painter, cores]);
  useLayoutEffect(() => painter.paint('lede-ed-proposal', proposals, 0), [painter, proposals]);
  useLayoutEffect(() => painter.paint('lede-pending', pending ? [pending] : [], 5), [painter, pending]);
  const caretWord = caret !== null && focused && selectable ? (words[caret] ?? null) : null;
  useLayoutEffect(() => painter.paint('lede-caret', caretWord ? [caretWord] : [], 6), [painter, caretWord]);
  useEffect(() => {
    if (!flash) return;
    painter.paint('lede-flash', [flash], 7);
    painter.rangesFor(flash.start, flash.end)[0]?.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const t = setTimeout(() => painter.paint('lede-flash', [], 7), 1500);
    return () => clearTimeout(t);
  }, [painter, flash]);

  // A new step, or the step no longer takes selections: start afresh.
  useEffect(() => {
    setPending(null);
    setPopover(null);
    setAnchor(null);
  }, [labels, selectable]);

  const placePopover = useCallback(
    (span: Word | null) => {
      const root = rootRef.current;
      if (!span || !root) return setPopover(null);
      const last = painter.rangesFor(span.start, span.end).at(-1);
      if (!last) return setPopover(null);
      const rects = last.getClientRects();
      const rect = rects[rects.length - 1] ?? last.getBoundingClientRect();
      const base = root.getBoundingClientRect();
      setPopover({ top: rect.bottom - base.top + 6, left: Math.max(0, Math.min(rect.left - base.left, base.width - 300)) });
    },
    [painter],
  );

  // ── Mouse and touch ────────────────────────────────────────────────
  const takeSelection = useCallback(() => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !rootRef.current) return;
    const range = sel.getRangeAt(0);
    if (!rootRef.current.contains(range.commonAncestorContainer)) return;
    const raw = rangeToOffsets(range, lesson.blocks, nodes);
    if (!raw) return;
    if (sel.isCollapsed) {
      // A click: on an item, select it in the list; anywhere, move the caret there.
      const hit = highlightAt(marks, raw.start);
      if (hit) onPickMark(hit.ref);
      setPending(null);
      setPopover(null);
      setCaret(Math.min(words.length - 1, wordAtOrAfter(words, raw.start)));
      return;
    }
    if (!selectable) return;
    const snapped = snapToWords(lesson.text, words, raw.start, raw.end);
    sel.removeAllRanges();
    setPending(snapped);
    placePopover(snapped);
    if (snapped) announce(`Selected “${quote(snapped)}”. ${labels.length ? 'Choose a label.' : 'Choose what to do with it.'}`);
  }, [nodes, marks, onPickMark, words, selectable, lesson, placePopover, announce, quote, labels]);

  useSettledSelection(true, pointerDown, takeSelection);

  // ── Acting on a selection ──────────────────────────────────────────
  const cancel = useCallback(() => {
    setPending(null);
    setAnchor(null);
    setPopover(null);
  }, []);

  const done = useCallback(() => {
    setPending(null);
    setAnchor(null);
    setPopover(null);
  }, []);

  const pick = useCallback(
    (labelId: string) => {
      const span = pending ?? (caret !== null ? words[caret] : undefined);
      if (!span) return;
      labelledAt.current = performance.now();
      onLabel(span, labelId);
      done();
    },
    [pending, caret, words, onLabel, done],
  );

  const run = (a: PickerAction) => {
    const span = pending ?? (caret !== null ? words[caret] : undefined);
    if (!span) return;
    a.run(span);
    done();
  };

  // ── Keyboard: reader/keyboard.ts says what a key does ──────────────
  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    // Keys pressed on the label picker's buttons are theirs (Esc still closes it).
    if (e.target !== e.currentTarget) {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
        rootRef.current?.focus({ preventScroll: true });
      }
      return;
    }
    const layout = { words, blocks: lesson.blocks, rtl: lesson.direction === 'rtl', labelCount: selectable ? labels.length : 0 };
    const action = keyAction(layout, { caret, anchor }, e, marks);
    if (!action) return;
    e.preventDefault();
    switch (action.kind) {
      case 'cancel':
        return cancel();
      case 'remove':
        announce(action.highlight ? 'To remove an item, use its Remove button in the list beside the article.' : 'There is no item here.');
        return;
      case 'open':
        onPickMark(action.highlight.ref);
        announce(`“${quote(action.highlight)}”: item ${action.highlight.ref + 1} is selected in the list. Shift with an arrow selects words here.`);
        return;
      case 'select':
        if (!selectable) return;
        setPending(action.selection);
        setAnchor(action.anchor);
        placePopover(action.selection);
        announce(`Selected “${quote(action.selection)}”. ${labels.length ? 'Press a number to choose a label, or Tab to more choices.' : 'Tab to the choices.'}`);
        return;
      case 'label':
        return pick(labels[action.n - 1]!.id);
      case 'move': {
        setAnchor(action.anchor);
        const sel = selectable ? action.selection : null;
        setPending(sel);
        if (sel) {
          placePopover(sel);
          announce(`Selected “${quote(sel)}”`);
        } else {
          setPopover(null);
          const w = words[action.caret];
          const on = w ? highlightAt(marks, w.start) : undefined;
          if (w) announce(`${quote(w)}${on ? `, in item ${on.ref + 1}` : ''}`);
        }
        setCaret(action.caret);
        const w = words[action.caret]!;
        painter.rangesFor(w.start, w.end)[0]?.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
      }
    }
  };

  const extra = pending && selectable ? actions(pending) : [];
  return (
    <div
      className="article-wrap ed-article-wrap"
      ref={rootRef}
      tabIndex={0}
      role="application"
      aria-roledescription="article you can select words in"
      aria-label={ariaLabel}
      aria-describedby="ed-keyboard-help"
      data-editable={selectable || undefined}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        if (e.target !== e.currentTarget) return;
        setFocused(true);
        if (caret === null && words.length) setCaret(0);
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
      onPointerDown={() => {
        pointerDown.current = true;
      }}
      onPointerUp={() => {
        pointerDown.current = false;
        setTimeout(takeSelection, 0);
      }}
    >
      {!highlightsSupported() && (
        <p className="notice" role="alert">
          This browser cannot show highlights. Please use a current version of Chrome, Edge, Firefox or Safari.
        </p>
      )}
      <ArticleText lesson={lesson} nodes={nodes} />
      {popover && pending && selectable && (labels.length > 0 || extra.length > 0) && (
        <LabelPicker top={popover.top} left={popover.left} labels={[...labels]} current={null} quote={quote(pending)} onPick={pick} onRemove={null} onCancel={cancel}>
          {extra.map((a) => (
            <button key={a.key} type="button" className="label-button ed-picker-action" onClick={() => run(a)}>
              {a.text}
            </button>
          ))}
        </LabelPicker>
      )}
    </div>
  );
});
