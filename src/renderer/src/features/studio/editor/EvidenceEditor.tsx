// An evidence step: the other outlets' reports (cards) and the story's claims, each
// chosen by selecting its words in the article, with the verdicts it accepts and
// the reports that show it.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectEditorActive, selectNavigation, selectSet, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import { AnchorProblems, Confirm, Problems, TextField, useAnchorProblems } from './fields.tsx';
import { placeQuote, shorten, uniqueId, VERDICTS, verdictList, type CardData, type ClaimData, type EvidenceData, type TextIndex, type Verdict } from './model.ts';
import { anchor, fieldId } from './problems.ts';
import { StepBasics } from './StepBasics.tsx';

export function EvidenceEditor({ index, step, ix, editable }: { index: number; step: EvidenceData; ix: TextIndex; editable: boolean }) {
  const set = useStudioEditor(selectSet);
  const update = useStudioEditor(selectUpdate);
  const active = useStudioEditor(selectEditorActive);
  const { focus, setActive, showInArticle } = useStudioEditor(useShallow(selectNavigation));
  const cards = Array.isArray(step.cards) ? step.cards : [];
  const claims = Array.isArray(step.claims) ? step.claims : [];
  const at = (...p: (string | number)[]) => anchor('exercises', index, ...p);
  const cardsPath = ['exercises', index, 'cards'] as const;
  const claimsPath = ['exercises', index, 'claims'] as const;
  /** The report or claim whose Remove asks "are you sure?" in the page (by id: positions move). */
  const [removing, setRemoving] = useState<{ kind: 'card' | 'claim'; id: string } | null>(null);
  const asking = (kind: 'card' | 'claim', id: string) => removing?.kind === kind && removing.id === id;
  const removeButton = (kind: 'card' | 'claim', id: string, j: number) =>
    editable && (
      <button
        type="button"
        className="ed-small"
        id={`ed-remove-${kind}-${index}-${j}`}
        aria-label={`Remove ${kind === 'card' ? 'report' : 'claim'} ${j + 1}`}
        aria-expanded={asking(kind, id)}
        onClick={() => setRemoving({ kind, id })}
      >
        Remove
      </button>
    );
  /** The Remove button's question, in the page: "Keep it" goes back to the button; yes removes, and `remove` says where focus goes. */
  const removeQuestion = (kind: 'card' | 'claim', id: string, j: number, question: string, remove: () => void) =>
    asking(kind, id) && (
      <Confirm
        question={question}
        yes={kind === 'card' ? 'Remove the report' : 'Remove the claim'}
        no="Keep it"
        onYes={() => {
          setRemoving(null);
          remove();
        }}
        onNo={() => {
          setRemoving(null);
          focus(`ed-remove-${kind}-${index}-${j}`);
        }}
      />
    );

  // A claim made active from elsewhere (the article) comes into view. Not one made active by focus
  // inside it: scrolling between a press and its release would move the button away from the
  // pointer, and the click would be lost.
  useEffect(() => {
    if (active === null) return;
    const claim = document.getElementById(fieldId(anchor('exercises', index, 'claims', active)));
    if (claim && !claim.contains(document.activeElement)) claim.scrollIntoView({ block: 'nearest' });
  }, [active, index]);

  return (
    <div className="ed-step ed-evidence">
      <StepBasics index={index} step={step} editable={editable} />
      <section className="ed-section" aria-labelledby={`ed-cards-${index}`}>
        <h3 id={`ed-cards-${index}`}>Other outlets’ reports ({cards.length})</h3>
        <p className="ed-hint">Students compare the story’s claims with these reports.</p>
        <AnchorProblems anchor={at('cards')} />
        <ol className="ed-cards">
          {cards.map((c, j) => {
            const f = (k: keyof CardData, label: string, opts: { multiline?: boolean; optional?: boolean } = {}) => (
              <TextField
                anchor={at('cards', j, k)}
                label={label}
                value={(c[k] as string | undefined) ?? ''}
                multiline={opts.multiline ?? false}
                optional={opts.optional ?? false}
                onChange={(v) => set([...cardsPath, j, k], opts.optional && v === '' ? undefined : v)}
                disabled={!editable}
              />
            );
            return (
              <li key={c.id} id={fieldId(at('cards', j))} tabIndex={-1} className="ed-card">
                <div className="ed-item-head">
                  <span className="ed-item-n">{j + 1}</span>
                  <strong dir="auto">{c.outlet || 'New report'}</strong>
                  <span className="spacer" />
                  {removeButton('card', c.id, j)}
                </div>
                {removeQuestion('card', c.id, j, `Remove the report ${c.outlet ? `from ${c.outlet}` : j + 1}? Claims that point to it lose it.`, () => {
                  update<EvidenceData>(['exercises', index], (s) => ({
                    ...s,
                    cards: s.cards.filter((_, k) => k !== j),
                    claims: s.claims.map((cl) => ({ ...cl, cards: (cl.cards ?? []).filter((id) => id !== c.id) })),
                  }));
                  focus(`ed-add-card-${index}`);
                })}
                {f('outlet', 'Outlet')}
                <div className="ed-row">
                  {f('date', 'Date', { optional: true })}
                  {f('title', 'Title', { optional: true })}
                </div>
                {f('url', 'Web address', { optional: true })}
                {f('text', 'What the report says', { multiline: true })}
                <AnchorProblems anchor={at('cards', j)} />
              </li>
            );
          })}
        </ol>
        {editable && (
          <button
            type="button"
            id={`ed-add-card-${index}`}
            onClick={() => {
              const id = uniqueId('report', cards.map((c) => c.id));
              update<CardData[]>(cardsPath, (l) => [...(l ?? []), { id, outlet: '', text: '' }]);
              focus(fieldId(at('cards', cards.length, 'outlet')));
            }}
          >
            Add a report
          </button>
        )}
      </section>
      <section className="ed-section" aria-labelledby={`ed-claims-${index}`}>
        <h3 id={`ed-claims-${index}`}>Claims ({claims.length})</h3>
        {editable && <p className="ed-hint">Select the claim’s words in the article, then choose “New claim from these words”. With a claim selected, you can choose its words again the same way.</p>}
        <AnchorProblems anchor={at('claims')} />
        <ol className="ed-claims">
          {claims.map((c, j) => {
            const where = c.quote ? placeQuote(ix, c.quote, c.occurrence) : null;
            const verdicts = verdictList(c.verdict);
            return (
              <li
                key={c.id}
                id={fieldId(at('claims', j))}
                tabIndex={-1}
                className={`ed-item ed-claim${active === j ? ' active' : ''}`}
                onFocus={() => {
                  if (active !== j) setActive(j);
                }}
              >
                <div className="ed-item-head">
                  <span className="ed-item-n">{j + 1}</span>
                  <button type="button" className="quote-link" disabled={!where} onClick={() => where && showInArticle(where)} title="Show in the article" id={fieldId(at('claims', j, 'quote'))}>
                    <span dir="auto">“{shorten(c.quote ?? '', 90)}”</span>
                  </button>
                  <span className="spacer" />
                  {removeButton('claim', c.id, j)}
                </div>
                {removeQuestion('claim', c.id, j, `Remove claim ${j + 1} (“${shorten(c.quote ?? '', 50)}”)?`, () => {
                  update<ClaimData[]>(claimsPath, (l) => l.filter((_, k) => k !== j));
                  setActive(null);
                  focus(`ed-claims-${index}`);
                })}
                {!where && (
                  <p className="ed-hint">
                    {c.quote ? 'These words are not found in the article.' : 'No words chosen yet.'} Select the claim’s words in the article, then choose “Use these words for claim {j + 1}”.
                  </p>
                )}
                <QuoteProblems anchorKey={at('claims', j, 'quote')} />
                <TextField
                  anchor={at('claims', j, 'claim')}
                  label="The claim in plain words"
                  optional
                  value={c.claim ?? ''}
                  multiline
                  onChange={(v) => set([...claimsPath, j, 'claim'], v === '' ? undefined : v)}
                  disabled={!editable}
                />
                <Choices
                  anchorKey={at('claims', j, 'verdict')}
                  legend="Accepted verdicts"
                  options={VERDICTS.map((v) => ({ id: v.id, name: v.name }))}
                  chosen={verdicts}
                  disabled={!editable}
                  onChange={(list) => set([...claimsPath, j, 'verdict'], list.length === 1 ? list[0] : (list as Verdict[]))}
                />
                <Choices
                  anchorKey={at('claims', j, 'cards')}
                  legend="Reports that show it"
                  options={cards.map((card, k) => ({ id: card.id, name: card.outlet ? `${k + 1}. ${card.outlet}${card.title ? ` — ${shorten(card.title, 40)}` : ''}` : `Report ${k + 1}` }))}
                  chosen={c.cards ?? []}
                  disabled={!editable}
                  empty="Add reports above first."
                  onChange={(list) => set([...claimsPath, j, 'cards'], list)}
                />
                <TextField
                  anchor={at('claims', j, 'explanation')}
                  label={`Explanation of claim ${j + 1} (students read it after checking)`}
                  value={c.explanation ?? ''}
                  multiline
                  onChange={(v) => set([...claimsPath, j, 'explanation'], v)}
                  disabled={!editable}
                />
                <AnchorProblems anchor={at('claims', j)} />
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

function QuoteProblems({ anchorKey }: { anchorKey: string }) {
  const { problems, warnings } = useAnchorProblems(anchorKey);
  return <Problems id={`${fieldId(anchorKey)}-problems`} problems={problems} warnings={warnings} />;
}

function Choices(p: { anchorKey: string; legend: string; options: { id: string; name: string }[]; chosen: readonly string[]; disabled: boolean; empty?: string; onChange: (ids: string[]) => void }) {
  const { problems, warnings } = useAnchorProblems(p.anchorKey);
  const id = fieldId(p.anchorKey);
  return (
    <fieldset className="ed-choices" id={id} tabIndex={-1} aria-describedby={problems.length || warnings.length ? `${id}-problems` : undefined}>
      <legend>{p.legend}</legend>
      {p.options.length === 0 && p.empty && <p className="ed-hint">{p.empty}</p>}
      {p.options.map((o) => (
        <label key={o.id} className="ed-choice">
          <input
            type="checkbox"
            checked={p.chosen.includes(o.id)}
            disabled={p.disabled}
            onChange={(e) => p.onChange(e.target.checked ? p.options.map((x) => x.id).filter((x) => x === o.id || p.chosen.includes(x)) : p.chosen.filter((x) => x !== o.id))}
          />
          <span dir="auto">{o.name}</span>
        </label>
      ))}
      <Problems id={`${id}-problems`} problems={problems} warnings={warnings} />
    </fieldset>
  );
}
