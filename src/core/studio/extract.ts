import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { LedeError } from '../../shared/errors.ts';
import { STUDIO_FILE_LIMITS } from '../../shared/studio-limits.ts';
import { decodeLessonBytes } from '../lessons/load.ts';
import { ZipWriter } from '../export/zip.ts';
import { countTags } from '../imports/html-budget.ts';
import { readZip, ZipRefused, type ZipFile } from '../imports/zip.ts';

// An article brought in from a file: a web page saved from the browser (.html),
// plain text or Markdown, or a Word document (.docx). Only text is taken: imported
// HTML is parsed into a DOM that is never rendered, and each block's textContent
// is all that leaves this module. The teacher sees what was extracted and fixes it
// (lines that look like scrape debris are flagged for one-click removal).

export type ArticleFormat = 'html' | 'text' | 'markdown' | 'docx';

export interface ExtractedBlock {
  kind: 'paragraph' | 'subheading';
  text: string;
  /** Looks like page furniture rather than the article ("author-image", "New Update", "Read more"). */
  debris?: boolean;
}

export interface ExtractedArticle {
  format: ArticleFormat;
  headline: string;
  standfirst?: string;
  byline?: string;
  outlet?: string;
  date?: string;
  url?: string;
  image?: { caption?: string; credit?: string };
  /** The page's own language tag (`<html lang>`), when it gives a valid one. */
  language?: string;
  blocks: ExtractedBlock[];
}

/** The little of the DOM this module reads (linkedom's, never rendered). */
interface El {
  tagName: string;
  textContent: string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
  getAttribute(name: string): string | null;
}
interface Doc {
  body: El | null;
  documentElement: El | null;
  querySelector(selector: string): El | null;
}

/** Limits on a web page taken apart for its article (counted before its DOM is built: imports/html-budget.ts, exact); real news pages stay far inside them. */
export const HTML_LIMITS = { depth: 400, elements: 50_000 } as const;

const domOf = (html: string) => parseHTML(html).document as unknown as Doc;

/** The largest article file taken (a saved web page with its inline scripts and styles fits easily). */
export const MAX_ARTICLE_BYTES = STUDIO_FILE_LIMITS.articleBytes;

const DEBRIS = /^(author[- ]image|new update|updated?|advertisement|advert|sponsored|read more|read also|also read|share( this)?( article)?|subscribe( now)?|sign up.*|follow us.*|click here.*|trending( now)?|related( articles| stories)?|listen to (this )?article|(\d+ )?min(ute)?s? read|comments?|print|email|copy link|skip to (main )?content)$/i;

/** Whether a line looks like page furniture: a short line of the known phrases, or an image/alt label such as "author-image". */
export function looksLikeDebris(text: string): boolean {
  const t = text.trim();
  return (DEBRIS.test(t) && t.split(/\s+/).length <= 6) || /^[a-z]+(-[a-z]+)+$/.test(t);
}

const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim();

function block(kind: ExtractedBlock['kind'], text: string): ExtractedBlock | null {
  const t = clean(text);
  if (!t) return null;
  return looksLikeDebris(t) ? { kind, text: t, debris: true } : { kind, text: t };
}

/** Elements that start a block of their own; anything else (a, em, span …) is part of the text around it. */
const BLOCK_TAGS = new Set(
  'h1 h2 h3 h4 h5 h6 p li blockquote pre figcaption td th div section article main header footer aside nav ul ol dl dt dd table thead tbody tfoot tr figure details summary address form fieldset hr'.split(' '),
);

interface DomNode {
  nodeType: number;
  textContent: string | null;
  tagName?: string;
  childNodes?: Iterable<DomNode>;
}

/**
 * The text blocks of an HTML fragment, in reading order: headings become
 * subheadings, every other run of text a paragraph. Text that sits directly in a
 * block beside inner blocks (an <li> with words and then a <p>) is a block of its own.
 */
