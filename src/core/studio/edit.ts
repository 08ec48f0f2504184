import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { LedeError } from '../../shared/errors.ts';
import { formatProblem, parseLesson } from '../lessons/parse.ts';
import { foldLongText } from './draft.ts';

// Editing a lesson file as text: an edit replaces only the characters of what it
// touches (found through the yaml Document's node ranges), so comments, key order,
// quoting and line breaks everywhere else stay byte for byte, and a file opened and
// saved unchanged is unchanged. Every edit is checked by parsing the whole lesson
// again; one that would make it invalid is refused and the file is left as it was.

export interface MentionInput {
  quote: string;
  occurrence?: number;
  core?: string;
}

export interface KeyItemInput {
  label: string;
  explanation: string;
  mentions: MentionInput[];
}

interface FrontMatter {
  /** Offset of the front matter's first character in the file. */
  offset: number;
  text: string;
}

function frontMatterOf(source: string): FrontMatter {
  const m = /^(\uFEFF?---\r?\n)([\s\S]*?\r?\n)(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(source);
  if (!m) throw new LedeError('invalid_input', 'This is not a lesson file: it has no front matter between two "---" lines.');
  return { offset: m[1]!.length, text: m[2]! };
}

/** The item as YAML lines, without indentation: "- quote: …" and its fields. */
function itemLines(item: KeyItemInput): string[] {
  const mention = (m: MentionInput) => ({ quote: m.quote, ...(m.occurrence !== undefined ? { occurrence: m.occurrence } : {}), ...(m.core !== undefined ? { core: m.core } : {}) });
  const data =
    item.mentions.length === 1
      ? { ...mention(item.mentions[0]!), label: item.label, explanation: item.explanation }
      : { label: item.label, explanation: item.explanation, mentions: item.mentions.map(mention) };
  const doc = new Document([data]);
  foldLongText(doc);
  // Double quotes where quoting is needed: single quotes would be taken for YAML's own (and warned about).
  return doc.toString({ lineWidth: 80, singleQuote: false }).replace(/\n$/, '').split('\n');
}

function keySeqOf(doc: Document, exerciseId: string): { exercise: YAMLMap; key: YAMLSeq | null; keyPairKeyEnd: number; valueEnd: number | null } {
  const exercises = doc.get('exercises', true);
  if (!isSeq(exercises)) throw new LedeError('invalid_input', 'This lesson has no list of exercises.');
  const exercise = exercises.items.find((e): e is YAMLMap => isMap(e) && e.get('id') === exerciseId);
  if (!exercise) throw new LedeError('not_found', `This lesson has no step "${exerciseId}".`);
  const pair = exercise.items.find((p) => isScalar(p.key) && p.key.value === 'key');
  if (!pair || !isScalar(pair.key) || !pair.key.range) throw new LedeError('invalid_input', `Step "${exerciseId}" has no key to add to.`);
  const key = isSeq(pair.value) ? (pair.value as YAMLSeq) : null;
  if (key?.flow && key.items.length > 0) {
    throw new LedeError('invalid_input', `The key of step "${exerciseId}" is written on one line ([…]); write it as a list, one item per line starting with "- ", and the studio can edit it.`);
  }
  const value = pair.value as { range?: [number, number, number] } | null;
  return { exercise, key, keyPairKeyEnd: pair.key.range[1], valueEnd: value?.range ? value.range[1] : null };
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const indentOf = (text: string, at: number) => /^ */.exec(text.slice(lineStart(text, at)))![0].length;

/** The file's front matter, parsed, with the step's key located in it; its line ending. */
function open(source: string, exerciseId: string) {
  const fm = frontMatterOf(source);
  const doc = parseDocument(fm.text);
  if (doc.errors.length) throw new LedeError('invalid_input', 'The lesson file has a YAML mistake; fix it first (lede lesson check shows where).');
  return { fm, doc, ...keySeqOf(doc, exerciseId), nl: source.includes('\r\n') ? '\r\n' : '\n' };
}

/** The lesson file with `item` added at the end of a step's key. */
export function addKeyItem(source: string, exerciseId: string, item: KeyItemInput): string {
  const { fm, doc, key, keyPairKeyEnd, valueEnd, nl } = open(source, exerciseId);
  const lines = itemLines(item);
  let edited: string;
  if (!key || key.items.length === 0) {
    // "key: []" (or "key:", "key: ~") becomes a block list under "key:"; a comment after it stays on that line.
    const indent = ' '.repeat(indentOf(fm.text, keyPairKeyEnd) + 2);
    const lineEnd = fm.text.indexOf('\n', keyPairKeyEnd);
    const eol = lineEnd === -1 ? fm.text.length : lineEnd;
    const afterValue = fm.text.slice(valueEnd !== null && valueEnd <= eol ? valueEnd : keyPairKeyEnd + 1, eol).replace(/\r$/, '');
    const comment = /^\s*#/.test(afterValue) ? ` ${afterValue.trim()}` : '';
    edited = `${fm.text.slice(0, keyPairKeyEnd)}:${comment}${nl}${lines.map((l) => indent + l).join(nl)}${fm.text.slice(eol).replace(/^\r(?=\n)/, '')}`;
  } else {
    const first = key.items[0] as { range?: [number, number, number] };
    const last = key.items[key.items.length - 1] as { range?: [number, number, number] };
    const dash = ' '.repeat(indentOf(fm.text, first.range![0]));
    let at = last.range![1];
    if (fm.text[at - 1] !== '\n') {
      const next = fm.text.indexOf('\n', at);
      at = next === -1 ? fm.text.length : next + 1;
    }
    edited = `${fm.text.slice(0, at)}${lines.map((l) => dash + l).join(nl)}${nl}${fm.text.slice(at)}`;
  }
  return checked(source, fm, doc, edited, { exerciseId, added: item });
}

/** The lesson file without the key item at `index` (0-based) of a step's key. */
export function removeKeyItem(source: string, exerciseId: string, index: number): string {
  const { fm, doc, key, keyPairKeyEnd, nl } = open(source, exerciseId);
  const items = (key?.items ?? []) as { range?: [number, number, number] }[];
  const target = items[index];
  if (!target?.range) throw new LedeError('not_found', `Step "${exerciseId}" has no key item ${index + 1}.`);
  const endOf = (r: [number, number, number]) => {
    const nl = fm.text.indexOf('\n', r[1] - (fm.text[r[1] - 1] === '\n' ? 1 : 0));
    return nl === -1 ? fm.text.length : nl + 1;
  };
  let edited: string;
  if (items.length === 1) {
    // The last item gone: "key: []" again.
    const end = endOf(target.range);
    edited = `${fm.text.slice(0, keyPairKeyEnd)}: []${nl}${fm.text.slice(end)}`;
  } else {
    // Comment lines just above an item belong to it: they go with it, and the next item keeps its own.
    const from = withCommentsAbove(fm.text, lineStart(fm.text, target.range[0]));
    const next = items[index + 1];
    const to = next?.range ? withCommentsAbove(fm.text, lineStart(fm.text, next.range[0])) : endOf(target.range);
    edited = fm.text.slice(0, from) + fm.text.slice(to);
  }
  return checked(source, fm, doc, edited, { exerciseId, removed: index });
}

/** The start of the comment lines directly above the line starting at `at`. */
function withCommentsAbove(text: string, at: number): number {
  let start = at;
  while (start > 0) {
    const prev = lineStart(text, start - 1);
    if (!/^\s*#/.test(text.slice(prev, start))) break;
    start = prev;
  }
  return start;
}

/**
 * The whole file with its front matter replaced, if it is still a valid lesson and
 * nothing but the one item changed: everything else parses to exactly what it was.
 */
function checked(source: string, fm: FrontMatter, doc: Document, frontMatter: string, change: { exerciseId: string; added?: KeyItemInput; removed?: number }): string {
  const next = source.slice(0, fm.offset) + frontMatter + source.slice(fm.offset + fm.text.length);
  const r = parseLesson(next, 'lesson');
  if (!r.ok) throw new LedeError('invalid_input', `That change would make the lesson invalid: ${r.problems.slice(0, 3).map((p) => formatProblem(p).replace(/^lesson:\d+: /, '')).join('; ')}`);
  const before = doc.toJS() as { exercises: { id: string; key?: unknown[] }[] };
  const after = parseDocument(frontMatter).toJS() as typeof before;
  const rest = (d: typeof before) => JSON.stringify({ ...d, exercises: d.exercises.map((e) => (e.id === change.exerciseId ? { ...e, key: null } : e)) });
  const keyOf = (d: typeof before) => (d.exercises.find((e) => e.id === change.exerciseId)?.key ?? []).map((k) => JSON.stringify(k));
  const oldKey = keyOf(before);
  const newKey = keyOf(after);
  const expected = change.removed !== undefined ? oldKey.filter((_, i) => i !== change.removed) : oldKey;
  const sameOthers = change.added ? newKey.length === oldKey.length + 1 && oldKey.every((k, i) => newKey[i] === k) : JSON.stringify(newKey) === JSON.stringify(expected);
  if (rest(before) !== rest(after) || !sameOthers) {
    throw new LedeError('internal', 'That change could not be made without touching other parts of the lesson file; nothing was changed.');
  }
  return next;
}
