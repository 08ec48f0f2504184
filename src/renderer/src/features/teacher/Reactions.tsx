import type { ReactionDto } from '../../../../shared/api.ts';
import { FEELING_NAMES, FEELINGS, SHARE_NAMES } from '../../../../shared/reaction.ts';
import type { ReactionSummaryDto } from '../../../../shared/teacher-api.ts';

// The first-reaction check on the teacher's side: a compact line over the class's
// results, and a student's two answers in their review. Never a grade.

type Phase = ReactionSummaryDto['before'];

const shareCount = (p: Phase) => p.share.yes + p.share.comment;
/** The feelings most named, most first: "Angry 5, Shocked 4". */
function topFeelings(p: Phase): string {
  const named = FEELINGS.map((f) => ({ f, n: p.feelings[f] })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n).slice(0, 3);
  return named.length ? named.map((x) => `${FEELING_NAMES[x.f]} ${x.n}`).join(', ') : '—';
}

/** Over the class's results: how many would share before and after, and what they felt. */
export function ReactionSummary({ summary }: { summary: ReactionSummaryDto }) {
  const { before, after } = summary;
  return (
    <section className="reaction-summary" aria-labelledby="reaction-summary-title">
      <h3 id="reaction-summary-title">First reaction (not scored)</h3>
      {/* Its own scroller: on a phone, in a wide font, the four columns may not fit. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="First reaction, before reading and at the end">
        <table className="reaction-summary-table">
          <thead>
            <tr>
              <td />
              <th scope="col">Answered</th>
              <th scope="col">Would share it</th>
              <th scope="col">Felt most</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Before reading</th>
              <td>{before.answered} of {summary.students}</td>
              <td>{before.answered ? `${shareCount(before)} of ${before.answered}` : '—'}</td>
              <td>{topFeelings(before)}</td>
            </tr>
            <tr>
              <th scope="row">At the end</th>
              <td>{after.answered} of {summary.students}</td>
              <td>{after.answered ? `${shareCount(after)} of ${after.answered}` : '—'}</td>
              <td>{topFeelings(after)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {summary.both > 0 && (
        <p className="hint">
          {summary.changedShare} of the {summary.both} {summary.both === 1 ? 'student' : 'students'} who answered both times changed their answer about sharing. Open a student to see both answers.
        </p>
      )}
    </section>
  );
}

function Answer({ r }: { r: ReactionDto | undefined }) {
  if (!r) return <span className="hint">not answered</span>;
  return (
    <>
      {r.feelings.map((f) => FEELING_NAMES[f]).join(', ')} · would share: {SHARE_NAMES[r.share].toLowerCase()}
      {r.words !== '' && (
        <>
          {' '}
          · <q dir="auto">{r.words}</q>
        </>
      )}
    </>
  );
}

/** In a student's review: their first reaction before reading and at the end. */
export function ReactionReview({ reactions }: { reactions: ReactionDto[] }) {
  return (
    <section className="reaction-review" aria-label="First reaction (not scored)">
      <strong>First reaction</strong> <span className="hint">(not scored)</span>
      <dl>
        <dt>Before reading</dt>
        <dd>
          <Answer r={reactions.find((r) => r.phase === 'before')} />
        </dd>
        <dt>At the end</dt>
        <dd>
          <Answer r={reactions.find((r) => r.phase === 'after')} />
        </dd>
      </dl>
    </section>
  );
}
