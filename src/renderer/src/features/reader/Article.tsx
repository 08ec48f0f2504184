import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { PublicExerciseDto, PublicLessonDto, SavedHighlightDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { highlightsSupported, Painter } from './painter.ts';
import { segmentWords, snapToWords, wordAtOrAfter, type Word } from '../../../../shared/words.ts';
import { LabelPicker } from './LabelPicker.tsx';

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
  /** A span to draw the eye to (from the feedback list). */
  flash: { start: number; end: number; n: number } | null;
  onCreate: (span: { start: number; end: number; label: string }) => void;
  onRelabel: (id: string, label: string) => void;
  onRemove: (id: string) => void;
  announce: (text: string) => void;
}

interface Popover {
  top: number;
  left: number;
}

/** The article as its outlet presented it: each block is one element holding one text node. */
const Blocks = memo(function Blocks({ lesson, nodes }: { lesson: PublicLessonDto; nodes: (Text | null)[] }) {
  return (
    <>
      {lesson.blocks.map((b, i) => {
        const text = lesson.text.slice(b.start, b.end);
        const ref = (el: HTMLElement | null) => {
          nodes[i] = (el?.firstChild as Text | null) ?? null;
        };
        const common = { ref, 'data-b': i, key: i };
        switch (b.kind) {
          case 'headline':
            return <h1 {...common} className="headline">{text}</h1>;
          case 'standfirst':
            return <p {...common} className="standfirst">{text}</p>;
          case 'byline':
            return <p {...common} className="byline">{text}</p>;
          case 'image':
            return <p {...common} className="image-caption">{text}</p>;
          case 'credit':
            return <p {...common} className="image-credit">{text}</p>;
          case 'subheading':
            return <h2 {...common} className="subheading">{text}</h2>;
          default:
            return <p {...common} className="para">{text}</p>;
        }
      })}
    </>
  );
});

