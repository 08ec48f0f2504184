// A highlight step in the editor: its labels, its key (each item with its places in
// the article, its identifying words and its explanation right beside it), and
// the drafting assistant (Assistant.tsx).
import { memo, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LabelSwatch } from '../../../components/LabelSwatch.tsx';
import { useApp } from '../../../state/app.ts';
import { selectAnnounce } from '../../../state/selectors.ts';
import { selectEditorActive, selectNavigation, selectNotice, selectSet, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import type { Block } from '../../../../../shared/lesson.ts';
import { itemCardId, usePlacedKey } from './binding.ts';
import { AnchorProblems, Confirm, TextField, useAnchorProblems } from './fields.tsx';
import {
  duplicateOf,
  mentionsOf,
  placeInWords,
  removeMention,
  setCore,
  shorten,
  uniqueId,
  type HighlightData,
  type KeyItemData,
  type LabelData,
  type ResolvedMention,
  type TextIndex,
} from './model.ts';
import { anchor, fieldId } from './problems.ts';
import { Assistant } from './Assistant.tsx';
import { StepBasics } from './StepBasics.tsx';

interface Props {
  index: number;
  step: HighlightData;
  ix: TextIndex;
  blocks: readonly Block[];
  editable: boolean;
}

const NO_BLOCKS: readonly Block[] = [];

/** A refusal or notice about the key (an identical item not added), until the next change. */
function KeyNotice({ index }: { index: number }) {
  const notice = useStudioEditor(selectNotice);
  const { say } = useStudioEditor(useShallow(selectNavigation));
  if (!notice || notice.step !== index) return null;
  return (
    <div className="ed-notice" role="status">
      <span>{notice.text}</span>
      <button type="button" className="ed-small" onClick={() => say(null)}>
        Dismiss
      </button>
    </div>
  );
}

export function HighlightEditor({ index, step, ix, blocks = NO_BLOCKS, editable }: Props) {
  const placed = usePlacedKey(ix, step.key);
  const active = useStudioEditor(selectEditorActive);
  const key = Array.isArray(step.key) ? step.key : [];
  const labels = Array.isArray(step.labels) ? step.labels : [];

  // An item picked in the article: bring its card into view.
  useEffect(() => {
    if (active === null) return;
    document.getElementById(fieldId(anchor('exercises', index, 'key', active)))?.scrollIntoView({ block: 'nearest' });
  }, [active, index]);

  return (
    <div className="ed-step ed-highlight">
      <StepBasics index={index} step={step} editable={editable} />
      <Labels index={index} labels={labels} used={new Set(key.map((k) => k.label))} editable={editable} />
      <section className="ed-section" aria-labelledby={`ed-key-${index}`}>
        <h3 id={`ed-key-${index}`} tabIndex={-1}>
          Key items ({key.length})
        </h3>
        <AnchorProblems anchor={anchor('exercises', index, 'key')} />
        <KeyNotice index={index} />
        {editable && (
          <p className="ed-hint">
            Select words in the article (with the mouse, or with <kbd>Shift</kbd> and the arrow keys), then choose a label. With an item selected, select more
            words to add another place where it appears, or words inside one of its places to make them its identifying words.
          </p>
        )}
        {key.length === 0 ? (
          <p className="ed-empty">No key items yet. Until this step has some, the lesson is a draft that students do not see.</p>
        ) : (
          <ol className="ed-items">
            {key.map((item, j) => (
              <ItemCard key={j} stepIndex={index} j={j} item={item} labels={labels} placed={placed[j]!} allPlaced={placed} keyList={key} blocks={blocks} active={active === j} editable={editable} />
            ))}
          </ol>
        )}
      </section>
      {editable && <Assistant index={index} step={step} ix={ix} />}
    </div>
  );
}

function Labels({ index, labels, used, editable }: { index: number; labels: LabelData[]; used: Set<string>; editable: boolean }) {
  const set = useStudioEditor(selectSet);
  const update = useStudioEditor(selectUpdate);
  const { focus } = useStudioEditor(useShallow(selectNavigation));
  const path = ['exercises', index, 'labels'] as const;
  return (
    <section className="ed-section" aria-labelledby={`ed-labels-${index}`}>
      <h3 id={`ed-labels-${index}`} tabIndex={-1}>
        Labels
      </h3>
      <AnchorProblems anchor={anchor('exercises', index, 'labels')} />
      <ol className="ed-labels">
        {labels.map((l, i) => (
          <li key={l.id} className="ed-label">
            <LabelSwatch index={i} />
            <div className="ed-label-fields">
              <TextField anchor={anchor('exercises', index, 'labels', i, 'name')} label={`Label ${i + 1}: name`} value={l.name ?? ''} onChange={(v) => set([...path, i, 'name'], v)} disabled={!editable} />
              <TextField
                anchor={anchor('exercises', index, 'labels', i, 'description')}
                label="What it means (students see it in the legend)"
                value={l.description ?? ''}
                multiline
                onChange={(v) => set([...path, i, 'description'], v)}
                disabled={!editable}
              />
              <AnchorProblems anchor={anchor('exercises', index, 'labels', i)} />
            </div>
            {editable && labels.length > 1 && (
              <div className="ed-label-remove">
                <button
                  type="button"
                  className="ed-small"
                  disabled={used.has(l.id)}
                  aria-describedby={used.has(l.id) ? `ed-label-used-${index}-${i}` : undefined}
                  aria-label={`Remove the label ${l.name || i + 1}`}
                  onClick={() => {
                    update<LabelData[]>(path, (ls) => ls.filter((_, k) => k !== i));
                    focus(`ed-labels-${index}`);
                  }}
                >
                  Remove
                </button>
                {used.has(l.id) && (
                  <span id={`ed-label-used-${index}-${i}`} className="ed-hint ed-why">
                    Key items use it: change or remove them first.
                  </span>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
      {editable && labels.length < 8 && (
        <button
          type="button"
          onClick={() => {
            const id = uniqueId('label', labels.map((l) => l.id));
            update<LabelData[]>(path, (ls) => [...(ls ?? []), { id, name: '', description: '' }]);
            focus(fieldId(anchor('exercises', index, 'labels', labels.length, 'name')));
          }}
        >
          Add a label
        </button>
      )}
    </section>
  );
}

interface ItemProps {
  stepIndex: number;
  j: number;
  item: KeyItemData;
  labels: LabelData[];
  placed: ResolvedMention[];
  allPlaced: readonly ResolvedMention[][];
  keyList: readonly KeyItemData[];
  blocks: readonly Block[];
  active: boolean;
  editable: boolean;
}

const ItemCard = memo(function ItemCard({ stepIndex, j, item, labels, placed, allPlaced, keyList, blocks, active, editable }: ItemProps) {
  const set = useStudioEditor(selectSet);
  const update = useStudioEditor(selectUpdate);
  const { setActive, showInArticle, focus, say } = useStudioEditor(useShallow(selectNavigation));
  const [confirming, setConfirming] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);
  const announce = useApp(selectAnnounce);
  const path = ['exercises', stepIndex, 'key', j] as const;
  const at = (...p: (string | number)[]) => anchor('exercises', stepIndex, 'key', j, ...p);
  const labelIdx = labels.findIndex((l) => l.id === item.label);
  const mentions = mentionsOf(item);
  const labelProblems = useAnchorProblems(at('label'));
  const first = mentions[0]?.quote ?? '';
  const where = (i: number) => placed.find((p) => p.index === i);
  // Two places with the same words look the same: say where each one is.
  const twin = (i: number) => mentions.some((m, k) => k !== i && m.quote.trim().toLowerCase() === mentions[i]!.quote.trim().toLowerCase());

  return (
    <li
      id={fieldId(at())}
      tabIndex={-1}
      className={`ed-item${active ? ' active' : ''}`}
      aria-label={`Item ${j + 1}: “${shorten(first, 40)}”`}
      onFocus={() => {
        if (!active) setActive(j);
      }}
    >
      <div className="ed-item-head">
        <span className="ed-item-n">{j + 1}</span>
        <LabelSwatch index={labelIdx < 0 ? 7 : labelIdx} />
        <label className="visually-hidden" htmlFor={fieldId(at('label'))}>
          Label of item {j + 1}
        </label>
        <select
          id={fieldId(at('label'))}
          value={item.label}
          disabled={!editable}
          aria-invalid={labelProblems.problems.length ? true : undefined}
          onChange={(e) => {
            const label = e.target.value;
            const dup = duplicateOf(allPlaced, keyList, placed, label, j);
            if (dup >= 0) {
              const name = labels.find((l) => l.id === label)?.name ?? label;
              const text = `Item ${dup + 1} already marks these words as ${name}: item ${j + 1} keeps its label.`;
              say(text);
              announce(text);
              return;
            }
            set([...path, 'label'], label);
          }}
        >
          {labelIdx < 0 && <option value={item.label}>(choose a label)</option>}
          {labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name || l.id}
            </option>
          ))}
        </select>
        <span className="spacer" />
        {editable && (
          <button ref={removeButton} type="button" className="ed-small" aria-label={`Remove item ${j + 1}`} aria-expanded={confirming} onClick={() => setConfirming(true)} disabled={confirming}>
            Remove
          </button>
        )}
      </div>
      {confirming && (
        <Confirm
          question={
            <>
              Remove item {j + 1} (“<bdi>{shorten(first, 50)}</bdi>”) and its explanation from the key?
            </>
          }
          yes="Remove it"
          no="Keep it"
          onYes={() => {
            const total = keyList.length;
            update<KeyItemData[]>(['exercises', stepIndex, 'key'], (key) => key.filter((_, k) => k !== j));
            setConfirming(false);
            setActive(null);
            announce(`Item ${j + 1} removed.`);
            // The focus goes to the item now in its place, or the one before it, or the key's heading.
            focus(total > 1 ? itemCardId(stepIndex, Math.min(j, total - 2)) : `ed-key-${stepIndex}`);
          }}
          onNo={() => {
            setConfirming(false);
            setTimeout(() => removeButton.current?.focus());
          }}
        />
      )}
      <AnchorProblems anchor={at('label')} />
      <ul className="ed-mentions" aria-label={mentions.length > 1 ? `Places of item ${j + 1}` : undefined}>
        {mentions.map((m, i) => {
          const w = where(i);
          return (
            <li key={i} className="ed-mention">
              <button
                type="button"
                className="quote-link"
                disabled={!w}
                onClick={() => {
                  setActive(j);
                  if (w) showInArticle(w);
                }}
                title="Show in the article"
              >
                <Quote text={m.quote} core={w?.hasCore ? m.core : undefined} />
              </button>
              {w && twin(i) && <span className="ed-where-place">{placeInWords(blocks, w.start)}</span>}
              {!w && <span className="ed-bad"> — not found in the article</span>}
              {m.core && (
                <span className="ed-core">
                  Identifying words: “<bdi>{m.core}</bdi>”
                  {editable && (
                    <button type="button" className="ed-link" onClick={() => {
                        update<KeyItemData>(path, (it) => setCore(it, i, undefined));
                        announce(`Item ${j + 1}: the whole place identifies it.`);
                        focus(itemCardId(stepIndex, j));
                      }}
                      aria-label={`Clear the identifying words of “${shorten(m.quote, 40)}”`}>
                      Clear
                    </button>
                  )}
                </span>
              )}
              {editable && mentions.length > 1 && (
                <button
                  type="button"
                  className="ed-link"
                  onClick={() => {
                    update<KeyItemData>(path, (it) => removeMention(it, i));
                    announce(`Place removed from item ${j + 1}.`);
                    focus(itemCardId(stepIndex, j));
                  }}
                  aria-label={`Remove this place (“${shorten(m.quote, 40)}”) from item ${j + 1}`}
                >
                  Remove this place
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {active && editable && (
        <p className="ed-hint ed-item-hint">
          Select words in the article to add another place of this item, or words inside one of its places to make them its identifying words.
        </p>
      )}
      <AnchorProblems anchor={at()} />
      <TextField
        anchor={at('explanation')}
        label={`Explanation of item ${j + 1} (students read it after checking)`}
        value={item.explanation ?? ''}
        multiline
        onChange={(v) => set([...path, 'explanation'], v)}
        disabled={!editable}
      />
    </li>
  );
});

/** A quote with its identifying words in bold (isolated inside the quotation marks: Arabic reads the right way round). */
function Quote({ text, core }: { text: string; core: string | undefined }) {
  const at = core ? text.indexOf(core) : -1;
  if (!core || at < 0) return <>“<bdi>{text}</bdi>”</>;
  return (
    <>
      “
      <bdi>
        {text.slice(0, at)}
        <strong>{core}</strong>
        {text.slice(at + core.length)}
      </bdi>
      ”
    </>
  );
}
