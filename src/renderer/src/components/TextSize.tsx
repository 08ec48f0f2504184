import { useShallow } from 'zustand/react/shallow';
import { selectTextSizeControls, TEXT_SIZES, usePrefs } from '../state/prefs.ts';

/** The reader's A− / A+: the top bar's on a student's lesson, and a teacher's preview. */
export function TextSize() {
  const { textSize, setTextSize } = usePrefs(useShallow(selectTextSizeControls));
  return (
    <span className="text-size" role="group" aria-label="Text size">
      <button type="button" onClick={() => setTextSize(textSize - 1)} disabled={textSize === 0}>
        A−<span className="visually-hidden"> smaller text</span>
      </button>
      <button type="button" onClick={() => setTextSize(textSize + 1)} disabled={textSize === TEXT_SIZES.length - 1}>
        A+<span className="visually-hidden"> larger text</span>
      </button>
    </span>
  );
}