function blocksOf(root: El): { headline?: string; blocks: ExtractedBlock[] } {
  // Never text: scripts, styles, templates; a line break is a space between words.
  for (const el of [...root.querySelectorAll('script, style, template, noscript, iframe, object, svg')]) (el as unknown as { remove(): void }).remove();
  for (const br of [...root.querySelectorAll('br')]) (br as unknown as { replaceWith(s: string): void }).replaceWith(' ');
  const out: ExtractedBlock[] = [];
  let headline: string | undefined;
  const flush = (tag: string, text: string) => {
    if (!clean(text)) return;
    if (tag === 'h1' && headline === undefined && out.length === 0) {
      headline = clean(text);
      return;
    }
    const b = block(/^h[1-6]$/.test(tag) ? 'subheading' : 'paragraph', text);
    if (b) out.push(b);
  };
  const walk = (el: DomNode) => {
    const tag = (el.tagName ?? '').toLowerCase();
    let run = '';
    for (const child of el.childNodes ?? []) {
      if (child.nodeType === 3) run += child.textContent ?? '';
      else if (child.nodeType === 1 && BLOCK_TAGS.has((child.tagName ?? '').toLowerCase())) {
        flush(tag, run);
        run = '';
        walk(child);
      } else if (child.nodeType === 1) run += child.textContent ?? '';
    }
    flush(tag, run);
  };
  walk(root as unknown as DomNode);
  return { ...(headline ? { headline } : {}), blocks: out };
}

const meta = (doc: Doc, ...names: string[]) => {
  for (const n of names) {
    const el = doc.querySelector(`meta[property="${n}"], meta[name="${n}"]`);
    const v = clean(el?.getAttribute('content') ?? '');
    if (v) return v;
  }
  return undefined;
};

const httpUrl = (u: string | undefined) => (u && /^https?:\/\/\S+$/i.test(u) ? u : undefined);

/** The date part of an ISO time ("2025-04-25T10:00:00Z" → "2025-04-25"); anything else as written. */
const dateOf = (d: string | undefined) => (d ? (/^\d{4}-\d{2}-\d{2}/.exec(d)?.[0] ?? d) : undefined);

/**
 * Lines that only repeat what was already taken from the page are flagged: the
 * byline, outlet, date or standfirst again ("By Priya Raman, Local Affairs Reporter
 * 14 March 2025"), an image's caption, and links to other stories ("Read more: …").
 */
function flagRepeats(
  blocks: ExtractedBlock[],
  meta: { byline?: string | undefined; outlet?: string | undefined; date?: string | undefined; standfirst?: string | undefined; captions?: readonly string[] },
): ExtractedBlock[] {
  const norm = (s: string) => s.toLowerCase().replace(/^(?:by|words by|written by)\s+/, '').replace(/[\s.,|·•–—:-]+/g, ' ').trim();
  const known = new Set([meta.byline, meta.outlet, meta.date, meta.standfirst, ...(meta.captions ?? [])].filter((x): x is string => Boolean(x)).map(norm));
  const byline = meta.byline ? norm(meta.byline) : null;
  const repeat = (t: string) =>
    known.has(norm(t)) ||
    (byline !== null && /^by\s/i.test(t) && norm(t).startsWith(byline) && t.split(/\s+/).length <= 16) ||
    (/^(?:read more|read also|also read|related|more on this story|watch|listen)\s*:/i.test(t) && t.split(/\s+/).length <= 20);
  return blocks.map((b) => (b.text.length <= 400 && repeat(b.text) ? { ...b, debris: true } : b));
}

