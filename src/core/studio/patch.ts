import { Document, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LedeError } from '../../shared/errors.ts';
import { bodyText, foldLongText } from './draft.ts';

// A lesson file changed to hold new front-matter data, touching only what changed.
// The studio edits a lesson as data (the front matter's object); this writes that
// data back into the file as a person would: a changed value replaces the text of
// that value, a removed field or list item takes its lines (and the comment lines
// just above it) with it, a new one is added in the style of the file, and
// everything else — comments, key order, quoting, line breaks, the article's body —
// stays byte for byte. Unchanged data leaves the file identical. The result is read
// back and must give exactly the new data, or nothing is written.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Edit {
  from: number;
  to: number;
  text: string;
}

/** The front matter of a lesson file: its text and where it starts. */
export function frontMatterOf(source: string): { offset: number; text: string } {
  const m = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source);
  if (!m) throw new LedeError('invalid_input', 'This is not a lesson file: it has no front matter between two "---" lines.');
  return { offset: m[1]!.length, text: m[2]! };
}

/** A value with its object keys in one order, for comparing. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : val,
  );
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Data as it will be written: a field set to undefined is left out (a field that is null stays, as "field:" does). */
function clean(v: unknown): Json {
  if (Array.isArray(v)) return v.map(clean);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, clean(x)]));
  return v as Json;
}

/** Longest lists compared item by item; longer ones are written anew (the comparison grows with the square of the length). */
const MAX_LIST_COMPARE = 2000;

class Patcher {
  readonly edits: Edit[] = [];
  readonly t: string;
  readonly nl: string;
  constructor(t: string, nl: string) {
    this.t = t;
    this.nl = nl;
  }

