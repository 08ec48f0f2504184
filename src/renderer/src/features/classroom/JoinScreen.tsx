import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { errorMessage } from '../../../../shared/errors.ts';
import { countGraphemes, initials, MAX_TYPED_NAME_LENGTH, withTag } from '../../../../shared/names.ts';
import { useApp } from '../../state/app.ts';
import { selectJoin } from '../../state/selectors.ts';
import type { JoinRoster } from '../../state/types.ts';


/** A student joins a live session: the code from the teacher's screen, then their name. */
/** A 6-character code (the join code, a rejoin code): capitals and digits only, as the teacher's screen shows them. */
function CodeInput({ id, value, onChange, problemId }: { id: string; value: string; onChange: (v: string) => void; problemId?: string | undefined }) {
  return (
    <input
      id={id}
      className="code-input"
      value={value}
      onChange={(e) => onChange(e.target.value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6))}
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      inputMode="text"
      aria-invalid={problemId ? true : undefined}
      aria-describedby={problemId}
    />
  );
}

export function JoinScreen() {
  const { joinCheck, joinPick } = useApp(useShallow(selectJoin));
  const [code, setCode] = useState('');
  const [roster, setRoster] = useState<JoinRoster | null>(null);
  const [name, setName] = useState('');
  // The typed-name limit, counted as the server counts it (characters as a reader sees them); never cut.
  const typedLength = countGraphemes(name.trim());
  const typedTooLong = typedLength > MAX_TYPED_NAME_LENGTH;
  /** A name whose seat the teacher released: it needs the code the teacher gives. */
  const [needsCode, setNeedsCode] = useState<{ id: string; displayName: string; tag: string | null } | null>(null);
  const [rejoin, setRejoin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  /** Which form the problem is about: it is shown beside that form. */
  const [problemAt, setProblemAt] = useState<'rejoin' | 'typed' | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (f: () => Promise<unknown>, at: 'rejoin' | 'typed' | null = null) => {
    setBusy(true);
    setProblem(null);
    setProblemAt(at);
    try {
      await f();
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const check = (e: FormEvent) => {
    e.preventDefault();
    void attempt(async () => setRoster(await joinCheck(code.trim().toUpperCase())));
  };

  return (
    <main className="profiles join" aria-labelledby="join-title">
      <h1 id="join-title">{roster ? `Join ${roster.className}` : 'Join your class'}</h1>
      {!roster ? (
        <form className="new-profile" onSubmit={check} noValidate>
          <label htmlFor="join-code">The code on your teacher’s screen</label>
          <div className="row">
            <CodeInput id="join-code" value={code} onChange={setCode} problemId={problem ? 'join-problem' : undefined} />
            <button type="submit" className="primary" disabled={busy || code.length !== 6}>Next</button>
          </div>
        </form>
      ) : (
        <section aria-labelledby="pick-title">
          <p className="hint">{roster.lessonTitle}</p>
          <h2 id="pick-title">Who are you?</h2>
          <ul className="profile-list">
            {roster.roster.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="profile"
                  disabled={busy || s.taken}
                  onClick={() => (s.needsCode ? (setNeedsCode(s), setRejoin(''), setProblem(null)) : void attempt(() => joinPick(code, { studentId: s.id })))}
                >
                  <span className="avatar" aria-hidden="true">{initials(s.displayName)}</span>
                  <span className="profile-name">
                    <span dir="auto">{s.displayName}</span>
                    {s.tag && <span className="name-tag" title="Another student in this class has this name: ask your teacher which one is you"> ({s.tag})</span>}
                  </span>
                  {s.taken && <span className="hint"> (joined)</span>}
                  {s.needsCode && <span className="hint"> (needs your teacher’s code)</span>}
                </button>
              </li>
            ))}
          </ul>
          {needsCode && (
            <form
              className="new-profile"
              onSubmit={(e) => {
                e.preventDefault();
                void attempt(() => joinPick(code, { studentId: needsCode.id, rejoinCode: rejoin }), 'rejoin');
              }}
              noValidate
            >
              <label htmlFor="rejoin-code">
                To join again as <span dir="auto">{withTag(needsCode.displayName, needsCode.tag)}</span>, type the code your teacher gives you
              </label>
              <div className="row">
                <CodeInput id="rejoin-code" value={rejoin} onChange={setRejoin} />
                <button type="submit" className="primary" disabled={busy || rejoin.length !== 6}>Join</button>
              </div>
              {problem && problemAt === 'rejoin' && <p className="field-error" role="alert">{problem}</p>}
            </form>
          )}
          {roster.allowNewNames && (
            <form
              className="new-profile"
              onSubmit={(e) => {
                e.preventDefault();
                void attempt(() => joinPick(code, { newName: name }), 'typed');
              }}
            >
              <label htmlFor="typed-name">Not on the list? Type your name</label>
              <div className="row">
                <input
                  id="typed-name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  dir="auto"
                  aria-invalid={typedTooLong ? true : undefined}
                  aria-describedby="typed-name-limit"
                />
                <button type="submit" className="primary" disabled={busy || !name.trim()}>Join</button>
              </div>
              <p id="typed-name-limit" className="hint counter">
                <span className={typedTooLong ? 'counter over' : 'counter'}>
                  {typedLength} of {MAX_TYPED_NAME_LENGTH} characters.
                </span>{' '}
                If your name is on the list above, pick it there instead.
              </p>
              {problem && problemAt === 'typed' && <p className="field-error" role="alert">{problem}</p>}
            </form>
          )}
          <p className="hint">If your name is missing or shows “joined” and that was not you, tell your teacher.</p>
        </section>
      )}
      {problem && problemAt === null && <p id="join-problem" className="field-error" role="alert">{problem}</p>}
    </main>
  );
}
