import { useEffect, useRef } from 'react';
import { useApp } from '../../state/app.ts';
import { selectClassroomCover } from '../../state/selectors.ts';

/** When the teacher pauses the class, every screen shows this and nothing else can be used. */
export function PausedOverlay() {
  const cover = useApp(selectClassroomCover);
  const ref = useRef<HTMLDivElement>(null);
  const show = cover !== null;
  useEffect(() => {
    const root = document.getElementById('content');
    if (root) root.inert = show;
    if (show) ref.current?.focus();
  }, [show]);
  if (!cover) return null;
  return (
    <div className="paused" role="dialog" aria-modal="true" aria-labelledby="paused-title" tabIndex={-1} ref={ref}>
      <div>
        <h1 id="paused-title">{cover === 'ended' ? 'The session has ended' : 'Eyes on your teacher'}</h1>
        <p>{cover === 'ended' ? 'Your work is saved. You can close this page.' : 'Your teacher has paused the class. Your work is saved.'}</p>
      </div>
    </div>
  );
}
