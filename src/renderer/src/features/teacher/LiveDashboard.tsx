import { useEffect, useMemo, useRef, useState } from 'react';
import type { DashboardDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { useTeacher } from '../../state/teacher.ts';

/** The article with each word shaded by how many students marked it; key spans underlined when `showKey`. */
function HeatMap({ d, showKey }: { d: DashboardDto; showKey: boolean }) {
  const heat = d.heat!;
  const key = showKey ? heat.key : [];
  const { lesson } = d;
  const parts = useMemo(() => {
    const level = (c: number) => (heat.max ? Math.ceil((c / heat.max) * 5) : 0);
    return lesson.blocks.map((b, bi) => {
      // Cut the block wherever a marked word or a key span starts or ends.
      const cuts = new Set([b.start, b.end]);
      const words = heat.words.filter(([a, e]) => e > b.start && a < b.end);
      for (const [a, e] of words) cuts.add(a).add(e);
      for (const k of key) if (k.end > b.start && k.start < b.end) cuts.add(Math.max(b.start, k.start)).add(Math.min(b.end, k.end));
      const points = [...cuts].sort((x, y) => x - y);
      const out: React.ReactNode[] = [];
      for (let i = 0; i + 1 < points.length; i++) {
        const a = points[i]!;
        const e = points[i + 1]!;
        const w = words.find(([x, y]) => x <= a && e <= y);
        const inKey = key.some((k) => k.start <= a && e <= k.end);
        const text = lesson.text.slice(a, e);
        out.push(
          w || inKey ? (
            <span key={a} className={`${w ? `heat heat-${level(w[2])}` : ''}${inKey ? ' in-key' : ''}`} title={w ? `${w[2]} of ${heat.students}` : undefined}>
              {text}
            </span>
          ) : (
            text
          ),
        );
      }
      const Tag = b.kind === 'headline' ? 'h3' : 'p';
      return <Tag key={bi}>{out}</Tag>;
    });
  }, [lesson, heat, key]);
  return (
    <div className="heat-map article" lang={lesson.language} dir={lesson.direction}>
      {parts}
    </div>
  );
}

export function LiveDashboard({ sessionId }: { sessionId: string }) {
  const [d, setD] = useState<DashboardDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [projector, setProjector] = useState(false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [released, setReleased] = useState<string | null>(null);
  const navigate = useApp((s) => s.navigate);
  const say = useTeacher((s) => s.say);
  const alive = useRef(true);

  // Long-poll: each call returns as soon as something changes.
  useEffect(() => {
    alive.current = true;
    let since: number | undefined;
    const loop = async () => {
      while (alive.current) {
        try {
          const next = await teacherApi.classroomDashboard({ sessionId, ...(since !== undefined ? { since } : {}) });
          if (!alive.current) return;
          since = next.version;
          setD(next);
          setProblem(null);
        } catch (err) {
          setProblem(err instanceof Error ? err.message : String(err));
          await new Promise((r) => setTimeout(r, 1500));
        }
      }
    };
    void loop();
    return () => {
      alive.current = false;
    };
  }, [sessionId]);

  const control = async (action: Parameters<typeof teacherApi.classroomControl>[0]['action'], extra: { step?: number; exerciseId?: string } = {}) => {
    try {
      await teacherApi.classroomControl({ sessionId, action, ...extra });
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  if (!d) return <p className="loading">{problem ?? 'Opening the live session…'}</p>;
  const s = d.session;
  const n = d.lesson.exercises.length;
  const stepName = (i: number) => (i === 0 ? 'Read the article' : i > n ? 'Summary' : d.lesson.exercises[i - 1]!.title);
  const current = s.step >= 1 && s.step <= n ? d.lesson.exercises[s.step - 1]! : null;
  const joined = d.roster.filter((r) => r.joined).length;
  // The class may see the key of a step only once the teacher has revealed it: the
  // projector shows the marks alone until then; the teacher's own screen shows the
  // key, marked as theirs only.
  const revealed = current !== null && s.revealed.includes(current.id);
  const showKey = !projector || revealed;
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
    <section className={`live${projector ? ' projector' : ''}`} aria-labelledby="live-title">
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
          {!projector && (
            <div className="controls" role="group" aria-label="Session controls">
              <button type="button" onClick={() => void control('go-to-step', { step: s.step - 1 })} disabled={s.step === 0}>← Previous step</button>
              <button type="button" onClick={() => void control('go-to-step', { step: s.step + 1 })} disabled={s.step > n}>Next step →</button>
              <button type="button" aria-pressed={s.pacing === 'teacher'} onClick={() => void control(s.pacing === 'teacher' ? 'student-paced' : 'teacher-paced')}>
                {s.pacing === 'teacher' ? 'Teacher-paced' : 'Student-paced'}
              </button>
              <button type="button" aria-pressed={s.paused} onClick={() => void control(s.paused ? 'resume' : 'pause')}>{s.paused ? 'Resume screens' : 'Pause all screens'}</button>
              {current && (
                <button type="button" onClick={() => void control('reveal', { exerciseId: current.id })} disabled={s.revealed.includes(current.id)}>
                  {s.revealed.includes(current.id) ? 'Key revealed' : `Reveal the key: ${current.title}`}
                </button>
              )}
              {confirmEnd ? (
                <span className="confirm" role="group" aria-label="Confirm ending the session">
                  End the session for everyone?
                  <button
                    type="button"
                    className="danger"
                    onClick={() =>
                      void teacherApi.endClassroom({ sessionId }).then(
                        () => say('The session has ended; everything is saved.'),
                        (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)),
                      )
                    }
                  >
                    End session
                  </button>
                  <button type="button" onClick={() => setConfirmEnd(false)}>Cancel</button>
                </span>
              ) : (
                <button type="button" onClick={() => setConfirmEnd(true)}>End session…</button>
              )}
            </div>
          )}
          <button type="button" className="link-button" aria-pressed={projector} onClick={() => setProjector(!projector)}>
            {projector ? 'Leave projector view' : 'Projector view (names hidden)'}
          </button>
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
          {d.heat && showKey && (
            <>
              <h3>Most missed in “{current?.title}”{!revealed && <span className="only-you"> · only you see this</span>}</h3>
              <ol className="missed">
                {d.heat.missed.map((m) => (
                  <li key={m.quote}>
                    “{m.quote}” <span className="hint">({m.label}) — found by {m.found} of {m.of}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
          {!projector && (
            <>
              <h3>Students</h3>
              <ul className="live-roster">
                {d.roster.map((r) => (
                  <li key={r.studentId} className={r.joined ? (r.connected ? 'online' : 'away') : 'absent'}>
                    <span className="dot" aria-hidden="true" />
                    <span dir="auto" className="live-name">{r.displayName}</span>
                    {r.typed && <span className="badge typed" title="This student typed their name when joining: it was not on the class list.">typed name</span>}
                    <span className="hint">
                      {!r.joined
                        ? r.rejoinCode
                          ? 'may join again'
                          : 'not joined'
                        : `${stepName(r.step)} · ${r.checked.length} checked · ${r.points} pts${current?.kind === 'highlight' ? ` · ${r.marks} marks` : ''}${r.connected ? '' : ' · offline'}`}
                    </span>
                    {r.rejoinCode && (
                      <span className="rejoin-code" aria-live={released === r.studentId ? 'polite' : undefined}>
                        code <strong aria-label={r.rejoinCode.split('').join(' ')}>{r.rejoinCode}</strong>
                      </span>
                    )}
                    {r.joined && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() =>
                          void teacherApi.releaseStudent({ sessionId, studentId: r.studentId }).then(
                            () => setReleased(r.studentId),
                            (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)),
                          )
                        }
                        title="Let this student join again, e.g. from another device: they will need the code shown here"
                      >
                        Let join again
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div>
          {d.heat ? (
            <>
              <h3>What the class marked in “{current?.title}”</h3>
              <p className="hint">
                Darker words were marked by more students (up to {d.heat.max} of {joined}).
                {showKey ? (revealed ? ' Words in the key are underlined.' : <> Words in the key are underlined <span className="only-you">— only you see this; the projector view hides the key until you reveal it</span>.</>) : ' The key is hidden until you reveal it.'}
              </p>
              <HeatMap d={d} showKey={showKey} />
            </>
          ) : (
            <p className="hint">The heat map appears when the class is on a highlighting step.</p>
          )}
        </div>
      </div>
    </section>
  );
}
