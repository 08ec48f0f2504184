// A list that is one Tab stop (the "roving tabindex" pattern): Tab enters it on the
// item last used, ↑ ↓ (or ← →) move between its items, Home / End go to the first /
// last, and Tab leaves it. Items are the elements marked `data-roving` inside the
// container; they take no tabIndex prop of their own (this sets it).
import { useCallback, useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';

const itemsOf = (root: HTMLElement | null): HTMLElement[] => [...(root?.querySelectorAll<HTMLElement>('[data-roving]') ?? [])];

export function useRoving<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const current = useRef<HTMLElement | null>(null);

  // After every render: exactly one item is in the Tab order (the last one used, or the first).
  useLayoutEffect(() => {
    const items = itemsOf(ref.current);
    if (items.length === 0) return;
    const keep = current.current && items.includes(current.current) ? current.current : items[0]!;
    for (const el of items) el.tabIndex = el === keep ? 0 : -1;
    current.current = keep;
  });

  const onFocus = useCallback((e: FocusEvent) => {
    const items = itemsOf(ref.current);
    const el = e.target as HTMLElement;
    if (!items.includes(el)) return;
    for (const x of items) x.tabIndex = x === el ? 0 : -1;
    current.current = el;
  }, []);

  const onKeyDown = useCallback((e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const items = itemsOf(ref.current);
    const i = items.indexOf(e.target as HTMLElement);
    if (i < 0) return;
    const n = items.length;
    const to =
      e.key === 'ArrowDown' || e.key === 'ArrowRight' ? Math.min(n - 1, i + 1)
      : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? Math.max(0, i - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? n - 1
      : null;
    if (to === null) return;
    e.preventDefault();
    items[to]!.focus();
  }, []);

  /** After the item at `index` is removed: focus the one that takes its place (or `fallback` when none is left). */
  const focusAfterRemoval = useCallback((index: number, fallback?: () => void) => {
    requestAnimationFrame(() => {
      const items = itemsOf(ref.current);
      const next = items[Math.min(index, items.length - 1)];
      if (next) next.focus();
      else fallback?.();
    });
  }, []);

  return { ref, onFocus, onKeyDown, focusAfterRemoval };
}
