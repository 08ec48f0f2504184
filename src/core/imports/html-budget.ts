import { Parser } from 'htmlparser2';

// The size of a web page counted on its raw text, before any DOM is built: how
// many elements it opens and how deeply they nest. Building a DOM costs time and
// memory in proportion to both, so a page past the limits is refused for the price
// of one pass of the tokenizer. The count is made by the very parser linkedom builds
// its DOM with (htmlparser2, with linkedom's options), listening to its events and
// keeping nothing: every element it would create is counted, with the implied ends,
// raw-text elements, comments and stray end tags ("</p>", "</br>" make elements) as
// that parser has them — exact by construction, not an imitation of the HTML rules.

export interface TagCount {
  elements: number;
  depth: number;
}

class Stop extends Error {}

/**
 * Counts the elements and the nesting of an HTML text without building it. Stops
 * early, returning the counts so far, once either passes `stopAt`.
 */
export function countTags(html: string, stopAt: TagCount = { elements: Infinity, depth: Infinity }): TagCount {
  let elements = 0;
  let open = 0;
  let depth = 0;
  const parser = new Parser(
    {
      onopentag() {
        elements++;
        open++;
        if (open > depth) depth = open;
        if (elements > stopAt.elements || depth > stopAt.depth) throw new Stop();
      },
      onclosetag() {
        open--;
      },
    },
    // linkedom's own options (linkedom/esm/shared/parse-from-string.js).
    { lowerCaseAttributeNames: false, decodeEntities: true, xmlMode: false },
  );
  try {
    parser.write(html);
    parser.end();
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return { elements, depth };
}
