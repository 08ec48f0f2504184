// The browser's selection in an article (the reader's and the studio editor's): where it
// lies in the canonical text, and the moment a selection made without a pointer-up (a
// touch screen's handles) has settled.
import { useEffect, type RefObject } from 'react';
import type { Block } from '../../../../shared/lesson.ts';
import type { Word } from '../../../../shared/words.ts';

/** A DOM range over the article's text nodes (one per block) as offsets in the canonical text; null outside them. */
export function rangeToOffsets(range: Range, blocks: readonly Block[], nodes: readonly (Text | null)[]): Word | null {
  let start: number | null = null;
  let end = 0;
  blocks.forEach((b, i) => {
    const node = nodes[i];
    if (!node || !range.intersectsNode(node)) return;
    const s = range.startContainer === node ? range.startOffset : 0;
    const e = range.endContainer === node ? range.endOffset : node.length;
    if (start === null) start = b.start + s;
    end = b.start + e;
  });
  return start === null ? null : { start, end };
}

/**
 * Calls `take` once a selection has stopped changing for a moment while no pointer is down:
 * touch screens finish a selection with handles, not with a pointer-up.
 */
export function useSettledSelection(enabled: boolean, pointerDown: RefObject<boolean>, take: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onSelectionChange = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const sel = window.getSelection();
        if (!pointerDown.current && sel && !sel.isCollapsed) take();
      }, 450);
    };
    document.addEventListener('selectionchange', onSelectionChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('selectionchange', onSelectionChange);
    };
  }, [enabled, pointerDown, take]);
}
