import type { ReactNode } from 'react';
import type { DashboardDto, ProjectorDto } from '../../../../shared/teacher-api.ts';
import { useProjector } from '../../state/projector.ts';
import { HeatMap } from './HeatMap.tsx';

type Choices = NonNullable<DashboardDto['choices']>;

/** How many students chose each option of a choice step; the right ones marked when `showKey`. */
export function ChoiceBars({ choices, showKey, of }: { choices: Choices; showKey: boolean; of: number }) {
  const most = Math.max(1, ...choices.options.map((o) => o.count));
  return (
    <>
      <p className="hint">
        {choices.answered} of {of} answered.
      </p>
      <ul className="choice-bars">
        {choices.options.map((o) => (
          <li key={o.id} className={showKey && o.correct ? 'right' : undefined}>
            <span className="choice-text" dir="auto">
              {o.text}
              {showKey && o.correct && <strong className="right-mark"> ✓ right answer</strong>}
            </span>
            <span className="choice-bar" aria-hidden="true">
              <span style={{ width: `${(o.count / most) * 100}%` }} />
            </span>
            <span className="choice-count">
              {o.count} {o.count === 1 ? 'student' : 'students'}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

const stepName = (v: ProjectorDto, i: number) => (i === 0 ? 'Read the article' : i > v.steps.length ? 'Summary' : v.steps[i - 1]!.title);

/**
 * What the class sees of a live session: the join box, where the class is, and the
 * current step's marks (or answers) — the key only once revealed. Everything comes from
 * the projector call, which holds nothing more (no names, no codes, no key before a reveal).
 */
export function ProjectorBoard({ v, aside }: { v: ProjectorDto; aside?: ReactNode }) {
  const current = v.step >= 1 && v.step <= v.steps.length ? v.steps[v.step - 1]! : null;
  const revealed = current?.revealed === true;
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(v.qrSvg)}`;
  if (!v.running) {
    return (
      <section className="live projector" aria-labelledby="projector-title">
        <h1 id="projector-title">
          {v.className} — {v.lessonTitle}
        </h1>
        <p className="projector-ended">This session has ended. Your work is saved, and your screen shows your summary.</p>
        {aside}
      </section>
    );
  }
  return (
    <section className="live projector" aria-labelledby="projector-title">
      <div className="live-head">
        <div className="join-box">
          <img src={qr} alt={`QR code for ${v.joinUrl}`} width={150} height={150} />
          <div>
            <p className="join-label">Join at</p>
            <p className="join-url">{v.joinUrl}</p>
            <p className="join-label">with the code</p>
            <p className="join-code" aria-label={`Join code ${v.joinCode.split('').join(' ')}`}>{v.joinCode}</p>
          </div>
        </div>
        <div className="live-summary">
          <h1 id="projector-title">
            {v.className} — {v.lessonTitle}
          </h1>
          <p>
            <strong>{v.joined}</strong> of {v.classSize} joined · now: <strong>{stepName(v, v.step)}</strong>
            {v.paused && <span className="badge">paused</span>}
          </p>
          {aside}
        </div>
      </div>
      <div className="live-body">
        <div>
          <h2>Steps</h2>
          <table className="results-table step-stats">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Checked</th>
              </tr>
            </thead>
            <tbody>
              {v.steps.map((st, i) => (
                <tr key={st.id} className={i + 1 === v.step ? 'current-step' : undefined}>
                  <th scope="row">
                    {st.title}
                    {st.revealed && <span className="badge">key shown</span>}
                  </th>
                  <td>
                    <meter min={0} max={Math.max(1, v.joined)} value={st.checked} aria-label={`${st.checked} of ${v.joined} checked`} /> {st.checked}/{v.joined}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {v.heat && revealed && v.heat.missed.length > 0 && (
            <>
              <h2>Most missed in “{current?.title}”</h2>
              <ol className="missed">
                {v.heat.missed.map((m, i) => (
                  <li key={`${v.heat!.exerciseId}-${i}`}>
                    “{m.quote}” <span className="hint">({m.label}) — found by {m.found} of {m.of}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
        <div>
          {v.heat ? (
            <>
              <h2>What the class marked in “{current?.title}”</h2>
              <p className="hint">
                Darker words were marked by more students (up to {v.heat.max} of {v.joined}).
                {revealed ? ' Words in the key are underlined.' : ' The key appears when your teacher reveals it.'}
              </p>
              <HeatMap article={v.article} heat={v.heat} showKey={revealed} />
            </>
          ) : current?.kind === 'choice' ? (
            <>
              <h2>How the class answered “{current.title}”</h2>
              {v.choices ? <ChoiceBars choices={v.choices} showKey of={v.joined} /> : <p className="hint">The answers appear here when your teacher reveals the key.</p>}
            </>
          ) : (
            <p className="hint">{current ? `The class is on “${current.title}”.` : v.step === 0 ? 'The class is reading the article.' : 'The class is on the summary.'}</p>
          )}
        </div>
      </div>
    </section>
  );
}

/** The projector's own address (#/projector/<session>/<token>): the board and nothing else. */
export function ProjectorScreen({ sessionId, token }: { sessionId: string; token: string }) {
  const { view, problem } = useProjector(sessionId, token);
  if (!view) return <p className="loading projector-wait">{problem ?? 'Opening the projector view…'}</p>;
  return <ProjectorBoard v={view} />;
}