export function extractHtml(html: string): ExtractedArticle {
  assertCountable(html, 'web page');
  const document = domOf(html);
  // The page's own metadata first: Readability changes the document as it works.
  const m = {
    headline: meta(document, 'og:title', 'twitter:title'),
    standfirst: meta(document, 'og:description', 'description', 'twitter:description'),
    byline: meta(document, 'author', 'article:author', 'parsely-author'),
    outlet: meta(document, 'og:site_name', 'application-name'),
    date: meta(document, 'article:published_time', 'date', 'pubdate', 'parsely-pub-date') ?? clean(document.querySelector('time[datetime]')?.getAttribute('datetime') ?? ''),
    url: meta(document, 'og:url') ?? clean(document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? ''),
    imageAlt: meta(document, 'og:image:alt', 'twitter:image:alt'),
    title: clean(document.querySelector('title')?.textContent ?? ''),
    language: clean(document.documentElement?.getAttribute('lang') ?? '').toLowerCase(),
  };
  const reader = new Readability(document as never, { serializer: (n: unknown) => n as El, charThreshold: 200 }).parse();
  const root = reader?.content ?? document.body;
  if (!root) throw new LedeError('invalid_input', 'This web page has no text to take an article from.');
  // An image's caption under it (<figcaption>): the first is the lesson's image caption and credit
  // when the page's metadata gives none; every one is flagged where it stands in the text.
  const figcaptions = [...root.querySelectorAll('figcaption')].map((el) => clean(el.textContent ?? '')).filter(Boolean);
  const firstCaption = figcaptions[0] ? /^(.*?)[\s.,;–—-]*\b(?:photograph|photo|image|picture|credit)s?(?: credit)?\s*:\s*(.+)$/i.exec(figcaptions[0]) : null;
  const image = m.imageAlt
    ? { caption: m.imageAlt }
    : figcaptions[0]
      ? firstCaption
        ? { ...(firstCaption[1] ? { caption: firstCaption[1] } : {}), credit: firstCaption[2]! }
        : { caption: figcaptions[0] }
      : null;
  const { headline: h1, blocks } = blocksOf(root);
  const headline = m.headline ?? clean(reader?.title ?? '') ?? h1 ?? m.title;
  if (!headline && blocks.length === 0) throw new LedeError('invalid_input', 'No article was found in this web page. Save the page again with the article open (File > Save Page As, "Web page, complete" or "HTML only"), or paste its text instead.');
  const byline = m.byline ?? (clean(reader?.byline ?? '') || undefined);
  const outlet = m.outlet ?? (clean(reader?.siteName ?? '') || undefined);
  const date = dateOf(m.date || clean(reader?.publishedTime ?? '') || undefined);
  const url = httpUrl(m.url || undefined);
  // A standfirst that is only the first paragraph again adds nothing.
  const standfirst = m.standfirst && !blocks[0]?.text.startsWith(m.standfirst.replace(/…$|\.\.\.$/, '').slice(0, 60)) ? m.standfirst : undefined;
  return {
    format: 'html',
    headline: headline || h1 || m.title || 'Untitled article',
    ...(standfirst ? { standfirst } : {}),
    ...(byline ? { byline } : {}),
    ...(outlet ? { outlet } : {}),
    ...(date ? { date } : {}),
    ...(url ? { url } : {}),
    ...(image ? { image } : {}),
    ...(/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/.test(m.language) ? { language: m.language } : (() => {
      const language = languageOfScript([headline, ...blocks.map((b) => b.text)].join(' '));
      return language ? { language } : {};
    })()),
    blocks: flagRepeats(blocks.filter((b) => b.text !== headline), { byline, outlet, date, standfirst: standfirst ?? m.standfirst, captions: figcaptions }),
  };
}

/** Groups of non-blank lines. A group whose lines all look hard-wrapped is one paragraph; otherwise each line is its own. */
function textGroups(text: string): string[] {
  const groups = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  const out: string[] = [];
  for (const g of groups) {
    const lines = g.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) continue;
    const wrapped = lines.slice(0, -1).every((l) => l.length >= 50);
    if (wrapped) out.push(lines.join(' '));
    else for (const l of lines) out.push(l); // one by one: a paste of 100,000 lines would overflow a spread's stack
  }
  return out;
}