export function Article(props: ArticleProps) {
  const { lesson, exercise, highlights, feedback, flash, onCreate, onRelabel, onRemove, announce } = props;
  const rootRef = useRef<HTMLDivElement>(null);
  const nodes = useMemo<(Text | null)[]>(() => new Array(lesson.blocks.length).fill(null), [lesson]);
  const painter = useMemo(() => new Painter(lesson.blocks, nodes), [lesson, nodes]);
  const words = useMemo(() => segmentWords(lesson.text, lesson.language), [lesson]);
  const editable = exercise !== null && feedback === null;

  const [pending, setPending] = useState<Word | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const [popover, setPopover] = useState<Popover | null>(null);
  const pointerDown = useRef(false);

  const labelIndex = useMemo(() => new Map(exercise?.labels.map((l, i) => [l.id, i]) ?? []), [exercise]);
  const labelName = useCallback((id: string) => exercise?.labels.find((l) => l.id === id)?.name ?? id, [exercise]);

  // Each step starts afresh at the top of the article.
  useEffect(() => {
    setCaret(null);
    setPending(null);
    setActiveId(null);
    setAnchor(null);
    setPopover(null);
  }, [exercise?.id, feedback]);

  useEffect(() => () => painter.clear(), [painter]);

  // ── Painting ─────────────────────────────────────────────────────────
  useLayoutEffect(() => {
    // Once a step is checked the key takes the background; the student's marks keep their underline.
    const byLabel: Word[][] = Array.from({ length: 8 }, () => []);
    for (const h of highlights) byLabel[Math.min(7, labelIndex.get(h.label) ?? 7)]!.push(h);
    byLabel.forEach((spans, i) => {
      painter.paint(`lede-label-${i}`, feedback ? [] : spans, 1);
      painter.paint(`lede-mine-${i}`, feedback ? spans : [], 1);
    });
    const active = highlights.find((h) => h.id === activeId);
    painter.paint('lede-active', active ? [active] : [], 3);
  }, [painter, highlights, labelIndex, activeId, feedback]);

  useLayoutEffect(() => {
    const ks = feedback?.keySpans ?? [];
    painter.paint('lede-fb-found', ks.filter((k) => k.status === 'found'), 0);
    painter.paint('lede-fb-partly', ks.filter((k) => k.status === 'partly'), 0);
    painter.paint('lede-fb-missed', ks.filter((k) => k.status === 'missed'), 0);
    painter.paint('lede-fb-extra', feedback?.extraSpans ?? [], 2);
  }, [painter, feedback]);

  useLayoutEffect(() => {
    painter.paint('lede-pending', pending ? [pending] : [], 4);
  }, [painter, pending]);

  useLayoutEffect(() => {
    const w = caret !== null && focused && editable ? words[caret] : undefined;
    painter.paint('lede-caret', w ? [w] : [], 5);
  }, [painter, caret, focused, editable, words]);

  useEffect(() => {
    if (!flash) return;
    painter.paint('lede-flash', [flash], 6);
    const r = painter.rangesFor(flash.start, flash.end)[0];
    r?.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const t = setTimeout(() => painter.paint('lede-flash', [], 6), 1800);
    return () => clearTimeout(t);
  }, [painter, flash]);

  // ── Placing the label picker ──────────────────────────────────────────
  const placePopover = useCallback(
    (span: Word | null) => {
      const root = rootRef.current;
      if (!span || !root) return setPopover(null);
      const ranges = painter.rangesFor(span.start, span.end);
      const last = ranges.at(-1);
      if (!last) return setPopover(null);
      const rects = last.getClientRects();
      const rect = rects[rects.length - 1] ?? last.getBoundingClientRect();
      const base = root.getBoundingClientRect();
      setPopover({ top: rect.bottom - base.top + 6, left: Math.max(0, Math.min(rect.left - base.left, base.width - 280)) });
    },
    [painter],
  );

  const highlightsAt = useCallback(
    (offset: number) => highlights.filter((h) => h.start <= offset && offset < h.end),
    [highlights],
  );

  // ── Mouse and touch: read the browser's selection ─────────────────────
  const rangeToOffsets = useCallback(
    (range: Range): Word | null => {
      let start: number | null = null;
      let end = 0;
      lesson.blocks.forEach((b, i) => {
        const node = nodes[i];
        if (!node || !range.intersectsNode(node)) return;
        const s = range.startContainer === node ? range.startOffset : 0;
        const e = range.endContainer === node ? range.endOffset : node.length;
        if (start === null) start = b.start + s;
        end = b.start + e;
      });
      return start === null ? null : { start, end };
    },
    [lesson, nodes],
  );

  const takeSelection = useCallback(() => {
    if (!editable) return;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !rootRef.current) return;
    const range = sel.getRangeAt(0);
    if (!rootRef.current.contains(range.commonAncestorContainer)) return;
    const raw = rangeToOffsets(range);
    if (!raw) return;
    if (sel.isCollapsed) {
      // A click: on a highlight, open it for relabelling; elsewhere, move the caret.
      const hit = highlightsAt(raw.start).at(-1);
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
    if (snapped) announce(`Selected “${lesson.text.slice(snapped.start, snapped.end)}”. Choose a label.`);
  }, [editable, rangeToOffsets, highlightsAt, words, placePopover, lesson, announce]);

  useEffect(() => {
    if (!editable) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onSelectionChange = () => {
      clearTimeout(timer);
      // Touch screens finish a selection with handles, not a pointer-up.
      timer = setTimeout(() => {
        const sel = window.getSelection();
        if (!pointerDown.current && sel && !sel.isCollapsed) takeSelection();
      }, 450);
    };
    document.addEventListener('selectionchange', onSelectionChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('selectionchange', onSelectionChange);
    };
  }, [editable, takeSelection]);

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

  // ── Keyboard ─────────────────────────────────────────────────────────
  const describeWord = useCallback(
    (i: number) => {
      const w = words[i];
      if (!w) return '';
      const on = highlightsAt(w.start).map((h) => labelName(h.label));
      return `${lesson.text.slice(w.start, w.end)}${on.length ? `, highlighted ${on.join(' and ')}` : ''}`;
    },
    [words, highlightsAt, labelName, lesson],
  );

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (!editable || words.length === 0) return;
    const rtl = lesson.direction === 'rtl';
    const here = caret ?? 0;
    const blockOf = (i: number) => lesson.blocks.findIndex((b) => b.start <= words[i]!.start && words[i]!.start < b.end);
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowRight':
        next = here + (rtl ? -1 : 1);
        break;
      case 'ArrowLeft':
        next = here + (rtl ? 1 : -1);
        break;
      case 'ArrowDown':
      case 'ArrowUp': {
        const b = blockOf(here) + (e.key === 'ArrowDown' ? 1 : -1);
        const block = lesson.blocks[Math.max(0, Math.min(lesson.blocks.length - 1, b))]!;
        next = wordAtOrAfter(words, block.start);
        break;
      }
      case 'Home':
      case 'End': {
        const block = lesson.blocks[blockOf(here)]!;
        next = e.key === 'Home' ? wordAtOrAfter(words, block.start) : wordAtOrAfter(words, block.end - 1);
        break;
      }
      case 'Escape':
        cancel();
        e.preventDefault();
        return;
      case 'Delete':
      case 'Backspace': {
        const w = words[here];
        const hit = w ? highlightsAt(w.start).at(-1) : undefined;
        if (hit) onRemove(hit.id);
        else announce('There is no highlight here to remove.');
        e.preventDefault();
        return;
      }
      case 'Enter':
      case ' ': {
        const w = words[here];
        const hit = w ? highlightsAt(w.start).at(-1) : undefined;
        if (hit) {
          setActiveId(hit.id);
          setPending(null);
          placePopover(hit);
          announce(`“${lesson.text.slice(hit.start, hit.end)}”, ${labelName(hit.label)}. Press a number to change the label, Delete to remove it.`);
        } else if (w) {
          setPending(w);
          setAnchor(here);
          placePopover(w);
          announce(`Selected “${lesson.text.slice(w.start, w.end)}”. Press a number to choose a label.`);
        }
        e.preventDefault();
        return;
      }
      default: {
        const n = Number(e.key);
        if (Number.isInteger(n) && n >= 1 && exercise && n <= exercise.labels.length && !e.ctrlKey && !e.metaKey && !e.altKey) {
          applyLabel(exercise.labels[n - 1]!.id);
          e.preventDefault();
        }
        return;
      }
    }
    e.preventDefault();
    next = Math.max(0, Math.min(words.length - 1, next));
    setActiveId(null);
    if (e.shiftKey) {
      const a = anchor ?? here;
      setAnchor(a);
      const lo = words[Math.min(a, next)]!;
      const hi = words[Math.max(a, next)]!;
      const span = { start: lo.start, end: hi.end };
      setPending(span);
      placePopover(span);
      announce(`Selected “${lesson.text.slice(span.start, span.end)}”`);
    } else {
      setAnchor(null);
      setPending(null);
      setPopover(null);
      announce(describeWord(next));
    }
    setCaret(next);
    words[next] && painter.rangesFor(words[next]!.start, words[next]!.end)[0]?.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
  };

  const a = lesson.article;
  const active = highlights.find((h) => h.id === activeId) ?? null;
  return (
    <div className="article-wrap" ref={rootRef} tabIndex={editable ? 0 : -1}
      role={editable ? 'application' : undefined}
      aria-roledescription={editable ? 'article you can highlight' : undefined}
      aria-label={editable ? `Article: ${a.headline}` : undefined}
      aria-describedby={editable ? 'keyboard-help' : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => {
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
      data-editable={editable || undefined}
    >
      {!highlightsSupported() && editable && (
        <p className="notice" role="alert">
          This browser cannot show highlights. Please use a current version of Chrome, Edge, Firefox or Safari.
        </p>
      )}
      <article className="article" lang={lesson.language} dir={lesson.direction}>
        <p className="article-meta">
          <span>{a.outlet ?? 'Outlet not stated'}</span>
          <span aria-hidden="true"> · </span>
          <span>{a.date ?? 'No date given'}</span>
          {a.url && (
            <>
              <span aria-hidden="true"> · </span>
              <a href={a.url} target="_blank" rel="noreferrer noopener">Original</a>
            </>
          )}
        </p>
        <Blocks lesson={lesson} nodes={nodes} />
        {a.tags.length > 0 && <p className="tags">Tags: {a.tags.join(', ')}</p>}
      </article>
      {popover && exercise && editable && (pending || active) && (
        <LabelPicker
          top={popover.top}
          left={popover.left}
          labels={exercise.labels}
          current={active?.label ?? null}
          quote={lesson.text.slice((active ?? pending)!.start, (active ?? pending)!.end)}
          onPick={applyLabel}
          onRemove={active ? removeActive : null}
          onCancel={cancel}
        />
      )}
    </div>
  );
}
