import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectLiveActions, selectLiveView, useLiveDashboard } from '../../state/live-dashboard.ts';
import { useApp } from '../../state/app.ts';
import { rememberProjectorToken } from '../../state/projector.ts';
import { routeToHash } from '../../state/routes.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { HeatMap } from './HeatMap.tsx';
import { LiveRoster } from './LiveRoster.tsx';
import { ChoiceBars } from './ProjectorBoard.tsx';

declare global {
  interface Window {
    /** Desktop only (src/electron/preload.ts): the projector view in a window of its own. */
    ledeProjector?: { open: (sessionId: string, token: string) => Promise<boolean> };
  }
}

/** The projector view's address, on this server (a browser) or this app (the desktop window). */
function projectorHref(sessionId: string, token: string): string {
  return `${location.href.split('#')[0]}${routeToHash({ name: 'projector', sessionId, token })}`;
}

/** A live session on the teacher's screen: join box, controls, steps, students, heat map or answers. The class sees the projector view (ProjectorBoard.tsx). */
export function LiveDashboard({ sessionId }: { sessionId: string }) {
  const { dashboard: d, problem } = useLiveDashboard(useShallow(selectLiveView));
  const { watch, control, end } = useLiveDashboard(useShallow(selectLiveActions));
  const navigate = useApp(selectNavigate);
  const lockControls = useTeacher((t) => t.lock);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [confirmReveal, setConfirmReveal] = useState<string | null>(null);
  const [projectorNote, setProjectorNote] = useState<string | null>(null);

  // The dashboard follows the session while it is shown (a long-poll in the store).
  useEffect(() => watch(sessionId), [watch, sessionId]);
  // The projector address outlives a lock of the controls (TeacherArea shows its safe view then).
  const token = d?.session.id === sessionId ? d.projectorToken : null;
  useEffect(() => {
    if (token) rememberProjectorToken(sessionId, token);
  }, [sessionId, token]);

  if (!d) return <p className="loading">{problem ?? 'Opening the live session…'}</p>;
  const s = d.session;
  const n = d.lesson.exercises.length;
  const stepName = (i: number) => (i === 0 ? 'Read the article' : i > n ? 'Summary' : d.lesson.exercises[i - 1]!.title);
  const current = s.step >= 1 && s.step <= n ? d.lesson.exercises[s.step - 1]! : null;
  // Every seat taken in the session (a student let join again still counts): no step is checked by more.
  const joined = d.joined;
  // The class sees the key of a step only once the teacher has revealed it (on the
  // projector, whose view the server builds without it); the teacher's own screen
  // shows the key, marked as theirs only.
  const revealed = current !== null && s.revealed.includes(current.id);
  const openProjector = async () => {
    setProjectorNote(null);
    if (window.ledeProjector && !(await window.ledeProjector.open(sessionId, d.projectorToken))) setProjectorNote('The projector window could not be opened.');
  };
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(s.qrSvg)}`;

  if (!s.running) {
    return (
      <section className="live">
        <h2>{s.className} — {s.lessonTitle}</h2>
        <p>This session has ended.</p>
        <button type="button" onClick={() => void navigate({ name: 'teacher' })}>Back to classes</button>
      </section>
    );
  }

  return (
    <section className="live" aria-labelledby="live-title">
      <div className="live-head">
        <div className="join-box">
          <img src={qr} alt={`QR code for ${s.urls[0]}`} width={150} height={150} />
          <div>
            <p className="join-label">Join at</p>
            <p className="join-url">{s.urls[0]}</p>
            <p className="join-label">with the code</p>
            <p className="join-code" aria-label={`Join code ${s.joinCode.split('').join(' ')}`}>{s.joinCode}</p>
          </div>
        </div>
        <div className="live-summary">
          <h2 id="live-title">{s.className} — {s.lessonTitle}</h2>
          <p>
            <strong>{joined}</strong> of {d.roster.length} joined · now: <strong>{stepName(s.step)}</strong>
            {s.paused && <span className="badge">paused</span>}
          </p>
          <div className="controls" role="group" aria-label="Session controls">
            <button type="button" onClick={() => void control('go-to-step', { step: s.step - 1 })} disabled={s.step === 0}>← Previous step</button>
            <button type="button" onClick={() => void control('go-to-step', { step: s.step + 1 })} disabled={s.step > n}>Next step →</button>
            <button
              type="button"
              aria-pressed={s.pacing === 'teacher'}
              title={s.pacing === 'teacher' ? 'Every screen follows your step. Press to let students move on by themselves.' : 'Students move on by themselves. Press to have every screen follow your step.'}
              onClick={() => void control(s.pacing === 'teacher' ? 'student-paced' : 'teacher-paced')}
            >
              Teacher-paced
            </button>
            <button type="button" aria-pressed={s.paused} onClick={() => void control(s.paused ? 'resume' : 'pause')}>{s.paused ? 'Resume screens' : 'Pause all screens'}</button>
            {current &&
              (confirmReveal === current.id ? (
                <span className="confirm" role="group" aria-label="Confirm revealing the key">
                  Check “{current.title}” for everyone and show its key? No one can change it afterwards.
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirmReveal(null);
                      void control('reveal', { exerciseId: current.id });
                    }}
                  >
                    Reveal the key
                  </button>
                  <button type="button" onClick={() => setConfirmReveal(null)}>Cancel</button>
                </span>
              ) : (
                <button type="button" onClick={() => setConfirmReveal(current.id)} disabled={s.revealed.includes(current.id)}>
                  {s.revealed.includes(current.id) ? 'Key revealed' : `Reveal the key: ${current.title}…`}
                </button>
              ))}
            {confirmEnd ? (
              <span className="confirm" role="group" aria-label="Confirm ending the session">
                End the session for everyone?
                <button
                  type="button"
                  className="danger"
                  onClick={() => void end()}
                >
                  End session
                </button>
                <button type="button" onClick={() => setConfirmEnd(false)}>Cancel</button>
              </span>
            ) : (
              <button type="button" onClick={() => setConfirmEnd(true)}>End session…</button>
            )}
          </div>
          <div className="projector-open">
            {window.ledeProjector ? (
              <button type="button" onClick={() => void openProjector()}>Open the projector view</button>
            ) : (
              // A browser: a window of its own at the projector's address.
              <a className="button open-projector" href={projectorHref(sessionId, d.projectorToken)} target="_blank" rel="noopener noreferrer">
                Open the projector view
              </a>
            )}
            <button type="button" className="link-button" onClick={() => void lockControls()} title="The controls lock; this screen keeps showing what the projector shows. Your PIN unlocks them.">
              Lock the controls
            </button>
            {!window.ledeProjector && (
              <details className="projector-address">
                <summary>Projector address</summary>
                <p className="hint">Open it on the projector’s screen: it shows what the class may see (no names, the key only once you reveal it), and no controls.</p>
                <code>{projectorHref(sessionId, d.projectorToken)}</code>
              </details>
            )}
            {projectorNote && <p className="field-error" role="alert">{projectorNote}</p>}
          </div>
        </div>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}

      <div className="live-body">
        <div>
          <h3>Steps</h3>
          <table className="results-table step-stats">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Checked</th>
                <th scope="col">Average</th>
              </tr>
            </thead>
            <tbody>
              {d.steps.map((st, i) => (
                <tr key={st.id} className={i + 1 === s.step ? 'current-step' : undefined}>
                  <th scope="row">{st.title}</th>
                  <td>
                    <meter min={0} max={Math.max(1, joined)} value={st.checked} aria-label={`${st.checked} of ${joined} checked`} /> {st.checked}/{joined}
                  </td>
                  <td>{st.average === null ? '—' : `${st.average} / ${st.points}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.heat && (
            <>
              <h3>Most missed in “{current?.title}”{!revealed && <span className="only-you"> · only you see this</span>}</h3>
              <ol className="missed">
                {d.heat.missed.map((m, i) => (
                  <li key={`${d.heat!.exerciseId}-${i}`}>
                    “{m.quote}” <span className="hint">({m.label}) — found by {m.found} of {m.of}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3>Students</h3>
          <LiveRoster d={d} stepName={stepName} />
        </div>
        <div>
          {d.heat ? (
            <>
              <h3>What the class marked in “{current?.title}”</h3>
              <p className="hint">
                Darker words were marked by more students (up to {d.heat.max} of {joined}).
                {revealed ? ' Words in the key are underlined.' : <> Words in the key are underlined <span className="only-you">— only you see this; the projector view hides the key until you reveal it</span>.</>}
              </p>
              <HeatMap article={d.lesson} heat={d.heat} showKey />
            </>
          ) : d.choices && current ? (
            <>
              <h3>
                How the class answered “{current.title}”
                {!revealed && <span className="only-you"> · only you see this; the projector shows it once you reveal the key</span>}
              </h3>
              <ChoiceBars choices={d.choices} showKey of={joined} />
            </>
          ) : (
            <p className="hint">The heat map appears when the class is on a highlighting step.</p>
          )}
        </div>
      </div>
    </section>
  );
}
