import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { PublicExerciseDto, PublicLessonDto, SavedHighlightDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { segmentWords, snapToWords, wordAtOrAfter, type Word } from '../../../../shared/words.ts';
import { ArticleText } from './ArticleText.tsx';
import { highlightAt, keyAction } from './keyboard.ts';
import { LabelPicker } from './LabelPicker.tsx';
import { highlightsSupported, Painter } from './painter.ts';
import { rangeToOffsets, useSettledSelection } from './selection.ts';
import { useArticlePaint } from './useArticlePaint.ts';

type HighlightExercise = Extract<PublicExerciseDto, { kind: 'highlight' }>;
type HighlightFeedback = Extract<StepFeedbackDto, { kind: 'highlight' }>;

export interface ArticleProps {
  lesson: PublicLessonDto;
  /** The open highlight step, if any. */
  exercise: HighlightExercise | null;
  /** The student's highlights for that step. */
  highlights: readonly SavedHighlightDto[];
  /** Present once the step is checked: the article then shows the key. */
  feedback: HighlightFeedback | null;
  /** The step is checked but its key is held back (an assignment): the marks stay, and cannot change. */
  locked?: boolean;
  /** A span to draw the eye to (from the feedback list). */
  flash: { start: number; end: number; n: number } | null;
  onCreate: (span: { start: number; end: number; label: string }) => void;
  onRelabel: (id: string, label: string) => void;
  onRemove: (id: string) => void;
  announce: (text: string) => void;
}

interface Popover {
  /** Below the selection (from the article's top). */
  top: number;
  /** Above the selection: where the picker's bottom goes when it opens upwards. */
  above: number;
  left: number;
  /** Room in the window below and above the selection, in px: the picker opens where it fits. */
  roomBelow: number;
  roomAbove: number;
}

/** The article, where a highlight step's marks are made: with the mouse, touch, or the keyboard (keyboard.ts). */
export function Article(props: ArticleProps) {
  const { lesson, exercise, highlights, feedback, flash, onCreate, onRelabel, onRemove, announce, locked = false } = props;
  const rootRef = useRef<HTMLDivElement>(null);
  const nodes = useMemo<(Text | null)[]>(() => new Array(lesson.blocks.length).fill(null), [lesson]);
  const painter = useMemo(() => new Painter(lesson.blocks, nodes), [lesson, nodes]);
  const words = useMemo(() => segmentWords(lesson.text, lesson.language), [lesson]);
  const editable = exercise !== null && feedback === null && !locked;

  const [pending, setPending] = useState<Word | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  /** The caret is drawn only for the keyboard: a click shows no stray caret box. */
  const [keyboardCaret, setKeyboardCaret] = useState(false);
  const [popover, setPopover] = useState<Popover | null>(null);
  const pointerDown = useRef(false);

  const labelIndex = useMemo(() => new Map(exercise?.labels.map((l, i) => [l.id, i]) ?? []), [exercise]);
  const labelName = useCallback((id: string) => exercise?.labels.find((l) => l.id === id)?.name ?? id, [exercise]);
  const quote = useCallback((s: { start: number; end: number }) => lesson.text.slice(s.start, s.end), [lesson]);

  // Each step starts afresh at the top of the article.
  useEffect(() => {
    setCaret(null);
    setPending(null);
    setActiveId(null);
    setAnchor(null);
    setPopover(null);
  }, [exercise?.id, feedback]);

  useArticlePaint(painter, {
    highlights,
    labelIndex,
    activeId,
    feedback,
    pending,
    caretWord: (caret !== null && focused && keyboardCaret && editable ? words[caret] : undefined) ?? null,
    flash,
  });

  // ── Placing the label picker ──────────────────────────────────────────
  const placePopover = useCallback(
    (span: Word | null) => {
      const root = rootRef.current;
      if (!span || !root) return setPopover(null);
      const last = painter.rangesFor(span.start, span.end).at(-1);
      if (!last) return setPopover(null);
      const rects = last.getClientRects();
      const rect = rects[rects.length - 1] ?? last.getBoundingClientRect();
      const first = painter.rangesFor(span.start, span.end)[0]!.getClientRects()[0] ?? rect;
      const base = root.getBoundingClientRect();
      // The sticky top bar (and the stepper under it) covers the top of the window.
      const covered = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
      setPopover({
        top: rect.bottom - base.top + 6,
        above: first.top - base.top - 6,
        left: Math.max(0, Math.min(rect.left - base.left, base.width - 280)),
        roomBelow: window.innerHeight - rect.bottom - 6,
        roomAbove: first.top - Math.max(0, covered) - 6,
      });
    },
    [painter],
  );

  // ── Mouse and touch: read the browser's selection ─────────────────────
  const takeSelection = useCallback(() => {
    if (!editable) return;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !rootRef.current) return;
    const range = sel.getRangeAt(0);
    if (!rootRef.current.contains(range.commonAncestorContainer)) return;
    const raw = rangeToOffsets(range, lesson.blocks, nodes);
    if (!raw) return;
    if (sel.isCollapsed) {
      // A click: on a highlight, open it for relabelling; elsewhere, move the caret.
      const hit = highlightAt(highlights, raw.start);
      setPending(null);
      setActiveId(hit?.id ?? null);
      setCaret(Math.min(words.length - 1, wordAtOrAfter(words, raw.start)));
      placePopover(hit ?? null);
      return;
    }
    const snapped = snapToWords(lesson.text, words, raw.start, raw.end);
    sel.removeAllRanges();
    setActiveId(null);
    setPending(snapped);
    placePopover(snapped);
    if (snapped) announce(`Selected “${quote(snapped)}”. Choose a label.`);
  }, [editable, nodes, highlights, words, placePopover, lesson, announce, quote]);

  useSettledSelection(editable, pointerDown, takeSelection);

  // ── Acting on a selection ────────────────────────────────────────────
  const applyLabel = useCallback(
    (labelId: string) => {
      if (!exercise) return;
      if (activeId) {
        onRelabel(activeId, labelId);
        setActiveId(null);
      } else {
        const span = pending ?? (caret !== null ? words[caret] : undefined);
        if (!span) return;
        onCreate({ start: span.start, end: span.end, label: labelId });
        setPending(null);
        setAnchor(null);
      }
      setPopover(null);
      rootRef.current?.focus({ preventScroll: true });
    },
    [exercise, activeId, pending, caret, words, onCreate, onRelabel],
  );

  const removeActive = useCallback(() => {
    if (!activeId) return;
    onRemove(activeId);
    setActiveId(null);
    setPopover(null);
    rootRef.current?.focus({ preventScroll: true });
  }, [activeId, onRemove]);

  const cancel = useCallback(() => {
    setPending(null);
    setActiveId(null);
    setAnchor(null);
    setPopover(null);
  }, []);

  // ── Keyboard: keyboard.ts says what a key does; this carries it out ──
  const describeWord = (i: number) => {
    const w = words[i];
    if (!w) return '';
    const on = highlights.filter((h) => h.start <= w.start && w.start < h.end).map((h) => labelName(h.label));
    return `${quote(w)}${on.length ? `, highlighted ${on.join(' and ')}` : ''}`;
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (!editable) return;
    const layout = { words, blocks: lesson.blocks, rtl: lesson.direction === 'rtl', labelCount: exercise?.labels.length ?? 0 };
    const action = keyAction(layout, { caret, anchor }, e, highlights);
    if (!action) return;
    e.preventDefault();
    setKeyboardCaret(true);
    switch (action.kind) {
      case 'cancel':
        return cancel();
      case 'remove':
        if (action.highlight) onRemove(action.highlight.id);
        else announce('There is no highlight here to remove.');
        return;
      case 'open':
        setActiveId(action.highlight.id);
        setPending(null);
        placePopover(action.highlight);
        announce(`“${quote(action.highlight)}”, ${labelName(action.highlight.label)}. Press a number to change the label, Delete to remove it.`);
        return;
      case 'select':
        setPending(action.selection);
        setAnchor(action.anchor);
        placePopover(action.selection);
        announce(`Selected “${quote(action.selection)}”. Press a number to choose a label.`);
        return;
      case 'label':
        return applyLabel(exercise!.labels[action.n - 1]!.id);
      case 'move': {
        setActiveId(null);
        setAnchor(action.anchor);
        setPending(action.selection);
        if (action.selection) {
          placePopover(action.selection);
          announce(`Selected “${quote(action.selection)}”`);
        } else {
          setPopover(null);
          announce(describeWord(action.caret));
        }
        setCaret(action.caret);
        const w = words[action.caret]!;
        painter.rangesFor(w.start, w.end)[0]?.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
      }
    }
  };

  const active = highlights.find((h) => h.id === activeId) ?? null;
  const shown = active ?? pending;
  return (
    <div className="article-wrap" id="lesson-article" ref={rootRef} tabIndex={editable ? 0 : -1}
      role={editable ? 'application' : undefined}
      aria-roledescription={editable ? 'article you can highlight' : undefined}
      aria-label={editable ? `Article: ${lesson.article.headline}` : undefined}
      aria-describedby={editable ? 'keyboard-help' : undefined}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        setFocused(true);
        if (e.target === e.currentTarget) setKeyboardCaret(e.currentTarget.matches(':focus-visible'));
        if (caret === null && words.length) setCaret(0);
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
      onPointerDown={() => {
        pointerDown.current = true;
        setKeyboardCaret(false);
      }}
      onPointerUp={() => {
        pointerDown.current = false;
        setTimeout(takeSelection, 0);
      }}
      data-editable={editable || undefined}
    >
      {!highlightsSupported() && editable && (
        <p className="notice" role="alert">
          This browser cannot show highlights. Please use a current version of Chrome, Edge, Firefox or Safari.
        </p>
      )}
      <ArticleText lesson={lesson} nodes={nodes} />
      {popover && exercise && editable && shown && (
        <LabelPicker
          top={popover.top}
          left={popover.left}
          flip={popover}
          labels={exercise.labels}
          current={active?.label ?? null}
          quote={quote(shown)}
          onPick={applyLabel}
          onRemove={active ? removeActive : null}
          onCancel={cancel}
        />
      )}
    </div>
  );
}
