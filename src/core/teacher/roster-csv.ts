import { parse } from 'csv-parse/sync';
import { LedeError } from '../../shared/errors.ts';

// Roster files. Two shapes are accepted (documented in the README):
//  - Lede's own: a header row with `name` (or `given_name` + `family_name`), and
//    optionally `id` (the school's id for the student);
//  - OneRoster 1.1/1.2 `users.csv`: `sourcedId`, `role`, `givenName`, `familyName`
//    (and `status`, `enabledUser`); only students are taken, `sourcedId` is the id.
//
// A file uses one delimiter — comma, semicolon or tab — and it is chosen for the
// whole file, never per field: splitting on all three at once read "Müller,
// Jürgen;20234" as the name "Müller" with the id "Jürgen". Each candidate is tried
// with a real CSV parser (so quoted values are respected) and the one that gives the
// header more than one column and every row the header's number of values wins.

export type RosterDelimiter = ',' | ';' | '\t';
export const ROSTER_DELIMITERS: readonly RosterDelimiter[] = [',', ';', '\t'];
export const DELIMITER_NAMES: Record<RosterDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

export interface RosterEntry {
  line: number;
  name: string;
  rosterId: string | null;
}

export interface RosterProblem {
  line: number;
  reason: string;
  /** The name and id as read, when the row got that far (a OneRoster teacher, say). */
  name?: string;
  rosterId?: string | null;
}

export interface RosterParse {
  entries: RosterEntry[];
  skipped: RosterProblem[];
  format: 'lede' | 'oneroster';
  delimiter: RosterDelimiter;
  /** The header as read with that delimiter. */
  columns: string[];
}

const norm = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, '');

const ALIASES = {
  name: ['name', 'studentname', 'fullname', 'displayname', 'student'],
  given: ['givenname', 'firstname', 'first', 'forename'],
  family: ['familyname', 'lastname', 'last', 'surname'],
  id: ['id', 'studentid', 'sisid', 'sisuserid', 'rosterid', 'sourcedid'],
};
const KNOWN_COLUMNS = new Set([...ALIASES.name, ...ALIASES.given, ...ALIASES.family, ...ALIASES.id, 'role', 'status', 'enableduser']);

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;

interface Row {
  line: number;
  fields: string[];
}

/** The file read with one delimiter. */
interface Reading {
  delimiter: RosterDelimiter;
  /** The first row with anything in it, without trailing empty cells; null when even that cannot be read. */
  header: string[] | null;
  /** How many values the header row has, trailing empty cells included. */
  width: number;
  rows: Row[];
  /** Why the file cannot be read this way at all (a broken quotation). */
  error: { line: number; message: string } | null;
  /** Rows whose number of values is not the header's. */
  uneven: number;
  /** Header cells that name a column Lede knows; 100 more when one of them holds names. */
  known: number;
}

const BREAK = /\n/g;
const isBlank = (fields: string[]) => fields.every((f) => f === '');

function plainCsvError(err: unknown, text: string, lastLine: number): { line: number; message: string } {
  const e = err as { code?: string; lines?: number; message?: string };
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    // The parser reports where the file ended; the teacher needs where the quotation began.
    const lines = text.split('\n');
    let line = lastLine + 1;
    while (line < lines.length && lines[line - 1]!.trim() === '') line++;
    return { line, message: 'a quotation mark opens a value that is never closed' };
  }
  if (e.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || e.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return { line: e.lines ?? lastLine + 1, message: 'a value in quotation marks is followed by more text before the next separator' };
  }
  return { line: e.lines ?? lastLine + 1, message: e.message ?? String(err) };
}

function readWith(text: string, delimiter: RosterDelimiter): Reading {
  const options = {
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    // A quotation mark inside an unquoted value (Ana "Nan" Silva) is part of the name.
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
  };
  let lastLine = 0;
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      ...options,
      info: true,
      raw: true,
      on_record: (r, context) => ((lastLine = context.lines), r),
    }) as unknown as typeof records;
  } catch (err) {
    let header: string[] | null = null;
    try {
      header = (parse(text, { ...options, to: 1 }) as string[][])[0] ?? null;
    } catch {
      header = null;
    }
    return { delimiter, header, width: header?.length ?? 0, rows: [], error: plainCsvError(err, text, lastLine), uneven: Infinity, known: header ? countKnown(header) : 0 };
  }
  // info.lines is the line a record ends on; its raw text (after any blank lines that
  // were skipped before it) says how many lines it spans, so where it starts.
  const all: Row[] = records.map(({ record, info, raw }) => ({
    line: info.lines - (raw.replace(/^\s+/, '').replace(/\n$/, '').match(BREAK)?.length ?? 0),
    fields: record,
  }));
  const first = all.findIndex((r) => !isBlank(r.fields));
  if (first === -1) return { delimiter, header: null, width: 0, rows: [], error: null, uneven: 0, known: 0 };
  const width = all[first]!.fields.length;
  const header = all[first]!.fields.slice();
  while (header.length > 1 && header.at(-1) === '') header.pop();
  const rows = all.slice(first + 1).filter((r) => !isBlank(r.fields));
  // Strictly here: with "rows may end in extra empty values", "a,;" would fit a one-column file read with semicolons and lose its ";".
  const uneven = rows.filter((r) => r.fields.length !== width).length;
  return { delimiter, header, width, rows: [all[first]!, ...rows], error: null, uneven, known: countKnown(header) };
}

