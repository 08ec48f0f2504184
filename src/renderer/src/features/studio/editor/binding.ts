// What the article does for the current step: a highlight step's key items painted
// and made by selection (new item, another place of an item, its identifying
// words); an evidence step's claims chosen by selection. Other steps leave the
// article as it is.
import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Word } from '../../../../../shared/words.ts';
import { useApp } from '../../../state/app.ts';
import { selectAnnounce } from '../../../state/selectors.ts';
import { selectAssistant, selectEditorActive, selectNavigation, selectQuietActions, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import type { Mark, PickerAction } from './EditorArticle.tsx';
import {
  addMention,
  duplicateOf,
  mentionAt,
  newItem,
  placeItem,
  placeQuote,
  setCore,
  shorten,
  uniqueId,
  verdictList,
  type ClaimData,
  type EvidenceData,
  type HighlightData,
  type KeyItemData,
  type LabelData,
  type ResolvedMention,
  type StepData,
  type TextIndex,
} from './model.ts';
import { anchor, fieldId } from './problems.ts';

/** The item card in the step's key (it takes the focus after a change made in the article). */
export const itemCardId = (stepIndex: number, j: number) => fieldId(anchor('exercises', stepIndex, 'key', j));
/** The phone's panel under the article that shows the selected item (when the key list is not on screen). */
export const SHEET_ID = 'ed-sheet';

export interface ArticleBinding {
  marks: Mark[];
  cores: Word[];
  proposals: Word[];
  labels: readonly LabelData[];
  selectable: boolean;
  actions: (span: Word) => PickerAction[];
  onLabel: (span: Word, labelId: string) => void;
  onPickMark: (ref: number) => void;
}

const NO_LABELS: readonly LabelData[] = [];
const NONE: Word[] = [];
const VERDICT_COLOUR = { supported: 2, contradicted: 1, 'not-found': 6 } as const;

const overlaps = (a: Word, b: Word) => a.start < b.end && b.start < a.end;
const inside = (a: Word, b: Word) => b.start <= a.start && a.end <= b.end;

const placeCache = new WeakMap<KeyItemData, { ix: TextIndex; placed: ResolvedMention[] }>();

/** Where an item's mentions are, computed once per item and text (an unchanged item keeps its array). */
function placeCached(ix: TextIndex, it: KeyItemData): ResolvedMention[] {
  const hit = placeCache.get(it);
  if (hit && hit.ix === ix) return hit.placed;
  const placed = placeItem(ix, it);
  placeCache.set(it, { ix, placed });
  return placed;
}

/** Where each item's mentions are. */
export function usePlacedKey(ix: TextIndex, key: readonly KeyItemData[] | undefined) {
  return useMemo(() => (Array.isArray(key) ? key : []).map((it) => placeCached(ix, it)), [ix, key]);
}

export function useArticleBinding(step: StepData | undefined, stepIndex: number, ix: TextIndex, editable: boolean): ArticleBinding {
  const update = useStudioEditor(selectUpdate);
  const active = useStudioEditor(selectEditorActive);
  const { setActive, focus, say } = useStudioEditor(useShallow(selectNavigation));
  const { proposals } = useStudioEditor(useShallow(selectAssistant));
  const { hush } = useStudioEditor(useShallow(selectQuietActions));
  const announce = useApp(selectAnnounce);

  const highlight = step?.kind === 'highlight' ? step : null;
  const evidence = step?.kind === 'evidence' ? step : null;
  const placed = usePlacedKey(ix, highlight?.key);
  const labelIndex = useMemo(() => new Map((highlight?.labels ?? []).map((l, i) => [l.id, i])), [highlight?.labels]);

  const marks = useMemo<Mark[]>(() => {
    if (highlight) return placed.flatMap((ms, ref) => ms.map((m) => ({ start: m.start, end: m.end, labelIndex: labelIndex.get(highlight.key[ref]!.label) ?? 7, ref })));
    if (evidence)
      return (evidence.claims ?? []).flatMap((c, ref) => {
        const at = c.quote ? placeQuote(ix, c.quote, c.occurrence) : null;
        return at ? [{ ...at, labelIndex: VERDICT_COLOUR[verdictList(c.verdict)[0] ?? 'not-found'] ?? 6, ref }] : [];
      });
    return [];
  }, [highlight, evidence, placed, labelIndex, ix]);

  const cores = useMemo<Word[]>(() => {
    if (!highlight || active === null) return NONE;
    return (placed[active] ?? []).filter((m) => m.hasCore).map((m) => ({ start: m.coreStart, end: m.coreEnd }));
  }, [highlight, placed, active]);

  const stepProposals = useMemo<Word[]>(() => (highlight ? proposals.filter((p) => p.exerciseId === highlight.id).map((p) => ({ start: p.start, end: p.end })) : NONE), [highlight, proposals]);

  const keyPath = useMemo(() => ['exercises', stepIndex, 'key'] as const, [stepIndex]);

  const onLabel = useCallback(
    (span: Word, labelId: string) => {
      if (!highlight) return;
      const n = highlight.key.length;
      const name = highlight.labels.find((l) => l.id === labelId)?.name ?? labelId;
      const words = shorten(ix.text.slice(span.start, span.end));
      // The same words with the same label are one item: never a second, identical one.
      const dup = duplicateOf(placed, highlight.key, [span], labelId);
      if (dup >= 0) {
        const text = `Item ${dup + 1} already marks “${words}” as ${name}: nothing was added.`;
        say(text);
        announce(text);
        setActive(dup);
        focus(itemCardId(stepIndex, dup), SHEET_ID);
        return;
      }
      update<KeyItemData[]>(keyPath, (key) => [...(key ?? []), newItem(ix, span.start, span.end, labelId)]);
      hush(anchor('exercises', stepIndex, 'key', n, 'explanation'));
      setActive(n);
      say(null);
      announce(`Item ${n + 1} added: “${words}”, ${name}. Write its explanation.`);
      focus(fieldId(anchor('exercises', stepIndex, 'key', n, 'explanation')));
    },
    [highlight, update, keyPath, ix, setActive, announce, focus, stepIndex, placed, say, hush],
  );

  const actions = useCallback(
    (span: Word): PickerAction[] => {
      const out: PickerAction[] = [];
      if (highlight) {
        const words = ix.text.slice(span.start, span.end);
        if (active !== null && highlight.key[active] && !(placed[active] ?? []).some((m) => overlaps(m, span))) {
          const a = active;
          out.push({
            key: 'mention',
            text: `Add as another place of item ${a + 1}`,
            run: (s) => {
              update<KeyItemData>([...keyPath, a], (it) => addMention(it, mentionAt(ix, s.start, s.end)));
              announce(`“${shorten(words)}” added as another place of item ${a + 1}.`);
              focus(itemCardId(stepIndex, a), SHEET_ID);
            },
          });
        }
        // Identifying words: inside a place of the selected item (else of any item).
        const owners = placed
          .map((ms, j) => ({ j, m: ms.findIndex((m) => inside(span, m)) }))
          .filter((o) => o.m >= 0)
          .sort((x, y) => Number(y.j === active) - Number(x.j === active))
          .slice(0, 2);
        for (const { j, m } of owners) {
          const mention = placed[j]![m]!;
          const whole = span.start === mention.start && span.end === mention.end;
          out.push({
            key: `core-${j}`,
            text: whole ? `Make the whole place the identifying words of item ${j + 1}` : `Make these the identifying words of item ${j + 1}`,
            run: () => {
              update<KeyItemData>([...keyPath, j], (it) => setCore(it, mention.index, whole ? undefined : words));
              setActive(j);
              announce(whole ? `Item ${j + 1}: the whole place identifies it.` : `Item ${j + 1}: “${shorten(words)}” are its identifying words.`);
              focus(itemCardId(stepIndex, j), SHEET_ID);
            },
          });
        }
      }
      if (evidence) {
        const m = mentionAt(ix, span.start, span.end);
        const claims = evidence.claims ?? [];
        if (active !== null && claims[active]) {
          const a = active;
          out.push({
            key: 'claim-quote',
            text: `Use these words for claim ${a + 1}`,
            run: () => {
              update<ClaimData>(['exercises', stepIndex, 'claims', a], (c) => {
                const { occurrence: _o, ...rest } = c;
                return { ...rest, ...m };
              });
              announce(`Claim ${a + 1} now quotes “${shorten(m.quote)}”.`);
              focus(fieldId(anchor('exercises', stepIndex, 'claims', a)));
            },
          });
        }
        out.push({
          key: 'claim-new',
          text: 'New claim from these words',
          run: () => {
            const id = uniqueId('claim', claims.map((c) => c.id));
            update<ClaimData[]>(['exercises', stepIndex, 'claims'], (list) => [...(list ?? []), { id, ...m, claim: '', verdict: 'supported', cards: [], explanation: '' }]);
            setActive(claims.length);
            announce(`Claim ${claims.length + 1} added. Say the claim in plain words.`);
            focus(fieldId(anchor('exercises', stepIndex, 'claims', claims.length, 'claim')));
          },
        });
      }
      return out;
    },
    [highlight, evidence, ix, active, placed, update, keyPath, announce, setActive, stepIndex, focus],
  );

  const onPickMark = useCallback(
    (ref: number) => {
      setActive(ref);
      announce(`${evidence ? 'Claim' : 'Item'} ${ref + 1} is selected in the list.`);
    },
    [setActive, evidence, announce],
  );

  return {
    marks,
    cores,
    proposals: stepProposals,
    labels: highlight?.labels ?? NO_LABELS,
    selectable: editable && (highlight !== null || evidence !== null),
    actions,
    onLabel,
    onPickMark,
  };
}

export type { EvidenceData, HighlightData };
