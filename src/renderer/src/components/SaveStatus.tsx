import { useApp } from '../state/app.ts';
import { selectSave } from '../state/selectors.ts';

export function SaveStatus() {
  const save = useApp(selectSave);
  let text = '';
  /** When it was saved: left out on a narrow screen (styles.css), where the top bar has no room for it. */
  let time = '';
  let cls = 'save-status';
  switch (save.state) {
    case 'idle':
      return null;
    case 'saving':
      text = 'Saving…';
      break;
    case 'saved':
      text = 'Saved';
      time = new Date(save.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      cls += ' ok';
      break;
    case 'offline':
      text = 'Offline — will save when reconnected';
      cls += ' warn';
      break;
    case 'waiting':
      // The server said "not now" (the class is paused, or too many changes at once): kept and sent again.
      text = /paused/i.test(save.message) ? 'Class paused — your changes are kept' : 'Busy — saving in a moment';
      cls += ' warn';
      break;
    case 'error':
      text = 'Not saved';
      cls += ' bad';
      break;
  }
  return (
    <span className={cls} role="status" title={save.state === 'waiting' ? save.message : undefined}>
      {save.state === 'saved' && <span aria-hidden="true">✓ </span>}
      {text}
      {time && <span className="save-time"> {time}</span>}
    </span>
  );
}
