import { isMap, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';

// Problems in a lesson file, each at the line a teacher can find it on: a YAML
// node's line, and a schema problem in words ("exercises[2] (sources).key[1]").

/** A problem in a lesson file, reported as `file:line: message`. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

export type PathSegment = PropertyKey;

/** The line of the YAML node at `path`, or of its nearest existing ancestor. */
export function lineOf(doc: Document, path: readonly PathSegment[], lc: LineCounter, firstLine: number): number {
  let node: unknown = doc.contents;
  let best: unknown = node;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && k.value === seg;
      });
      if (!pair) break;
      node = pair.value ?? pair.key;
      best = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      best = item;
    } else {
      break;
    }
  }
  const range = (best as YamlNode | null)?.range;
  if (!range) return firstLine;
  return lc.linePos(range[0]).line + firstLine - 1;
}

/** The value at `path` in the front matter's data (undefined where there is none). */
function valueAt(path: readonly PathSegment[], fm: unknown): unknown {
  let node = fm;
  for (const seg of path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[seg] : undefined;
  return node;
}

function describePath(path: readonly PathSegment[], fm: unknown): string {
  let out = '';
  let node: unknown = fm;
  for (const seg of path) {
    if (typeof seg === 'number') {
      const item = Array.isArray(node) ? node[seg] : undefined;
      const itemId = item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' ? ` (${item.id})` : '';
      out += `[${seg + 1}]${itemId}`;
    } else {
      out += (out ? '.' : '') + String(seg);
    }
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[seg] : undefined;
  }
  return out;
}

export function zodProblems(error: z.ZodError, doc: Document, data: unknown, lc: LineCounter, file: string, firstLine: number): Problem[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      const where = describePath(issue.path, data);
      const line = lineOf(doc, [...issue.path, issue.keys[0] ?? ''], lc, firstLine);
      return { file, line, message: where ? `${where}: ${message}` : message };
    }
    // Zod leaves out the input it was given: whether the field is missing is read from the file's data.
    if (issue.code === 'invalid_type' && valueAt(issue.path, data) === undefined) {
      message = `${String(issue.path.at(-1) ?? 'value')} is required`;
    }
    const where = describePath(issue.path, data);
    return { file, line: lineOf(doc, issue.path, lc, firstLine), message: where ? `${where}: ${message}` : message };
  });
}

/** Problems in the order of their lines. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
