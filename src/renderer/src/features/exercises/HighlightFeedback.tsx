import { RulesVersionNote } from './RulesVersionNote.tsx';
import type { PublicExerciseDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { LabelSwatch } from '../../components/LabelSwatch.tsx';
import { useRoving } from './roving.ts';

type Exercise = Extract<PublicExerciseDto, { kind: 'highlight' }>;
type Feedback = Extract<StepFeedbackDto, { kind: 'highlight' }>;
type Item = Feedback['items'][number];

const pct = (x: number) => `${Math.round(x * 100)}%`;

const STATUS_TEXT = { found: 'Found', partly: 'Partly found', missed: 'Missed' } as const;
const STATUS_ICON = { found: '✓', partly: '◐', missed: '✗' } as const;

/** The scoring rule in words a student can read (the same rule as core/scoring/spans.ts). */
export const SCORING_RULE =
  'You find an item by highlighting the words that identify it — a source’s name, the loaded word — with the right label. Once is enough: marking it again somewhere else does no harm. Part of those words earns part of the item, and the right words with a wrong label earn part of it too. Marking a passage the key leaves out on purpose costs nothing. Highlighting much more than the key, such as whole paragraphs, lowers your score, and highlighting everything earns nothing: only what lies inside the key beyond what random marking would hit counts.';

/** Who reads the feedback: the student ("you"), or their teacher reviewing the attempt. */
export type Reader = 'student' | 'teacher';

/** "You found 6 of 8 sources": counts key items, however many times each appears. */
export function foundSummary(feedback: Pick<Feedback, 'found' | 'total'>, itemName: string, reader: Reader = 'student'): string {
  return `${reader === 'student' ? 'You found' : 'Found'} ${feedback.found} of ${feedback.total} ${itemName}`;
}

/** The mention shown for an item: the one the student found, or the first. */
export function shownMention(item: Item) {
  return item.mentions[item.mention] ?? item.mentions[0]!;
}

function ItemNote({ item, text, labelName, reader }: { item: Item; text: string; labelName: (id: string) => string; reader: Reader }) {
  const [you, You] = reader === 'student' ? ['you', 'You'] : ['the student', 'The student'];
  const m = shownMention(item);
  const core = text.slice(m.coreStart, m.coreEnd);
  const coreIsWhole = m.coreStart === m.start && m.coreEnd === m.end;
  const notes: string[] = [];
  if (item.markedAs) notes.push(`Right words, wrong label: ${you} marked them as ${labelName(item.markedAs)}; here they are ${(item.labels ?? [item.label]).map(labelName).join(' or ')}, so they earn ${pct(item.credit)} of the item.`);
  if (item.status === 'partly' && !item.markedAs) notes.push(coreIsWhole ? `${You} highlighted ${pct(item.credit)} of it.` : `${You} highlighted part of “${core}”: ${pct(item.credit)} of it counts.`);
  if (item.nearby) notes.push(`${You} marked words next to it, but not the words that identify it: “${core}”.`);
  if (item.status === 'missed' && !coreIsWhole && !item.nearby && !item.markedAs) notes.push(`The words that identify it: “${core}”.`);
  return notes.length ? <p className="marked-as">{notes.join(' ')}</p> : null;
}

interface Props {
  exercise: Exercise;
  feedback: Feedback;
  text: string;
  onShow: (s: { start: number; end: number }) => void;
  reader?: Reader;
}

export function HighlightFeedback({ exercise, feedback, text, onShow, reader = 'student' }: Props) {
  const labelIndex = new Map(exercise.labels.map((l, i) => [l.id, i]));
  const labelName = (id: string) => exercise.labels.find((l) => l.id === id)?.name ?? id;
  const partly = feedback.items.filter((k) => k.status === 'partly').length;
  const groups = (['found', 'partly', 'missed'] as const).map((status) => ({ status, items: feedback.items.filter((k) => k.status === status) }));
  // Every quote below is one Tab stop together: arrow keys go from one to the next.
  const quotes = useRoving<HTMLDivElement>();
  return (
    <div className="feedback" aria-labelledby="feedback-title">
      <h3 id="feedback-title" className="feedback-figure" tabIndex={-1} data-result>
        {foundSummary(feedback, exercise.itemName, reader)}
        {partly > 0 && <span className="feedback-sub">, and partly found {partly}</span>}
      </h3>
      <p className="points">
        <strong>{feedback.points}</strong> of {feedback.maxPoints} points
      </p>
      <RulesVersionNote version={feedback.rulesVersion} reader={reader} />
      <ul className="status-legend" aria-label="How the article shows the key">
        <li><span className="sl-found" aria-hidden="true" />found <span className="sl-how">(green, solid line above)</span></li>
        <li><span className="sl-partly" aria-hidden="true" />partly found <span className="sl-how">(amber, dashed line above)</span></li>
        <li><span className="sl-missed" aria-hidden="true" />missed <span className="sl-how">(red, dotted line above)</span></li>
        <li><span className="sl-extra" aria-hidden="true" />not in the key <span className="sl-how">(struck through)</span></li>
      </ul>
      <details className="metrics">
        <summary>How is this scored?</summary>
        <p>{SCORING_RULE}</p>
        <dl>
          <dt>Items found {pct(feedback.itemRecall)}</dt>
          <dd>{feedback.found} of {feedback.total} {exercise.itemName}{partly > 0 ? `, plus part of ${partly}` : ''}.</dd>
          <dt>Inside the key {pct(feedback.spanPrecision)}</dt>
          <dd>How much of what {reader === 'student' ? 'you' : 'the student'} highlighted lies inside the key’s phrases, with the right label.</dd>
          <dt>Beyond chance {pct(feedback.beyondChance)}</dt>
          <dd>The key covers {pct(feedback.keyShare)} of the text, so marking at random lands inside it that often; only what is inside beyond that counts.</dd>
          <dt>Score {pct(feedback.score)}</dt>
          <dd>A balance of the two, pulled down by whichever is lower: {feedback.points} of {feedback.maxPoints} points.</dd>
        </dl>
      </details>
      <div className="fb-lists" ref={quotes.ref} onKeyDown={quotes.onKeyDown} onFocus={quotes.onFocus}>
      {groups.map(({ status, items }) =>
        items.length === 0 ? null : (
          <section key={status} className={`fb-group fb-${status}`}>
            <h4>
              <span aria-hidden="true">{STATUS_ICON[status]}</span> {STATUS_TEXT[status]} ({items.length})
            </h4>
            <ul>
              {items.map((k) => {
                const m = shownMention(k);
                const others = k.mentions.filter((x) => x !== m);
                return (
                  <li key={`${k.mentions[0]!.start}-${k.label}`} className="fb-item">
                    <button type="button" className="quote-link" data-roving onClick={() => onShow(m)} title="Show in the article">
                      <LabelSwatch index={labelIndex.get(k.label) ?? 0} /> “{m.quote}”<span className="visually-hidden">, {STATUS_TEXT[status].toLowerCase()}</span>
                    </button>
                    <span className="label-name">{labelName(k.label)}</span>
                    <ItemNote item={k} text={text} labelName={labelName} reader={reader} />
                    <p className="explanation">{k.explanation}</p>
                    {others.length > 0 && (
                      <p className="also-at">
                        Also appears as{' '}
                        {others.map((o, i) => (
                          <span key={o.start}>
                            {i > 0 && (i === others.length - 1 ? ' and ' : ', ')}
                            <button type="button" className="quote-link inline" data-roving onClick={() => onShow(o)} title="Show in the article">
                              “{o.quote}”
                            </button>
                          </span>
                        ))}
                        {status === 'found' ? ' (counted once).' : '.'}
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        ),
      )}
      {feedback.extraSpans.length > 0 && (
        <section className="fb-group fb-extra">
          <h4>
            <span aria-hidden="true">+</span> Not in the key ({feedback.extraSpans.length})
          </h4>
          <p className="hint">
            {reader === 'student'
              ? 'These highlights do not touch anything in the key. Ask yourself why you chose them — you may have spotted something the key leaves out.'
              : 'These highlights do not touch anything in the key: worth asking the student why they chose them.'}
          </p>
          <ul>
            {feedback.extraSpans.map((s) => (
              <li key={`${s.start}-${s.end}-${s.label}`} className="fb-item">
                <button type="button" className="quote-link" data-roving onClick={() => onShow(s)}>
                  <LabelSwatch index={labelIndex.get(s.label) ?? 0} /> “{text.slice(s.start, s.end)}”<span className="visually-hidden">, not in the key</span>
                </button>
                <span className="label-name">{labelName(s.label)}</span>
                {s.note && <p className="explanation">Left out of the key on purpose: {s.note}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      </div>
    </div>
  );
}
