import { parse } from 'csv-parse/sync';
import { LedeError } from '../../shared/errors.ts';

// Roster files. Two shapes are accepted (documented in the README):
//  - Lede's own: a header row with `name` (or `given_name` + `family_name`), and
//    optionally `id` (the school's id for the student);
//  - OneRoster 1.1/1.2 `users.csv`: `sourcedId`, `role`, `givenName`, `familyName`
//    (and `status`, `enabledUser`); only students are taken, `sourcedId` is the id.

export interface RosterEntry {
  line: number;
  name: string;
  rosterId: string | null;
}

export interface RosterParse {
  entries: RosterEntry[];
  skipped: { line: number; reason: string }[];
  format: 'lede' | 'oneroster';
}

const norm = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, '');

const ALIASES = {
  name: ['name', 'studentname', 'fullname', 'displayname', 'student'],
  given: ['givenname', 'firstname', 'first', 'forename'],
  family: ['familyname', 'lastname', 'last', 'surname'],
  id: ['id', 'studentid', 'sisid', 'sisuserid', 'rosterid', 'sourcedid'],
};

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;

export function parseRoster(text: string): RosterParse {
  if (Buffer.byteLength(text) > MAX_ROSTER_BYTES) throw new LedeError('too_large', 'The roster file is larger than 5 MB.');
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    throw new LedeError('invalid_input', `The roster is not a readable CSV file (${(err as Error).message}).`);
  }
  const header = rows[0];
  if (!header) throw new LedeError('invalid_input', 'The roster file is empty.');
  const cols = header.map(norm);
  const find = (names: string[]) => cols.findIndex((c) => names.includes(c));
  const iName = find(ALIASES.name);
  const iGiven = find(ALIASES.given);
  const iFamily = find(ALIASES.family);
  const iId = find(ALIASES.id);
  const iRole = cols.indexOf('role');
  const iStatus = cols.indexOf('status');
  const iEnabled = cols.indexOf('enableduser');
  const oneRoster = cols.includes('sourcedid') && iRole !== -1;
  if (iName === -1 && iGiven === -1 && iFamily === -1) {
    throw new LedeError(
      'invalid_input',
      `The roster has no name column: it needs "name", or "given_name" and "family_name" (OneRoster: "givenName" and "familyName"). Columns found: ${header.slice(0, 12).join(', ')}.`,
    );
  }
  const entries: RosterEntry[] = [];
  const skipped: { line: number; reason: string }[] = [];
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const cell = (k: number) => (k === -1 ? '' : (row[k] ?? '').trim());
    if (oneRoster) {
      const role = cell(iRole).toLowerCase();
      if (role !== 'student') return skipped.push({ line, reason: `role is "${cell(iRole) || 'blank'}", not student` });
      if (cell(iStatus).toLowerCase() === 'tobedeleted') return skipped.push({ line, reason: 'status is tobedeleted' });
      if (cell(iEnabled).toLowerCase() === 'false') return skipped.push({ line, reason: 'the account is disabled (enabledUser is false)' });
    }
    const name = cell(iName) || [cell(iGiven), cell(iFamily)].filter(Boolean).join(' ');
    if (!name) return skipped.push({ line, reason: 'no name' });
    entries.push({ line, name, rosterId: cell(iId) || null });
  });
  return { entries, skipped, format: oneRoster ? 'oneroster' : 'lede' };
}
