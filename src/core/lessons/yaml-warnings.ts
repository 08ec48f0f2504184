import { isPair, isScalar, visit, type Document, type LineCounter, Scalar } from 'yaml';
import type { Problem } from './problems.ts';

// Values YAML reads without complaint but not as a teacher meant them: these are
// warnings (the lesson still loads), each with the fix.

/** Fields matched against the article's text. */
const QUOTE_FIELDS = new Set(['quote', 'core']);
/** Fields that hold prose a teacher types. */
const TEXT_FIELDS = new Set([
  'title', 'summary', 'headline', 'standfirst', 'byline', 'caption', 'credit', 'outlet', 'date', 'name', 'description',
  'prompt', 'explanation', 'quote', 'core', 'note', 'text', 'claim', 'feedback', 'criterion', 'modelAnswer', 'itemName',
]);

export function yamlWarnings(doc: Document, source: string, lc: LineCounter, file: string, firstLine: number): Problem[] {
  const out: Problem[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return;
      const key = String(pair.key.value);
      const value = pair.value;
      if (typeof value.value !== 'string' || !value.range) return;
      const line = lc.linePos(value.range[0]).line + firstLine - 1;
      if (QUOTE_FIELDS.has(key) && value.type === Scalar.QUOTE_SINGLE) {
        out.push({
          file,
          line,
          message: `the single quotes around this ${key} are YAML quoting, so they are taken away and the key looks for ${value.value} without them. If the quote marks are part of the article's text, write it in double quotes: ${key}: "'${value.value.replace(/"/g, '\\"')}'"; if not, write it in double quotes anyway and this warning goes away`,
        });
      }
      if (TEXT_FIELDS.has(key) && value.type === Scalar.PLAIN && /^ #/.test(source.slice(value.range[1]))) {
        const rest = source.slice(value.range[1] + 1).split('\n')[0] ?? '';
        out.push({
          file,
          line,
          message: `the ${key} stops before "${rest.length > 30 ? `${rest.slice(0, 27)}...` : rest}": YAML reads " #" as the start of a comment, so the rest of the line is left out. If the # belongs to the text, put the whole value in double quotes (a comment meant as one is clearer after two spaces)`,
        });
      }
    },
  });
  return out;
}
