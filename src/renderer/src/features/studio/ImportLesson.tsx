import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectImport, selectStudioList, useStudioLessons } from '../../state/studio-lessons.ts';

/**
 * "You already have this lesson (“title”, file x.md)." from the server's conflict message
 * (which names the file), with the title from the list; the server's words otherwise.
 */
export function conflictText(message: string, lessons: readonly { folder: string; fileName: string; title: string }[] | null): { lead: string; rest: string } | null {
  const file = /\bin ([^\s()“”]+\.md)\)/.exec(message)?.[1];
  if (!file) return null;
  const mine = lessons?.find((l) => l.folder === 'mine' && l.fileName === file);
  const rest = /\)\.?\s*(.*)$/.exec(message)?.[1] ?? '';
  return { lead: mine ? `You already have this lesson (“${mine.title}”, file ${file}).` : `You already have this lesson (file ${file}).`, rest };
}

/**
 * "Import a lesson file": the button that opens the file picker (the keyboard's way;
 * a file can also be dropped on the Lessons screen), and what happened to the file —
 * imported (ready or a draft, with any warnings), refused (the server's reason, in
 * plain words), or the question asked when a lesson with its id is already yours.
 */
export function ImportLessonButton() {
  const { importing, importFile } = useStudioLessons(useShallow(selectImport));
  const input = useRef<HTMLInputElement>(null);
  const busy = importing.phase === 'reading' || importing.phase === 'sending';
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={busy} aria-describedby="import-lesson-hint">
        Import a lesson file
      </button>
      <input
        ref={input}
        type="file"
        accept=".md,text/markdown"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          // The same file can be chosen again (after fixing it, say).
          e.target.value = '';
          if (f) void importFile(f);
        }}
      />
    </>
  );
}

export function ImportStatus() {
  const { importing, resolveConflict, clearImport } = useStudioLessons(useShallow(selectImport));
  const { lessons } = useStudioLessons(useShallow(selectStudioList));
  const box = useRef<HTMLDivElement>(null);
  // The outcome (or the question) takes the focus: a screen reader hears it, the keyboard is there to answer.
  useEffect(() => {
    if (importing.phase === 'conflict' || importing.phase === 'done' || importing.phase === 'refused') box.current?.focus();
  }, [importing.phase]);

  switch (importing.phase) {
    case 'idle':
      return null;
    case 'reading':
    case 'sending':
      return (
        <div className="import-status" role="status">
          Importing <span dir="auto">{importing.fileName}</span>…
        </div>
      );
    case 'conflict': {
      const plain = conflictText(importing.message, lessons);
      return (
        <div ref={box} tabIndex={-1} className="import-status conflict" role="alertdialog" aria-labelledby="import-conflict-title" aria-describedby="import-conflict-text">
          <h3 id="import-conflict-title">You already have this lesson</h3>
          <p id="import-conflict-text">
            {plain ? (
              <>
                <span dir="auto">{plain.lead}</span> {plain.rest && <span dir="auto">{plain.rest}</span>}
              </>
            ) : (
              <span dir="auto">{importing.message}</span>
            )}{' '}
            What should happen to <strong dir="auto">{importing.fileName}</strong>?
          </p>
          <div className="row">
            <button type="button" onClick={() => void resolveConflict('replace')}>
              Replace my lesson with this file
            </button>
            <button type="button" className="primary" onClick={() => void resolveConflict('copy')}>
              Import it as a copy
            </button>
            <button type="button" onClick={() => void resolveConflict('cancel')}>
              Cancel
            </button>
          </div>
        </div>
      );
    }
    case 'refused':
      return (
        <div ref={box} tabIndex={-1} className="import-status refused" role="alert">
          <p>
            <strong dir="auto">{importing.fileName}</strong> was not imported. <span dir="auto">{importing.message}</span>
          </p>
          <button type="button" onClick={clearImport}>Dismiss</button>
        </div>
      );
    case 'done':
      return (
        <div ref={box} tabIndex={-1} className="import-status done" role="status">
          <p>
            {importing.replaced ? 'Replaced with ' : 'Imported '}
            <strong dir="auto">{importing.title}</strong> from <span dir="auto">{importing.fileName}</span>.{' '}
            {importing.draft
              ? 'It is a draft: some of its highlight steps have no key items yet, so students do not see it until you add them.'
              : 'It is ready: students see it in their lessons.'}
          </p>
          {importing.warnings.length > 0 && (
            <>
              <p>Worth a look:</p>
              <ul className="import-warnings">
                {importing.warnings.map((w, i) => (
                  <li key={i} dir="auto">{w}</li>
                ))}
              </ul>
            </>
          )}
          <button type="button" onClick={clearImport}>Dismiss</button>
        </div>
      );
  }
}
