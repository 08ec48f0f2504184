import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { LessonSession } from '../../state/types.ts';

/** Where the step's panel becomes a sheet at the bottom of the window (styles.css uses the same width). */
const SHEET_QUERY = '(max-width: 980px)';

/**
 * The step's panel: beside the article on a wide window; on a narrow one (a phone, a
 * small window, a zoomed page) a sheet along the bottom of the window that the student
 * shows and hides, so the task and its Check stay one tap away wherever they are in
 * the article. It opens at each new step. A disclosure: its button says whether it is
 * shown (aria-expanded) and Esc inside the sheet hides it, returning focus to the button.
 */
export function StepPanel({ session, children }: { session: LessonSession; children: ReactNode }) {
  const { lesson, step } = session;
  const n = lesson.exercises.length;
  const [open, setOpen] = useState(true);
  const [openedFor, setOpenedFor] = useState(step);
  if (openedFor !== step) {
    setOpenedFor(step);
    setOpen(true);
  }
  const bodyId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const sheet = useRef<HTMLElement>(null);
  // A new step starts at the top of its task, not where the last step was scrolled to.
  useEffect(() => {
    if (sheet.current) sheet.current.scrollTop = 0;
  }, [step]);
  const title = step === 0 ? 'Read the article' : step <= n ? `Step ${step} of ${n}: ${lesson.exercises[step - 1]!.title}` : 'Summary';
  const marks = step >= 1 && step <= n ? session.highlights.filter((h) => h.exerciseId === lesson.exercises[step - 1]!.id).length : 0;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open || !window.matchMedia(SHEET_QUERY).matches) return;
    if ((e.target as Element).closest('.sheet-body')) {
      e.stopPropagation();
      setOpen(false);
      toggle.current?.focus();
    }
  };

  return (
    <aside ref={sheet} className="panel step-panel" aria-label="Exercise" data-sheet={open ? 'open' : 'closed'} onKeyDown={onKeyDown}>
      <button ref={toggle} type="button" className="sheet-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)}>
        <span className="sheet-title" dir="auto">
          {title}
        </span>
        {marks > 0 && <span className="sheet-count">{marks === 1 ? '1 highlight' : `${marks} highlights`}</span>}
        <span className="sheet-action">
          {open ? 'Hide' : 'Show'}
          <span className="visually-hidden"> the task</span>
          <span aria-hidden="true" className="sheet-chevron" />
        </span>
      </button>
      <div id={bodyId} className="sheet-body">
        {children}
      </div>
    </aside>
  );
}
