// The editor's form fields: a label, the control, and the problems the live check
// found at that place, in plain words, right beside it (aria-describedby).
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode, type RefObject, type TextareaHTMLAttributes } from 'react';
import type { StudioCheckDto } from '../../../../../shared/studio-api.ts';
import { selectEditorCheck, useStudioEditor } from '../../../state/studio-editor.ts';
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

/** The problems (and warnings) of one place, shown where they belong. */
export function Problems({ id, problems, warnings }: { id: string; problems: readonly string[]; warnings: readonly string[] }) {
  if (!problems.length && !warnings.length) return null;
  return (
    <div id={id} className="ed-problems">
      {problems.map((m, i) => (
        <p key={`p${i}`} className="ed-problem" role="alert">
          <span aria-hidden="true">⚠ </span>
          {m}
        </p>
      ))}
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
}: FieldBase & {
  value: string;
  onChange: (v: string) => void;
  multiline?: boolean;
  optional?: boolean;
  inputMode?: 'text' | 'url' | 'decimal';
  type?: 'text' | 'url' | 'number';
  rows?: number;
  dir?: 'auto' | 'ltr';
}) {
  const { problems, warnings } = useAnchorProblems(anchor);
  const id = fieldId(anchor);
  const hintId = useId();
  const probId = `${id}-problems`;
  const ref = useRef<HTMLTextAreaElement>(null);
  useAutoGrow(ref, multiline ? value : '');
  const describedBy = [hint ? hintId : '', problems.length || warnings.length ? probId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    disabled,
    dir,
    'aria-invalid': problems.length ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  return (
    <div className={`ed-field${problems.length ? ' has-problem' : ''}${className ? ` ${className}` : ''}`}>
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
      <Problems id={probId} problems={problems} warnings={warnings} />
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

/** Moves focus to the element the store asks for, once it is on screen. */
export function useFocusRequests(target: { id: string; n: number } | null) {
  useEffect(() => {
    if (!target) return;
    let tries = 0;
    let raf = 0;
    const go = () => {
      const el = document.getElementById(target.id);
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.focus({ preventScroll: true });
        return;
      }
      if (++tries < 20) raf = requestAnimationFrame(go);
    };
    raf = requestAnimationFrame(go);
    return () => cancelAnimationFrame(raf);
  }, [target]);
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="ed-section" aria-label={title} id={id}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
