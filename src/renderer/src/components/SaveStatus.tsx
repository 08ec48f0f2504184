import { useApp } from '../state/app.ts';

export function SaveStatus() {
  const save = useApp((s) => s.save);
  let text = '';
  let cls = 'save-status';
  switch (save.state) {
    case 'idle':
      return null;
    case 'saving':
      text = 'Saving…';
      break;
    case 'saved':
      text = `Saved ${new Date(save.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
      cls += ' ok';
      break;
    case 'offline':
      text = 'Offline — will save when reconnected';
      cls += ' warn';
      break;
    case 'error':
      text = 'Not saved';
      cls += ' bad';
      break;
  }
  return (
    <span className={cls} role="status">
      {save.state === 'saved' && <span aria-hidden="true">✓ </span>}
      {text}
    </span>
  );
}