const NAME_COLUMNS = new Set([...ALIASES.name, ...ALIASES.given, ...ALIASES.family]);
const countKnown = (header: string[]) =>
  header.filter((h) => KNOWN_COLUMNS.has(norm(h))).length + (header.some((h) => NAME_COLUMNS.has(norm(h))) ? 100 : 0);

/** A row fits the header when it has as many values, or more that are all empty (a spreadsheet's trailing separators). */
const fits = (fields: string[], width: number) => fields.length === width || (fields.length > width && fields.slice(width).every((f) => f === ''));

/** Which reading is better: a header of several columns, then fewer uneven rows, then a name column and more known columns. */
function compare(a: Reading, b: Reading): number {
  const multi = (r: Reading) => (r.width > 1 ? 1 : 0);
  return multi(b) - multi(a) || a.uneven - b.uneven || b.known - a.known;
}

/** Reads the file with each delimiter and keeps the one that fits it; see the comment at the top. */
function chooseReading(text: string): Reading {
  const readings = ROSTER_DELIMITERS.map((d) => readWith(text, d));
  const readable = readings.filter((r) => !r.error);
  if (readable.length === 0) {
    // Say what is wrong as the file was most likely meant: by its header.
    const [best] = readings.sort((a, b) => compare({ ...a, uneven: 0 }, { ...b, uneven: 0 }) || b.error!.line - a.error!.line);
    const { line, message } = best!.error!;
    throw new LedeError('invalid_input', `The roster is not a readable CSV file (read as ${DELIMITER_NAMES[best!.delimiter]}-separated): on line ${line}, ${message}.`);
  }
  // Sorting is stable, so equal readings keep the order comma, semicolon, tab.
  const [best, second] = readable.sort(compare);
  if (second && compare(best!, second) === 0 && best!.width > 1) {
    // Both read the file as several columns just as well: guessing could swap names and ids.
    throw new LedeError(
      'invalid_input',
      `The roster reads as well ${DELIMITER_NAMES[best!.delimiter]}-separated as ${DELIMITER_NAMES[second.delimiter]}-separated, with different columns. ` +
        'Save it again with one kind of separator, with quotation marks around any value that contains one.',
    );
  }
  return best!;
}

const quoteValues = (fields: string[]) =>
  fields
    .slice(0, 6)
    .map((f) => `"${f.length > 40 ? `${f.slice(0, 40)}…` : f}"`)
    .join(', ') + (fields.length > 6 ? ', …' : '');

export function parseRoster(input: string): RosterParse {
  if (Buffer.byteLength(input) > MAX_ROSTER_BYTES) throw new LedeError('too_large', 'The roster file is larger than 5 MB.');
  // One kind of line break, so that line numbers are the ones an editor shows.
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const reading = chooseReading(text);
  const header = reading.header;
  if (!header) throw new LedeError('invalid_input', 'The roster file is empty.');
  const { delimiter } = reading;
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
  const rows = reading.rows.slice(1);
  if (rows.length === 0) throw new LedeError('invalid_input', 'The roster has a header row but no students.');
  const entries: RosterEntry[] = [];
  const skipped: RosterProblem[] = [];
  const sep = DELIMITER_NAMES[delimiter];
  const columnList = header.join(delimiter === '\t' ? ', ' : `${delimiter} `);
  for (const { line, fields } of rows) {
    if (!fits(fields, header.length)) {
      const n = fields.length;
      const reason =
        `${n} ${n === 1 ? 'value' : 'values'} where the header has ${header.length} columns (${columnList}): ${quoteValues(fields)}` +
        (n > header.length ? `. A value that contains a ${sep} must be in quotation marks.` : '.');
      skipped.push({ line, reason });
      continue;
    }
    const cell = (k: number) => (k === -1 ? '' : (fields[k] ?? '').trim());
    const name = cell(iName) || [cell(iGiven), cell(iFamily)].filter(Boolean).join(' ');
    const rosterId = cell(iId) || null;
    if (oneRoster) {
      const role = cell(iRole).toLowerCase();
      if (role !== 'student') {
        skipped.push({ line, reason: `role is "${cell(iRole) || 'blank'}", not student`, name, rosterId });
        continue;
      }
      if (cell(iStatus).toLowerCase() === 'tobedeleted') {
        skipped.push({ line, reason: 'status is tobedeleted', name, rosterId });
        continue;
      }
      if (cell(iEnabled).toLowerCase() === 'false') {
        skipped.push({ line, reason: 'the account is disabled (enabledUser is false)', name, rosterId });
        continue;
      }
    }
    if (!name) {
      skipped.push({ line, reason: 'no name', name, rosterId });
      continue;
    }
    entries.push({ line, name, rosterId });
  }
  return { entries, skipped, format: oneRoster ? 'oneroster' : 'lede', delimiter, columns: header };
}
