// The editor's form fields: a label, the control, and the problems the live check
// found at that place, in plain words, right beside it (aria-describedby).
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode, type RefObject, type TextareaHTMLAttributes } from 'react';
import type { StudioCheckDto } from '../../../../../shared/studio-api.ts';
import { useShallow } from 'zustand/react/shallow';
import { selectEditorCheck, selectQuiet, selectQuietActions, useStudioEditor } from '../../../state/studio-editor.ts';
import { fieldId, place, type Placed } from './problems.ts';

let cache: { check: StudioCheckDto | null; placed: Placed } = { check: null, placed: place([], []) };

/** The live check's problems and warnings, by anchor (computed once per check). */
export function usePlaced(): Placed {
  const check = useStudioEditor(selectEditorCheck);
  if (cache.check !== check) cache = { check, placed: place(check?.problems ?? [], check?.warnings ?? []) };
  return cache.placed;
}

const EMPTY: readonly string[] = [];

export function useAnchorProblems(anchor: string): { problems: readonly string[]; warnings: readonly string[] } {
  const placed = usePlaced();
  return { problems: placed.problems.get(anchor) ?? EMPTY, warnings: placed.warnings.get(anchor) ?? EMPTY };
}

/** The problems (and warnings) of one place, shown where they belong; `quiet`: as a hint (a field just made, not yet left). */
export function Problems({ id, problems, warnings, quiet = false }: { id: string; problems: readonly string[]; warnings: readonly string[]; quiet?: boolean }) {
  if (!problems.length && !warnings.length) return null;
  return (
    <div id={id} className="ed-problems">
      {problems.map((m, i) =>
        quiet ? (
          <p key={`p${i}`} className="ed-hint ed-quiet">
            {m}
          </p>
        ) : (
          <p key={`p${i}`} className="ed-problem" role="alert">
            <span aria-hidden="true">⚠ </span>
            {m}
          </p>
        ),
      )}
      {warnings.map((m, i) => (
        <p key={`w${i}`} className="ed-warning">
          <span className="ed-warning-tag">Note:</span> {m}
        </p>
      ))}
    </div>
  );
}

/** The problems of a place that is not one field (an item, a step, the lesson). */
export function AnchorProblems({ anchor }: { anchor: string }) {
  const { problems, warnings } = useAnchorProblems(anchor);
  return <Problems id={`${fieldId(anchor)}-problems`} problems={problems} warnings={warnings} />;
}

interface FieldBase {
  anchor: string;
  label: string;
  hint?: string;
  disabled?: boolean;
  className?: string;
}

/** Grows a textarea to fit its text. */
function useAutoGrow(ref: RefObject<HTMLTextAreaElement | null>, value: string) {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [ref, value]);
}

