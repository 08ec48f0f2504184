import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { LabelSwatch } from '../../components/LabelSwatch.tsx';
import { opensAbove } from './placement.ts';

interface Props {
  /** Where the picker goes below the selection. */
  top: number;
  left: number;
  /**
   * Where it goes instead above the selection (its bottom edge), and the room in the
   * window on each side: it opens above when it does not fit below and fits better above.
   */
  flip?: { above: number; roomBelow: number; roomAbove: number };
  labels: { id: string; name: string; description: string }[];
  /** The label of the highlight being changed, or null for a new one. */
  current: string | null;
  quote: string;
  onPick: (labelId: string) => void;
  onRemove: (() => void) | null;
  onCancel: () => void;
  /** More actions after the labels (the lesson editor's: another place of an item, its identifying words). */
  children?: ReactNode;
}

/** The small toolbar beside a selection: one button per label (with its number key). */
export function LabelPicker({ top, left, flip, labels, current, quote, onPick, onRemove, onCancel, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    setHeight(ref.current?.offsetHeight ?? null);
  }, [labels.length, current, flip]);
  const upwards = flip !== undefined && height !== null && opensAbove(height, flip.roomBelow, flip.roomAbove);
  useEffect(() => {
    const onDoc = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !(e.target as Element).closest?.('.article')) onCancel();
    };
    document.addEventListener('pointerdown', onDoc);
    return () => document.removeEventListener('pointerdown', onDoc);
  }, [onCancel]);
  const short = quote.length > 48 ? `${quote.slice(0, 45)}…` : quote;
  return (
    <div
      ref={ref}
      className="label-picker"
      style={{ top: upwards ? flip.above - height : top, left }}
      data-placement={upwards ? 'above' : 'below'}
      role="toolbar"
      aria-label={current ? `Change the label of “${short}”` : `Label “${short}”`}
      onPointerDown={(e) => e.stopPropagation()}
      onPointerUp={(e) => e.stopPropagation()}
    >
      {labels.map((l, i) => (
        <button
          key={l.id}
          type="button"
          className="label-button"
          aria-pressed={current === l.id}
          title={l.description}
          onClick={() => onPick(l.id)}
        >
          <LabelSwatch index={i} />
          <span>{l.name}</span>
          <kbd aria-hidden="true">{i + 1}</kbd>
        </button>
      ))}
      {children}
      {onRemove && (
        <button type="button" className="label-button remove" onClick={onRemove}>
          Remove
        </button>
      )}
      <button type="button" className="label-button ghost" onClick={onCancel} aria-label="Cancel">
        ✕
      </button>
    </div>
  );
}
