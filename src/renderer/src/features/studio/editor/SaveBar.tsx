// The editor's top: the lesson's title and state, Preview, Save (and Ctrl/Cmd+S),
// what saving did in words; a read-only lesson offers a copy to edit instead.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../../state/app.ts';
import { hashToRoute } from '../../../state/routes.ts';
import { selectEditorCheck, selectSaveBar, useStudioEditor } from '../../../state/studio-editor.ts';

/** "Preview as a student" (the focus comes back to it from the preview). */
export const PREVIEW_BUTTON_ID = 'ed-preview';

export function SaveBar() {
  const s = useStudioEditor(useShallow(selectSaveBar));
  const check = useStudioEditor(selectEditorCheck);
  const editable = s.file?.editable ?? false;
  const { save } = s;
  useEffect(() => {
    if (!editable) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editable, save]);

  const copy = async () => {
    const id = await s.copy();
    if (!id) return;
    const hash = `#/teacher/lessons/edit/${encodeURIComponent(id)}`;
    const route = hashToRoute(hash);
    if (route) await useApp.getState().navigate(route);
    else location.hash = hash;
  };

  const state = !check ? null : !check.ok ? 'problems' : check.emptySteps.length ? 'draft' : 'ready';
  return (
    <>
      <div className="ed-bar">
        <div className="ed-bar-title">
          <p className="ed-kicker">{editable ? 'Editing lesson' : 'Lesson (read-only)'}</p>
          <h2 dir="auto">{s.title || 'Untitled lesson'}</h2>
          {s.file && <p className="ed-file">File: {s.file.fileName}</p>}
        </div>
        <span className="spacer" />
        <span className="ed-state" aria-live="polite">
          {state === 'ready' && <span className="ed-chip ok">Ready for students</span>}
          {state === 'draft' && <span className="ed-chip draft">Draft: no key items yet in {check!.emptySteps.join(', ')}</span>}
          {state === 'problems' && <span className="ed-chip bad">{check!.problems.length === 1 ? '1 thing to fix' : `${check!.problems.length} things to fix`}</span>}
          {s.checking && <span className="ed-checking">Checking…</span>}
          {s.dirty && <span className="ed-chip unsaved">Unsaved changes</span>}
        </span>
        <button type="button" id={PREVIEW_BUTTON_ID} onClick={() => s.setPreviewing(true)}>
          Preview as a student
        </button>
        {editable ? (
          // Not disabled while saving (a disabled button drops the focus): the store ignores a second press.
          <button type="button" className="primary" onClick={() => void save()} aria-disabled={s.saving || undefined} aria-keyshortcuts="Control+S Meta+S" title="Save (Ctrl+S)">
            {s.saving ? 'Saving…' : 'Save'}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void copy()} disabled={s.copying}>
            {s.copying ? 'Copying…' : 'Make a copy to edit'}
          </button>
        )}
      </div>
      {!editable && s.file && (
        <p className="notice ed-readonly">
          This lesson comes with Lede and cannot be changed here. To change it, make a copy: the copy goes into your lessons, where you can edit it.
        </p>
      )}
      {editable && s.file?.answered && <p className="ed-hint ed-answered">Students have answered this lesson: saving a change makes a new version, and answers already given stay with the version they answered.</p>}
      {s.checkError && (
        <p className="ed-problem" role="alert">
          The lesson could not be checked just now: {s.checkError}
        </p>
      )}
      {s.outcome && (
        <div className={`ed-outcome ${s.outcome.kind}`} role={s.outcome.kind === 'error' || s.outcome.kind === 'problems' ? 'alert' : 'status'}>
          <span>{s.outcome.message}</span>
          <button type="button" className="ed-small" onClick={s.dismissOutcome}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