/** "By Tom Reyes | 3 June 2025": a byline, and the date beside it when there is one. */
const BYLINE_LINE = /^by\s+([^|·•,–—]{2,80}?)(?:\s*[|·•,–—-]\s*(.{4,60}))?$/i;
const LOOKS_LIKE_DATE = /\b(?:1[89]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

export function extractText(text: string): ExtractedArticle {
  const lines = textGroups(text.replace(/^\uFEFF/, ''));
  const [first, ...rest] = lines;
  if (!first) throw new LedeError('invalid_input', 'The file is empty: there is no article to take.');
  // A byline line near the top (pasted articles keep it) becomes the byline, not a paragraph.
  let byline: string | undefined;
  let date: string | undefined;
  const at = rest.slice(0, 3).findIndex((l) => BYLINE_LINE.test(clean(l)) && clean(l).split(/\s+/).length <= 14);
  if (at !== -1) {
    const m = BYLINE_LINE.exec(clean(rest[at]!))!;
    byline = m[1]!.trim();
    if (m[2] && LOOKS_LIKE_DATE.test(m[2])) date = m[2].trim();
    else if (m[2]) byline = `${byline}, ${m[2].trim()}`;
    rest.splice(at, 1);
  }
  const blocks = rest.map((l) => block('paragraph', l)).filter((b): b is ExtractedBlock => b !== null);
  return withScriptLanguage({ format: 'text', headline: clean(first), ...(byline ? { byline } : {}), ...(date ? { date } : {}), blocks });
}

/**
 * A language told by the script of a text, where one language dominates it: Arabic
 * script (ar), Hebrew (he). Latin and other scripts say nothing (a teacher chooses).
 */
export function languageOfScript(text: string): string | undefined {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return undefined;
  const share = (re: RegExp) => (text.match(re)?.length ?? 0) / letters;
  if (share(/\p{Script=Arabic}/gu) > 0.5) return 'ar';
  if (share(/\p{Script=Hebrew}/gu) > 0.5) return 'he';
  return undefined;
}

/** The article with the language its script tells, when it does not say its own. */
function withScriptLanguage(a: ExtractedArticle): ExtractedArticle {
  if (a.language) return a;
  const language = languageOfScript([a.headline, ...a.blocks.map((b) => b.text)].join(' '));
  return language ? { ...a, language } : a;
}

/** Markdown's inline marks taken away: emphasis, code, links (their text kept), images (dropped). */
const plainMarkdown = (s: string) =>
  s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*\\])[*_](?!\s)(.+?)(?<![\s\\])[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1')
    .replace(/`([^`]*)`/g, '$1');

export function extractMarkdown(text: string): ExtractedArticle {
  const src = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/^---\n[\s\S]*?\n---(?:\n|$)/, '')
    // Code fences and tables are not article prose; setext headings ("Title" over "===") become "#" headings.
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/^\s*\|.*\|\s*$/gm, '')
    .replace(/^([^\n#>\-*+|][^\n]*)\n=+\s*$/gm, '# $1')
    .replace(/^([^\n#>\-*+|][^\n]*)\n-{2,}\s*$/gm, '## $1');
  let headline: string | undefined;
  const blocks: ExtractedBlock[] = [];
  for (const group of src.split(/\n\s*\n/)) {
    const lines = group.split('\n').map((l) => l.trim()).filter(Boolean);
    let para: string[] = [];
    const flush = () => {
      const b = para.length ? block('paragraph', plainMarkdown(para.join(' ').replace(/^>\s?/, ''))) : null;
      if (b) blocks.push(b);
      para = [];
    };
    for (const l of lines) {
      const h = /^(#{1,6})\s+(.*?)\s*#*$/.exec(l);
      if (h) {
        flush();
        if (h[1] === '#' && headline === undefined) headline = clean(plainMarkdown(h[2]!));
        else {
          const b = block('subheading', plainMarkdown(h[2]!));
          if (b) blocks.push(b);
        }
      } else if (/^([-*+]|\d+\.)\s+/.test(l)) {
        flush();
        const b = block('paragraph', plainMarkdown(l.replace(/^([-*+]|\d+\.)\s+/, '')));
        if (b) blocks.push(b);
      } else if (!/^(-{3,}|\*{3,}|_{3,})$/.test(l)) {
        para.push(l.replace(/^>\s?/, ''));
      }
    }
    flush();
  }
  if (!headline) {
    const first = blocks.shift();
    if (!first) throw new LedeError('invalid_input', 'The file is empty: there is no article to take.');
    headline = first.text;
  }
  return withScriptLanguage({ format: 'markdown', headline, blocks });
}

/**
 * The limits on a Word document. Its pictures may make it large, but only its text
 * (the XML parts) is unpacked and read: an article's is well under 0.5 MB.
 */
export const DOCX_LIMITS = {
  /** Everything in it together, as its directory declares (pictures included; never unpacked). */
  declaredBytes: 64 * 1024 * 1024,
  /** Its XML parts (the text, styles, lists, notes) unpacked. */
  xmlBytes: 2 * 1024 * 1024,
  /** Files in it (an article's holds a dozen or two). */
  entries: 1_000,
} as const;

const NOT_DOCX = 'This is not a Word document Lede can read (.docx). Save it from Word as "Word Document (.docx)", or as plain text.';

/**
 * The Word document's files, read strictly (imports/zip.ts) and written again as a
 * new zip: mammoth reads only what was unpacked here, under the caps.
 */
function checkedDocx(bytes: Uint8Array): Buffer {
  let files: ZipFile[];
  try {
    files = readZip(bytes, {
      entries: DOCX_LIMITS.entries,
      declaredBytes: DOCX_LIMITS.declaredBytes,
      read: (name) => /\.(?:xml|rels)$/i.test(name),
      readBytes: DOCX_LIMITS.xmlBytes,
      what: 'its text (the XML Word writes)',
    });
  } catch (err) {
    if (!(err instanceof ZipRefused)) throw err;
    if (err.detail.startsWith('it is not a zip file')) throw new LedeError('invalid_input', NOT_DOCX);
    if (err.code === 'too_large') {
      throw new LedeError('too_large', `This Word document was not opened: ${err.detail}. An article needs far less: save the article on its own as a new document, or as plain text.`);
    }
    throw new LedeError('invalid_input', `This Word document was not opened: ${err.detail}. Save it again from Word as "Word Document (.docx)", or as plain text.`);
  }
  if (!files.some((f) => f.name === 'word/document.xml')) throw new LedeError('invalid_input', NOT_DOCX);
  assertConvertible(files);
  const chunks: Buffer[] = [];
  const zip = new ZipWriter(chunks);
  const when = new Date(0);
  for (const f of files) zip.add(f.name, f.data, when, { store: true });
  zip.close();
  return Buffer.concat(chunks);
}

/**
 * Refuses a document whose text would grow in conversion: mammoth writes a note's
 * text once for every reference to it (Word refers to each note once: 30,000
 * references to one note of 20,000 paragraphs made a 7 KB file run for minutes),
 * and one paragraph or more for every paragraph.
 */
function assertConvertible(files: ZipFile[]): void {
  const refused = (why: string) => {
    throw new LedeError('too_large', `This Word document was not opened: ${why}. Save the article on its own as a new document, or as plain text.`);
  };
  let paragraphs = 0;
  const seen = new Set<string>();
  for (const f of files) {
    if (!/\.xml$/i.test(f.name)) continue;
    const xml = f.data.toString('utf8');
    paragraphs += xml.match(/<w:p[\s>/]/g)?.length ?? 0;
    for (const m of xml.matchAll(/<w:(footnote|endnote|comment)Reference\b[^>]*?\bw:id="([^"]*)"/g)) {
      const key = `${m[1]} ${m[2]}`;
      if (seen.has(key)) refused(`it refers to one of its ${m[1]}s more than once, which Word never does`);
      seen.add(key);
    }
  }
  if (paragraphs > HTML_LIMITS.elements) refused(`it has ${paragraphs.toLocaleString('en-US')} paragraphs, more than the ${HTML_LIMITS.elements.toLocaleString('en-US')} Lede reads`);
}

/** Refuses HTML too large or too deeply nested to build a DOM of, counted on its text first (imports/html-budget.ts). */
function assertCountable(html: string, what: 'web page' | 'Word document'): void {
  const n = countTags(html, HTML_LIMITS);
  if (n.elements > HTML_LIMITS.elements || n.depth > HTML_LIMITS.depth) {
    throw new LedeError(
      'too_large',
      `This ${what} is too large or too deeply nested to take an article from (more than ${n.elements > HTML_LIMITS.elements ? `${HTML_LIMITS.elements.toLocaleString('en-US')} elements` : `${HTML_LIMITS.depth} levels`}). Open it in ${what === 'web page' ? 'the browser' : 'Word'}, copy the article’s text and paste it instead.`,
    );
  }
}

export async function extractDocx(bytes: Uint8Array): Promise<ExtractedArticle> {
  const checked = checkedDocx(bytes);
  let html: string;
  try {
    // Pictures are not read (the article is its text): their parts were never unpacked.
    html = (await mammoth.convertToHtml({ buffer: checked }, { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) })).value;
  } catch {
    throw new LedeError('invalid_input', NOT_DOCX);
  }
  assertCountable(html, 'Word document');
  const body = domOf(`<!doctype html><html><body>${html}</body></html>`).body;
  if (!body) throw new LedeError('invalid_input', 'The Word document is empty: there is no article to take.');
  const { headline, blocks } = blocksOf(body);
  const title = headline ?? blocks.shift()?.text;
  if (!title) throw new LedeError('invalid_input', 'The Word document is empty: there is no article to take.');
  return withScriptLanguage({ format: 'docx', headline: title, blocks });
}

/** The article in a file, by its name's extension. */
export async function extractArticle(name: string, bytes: Uint8Array): Promise<ExtractedArticle> {
  if (bytes.length > MAX_ARTICLE_BYTES) throw new LedeError('too_large', `The file is larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MB; an article file is much smaller.`);
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const text = () => {
    const decoded = decodeLessonBytes(bytes);
    if (decoded.ok) return decoded.text;
    // A web page may say its own encoding: <meta charset="windows-1252">.
    const declared = /^(?:html?|xhtml)$/.test(ext ?? '') ? /<meta[^>]+charset=["']?([\w-]+)/i.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 4096)))?.[1] : undefined;
    if (declared) {
      try {
        return new TextDecoder(declared, { fatal: true }).decode(bytes);
      } catch {
        // An encoding Lede does not know, or bytes that are not in it: refused below.
      }
    }
    throw new LedeError('invalid_input', `${name} ${decoded.message}`);
  };
  switch (ext) {
    case 'html':
    case 'htm':
    case 'xhtml':
      return extractHtml(text());
    case 'txt':
      return extractText(text());
    case 'md':
    case 'markdown':
      return extractMarkdown(text());
    case 'docx':
      return extractDocx(bytes);
    default:
      throw new LedeError('invalid_input', `Lede takes an article from a web page saved from the browser (.html), a text file (.txt), Markdown (.md) or a Word document (.docx), not from “${name}”.`);
  }
}
