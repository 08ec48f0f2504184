import { useEffect, useRef } from 'react';
import { useApp } from '../../state/app.ts';

/** When the teacher pauses the class, every screen shows this and nothing else can be used. */
export function PausedOverlay() {
  const c = useApp((s) => s.classroom);
  const ref = useRef<HTMLDivElement>(null);
  const show = Boolean(c && (c.paused || c.ended));
  useEffect(() => {
    const root = document.getElementById('content');
    if (root) root.inert = show;
    if (show) ref.current?.focus();
  }, [show]);
  if (!c || !show) return null;
  return (
    <div className="paused" role="dialog" aria-modal="true" aria-labelledby="paused-title" tabIndex={-1} ref={ref}>
      <div>
        <h1 id="paused-title">{c.ended ? 'The session has ended' : 'Eyes on your teacher'}</h1>
        <p>{c.ended ? 'Your work is saved. You can close this page.' : 'Your teacher has paused the class. Your work is saved.'}</p>
      </div>
    </div>
  );
}