  lineStart(at: number): number {
    return this.t.lastIndexOf('\n', at - 1) + 1;
  }
  /** The offset just after the line that holds the character before `at`. */
  lineEndAfter(at: number): number {
    if (this.t[at - 1] === '\n') return at;
    const n = this.t.indexOf('\n', at);
    return n === -1 ? this.t.length : n + 1;
  }
  column(at: number): number {
    return at - this.lineStart(at);
  }
  /** The start of the comment lines directly above the line starting at `at`. */
  withCommentsAbove(at: number): number {
    let start = at;
    while (start > 0) {
      const prev = this.lineStart(start - 1);
      if (!/^\s*#/.test(this.t.slice(prev, start))) break;
      start = prev;
    }
    return start;
  }
  /** Whether the node starting at `at` is first on its line (not after "- "). */
  firstOnLine(at: number): boolean {
    return /^\s*$/.test(this.t.slice(this.lineStart(at), at));
  }

  /** YAML lines for a value as a teacher would write it (long texts folded, double quotes). */
  lines(value: unknown): string[] {
    const doc = new Document(value);
    foldLongText(doc);
    return doc.toString({ lineWidth: 80, singleQuote: false }).replace(/\n$/, '').split('\n');
  }
  indentLines(lines: string[], indent: number, firstToo: boolean): string {
    const pad = ' '.repeat(indent);
    return lines.map((l, i) => (i === 0 && !firstToo ? l : l === '' ? l : pad + l)).join(this.nl);
  }

  pairEnd(p: Pair): number {
    const node = (p.value ?? p.key) as YamlNode;
    return this.lineEndAfter(node.range![1]);
  }

  /**
   * `key: value` written over the pair's text, from the key to the end of the value. A
   * comment after the value stays on its line; when the new value takes several lines
   * (a folded text), the comment moves to the end of the key's line, where YAML allows it.
   */
  replacePair(p: Pair, key: string, value: Json, keyColumn: number): void {
    const keyNode = p.key as YamlNode;
    const valueNode = p.value as YamlNode | null;
    let to = valueNode?.range ? valueNode.range[1] : keyNode.range![1];
    while (to > keyNode.range![0] && (this.t[to - 1] === '\n' || this.t[to - 1] === '\r')) to--;
    const lines = this.lines({ [key]: value });
    if (lines.length > 1) {
      const eol = this.t.indexOf('\n', to);
      const rest = this.t.slice(to, eol === -1 ? this.t.length : eol).replace(/\r$/, '');
      if (/^\s*#/.test(rest)) {
        lines[0] = `${lines[0]} ${rest.trim()}`;
        to += rest.length;
      }
    }
    this.edits.push({ from: keyNode.range![0], to, text: this.indentLines(lines, keyColumn, false) });
  }

  patchMap(map: YAMLMap, old: Record<string, Json>, next: Record<string, Json>): boolean {
    if (map.flow || map.items.length === 0 || Object.keys(next).length === 0) return false;
    const keyColumn = this.column((map.items[0]!.key as YamlNode).range![0]);
    for (const p of map.items) {
      if (!isScalar(p.key) || !p.key.range) return false;
      const k = String(p.key.value);
      if (!(k in next)) {
        if (!this.firstOnLine(p.key.range[0])) return false;
        this.edits.push({ from: this.withCommentsAbove(this.lineStart(p.key.range[0])), to: this.pairEnd(p), text: '' });
        continue;
      }
      if (same(old[k], next[k])) continue;
      if (!this.patchValue(p.value as YamlNode | null, old[k], next[k]!)) this.replacePair(p, k, next[k]!, keyColumn);
    }
    const added = Object.keys(next).filter((k) => !(k in old));
    if (added.length > 0) {
      const last = map.items[map.items.length - 1]!;
      const at = this.pairEnd(last);
      const text = added.map((k) => this.indentLines(this.lines({ [k]: next[k] }), keyColumn, true)).join(this.nl);
      this.edits.push({ from: at, to: at, text: (this.t[at - 1] === '\n' ? '' : this.nl) + text + this.nl });
    }
    return true;
  }

  /** Changes a value in place where its shape allows; false when the caller must write it anew. */
  patchValue(node: YamlNode | null, old: Json | undefined, next: Json): boolean {
    if (isMap(node) && isObject(old) && isObject(next)) return this.patchMap(node, old, next);
    if (isSeq(node) && Array.isArray(old) && Array.isArray(next)) return this.patchSeq(node, old, next);
    return false;
  }

  itemEnd(item: YamlNode): number {
    return this.lineEndAfter(item.range![1]);
  }

  patchSeq(seq: YAMLSeq, old: Json[], next: Json[]): boolean {
    if (seq.flow || old.length === 0 || next.length === 0 || old.length * next.length > MAX_LIST_COMPARE * MAX_LIST_COMPARE) return false;
    const items = seq.items as YamlNode[];
    if (items.some((n) => !n?.range) || items.length !== old.length) return false;
    const dash = this.lineStart(items[0]!.range![0]);
    const dashColumn = /^ */.exec(this.t.slice(dash))![0].length;
    if (this.t[dash + dashColumn] !== '-') return false;
    // Longest common subsequence of equal items: those stay as they are.
    const a = old.map(canonical);
    const b = next.map(canonical);
    const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    const startOf = (i: number) => this.withCommentsAbove(this.lineStart(items[i]!.range![0]));
    const insertAt = (i: number) => (i < items.length ? startOf(i) : this.itemEnd(items[items.length - 1]!));
    const newItem = (v: Json) => this.indentLines(this.lines([v]), dashColumn, true) + this.nl;
    let i = 0;
    let j = 0;
    const flush = (removed: number[], inserted: number[], before: number) => {
      // Removed and inserted items side by side are one item changed: patched in place.
      const paired = Math.min(removed.length, inserted.length);
      for (let k = 0; k < paired; k++) {
        const oi = removed[k]!;
        const v = next[inserted[k]!]!;
        const node = items[oi]!;
        if (!this.patchValue(node, old[oi], v)) {
          const one = this.lines(v);
          if (isScalar(node) && (v === null || typeof v !== 'object') && one.length === 1 && this.t[node.range![0] - 2] === '-') {
            this.edits.push({ from: node.range![0], to: node.range![1], text: one[0]! });
          } else {
            this.edits.push({ from: this.lineStart(node.range![0]), to: this.itemEnd(node), text: newItem(v) });
          }
        }
      }
      for (const oi of removed.slice(paired)) this.edits.push({ from: startOf(oi), to: oi + 1 < items.length ? startOf(oi + 1) : this.itemEnd(items[oi]!), text: '' });
      const rest = inserted.slice(paired);
      if (rest.length > 0) {
        const at = insertAt(before);
        this.edits.push({ from: at, to: at, text: (this.t[at - 1] === '\n' || at === 0 ? '' : this.nl) + rest.map((n) => newItem(next[n]!)).join('') });
      }
    };
    let removed: number[] = [];
    let inserted: number[] = [];
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) {
        flush(removed, inserted, i);
        removed = [];
        inserted = [];
        i++;
        j++;
      } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
        inserted.push(j++);
      } else {
        removed.push(i++);
      }
    }
    flush(removed, inserted, a.length);
    return true;
  }
}

