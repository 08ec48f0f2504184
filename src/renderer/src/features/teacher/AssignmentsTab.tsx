import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../../../shared/errors.ts';
import type { AssignmentDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { useTeacher } from '../../state/teacher.ts';
import { selectRun, selectSay } from '../../state/teacher-selectors.ts';
import { when } from '../assignments/words.ts';

type Counts = AssignmentDto['counts'];
type KeyShown = AssignmentDto['keyShown'];

const KEY_CHOICES: { id: KeyShown; name: string; about: string }[] = [
  { id: 'after-hand-in', name: 'After the student hands in', about: 'Checking a step records the answer without the key; the key comes with handing in the last attempt allowed (or when the assignment closes).' },
  { id: 'after-due', name: 'After the due date', about: 'Nobody sees the key before the due date: no one can pass it on.' },
  { id: 'on-release', name: 'When I release it', about: 'You choose the moment (after you have discussed it in class, for example).' },
  { id: 'after-check', name: 'After each step is checked (practice)', about: 'As in self-paced study: a student sees each step’s key once it is checked.' },
];
const COUNT_CHOICES: { id: Counts; name: string }[] = [
  { id: 'first', name: 'The first attempt' },
  { id: 'highest', name: 'The best attempt' },
  { id: 'latest', name: 'The latest attempt handed in' },
];
const PHASE = { scheduled: 'Not open yet', open: 'Open', closed: 'Closed' } as const;

/** An ISO instant as a datetime-local value, in this computer's time zone. */
function toLocal(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
const fromLocal = (v: string) => new Date(v).toISOString();
/** A title in quotation marks, unless it begins with one already. */
const quoted = (t: string | undefined) => (t === undefined ? '' : /^[“"‘'«„]/.test(t) ? t : `“${t}”`);

interface Draft {
  opensAt: string;
  dueAt: string;
  attempts: string; // '' = unlimited
  counts: Counts;
  keyShown: KeyShown;
}

const fresh = (): Draft => {
  const now = new Date();
  now.setSeconds(0, 0);
  return { opensAt: toLocal(now.toISOString()), dueAt: '', attempts: '1', counts: 'first', keyShown: 'after-hand-in' };
};
const draftOf = (a: AssignmentDto): Draft => ({
  opensAt: toLocal(a.opensAt),
  dueAt: a.dueAt ? toLocal(a.dueAt) : '',
  attempts: a.maxAttempts === null ? '' : String(a.maxAttempts),
  counts: a.counts,
  keyShown: a.keyShown,
});

function keyState(a: AssignmentDto): string {
  if (a.keyShown === 'after-check') return 'Key: after each check';
  if (a.keyShown === 'after-hand-in') return a.maxAttempts === 1 ? 'Key: to each student after they hand in' : 'Key: to each student after their last attempt, or when it closes';
  if (a.keyShown === 'after-due') return a.keyOpen ? 'Key: shown (the due date has passed)' : `Key: shown on ${when(a.dueAt!)}`;
  return a.keyReleasedAt ? `Key: released ${when(a.keyReleasedAt)}` : 'Key: held until you release it';
}

/** A class's assignments: what each student must do, by when, how often, which attempt counts and when they see the key. */
export function AssignmentsTab({ classId, lessonId, lessonTitle }: { classId: string; lessonId: string | null; lessonTitle: string | undefined }) {
  const run = useTeacher(selectRun);
  const [list, setList] = useState<AssignmentDto[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [confirm, setConfirm] = useState<{ id: string; what: 'close' | 'remove' | 'release' } | null>(null);
  const say = useTeacher(selectSay);
  // Not through `run`, which would clear the message of what was just done (or why it failed).
  const load = useCallback(async () => {
    try {
      setList(await teacherApi.listAssignments({ classId }));
    } catch (e) {
      setList([]);
      say(null, errorMessage(e));
    }
  }, [classId, say]);
  useEffect(() => {
    void load();
  }, [load]);
  const current = list?.find((a) => a.lessonId === lessonId) ?? null;
  useEffect(() => {
    setDraft(null);
  }, [lessonId, classId]);

  const save = async (d: Draft) => {
    if (!lessonId) return;
    const r = await run(
      () =>
        teacherApi.saveAssignment({
          classId,
          lessonId,
          ...(current ? { assignmentId: current.id } : {}),
          opensAt: fromLocal(d.opensAt),
          dueAt: d.dueAt ? fromLocal(d.dueAt) : null,
          maxAttempts: d.attempts === '' ? null : Number(d.attempts),
          counts: d.counts,
          keyShown: d.keyShown,
        }),
      (a) => (current ? `Saved: ${quoted(a.lessonTitle)} for this class.` : `Assigned: ${quoted(a.lessonTitle)} to this class.`),
    );
    if (r) {
      setDraft(null);
      await load();
    }
  };
  const act = async (id: string, what: 'close' | 'remove' | 'release') => {
    setConfirm(null);
    if (what === 'close') await run(() => teacherApi.closeAssignment({ assignmentId: id }), () => 'Closed: attempts still open were handed in as they stood.');
    if (what === 'release') await run(() => teacherApi.releaseKey({ assignmentId: id }), () => 'The key is released: students see it with their answers.');
    if (what === 'remove') await run(() => teacherApi.deleteAssignment({ assignmentId: id }), () => 'The assignment is removed.');
    await load();
  };
  const [inLibrary, setInLibrary] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void teacherApi.libraryLessons({}).then((all) => live && setInLibrary(all.find((l) => l.lessonId === lessonId)?.inLibrary ?? null));
    return () => {
      live = false;
    };
  }, [lessonId]);
  const setLibrary = async (value: boolean) => {
    if (!lessonId) return;
    const r = await run(
      () => teacherApi.setLessonInLibrary({ lessonId, inLibrary: value }),
      () => (value ? `${quoted(lessonTitle)} is in every student’s library for practice.` : `${quoted(lessonTitle)} is shown only to the classes it is assigned to.`),
    );
    if (r) setInLibrary(value);
  };

  if (list === null) return <p className="loading">Loading…</p>;
  const editing = draft ?? (current ? null : fresh());
  return (
    <section aria-labelledby="assignments-title">
      <h3 id="assignments-title">Assignments</h3>
      <p className="hint">Assign a lesson to give this class graded work: when it opens and is due, how many attempts, which counts, and when students see the key. The lesson chosen above is the one you assign.</p>
      {lessonId && (editing ? (
        <form
          className="assignment-form"
          aria-label={current ? `Change the assignment of ${lessonTitle ?? 'this lesson'}` : `Assign ${lessonTitle ?? 'this lesson'}`}
          onSubmit={(e) => {
            e.preventDefault();
            void save(editing);
          }}
        >
          <h4>{current ? 'Change' : 'Assign'} {quoted(lessonTitle)}</h4>
          <div className="row">
            <label htmlFor="as-opens">Opens</label>
            <input id="as-opens" type="datetime-local" required value={editing.opensAt} onChange={(e) => setDraft({ ...editing, opensAt: e.target.value })} />
            <label htmlFor="as-due">Due (optional)</label>
            <input id="as-due" type="datetime-local" value={editing.dueAt} onChange={(e) => setDraft({ ...editing, dueAt: e.target.value, keyShown: !e.target.value && editing.keyShown === 'after-due' ? 'after-hand-in' : editing.keyShown })} />
          </div>
          <div className="row">
            <label htmlFor="as-attempts">Attempts</label>
            <select id="as-attempts" value={editing.attempts} onChange={(e) => setDraft({ ...editing, attempts: e.target.value })}>
              {['1', '2', '3', '5', '10'].map((n) => (
                <option key={n} value={n}>{n}</option>
              ))}
              <option value="">Unlimited</option>
            </select>
            <label htmlFor="as-counts">Which counts</label>
            <select id="as-counts" value={editing.counts} onChange={(e) => setDraft({ ...editing, counts: e.target.value as Counts })}>
              {COUNT_CHOICES.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>Students see the key</legend>
            {KEY_CHOICES.map((k) => (
              <label key={k.id} className="check">
                <input type="radio" name="as-key" value={k.id} checked={editing.keyShown === k.id} disabled={k.id === 'after-due' && !editing.dueAt} onChange={() => setDraft({ ...editing, keyShown: k.id })} /> {k.name}
                <span className="hint"> — {k.id === 'after-due' && !editing.dueAt ? 'give a due date first.' : k.about}</span>
              </label>
            ))}
          </fieldset>
          <div className="row">
            <button type="submit" className="primary">{current ? 'Save changes' : 'Assign to this class'}</button>
            {current && <button type="button" onClick={() => setDraft(null)}>Cancel</button>}
          </div>
        </form>
      ) : (
        current && <p><button type="button" onClick={() => setDraft(draftOf(current))}>Change the assignment of {quoted(lessonTitle)}</button></p>
      ))}
      {lessonId && inLibrary !== null && (
        <label className="check library-choice">
          <input type="checkbox" checked={inLibrary} onChange={(e) => void setLibrary(e.target.checked)} /> {quoted(lessonTitle)} is in every student’s library for practice
          <span className="hint"> — untick to keep it back: it then shows only to the classes it is assigned to. While an assignment holds its key, no one can practise it anyway.</span>
        </label>
      )}
      {list.length === 0 ? (
        <p className="hint">Nothing is assigned to this class yet: every lesson in the library is practice.</p>
      ) : (
        <ul className="assignment-list" aria-label="This class's assignments">
          {list.map((a) => (
            <li key={a.id} className="assignment-item">
              <h4>{a.lessonTitle}</h4>
              <p>
                <strong>{PHASE[a.phase]}</strong> · {a.phase === 'scheduled' ? `opens ${when(a.opensAt)}` : a.dueAt ? `due ${when(a.dueAt)}` : 'no due date'} ·{' '}
                {a.maxAttempts === null ? 'unlimited attempts' : a.maxAttempts === 1 ? '1 attempt' : `${a.maxAttempts} attempts`} · {COUNT_CHOICES.find((c) => c.id === a.counts)!.name.toLowerCase()} counts
              </p>
              <p>
                {keyState(a)} · {a.started} of {a.students} started, {a.handedIn} handed in
              </p>
              {confirm?.id === a.id ? (
                <span className="confirm" role="group" aria-label="Confirm">
                  {confirm.what === 'close' ? 'Close now? Attempts still open are handed in as they stand.' : confirm.what === 'release' ? 'Release the key to the class now?' : 'Remove this assignment?'}
                  <button type="button" className={confirm.what === 'remove' ? 'danger' : 'primary'} onClick={() => void act(a.id, confirm.what)}>
                    {confirm.what === 'close' ? 'Close' : confirm.what === 'release' ? 'Release' : 'Remove'}
                  </button>
                  <button type="button" onClick={() => setConfirm(null)} autoFocus>Cancel</button>
                </span>
              ) : (
                <div className="row">
                  {a.phase !== 'closed' && a.phase !== 'scheduled' && <button type="button" onClick={() => setConfirm({ id: a.id, what: 'close' })}>Close now</button>}
                  {a.keyShown === 'on-release' && !a.keyReleasedAt && a.phase === 'closed' && <button type="button" onClick={() => setConfirm({ id: a.id, what: 'release' })}>Release the key</button>}
                  {a.started === 0 && <button type="button" onClick={() => setConfirm({ id: a.id, what: 'remove' })}>Remove</button>}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
