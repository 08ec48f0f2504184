import type { YAMLError } from 'yaml';

// A YAML syntax error in a lesson file, said in plain words with the fix: only the
// first one is reported (the errors after it usually follow from it, as one tab
// can make dozens), and the check stops there.

/** `key: value` on one line, as a teacher wrote it. */
const FIELD = /^(\s*(?:-\s+)?)([A-Za-z][\w-]*):\s+(.*)$/;

/** The line with its value in double quotes (backslashes and double quotes escaped). */
function quoted(line: string): string | null {
  const m = FIELD.exec(line);
  if (!m) return null;
  const [, indent, key, value] = m as unknown as [string, string, string, string];
  return `${indent}${key}: "${value.trim().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The message for the first YAML error: what went wrong on that line and how to
 * fix it. `lines` are the front matter's lines; `at` is the error's line within them (1-based).
 */
export function yamlErrorMessage(err: YAMLError, lines: readonly string[], at: number): { at: number; message: string } {
  // An unclosed [ or { is noticed on a later line: report the line that opened it.
  if (/^Flow (sequence|map)/.test(err.message)) {
    const [open, close, what] = err.message.startsWith('Flow sequence') ? ['[', ']', 'list'] : ['{', '}', 'set of fields'];
    for (let i = Math.min(at, lines.length); i >= 1; i--) {
      const l = lines[i - 1] ?? '';
      if (l.split(open).length > l.split(close).length) {
        return {
          at: i,
          message: `a ${what} opened with "${open}" is never closed with "${close}": close it on the same line, or, if the bracket belongs to the text, put the whole value in double quotes, like this: ${quoted(l)?.trim() ?? `"${l.trim()}"`}`,
        };
      }
    }
  }
  return { at, message: messageFor(err, lines, at) };
}

function messageFor(err: YAMLError, lines: readonly string[], at: number): string {
  const line = lines[at - 1] ?? '';
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return 'this line is indented with a tab, and YAML needs spaces: replace the tab with spaces (replacing every tab in the file with two spaces fixes all such lines at once)';
    case 'DUPLICATE_KEY': {
      const key = FIELD.exec(line)?.[2];
      return `${key ? `"${key}"` : 'a field'} is given twice in the same block: keep one of them`;
    }
    case 'MISSING_CHAR':
      if (/closing "?quote/i.test(err.message) || /quote/i.test(err.message)) {
        return 'a value that opens with a quote mark is never closed: close it with the same mark, or, if the mark belongs to the text, put the whole value in double quotes and write \\" for a double quote inside it';
      }
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // Most often a value with ": " in it, which YAML reads as a field inside a field.
      for (const l of [line, lines[at] ?? '']) {
        const m = FIELD.exec(l);
        if (m && /:\s/.test(m[3] ?? '') && !/^["']/.test(m[3] ?? '')) {
          return `this value contains ": ", which YAML reads as the start of another field: put the value in double quotes, like this: ${quoted(l)?.trim()}`;
        }
      }
      return 'this line is indented differently from the lines at its level: line up each field under the one above it (a field that belongs inside another is indented two more spaces)';
    }
    default:
      break;
  }
  const first = err.message.split('\n')[0]!.replace(/\.$/, '');
  return `YAML cannot read this line (${first}): check that it is indented like the lines of its level above, and put a value that contains ": " or " #", or starts with a quote mark, in double quotes`;
}