export function TextField({
  anchor,
  label,
  hint,
  value,
  onChange,
  multiline = false,
  optional = false,
  disabled,
  className,
  inputMode,
  type = 'text',
  rows,
  dir = 'auto',
  maxLength,
}: FieldBase & {
  value: string;
  onChange: (v: string) => void;
  multiline?: boolean;
  optional?: boolean;
  inputMode?: 'text' | 'url' | 'decimal';
  type?: 'text' | 'url' | 'number';
  rows?: number;
  dir?: 'auto' | 'ltr';
  /** The most characters the field takes (a counter shows near the limit). */
  maxLength?: number;
}) {
  const { problems, warnings } = useAnchorProblems(anchor);
  const quiet = useStudioEditor(selectQuiet).has(anchor);
  const { unhush } = useStudioEditor(useShallow(selectQuietActions));
  const id = fieldId(anchor);
  const hintId = useId();
  const counterId = `${id}-count`;
  const probId = `${id}-problems`;
  const ref = useRef<HTMLTextAreaElement>(null);
  useAutoGrow(ref, multiline ? value : '');
  const loud = problems.length > 0 && !quiet;
  const counter = maxLength !== undefined && value.length >= maxLength * 0.8;
  const describedBy = [hint ? hintId : '', problems.length || warnings.length ? probId : '', counter ? counterId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    disabled,
    dir,
    maxLength,
    'aria-invalid': loud ? true : undefined,
    'aria-describedby': describedBy,
    onBlur: () => unhush(anchor),
  } as const;
  return (
    <div className={`ed-field${loud ? ' has-problem' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="ed-optional"> (optional)</span>}
      </label>
      {hint && (
        <p id={hintId} className="ed-hint">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea ref={ref} {...common} rows={rows ?? 2} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} onChange={(e) => onChange(e.target.value)} />
      )}
      {counter && (
        <p id={counterId} className={`ed-hint ed-counter${value.length >= maxLength ? ' full' : ''}`}>
          {value.length} of {maxLength} characters
        </p>
      )}
      <Problems id={probId} problems={problems} warnings={warnings} quiet={quiet} />
    </div>
  );
}

/** A number field that keeps what is typed while it is not (yet) a number. */
export function NumberField({ value, onChange, ...rest }: FieldBase & { value: number | undefined; onChange: (v: number | undefined) => void; optional?: boolean }) {
  return (
    <TextField
      {...rest}
      value={value === undefined ? '' : String(value)}
      inputMode="decimal"
      type="number"
      onChange={(v) => onChange(v.trim() === '' ? undefined : Number(v))}
    />
  );
}

export function CheckField({ anchor, label, checked, onChange, disabled, hint }: FieldBase & { checked: boolean; onChange: (v: boolean) => void }) {
  const { problems, warnings } = useAnchorProblems(anchor);
  const id = fieldId(anchor);
  return (
    <div className="ed-field ed-check">
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={problems.length || warnings.length ? `${id}-problems` : undefined} />
        {label}
      </label>
      {hint && <p className="ed-hint">{hint}</p>}
      <Problems id={`${id}-problems`} problems={problems} warnings={warnings} />
    </div>
  );
}

/** A textarea that grows, for places that manage their own label (e.g. beside a quote). */
export function GrowingTextarea(props: TextareaHTMLAttributes<HTMLTextAreaElement> & { value: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useAutoGrow(ref, props.value);
  return <textarea ref={ref} dir="auto" rows={2} {...props} />;
}

/** Whether an element is wholly inside the window (and inside the box that scrolls it). */
function inView(el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  if (r.top < 56 || r.bottom > window.innerHeight || r.height === 0) return false;
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (p.scrollHeight > p.clientHeight && getComputedStyle(p).overflowY !== 'visible') {
      const b = p.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) return false;
    }
  }
  return true;
}

/** Moves focus to the element the store asks for, once it is on screen (else to its fallback); scrolls only when it is not in view. */
export function useFocusRequests(target: { id: string; n: number; fallback?: string } | null) {
  useEffect(() => {
    if (!target) return;
    let tries = 0;
    let raf = 0;
    const go = () => {
      const el = document.getElementById(target.id) ?? (tries >= 3 && target.fallback ? document.getElementById(target.fallback) : null);
      if (el) {
        if (!inView(el)) el.scrollIntoView({ block: el.offsetHeight > window.innerHeight / 2 ? 'start' : 'center' });
        el.focus({ preventScroll: true });
        return;
      }
      if (++tries < 20) raf = requestAnimationFrame(go);
    };
    raf = requestAnimationFrame(go);
    return () => cancelAnimationFrame(raf);
  }, [target]);
}

/** An in-page question before something is removed (the Lessons list's pattern): the safe answer takes the focus. */
export function Confirm({ question, yes, no, onYes, onNo }: { question: ReactNode; yes: string; no: string; onYes: () => void; onNo: () => void }) {
  const id = useId();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="confirm ed-confirm" role="group" aria-labelledby={id}>
      <span id={id}>{question}</span>
      <span className="ed-confirm-actions">
        <button type="button" className="danger" onClick={onYes}>
          {yes}
        </button>
        <button ref={keep} type="button" onClick={onNo}>
          {no}
        </button>
      </span>
    </div>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="ed-section" aria-label={title} id={id}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
