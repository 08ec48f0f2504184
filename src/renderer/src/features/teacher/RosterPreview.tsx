import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RosterPreviewDto, RosterPreviewRowDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { selectRosterActions } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { plural } from './plural.ts';

const SEPARATED: Record<RosterPreviewDto['delimiter'], string> = { ',': 'comma-separated', ';': 'semicolon-separated', '\t': 'tab-separated' };
/** A district's whole users.csv can have tens of thousands of rows: the table shows this many, and every rename offered. */
const PREVIEW_ROWS = 1000;

function whatHappens(r: RosterPreviewRowDto): string {
  switch (r.action) {
    case 'add':
      return 'Add as a new student';
    case 'enrol':
      return 'Add to the class (a student already on this computer with this id)';
    case 'in-class':
      return 'Already in the class';
    case 'skip':
      return `Skip: ${r.reason ?? 'not usable'}`;
  }
}

export type ImportResult = Awaited<ReturnType<typeof teacherApi.importRoster>>;

/** What importing a roster file will do, row by row, with the renames it offers; nothing changes until "Import". */
export function RosterPreview(props: {
  classId: string;
  fileName: string;
  csv: string;
  preview: RosterPreviewDto;
  onImported: (r: ImportResult) => void;
  onPreview: (p: RosterPreviewDto) => void;
  onCancel: () => void;
}) {
  const { classId, fileName, csv, preview, onImported, onPreview, onCancel } = props;
  const t = useTeacher(useShallow(selectRosterActions));
  // Renames start unticked: a stored name may be one the teacher chose (a preferred name), and another system may
  // write the same name differently ("Müller, Jürgen"); changing what is stored is the teacher's decision, row by row.
  const [renames, setRenames] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The preview appears below the file chooser: take keyboard and screen-reader users to it.
  useEffect(() => heading.current?.focus(), []);
  const offers = preview.rows.filter((r) => r.currentName !== null && r.rosterId);
  const count = (a: RosterPreviewRowDto['action']) => preview.rows.filter((r) => r.action === a).length;
  const shown = preview.rows.length <= PREVIEW_ROWS ? preview.rows : [...preview.rows.slice(0, PREVIEW_ROWS), ...preview.rows.slice(PREVIEW_ROWS).filter((r) => r.currentName !== null || r.sameName !== null)];
  const joining = count('add') + count('enrol');
  const sameNames = preview.rows.filter((r) => r.sameName !== null).length;
  const toggle = (id: string, on: boolean) => setRenames((s) => (on ? new Set([...s, id]) : new Set([...s].filter((x) => x !== id))));
  const label = joining > 0 ? `Import ${plural(joining, 'student')}${renames.size ? ` and rename ${renames.size}` : ''}` : renames.size ? `Rename ${plural(renames.size, 'student')}` : 'Nothing to import';

  const submit = async () => {
    setBusy(true);
    const r = await t.run(
      () => teacherApi.importRoster({ classId, csv, renames: [...renames], preview: preview.fingerprint }),
      (r) =>
        `Roster imported: ${[
          `${r.added} added`,
          r.enrolled && `${r.enrolled} already on this computer joined the class`,
          r.alreadyInClass && `${r.alreadyInClass} already here`,
          r.renamed && `${r.renamed} renamed`,
          r.skipped.length && `${plural(r.skipped.length, 'row')} skipped`,
        ]
          .filter(Boolean)
          .join(', ')}.`,
    );
    setBusy(false);
    if (r) {
      onImported(r);
      await t.refresh();
      return;
    }
    // Refused (the class changed since this preview, say): show what the file would do now, keeping the message.
    try {
      onPreview(await teacherApi.previewRoster({ classId, csv }));
    } catch {
      onCancel();
    }
  };

  return (
    <section className="roster-preview" aria-labelledby="roster-preview-title" style={{ marginBottom: 16 }}>
      <h4 id="roster-preview-title" ref={heading} tabIndex={-1} style={{ margin: '0 0 6px' }}>
        Preview: <span dir="auto">{fileName}</span>
      </h4>
      <p className="hint" style={{ margin: '0 0 6px' }}>
        {preview.format === 'oneroster' ? 'A OneRoster users.csv, read' : 'Read'}{' '}
        {preview.columns.length > 1 ? `as ${SEPARATED[preview.delimiter]}; columns: ${preview.columns.join(', ')}.` : `as one column: ${preview.columns[0]}.`}
      </p>
      <p style={{ margin: '0 0 8px' }}>
        {[
          count('add') && `${plural(count('add'), 'new student')}`,
          count('enrol') && `${count('enrol')} already on this computer ${count('enrol') === 1 ? 'joins' : 'join'} the class`,
          count('in-class') && `${count('in-class')} already in the class`,
          offers.length && `${plural(offers.length, 'name change')} offered`,
          sameNames && `${sameNames} with the name of a student already in the class`,
          count('skip') && `${plural(count('skip'), 'row')} skipped`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <div className="table-wrap" style={{ maxHeight: '50vh', overflowY: 'auto', border: '1px solid var(--line)', borderRadius: 8 }} tabIndex={0} role="region" aria-label="How each row will be read">
        <table className="results-table roster-preview-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Name</th>
              <th scope="col">ID</th>
              <th scope="col">What will happen</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.line} className={`roster-${r.action}`}>
                <td>{r.line}</td>
                <td dir="auto" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere', minWidth: '12em' }}>{r.name}</td>
                <td style={{ whiteSpace: 'normal', overflowWrap: 'anywhere', minWidth: '6em' }}>{r.rosterId ?? ''}</td>
                <td style={{ whiteSpace: 'normal', color: r.action === 'skip' ? 'var(--warn)' : undefined }}>
                  {whatHappens(r)}
                  {r.sameName && (
                    <span className="same-name" style={{ display: 'block', marginTop: 2, color: 'var(--ink-2)' }}>
                      <span dir="auto">{r.sameName}</span> The import goes ahead: in results and exports, each is shown with their id.
                    </span>
                  )}
                  {r.currentName !== null && r.rosterId && (
                    <label style={{ display: 'flex', gap: 6, alignItems: 'baseline', marginTop: 4 }}>
                      <input type="checkbox" checked={renames.has(r.rosterId)} onChange={(e) => toggle(r.rosterId!, e.target.checked)} />
                      <span>
                        Rename from “<span dir="auto">{r.currentName}</span>” to “<span dir="auto">{r.name}</span>”
                      </span>
                    </label>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < preview.rows.length && (
        <p className="hint">
          The table shows the first {PREVIEW_ROWS} rows, every name change and every name already in the class; the other {preview.rows.length - shown.length} are counted in the summary above.
        </p>
      )}
      {offers.length > 1 && (
        <label style={{ display: 'flex', gap: 6, alignItems: 'center', marginTop: 8 }}>
          <input
            type="checkbox"
            checked={renames.size === offers.length}
            onChange={(e) => setRenames(new Set(e.target.checked ? offers.map((r) => r.rosterId!) : []))}
          />
          Rename all {offers.length} students whose name in the file differs
        </label>
      )}
      <p className="row" style={{ display: 'flex', gap: 8, marginTop: 10 }}>
        <button type="button" className="primary" disabled={busy || (joining === 0 && renames.size === 0)} onClick={() => void submit()}>
          {label}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </p>
    </section>
  );
}
