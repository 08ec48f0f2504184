import { useRef, useState, type DragEvent } from 'react';
import { dragHasFiles } from './files.ts';

/**
 * A screen that takes a file dropped anywhere on it: whether a file is being dragged
 * over it (to show the drop zone), and the handlers to spread on its element. Drags
 * of anything but files (text, links) are left alone.
 */
export function useFileDrop(onFile: (file: File) => void): { dragging: boolean; handlers: Record<'onDragEnter' | 'onDragOver' | 'onDragLeave' | 'onDrop', (e: DragEvent) => void> } {
  const [dragging, setDragging] = useState(false);
  // Entering a child fires before leaving its parent: count, so the zone stays while over the screen.
  const depth = useRef(0);
  const handlers = {
    onDragEnter: (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      if (dragHasFiles(e) && --depth.current <= 0) {
        depth.current = 0;
        setDragging(false);
      }
    },
    onDrop: (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const f = e.dataTransfer.files[0];
      if (f) onFile(f);
    },
  };
  return { dragging, handlers };
}