/**
 * The lesson file holding `data` as its front matter, changed only where the data
 * changed. Refused (LedeError) when the file's front matter is not readable YAML.
 */
export function patchFrontMatter(source: string, data: unknown): string {
  const fm = frontMatterOf(source);
  const doc = parseDocument(fm.text, { uniqueKeys: true });
  if (doc.errors.length) throw new LedeError('invalid_input', 'The lesson file has a mistake the studio cannot read past (the Lessons screen says what it is). Fix it in a text editor, or ask whoever made the file.');
  const old = clean(doc.toJS());
  const next = clean(data);
  if (!isObject(next)) throw new LedeError('invalid_input', 'A lesson is a set of fields.');
  if (same(old, next)) return source;
  // The front matter's own line ending (a body may differ).
  const nl = fm.text.includes('\r\n') ? '\r\n' : '\n';
  const p = new Patcher(fm.text, nl);
  let text: string;
  if (isMap(doc.contents) && isObject(old) && p.patchMap(doc.contents, old, next)) {
    // From the end of the text backwards; edits at one place in reverse order, so that the first made comes first.
    const edits = p.edits.map((e, i) => ({ ...e, i })).sort((x, y) => y.from - x.from || y.i - x.i);
    text = fm.text;
    for (const e of edits) text = text.slice(0, e.from) + e.text + text.slice(e.to);
  } else {
    // No front matter to patch (an empty one): written anew.
    text = p.lines(next).join(nl) + nl;
  }
  const back = parseDocument(text, { uniqueKeys: true });
  if (back.errors.length || !same(clean(back.toJS()), next)) {
    throw new LedeError('internal', 'That change could not be written into the lesson file without touching other parts of it; nothing was changed.');
  }
  return source.slice(0, fm.offset) + text + source.slice(fm.offset + fm.text.length);
}

/** The article's body as the studio edits it. */
export interface BodyBlockInput {
  kind: 'paragraph' | 'subheading';
  text: string;
}

/**
 * The lesson file with its article's body replaced, when it differs from `body`
 * (an unchanged body is left byte for byte, hard line breaks and all). The front
 * matter is not touched.
 */
export function replaceBody(source: string, body: readonly BodyBlockInput[], current: readonly BodyBlockInput[]): string {
  const cleaned = body.map((b) => ({ kind: b.kind, text: b.text.replace(/\s+/g, ' ').trim() })).filter((b) => b.text);
  if (same(cleaned, current)) return source;
  const m = /^(\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*)(?:\r?\n|$)/.exec(source);
  if (!m) throw new LedeError('invalid_input', 'This is not a lesson file: it has no front matter between two "---" lines.');
  const nl = source.includes('\r\n') ? '\r\n' : '\n';
  return `${m[1]}${nl}${nl}${bodyText(cleaned, nl)}${nl}`;
}
