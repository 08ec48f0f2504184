import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { LedeError } from '../../shared/errors.ts';
import { formatProblem, parseLesson } from '../lessons/parse.ts';

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

/** Long texts as folded blocks ("explanation: >-"), as a teacher writes them. */
export function foldLongText(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === 'string' && node.value.length > 70 && !node.value.includes('\n')) node.type = Scalar.BLOCK_FOLDED;
    },
  });
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
  return doc.toString({ lineWidth: 80 }).replace(/\n$/, '').split('\n');
}

function keySeqOf(doc: Document, exerciseId: string): { exercise: YAMLMap; key: YAMLSeq | null; keyPairKeyEnd: number } {
  const exercises = doc.get('exercises', true);
  if (!isSeq(exercises)) throw new LedeError('invalid_input', 'This lesson has no list of exercises.');
  const exercise = exercises.items.find((e): e is YAMLMap => isMap(e) && e.get('id') === exerciseId);
  if (!exercise) throw new LedeError('not_found', `This lesson has no step "${exerciseId}".`);
  const pair = exercise.items.find((p) => isScalar(p.key) && p.key.value === 'key');
  if (!pair || !isScalar(pair.key) || !pair.key.range) throw new LedeError('invalid_input', `Step "${exerciseId}" has no key to add to.`);
  return { exercise, key: isSeq(pair.value) ? (pair.value as YAMLSeq) : null, keyPairKeyEnd: pair.key.range[1] };
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const indentOf = (text: string, at: number) => /^ */.exec(text.slice(lineStart(text, at)))![0].length;

/** The lesson file with `item` added at the end of a step's key. */
export function addKeyItem(source: string, exerciseId: string, item: KeyItemInput): string {
  const fm = frontMatterOf(source);
  const doc = parseDocument(fm.text, { lineCounter: new LineCounter(), keepSourceTokens: false });
  if (doc.errors.length) throw new LedeError('invalid_input', 'The lesson file has a YAML mistake; fix it first (lede lesson check shows where).');
  const { key, keyPairKeyEnd } = keySeqOf(doc, exerciseId);
  const lines = itemLines(item);
  let edited: string;
  if (!key || key.items.length === 0) {
    // "key: []" (or an empty key) becomes a block list under "key:".
    const indent = ' '.repeat(indentOf(fm.text, keyPairKeyEnd) + 2);
    const end = key?.range ? key.range[1] : keyPairKeyEnd + 1;
    edited = `${fm.text.slice(0, keyPairKeyEnd)}:\n${lines.map((l) => indent + l).join('\n')}${fm.text.slice(end)}`;
  } else {
    const first = key.items[0] as { range?: [number, number, number] };
    const last = key.items[key.items.length - 1] as { range?: [number, number, number] };
    const dash = ' '.repeat(indentOf(fm.text, first.range![0]));
    let at = last.range![1];
    if (fm.text[at - 1] !== '\n') {
      const nl = fm.text.indexOf('\n', at);
      at = nl === -1 ? fm.text.length : nl + 1;
    }
    edited = `${fm.text.slice(0, at)}${lines.map((l) => dash + l).join('\n')}\n${fm.text.slice(at)}`;
  }
  return checked(source, fm, edited);
}

/** The lesson file without the key item at `index` (0-based) of a step's key. */
export function removeKeyItem(source: string, exerciseId: string, index: number): string {
  const fm = frontMatterOf(source);
  const doc = parseDocument(fm.text);
  if (doc.errors.length) throw new LedeError('invalid_input', 'The lesson file has a YAML mistake; fix it first (lede lesson check shows where).');
  const { key, keyPairKeyEnd } = keySeqOf(doc, exerciseId);
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
    edited = `${fm.text.slice(0, keyPairKeyEnd)}: []\n${fm.text.slice(end)}`;
  } else {
    const from = lineStart(fm.text, target.range[0]);
    const next = items[index + 1];
    const to = next?.range ? lineStart(fm.text, next.range[0]) : endOf(target.range);
    edited = fm.text.slice(0, from) + fm.text.slice(to);
  }
  return checked(source, fm, edited);
}

/** The whole file with its front matter replaced, if it is still a valid lesson. */
function checked(source: string, fm: FrontMatter, frontMatter: string): string {
  const next = source.slice(0, fm.offset) + frontMatter + source.slice(fm.offset + fm.text.length);
  const r = parseLesson(next, 'lesson');
  if (!r.ok) throw new LedeError('invalid_input', `That change would make the lesson invalid: ${r.problems.slice(0, 3).map((p) => formatProblem(p).replace(/^lesson:\d+: /, '')).join('; ')}`);
  return next;
}
