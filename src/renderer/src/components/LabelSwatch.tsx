/** The non-colour cue for each label: a shape, matching the underline style in the article. */
export const LABEL_SHAPES = ['●', '▲', '■', '◆', '★', '⬟', '✚', '⬢'] as const;

export function LabelSwatch({ index }: { index: number }) {
  const i = Math.min(index, LABEL_SHAPES.length - 1);
  return (
    <span className={`swatch swatch-${i}`} aria-hidden="true">
      {LABEL_SHAPES[i]}
    </span>
  );
}
