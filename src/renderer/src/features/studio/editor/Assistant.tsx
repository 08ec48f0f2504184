// The drafting assistant in a highlight step: proposals, each with its quote, label
// and reason, painted faintly in the article; the teacher accepts or dismisses each
// one (there is no "accept all": each is looked at).
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ProposalDto } from '../../../../../shared/studio-api.ts';
import { LabelSwatch } from '../../../components/LabelSwatch.tsx';
import { useApp } from '../../../state/app.ts';
import { selectAnnounce } from '../../../state/selectors.ts';
import { selectAssistant, selectNavigation, selectQuietActions, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import { usePlacedKey } from './binding.ts';
import { duplicateOf, keyHasWords, mentionAt, shorten, type HighlightData, type KeyItemData, type TextIndex } from './model.ts';
import { anchor, fieldId } from './problems.ts';

export function Assistant({ index, step, ix }: { index: number; step: HighlightData; ix: TextIndex }) {
  const { proposals, note, suggesting, suggestError, suggested, suggest, dropProposal } = useStudioEditor(useShallow(selectAssistant));
  const update = useStudioEditor(selectUpdate);
  const { setActive, focus, showInArticle, say } = useStudioEditor(useShallow(selectNavigation));
  const announce = useApp(selectAnnounce);
  const { hush } = useStudioEditor(useShallow(selectQuietActions));
  const key = Array.isArray(step.key) ? step.key : [];
  const placed = usePlacedKey(ix, key);
  // A proposal whose words and label are already a key item of this step is not listed.
  const mine = proposals.filter((p) => p.exerciseId === step.id && !keyHasWords(key, p.quote, p.label));
  const listRef = useRef<HTMLUListElement>(null);
  const labelOf = (id: string) => step.labels.findIndex((l) => l.id === id);

  const afterDecision = (k: number) => {
    // Focus the next proposal's Accept button, or the button that asks for more.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button.ed-accept');
      const next = buttons?.[Math.min(k, (buttons?.length ?? 1) - 1)];
      if (next) next.focus();
      else document.getElementById(`ed-suggest-${index}`)?.focus();
    });
  };

  const accept = (p: ProposalDto, k: number) => {
    const n = key.length;
    const found = ix.text.slice(p.start, p.end) === p.quote;
    const start = found ? p.start : ix.text.indexOf(p.quote);
    if (start < 0) {
      announce('That proposal no longer matches the article; it was dismissed.');
      dropProposal(p);
      return afterDecision(k);
    }
    const dup = duplicateOf(placed, key, [{ start, end: start + p.quote.length }], p.label);
    if (dup >= 0) {
      const text = `Item ${dup + 1} already marks “${shorten(p.quote)}” with this label: nothing was added.`;
      dropProposal(p);
      say(text);
      announce(text);
      return afterDecision(k);
    }
    // The identifying words the assistant found ("Critics" in "Critics say"), when they name one place in the quote.
    const shift = start - p.start;
    const core = p.coreStart !== undefined && p.coreEnd !== undefined ? ix.text.slice(p.coreStart + shift, p.coreEnd + shift) : undefined;
    const coreOnce = core !== undefined && core.trim() !== '' && p.quote.indexOf(core) !== -1 && p.quote.indexOf(core) === p.quote.lastIndexOf(core);
    update<KeyItemData[]>(['exercises', index, 'key'], (list) => [
      ...(list ?? []),
      { ...mentionAt(ix, start, start + p.quote.length), ...(coreOnce ? { core } : {}), label: p.label, explanation: '' },
    ]);
    dropProposal(p);
    hush(anchor('exercises', index, 'key', n, 'explanation'));
    setActive(n);
    say(null);
    announce(`Accepted “${shorten(p.quote)}” as item ${n + 1}. Write its explanation.`);
    focus(fieldId(anchor('exercises', index, 'key', n, 'explanation')));
  };

  return (
    <section className="ed-section ed-assistant" aria-labelledby={`ed-assist-${index}`}>
      <h3 id={`ed-assist-${index}`}>Drafting assistant</h3>
      <p className="ed-hint">
        The assistant proposes words for the key of the highlight steps, each with its reason. Nothing goes into the key until you accept it; then write its explanation.
      </p>
      <button type="button" id={`ed-suggest-${index}`} onClick={() => void suggest()} disabled={suggesting}>
        {suggesting ? 'Looking for key items…' : suggested ? 'Suggest key items again' : 'Suggest key items'}
      </button>
      {suggestError && (
        <p className="ed-problem" role="alert">
          {suggestError}
        </p>
      )}
      {note && <p className="notice ed-note">{note}</p>}
      {suggested && !suggesting && mine.length === 0 && <p className="ed-empty">No proposals left for this step.</p>}
      {mine.length > 0 && (
        <ul className="ed-proposals" ref={listRef} aria-label={`Proposals for ${step.title || 'this step'}`}>
          {mine.map((p, k) => {
            const li = labelOf(p.label);
            return (
              <li key={`${p.start}-${p.end}-${p.label}`} className="ed-proposal">
                <button type="button" className="quote-link" onClick={() => showInArticle(p)} title="Show in the article">
                  “<bdi>{p.quote}</bdi>”
                </button>
                <span className="ed-proposal-label">
                  <LabelSwatch index={li < 0 ? 7 : li} /> {step.labels[li]?.name ?? p.label}
                </span>
                <p className="ed-reason" dir="auto">
                  {p.reason}
                </p>
                <span className="ed-proposal-actions">
                  <button type="button" className="ed-accept" onClick={() => accept(p, k)} aria-label={`Accept “${shorten(p.quote, 40)}” as ${step.labels[li]?.name ?? p.label}`}>
                    Accept
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      dropProposal(p);
                      announce(`Dismissed “${shorten(p.quote)}”.`);
                      afterDecision(k);
                    }}
                    aria-label={`Dismiss “${shorten(p.quote, 40)}”`}
                  >
                    Dismiss
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
