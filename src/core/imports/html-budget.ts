// The size of a web page counted on its raw text, before any DOM is built: how
// many elements it opens and how deeply they nest. Building a DOM costs time and
// memory in proportion to both, so a page past the limits is refused for the price
// of one pass over its characters. The count follows the HTML parser closely enough
// to be a limit (comments and the text of scripts and styles are not tags; void
// elements and self-closed ones open nothing; an end tag closes what it matches and
// everything open inside it; a block closes an open paragraph, a list item the one
// before it) — the exact depth is checked again on the DOM.

export interface TagCount {
  elements: number;
  depth: number;
}

const VOID = new Set('area base br col embed hr img input link meta param source track wbr keygen basefont bgsound frame'.split(' '));
/** Elements whose content is text, not markup, up to their end tag. */
const RAW_TEXT = new Set('script style textarea title xmp iframe noembed noframes plaintext'.split(' '));
const RAW_TEXT_END = new Map([...RAW_TEXT].map((name) => [name, new RegExp(`</${name}`, 'gi')]));
/** A start tag of one of these closes an open <p> (HTML's "close a p element"). */
const CLOSES_P = new Set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul li dd dt'.split(' '),
);
/** Elements closed by the next of their own kind (or a sibling kind) without an end tag. */
const SIBLINGS: Record<string, readonly string[]> = {
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  tr: ['tr'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  option: ['option'],
  optgroup: ['optgroup'],
};

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Counts the elements and the nesting of an HTML text without building it. Stops
 * early, returning the counts so far, once either passes `stopAt`.
 */
export function countTags(html: string, stopAt: TagCount = { elements: Infinity, depth: Infinity }): TagCount {
  const open: string[] = [];
  let elements = 0;
  let depth = 0;
  let i = html.indexOf('<');
  while (i !== -1 && i < html.length - 1) {
    const next = html.charCodeAt(i + 1);
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close === -1 ? -1 : html.indexOf('<', close + 3);
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const close = html.indexOf('>', i + 2);
      i = close === -1 ? -1 : html.indexOf('<', close + 1);
      continue;
    }
    const closing = next === 47; /* / */
    const nameStart = closing ? i + 2 : i + 1;
    if (!isLetter(html.charCodeAt(nameStart))) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    let nameEnd = nameStart;
    while (nameEnd < html.length && !/[\s/>]/.test(html[nameEnd]!)) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const tagEnd = html.indexOf('>', nameEnd);
    if (tagEnd === -1) break;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at !== -1) open.length = at;
      i = html.indexOf('<', tagEnd + 1);
      continue;
    }
    elements++;
    if (RAW_TEXT.has(name)) {
      // A level of its own, holding text up to its own end tag, whatever the text holds.
      if (open.length + 1 > depth) depth = open.length + 1;
      const end = RAW_TEXT_END.get(name)!;
      end.lastIndex = tagEnd + 1;
      i = end.exec(html)?.index ?? -1;
      if (elements > stopAt.elements || depth > stopAt.depth) break;
      continue;
    }
    if (CLOSES_P.has(name) && open.at(-1) === 'p') open.pop();
    const siblings = SIBLINGS[name];
    if (siblings && siblings.includes(open.at(-1) ?? '')) open.pop();
    const selfClosed = html.charCodeAt(tagEnd - 1) === 47;
    // A void or self-closed element is a level of its own, with nothing inside.
    if (open.length + 1 > depth) depth = open.length + 1;
    if (!VOID.has(name) && !selfClosed) open.push(name);
    if (elements > stopAt.elements || depth > stopAt.depth) break;
    i = html.indexOf('<', tagEnd + 1);
  }
  return { elements, depth };
}
