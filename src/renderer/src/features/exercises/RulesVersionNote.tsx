/**
 * A step scored under earlier scoring rules keeps the points those rules gave it
 * (and its feedback follows them) until a teacher re-scores it: said beside the points.
 */
export function RulesVersionNote({ version, reader = 'student' }: { version: number | undefined; reader?: 'student' | 'teacher' }) {
  if (version === undefined) return null;
  return (
    <p className="hint rules-version">
      Scored under earlier scoring rules (version {version}): these are the points they gave.{' '}
      {reader === 'student' ? 'Your teacher may re-score it under today’s rules.' : 'Re-score the lesson from the class’s results to apply today’s rules.'}
    </p>
  );
}
