import type { Database } from 'better-sqlite3';

// Queries over a list of ids. SQLite limits the number of bound variables in one
// statement (999 before 3.32, 32766 since), and a class can have thousands of
// attempts, so a long list is sent in chunks: one statement per chunk.

/** Ids per statement: far below either limit, with room for the statement's other parameters. */
export const IN_CHUNK = 500;

/**
 * Runs `sql(marks)` once per chunk of `ids`, where `marks` is the chunk's `?, ?, …`
 * to put inside `IN (…)`, and returns every row. `before` are the parameters that
 * come before the list in the statement. Rows come chunk by chunk: an ORDER BY
 * orders each chunk, so group rows by id rather than rely on a global order.
 */
export function allIn<Row>(db: Database, sql: (marks: string) => string, ids: readonly (string | number)[], before: readonly unknown[] = []): Row[] {
  const out: Row[] = [];
  for (let from = 0; from < ids.length; from += IN_CHUNK) {
    const chunk = ids.slice(from, from + IN_CHUNK);
    const rows = db.prepare(sql(chunk.map(() => '?').join(', '))).all(...before, ...chunk) as Row[];
    for (const r of rows) out.push(r);
  }
  return out;
}
