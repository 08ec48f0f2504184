import { useRef, useState } from 'react';
import { errorMessage } from '../../../../shared/errors.ts';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { selectRefresh, selectRun, selectSay } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';

/**
 * Importing a class's backup (made on another computer). It sits under the class
 * list, so it is there on a fresh computer before any class exists. The server
 * checks every record; a refused file changes nothing and the reason is shown.
 */
export function ImportBackup() {
  const run = useTeacher(selectRun);
  const refresh = useTeacher(selectRefresh);
  const say = useTeacher(selectSay);
  const navigate = useApp(selectNavigate);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const importFile = async (file: File) => {
    setBusy(true);
    try {
      const json = await file.text();
      const r = await run(
        () => teacherApi.importBackup({ json }),
        (r) =>
          (r.students + r.attempts + r.highlights + r.responses + r.results + r.lessonVersions + r.assignments === 0 && !r.classCreated
            ? `Everything in this backup is already in “${r.className}”; nothing was added.`
            : `Imported into “${r.className}”: ${r.students} new students, ${r.attempts} attempts, ${r.highlights} highlights, ${r.results} results${r.assignments ? `, ${r.assignments} assignment${r.assignments === 1 ? '' : 's'}` : ''}.`) +
          (r.notes.length ? ` ${r.notes.join(' ')}` : ''),
      );
      if (r) {
        await refresh();
        await navigate({ name: 'teacher', classId: r.classId });
      }
    } catch (err) {
      // Imported, but the class list could not be read again (the server went away, say): said, not thrown.
      say(useTeacher.getState().notice, errorMessage(err));
    } finally {
      setBusy(false);
      // The same file can be chosen again (after fixing it, say).
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="new-class import-backup" style={{ marginTop: 24 }}>
      <label htmlFor="backup-file">Import a backup</label>
      <input
        ref={input}
        id="backup-file"
        type="file"
        accept=".json,application/json"
        disabled={busy}
        aria-describedby="backup-file-hint"
        onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
      />
      <p id="backup-file-hint" className="hint">
        A class’s results saved as a backup (JSON) on another computer. Nothing here is changed; importing the same file twice adds nothing.
      </p>
    </div>
  );
}
