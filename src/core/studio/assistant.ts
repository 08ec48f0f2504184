import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Block } from '../../shared/lesson.ts';
import {
  CLICKBAIT, CROWD_MODIFIERS, CROWD_NOUNS, EXAGGERATION, HEDGES, LABELLING, LOADED, ORGANISATION_WORDS, REPORTING_VERBS, ROLE_NOUNS, UNATTRIBUTED, type PatternEntry,
} from './lexicon.ts';

// The drafting assistant: proposals for the three highlight steps of a lesson, each
// with why it was proposed. Nothing is in a key until the teacher accepts it. It
// runs offline, in the backend: sentences, tokens and parts of speech come from
// wink-nlp with its English model; the lexicon (lexicon.ts) says what to look for.

export type AssistantStep = 'sources' | 'framing' | 'unverified';

export interface Proposal {
  exercise: AssistantStep;
  start: number;
  end: number;
  quote: string;
  label: string;
  reason: string;
  /** The identifying words, when they are less than the whole quote ("Critics" in "Critics say"). */
  core?: { start: number; end: number };
}

const nlp = winkNLP(model);
const its = nlp.its;

interface Token {
  value: string;
  lower: string;
  pos: string;
  start: number;
  end: number;
  /** Index of the sentence it is in (within its block). */
  sentence: number;
}

interface Sentence {
  start: number;
  end: number;
}

function analyse(text: string, offset: number): { tokens: Token[]; sentences: Sentence[] } {
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const tokens: Token[] = [];
  let at = 0;
  values.forEach((v, i) => {
    // Each token found in the text itself: wink-nlp drops some spaces (U+2028, U+3000 …) from its count.
    const found = text.indexOf(v, at);
    const start = found === -1 ? at + spaces[i]!.length : found;
    tokens.push({ value: v, lower: v.toLowerCase(), pos: pos[i]!, start: offset + start, end: offset + start + v.length, sentence: 0 });
    at = start + v.length;
  });
  const sentences: Sentence[] = [];
  let from = 0;
  for (const s of doc.sentences().out() as string[]) {
    const i = text.indexOf(s, from);
    if (i === -1) continue;
    sentences.push({ start: offset + i, end: offset + i + s.length });
    from = i + s.length;
  }
  for (const t of tokens) t.sentence = Math.max(0, sentences.findIndex((s) => t.start >= s.start && t.start < s.end));
  return { tokens, sentences };
}

const isCap = (t: Token | undefined) => t !== undefined && /^\p{Lu}/u.test(t.value) && /\p{L}/u.test(t.value);
const PERSON_TITLES = /^(dr|dr\.|prof|prof\.|professor|minister|president|councillor|councilor|mayor|senator|chief|director|secretary|spokesperson|governor|judge|sir|dame|lord|lady|mr|mrs|ms|mr\.|mrs\.|ms\.|chancellor|commissioner|general|captain|inspector|sheriff|rep\.|sen\.)$/i;
const CONNECTORS = new Set(['of', 'for', 'and', '&', 'de', 'van', 'von', 'al']);
const PLATFORMS = /\b(?:Twitter|X \(formerly Twitter\)|Facebook|TikTok|Instagram|YouTube|WhatsApp|Telegram|Reddit|social media|the internet)\b/gu;

/** Proposals for a lesson's text (English only: other languages get none, and say so in the studio). */
export function proposeKeyItems(lesson: { text: string; blocks: readonly Block[]; language: string; article?: { outlet?: string | undefined } }): Proposal[] {
  if (!/^en\b/i.test(lesson.language)) return [];
  const out: Proposal[] = [];
  const knownNames = new Set<string>();
  const add = (exercise: AssistantStep, start: number, end: number, label: string, reason: string, core?: { start: number; end: number }) => {
    const quote = lesson.text.slice(start, end);
    const narrower = core && core.start >= start && core.end <= end && (core.start > start || core.end < end) && core.end > core.start;
    if (quote.trim()) out.push({ exercise, start, end, quote, label, reason, ...(narrower ? { core } : {}) });
  };

  const analysed = lesson.blocks.map((b) => ({ block: b, ...analyse(lesson.text.slice(b.start, b.end), b.start) }));
  const bylineBlock = lesson.blocks.find((b) => b.kind === 'byline');
  const byline = bylineBlock ? lesson.text.slice(bylineBlock.start, bylineBlock.end) : '';
  // The outlet that published the story is not a source it cites ("the Gazette understands").
  const outlet = lesson.article?.outlet ?? '';

  // ── Sources ───────────────────────────────────────────────────────────
  // Two passes: names first seen beside a reporting verb make later bare mentions ("Asif said") sources too.
  for (const pass of [1, 2]) {
    for (const { tokens } of analysed) {
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (!isCap(t) || t.pos === 'PRON' || t.pos === 'DET' || t.pos === 'PUNCT') continue;
        let j = i;
        for (;;) {
          const n1 = tokens[j + 1];
          const n2 = tokens[j + 2];
          if (isCap(n1) && n1!.sentence === t.sentence) j++;
          else if (n1 && CONNECTORS.has(n1.lower) && isCap(n2)) j += 2;
          // "Varga-Price": a hyphen inside a name.
          else if (n1?.value === '-' && n1.start === tokens[j]!.end && isCap(n2) && n2!.start === n1.end) j += 2;
          else break;
        }
        const chunk = tokens.slice(i, j + 1).filter((x) => x.pos !== 'PUNCT');
        const first = chunk[0]!;
        const last = chunk[chunk.length - 1]!;
        const sentenceStart = i === 0 || tokens[i - 1]!.sentence !== t.sentence;
        // A capital at the start of a sentence, or words that only describe a group ("Residents", "Senior Officials"), are not names.
        const common = chunk.every((x) => ROLE_NOUNS.has(x.lower) || CROWD_NOUNS.has(x.lower) || CROWD_MODIFIERS.has(x.lower));
        // "Police said" at the start of a sentence: an institution with no name (found below), not a person called Police.
        const institution = chunk.length === 1 && /^(police|government|council|army|military|ministry|parliament|officials)$/.test(t.lower);
        if (common || institution || (chunk.length === 1 && sentenceStart && t.pos !== 'PROPN')) {
          i = j;
          continue;
        }
        const near = (k: number) => tokens[k]?.lower ?? '';
        // After the name, skip an aside between commas ("Janet Kessell, 71, said"), and helping verbs ("has warned").
        let k = j + 1;
        if (near(k) === ',') {
          let c = k + 1;
          while (c < tokens.length && c - k < 14 && near(c) !== ',' && tokens[c]!.sentence === t.sentence) c++;
          if (near(c) === ',') k = c + 1;
        }
        while (tokens[k] && tokens[k]!.pos === 'AUX') k++;
        const after = [near(k), near(k + 1)];
        const before = [near(i - 1), near(i - 2), near(i - 3)];
        const DESCRIBERS = /^(consultancy|firm|company|charity|group|agency|newspaper|broadcaster|channel|website|magazine|researcher|professor|minister|spokesperson|spokesman|spokeswoman|campaigner|expert|analyst|mayor|councillor|leader|chief|director|editor|author|columnist|doctor|nutritionist|influencer|blogger|economist|scientist|head|founder|chairman|chairwoman|chair|president|secretary|resident|engineer|teacher|headteacher|principal|officer)$/;
        const reporting =
          REPORTING_VERBS.has(after[0]!) || REPORTING_VERBS.has(before[0]!) || (before[0] === 'to' && before[1] === 'according') || (before[0] === 'with' && before[1] === 'interview') || before[0] === 'told' || before[0] === 'by' || DESCRIBERS.test(before[0]!);
        const org = ORGANISATION_WORDS.has(last.lower);
        const titled = chunk.some((x) => PERSON_TITLES.test(x.value));
        // Places ("from Ohio", "in Riverside") and the writer (the byline) are not sources the story cites.
        const place = (['from', 'in', 'at', 'near', 'across', 'outside', 'inside'].includes(before[0]!) && !org && !titled) || (before[0] === 'in' && !titled);
        const name = lesson.text.slice(first.start, last.end);
        const writer = (byline !== '' && byline.includes(name)) || (outlet !== '' && outlet.includes(name));
        // "declined to comment": the story gets nothing from them.
        const silent = /^(declined|refused|did not|didn't|could not|couldn't|was not|wasn't) /.test(lesson.text.slice(tokens[k]?.start ?? last.end, (tokens[k]?.start ?? last.end) + 30).toLowerCase()) && /comment|respond|reached|available/.test(lesson.text.slice(last.end, last.end + 80));
        if (place || writer || silent) {
          i = j;
          continue;
        }
        const repeat = pass === 2 && knownNames.has(last.lower) && chunk.length === 1 && !org;
        if (pass === 1 && (reporting || org || titled)) {
          if (!org) knownNames.add(last.lower);
          const why = org
            ? `“${lesson.text.slice(first.start, last.end)}” is an organisation or outlet the story cites`
            : reporting
              ? `“${lesson.text.slice(first.start, last.end)}” is named as the one speaking or cited`
              : `“${lesson.text.slice(first.start, last.end)}” is a named person with a title`;
          add('sources', first.start, last.end, 'named', `${why} (a named source)`);
        } else if (repeat) {
          add('sources', first.start, last.end, 'named', `“${last.value}” was named as a source earlier in the story`);
        }
        i = j;
      }
    }
  }
  for (const { tokens } of analysed) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!ROLE_NOUNS.has(t.lower) && !CROWD_NOUNS.has(t.lower)) continue;
      // Walk left over the words that describe the group ("strategic and defence", "a senior Indian security").
      let k = i;
      while (k > 0) {
        const p = tokens[k - 1]!;
        const joined = p.lower === 'and' && k - 2 >= 0 && (tokens[k - 2]!.pos === 'ADJ' || CROWD_MODIFIERS.has(tokens[k - 2]!.lower));
        if ((p.pos === 'ADJ' || CROWD_MODIFIERS.has(p.lower) || (p.pos === 'PROPN' && k < i + 1 && p.sentence === t.sentence) || (p.pos === 'NOUN' && !CROWD_NOUNS.has(p.lower) && k === i)) && p.lower !== 'the') k--;
        else if (joined) k -= 1;
        else break;
        if (i - k > 5) break;
      }
      const det = tokens[k - 1]?.lower;
      const singular = det === 'a' || det === 'an' || det === 'one';
      const plural = CROWD_NOUNS.has(t.lower);
      const start = singular ? tokens[k - 1]!.start : tokens[k]!.start;
      // The words that finish the phrase: "close to the minister", "familiar with the talks"; a verb of saying after a crowd ("experts warn").
      let end = t.end;
      let v = i + 1;
      if (['close', 'familiar'].includes(tokens[v]?.lower ?? '') && ['to', 'with'].includes(tokens[v + 1]?.lower ?? '')) {
        let w = v + 2;
        while (tokens[w] && tokens[w]!.pos !== 'PUNCT' && tokens[w]!.pos !== 'VERB' && tokens[w]!.pos !== 'AUX' && w - v < 9) w++;
        end = tokens[w - 1]!.end;
      }
      let passive = false;
      while (tokens[v] && tokens[v]!.pos === 'AUX' && v - i < 3) {
        if (/^(is|are|was|were|be|been|being)$/.test(tokens[v]!.lower)) passive = true;
        v++;
      }
      // "Experts warn" cites a crowd; "Residents are said to be furious" only talks about one.
      const saying = !passive && REPORTING_VERBS.has(tokens[v]?.lower ?? '');
      const phrase = lesson.text.slice(start, end);
      const namedAfter = (tokens[i + 1]?.lower === 'by' || tokens[i + 1]?.lower === 'from' || tokens[i + 1]?.lower === 'for') && (isCap(tokens[i + 2]) || isCap(tokens[i + 3]));
      const orgBefore = tokens.slice(k, i).some((x) => ORGANISATION_WORDS.has(x.lower));
      if (singular && ROLE_NOUNS.has(t.lower) && !plural) {
        const doc = /^(study|survey|report)$/.test(t.lower);
        const speaker = /^(spokesperson|spokesman|spokeswoman)$/.test(t.lower);
        if (doc && !namedAfter) add('sources', start, end, 'vague', `“${phrase}”: a document the story does not name, so no one can look it up (a vague source)`);
        // A spokesperson speaks for a named body ("a council spokesperson", "a spokesperson for X"): the body is the source.
        else if (speaker && (orgBefore || namedAfter)) add('sources', start, end, 'named', `“${phrase}” speaks for an organisation the story names (a named source)`);
        else if (!doc) add('sources', start, end, 'anonymous', `“${phrase}”: one particular person the story does not name (an anonymous source)`);
      } else if ((t.lower === 'sources' || t.lower === 'insiders') && (k < i || end > t.end || saying)) {
        add('sources', tokens[k]!.start, end, 'anonymous', `“${lesson.text.slice(tokens[k]!.start, end)}”: particular people the writer chose not to name (anonymous sources)`);
      } else if (plural && (k < i || saying) && det !== 'the') {
        const e = saying ? tokens[v]!.end : end;
        add('sources', tokens[k]!.start, e, 'vague', `“${lesson.text.slice(tokens[k]!.start, t.end)}”: a crowd nobody could pin down or ask (a vague source)`, { start: tokens[k]!.start, end: t.end });
      }
    }
  }
  for (const b of lesson.blocks) {
    const text = lesson.text.slice(b.start, b.end);
    for (const m of text.matchAll(PLATFORMS)) add('sources', b.start + m.index, b.start + m.index + m[0].length, 'vague', `“${m[0]}” is a whole platform, not a person or account you could check (a vague source)`);
    // Documents nobody can see: "leaked papers", "a confidential board document".
    for (const m of text.matchAll(/\b(?:(?:a|an|the) )?(?:leaked|confidential|internal|secret|private)(?: [\p{L}-]+)? (?:papers?|documents?|memos?|emails?|letters?|reports?|minutes)\b/giu)) {
      add('sources', b.start + m.index, b.start + m.index + m[0].length, 'anonymous', `“${m[0]}”: a document the story relies on but does not publish or name (an anonymous source)`);
    }
    // "according to officials", "according to sources close to the club": a crowd or unnamed people cited.
    for (const m of text.matchAll(/\baccording to ((?:(?:the|some|several|many|local|senior|unnamed|government|security|police|health|industry) )*(officials|authorities|experts|analysts|sources|insiders|observers|critics|residents|scientists|researchers|reports|witnesses|people|campaigners|diplomats))\b(?: (?:close to|familiar with|inside|within) (?:the )?[\p{L}-]+)?/giu)) {
      const who = m[2]!.toLowerCase();
      const unnamed = who === 'sources' || who === 'insiders' || /\bunnamed\b/i.test(m[1]!);
      const at = b.start + m.index + 'according to '.length;
      add('sources', at, b.start + m.index + m[0].length, unnamed ? 'anonymous' : 'vague', unnamed ? `“${m[0].slice(13)}”: particular people the writer chose not to name (anonymous sources)` : `“${m[0].slice(13)}”: a crowd nobody could pin down or ask (a vague source)`);
    }
    // "police said": an institution speaking, through no one the story names.
    for (const m of text.matchAll(/\b((?:\p{Lu}[\p{L}-]+ )?)[Pp]olice(?= (?:said|say|says|told|added|confirmed|stated|believe|believed|warned)\b)/gu)) {
      const place = m[1]!.trim();
      if (place && !/^(The|A|But|And|Local)$/.test(place)) add('sources', b.start + m.index, b.start + m.index + m[0].length, 'named', `“${m[0]}”: a police force the story names; you could ask its press office (a named source)`);
      else add('sources', b.start + m.index + m[1]!.length, b.start + m.index + m[0].length, 'vague', '“police”: which force, and who in it? The story does not say (a vague source)');
    }
    // An agent noun with a verb of saying: "one season-ticket holder said", "a local shopkeeper told".
    for (const m of text.matchAll(/\b(?:a|an|one) (?:[\p{L}-]+ ){0,2}[\p{L}-]+(?:er|or|ist|ian|ant|ent)\b(?=,? (?:said|told|says|added|claimed|explained|warned|admitted))/giu)) {
      add('sources', b.start + m.index, b.start + m.index + m[0].length, 'anonymous', `“${m[0]}”: one person quoted without a name (an anonymous source)`);
    }
    for (const m of text.matchAll(/(?<=\b(?:said|told|says|added|claimed) )(?:a|an|one) (?:[\p{L}-]+ ){0,2}[\p{L}-]+(?:er|or|ist|ian|ant|ent)\b/giu)) {
      add('sources', b.start + m.index, b.start + m.index + m[0].length, 'anonymous', `“${m[0]}”: one person quoted without a name (an anonymous source)`);
    }
  }

  // ── Framing ───────────────────────────────────────────────────────────
  const patterns = (entries: PatternEntry[], exercise: AssistantStep) => {
    for (const b of lesson.blocks) {
      const text = lesson.text.slice(b.start, b.end);
      for (const e of entries) {
        for (const m of text.matchAll(e.pattern)) add(exercise, b.start + m.index, b.start + m.index + m[0].length, e.label, e.reason(m[0]));
      }
    }
  };
  patterns(LOADED, 'framing');
  patterns(EXAGGERATION, 'framing');
  patterns(LABELLING, 'framing');
  for (const b of lesson.blocks) {
    const text = lesson.text.slice(b.start, b.end);
    // "brand the sale a ‘betrayal’": a label handed over as a verdict.
    for (const m of text.matchAll(/\b(?:brand(?:s|ed|ing)?|dub(?:s|bed|bing)?|label(?:s|led|ling)?|call(?:s|ed|ing)?) (?:[\p{L}’'-]+ ){1,4}(?:a |an )?[‘“"']?([\p{L}-]+(?: [\p{L}-]+)?)[’”"']/giu)) {
      const word = m[1]!;
      const at = b.start + m.index + m[0].lastIndexOf(word);
      add('framing', at, at + word.length, 'labelling', `“${word}” is a label that hands you the verdict (labelling)`);
    }
  }
  for (const b of lesson.blocks) {
    const text = lesson.text.slice(b.start, b.end);
    for (const m of text.matchAll(CLICKBAIT)) add('framing', b.start + m.index, b.start + m.index + m[0].length, 'clickbait', `“${m[0]}” teases or hurries you instead of informing you (clickbait)`);
  }
  const headline = lesson.blocks.find((b) => b.kind === 'headline');
  if (headline) {
    const h = lesson.text.slice(headline.start, headline.end);
    // Words in capitals shout at the reader ("DOCTORS STUNNED"); acronyms are not shouting.
    for (const m of h.matchAll(/\b\p{Lu}{2,}(?:\s+\p{Lu}{2,})*\b/gu)) {
      const shouted = m[0].split(/\s+/).filter((w) => !/^(US|UK|EU|UN|NHS|BBC|CNN|NASA|NATO|FBI|CIA|WHO|AI|USA|COVID|LGBT|CEO|GDP|TV|PM|MP|MPS|UFO|DNA|IT|OK)$/.test(w));
      if (shouted.length > 0 && shouted.join('').length >= 3) add('framing', headline.start + m.index, headline.start + m.index + m[0].length, 'clickbait', `“${m[0]}” in capitals shouts at the reader (clickbait)`);
    }
    const tail = /(?:^|[\s,:;])((?:['‘“"])?[^'‘“",:;]*?(?:\.{3,}|…)\s*)$/u.exec(h);
    if (tail) {
      const s = headline.start + tail.index + (tail[0].length - tail[1]!.length);
      add('framing', s, headline.end, 'clickbait', 'the headline stops mid-sentence, holding back the ending so you click (clickbait)');
    }
    if (/\?\s*$/.test(h) || /\b(you won'?t believe|here'?s why|this is why|what happened next|the reason why|will shock you)\b/i.test(h)) {
      add('framing', headline.start, headline.end, 'clickbait', 'a headline that teases a question or a reveal instead of stating the news (clickbait)');
    }
  }

  // ── Unverified statements ─────────────────────────────────────────────
  for (const { block, sentences } of analysed) {
    const text = lesson.text.slice(block.start, block.end);
    // Words in quotation marks (or a quotation opened and never closed, as in a teasing headline).
    // A single quotation mark opens a quotation only where no letter stands before it ("residents' fury", "council's" are apostrophes).
    for (const m of text.matchAll(/[“"]([^“”"]{2,}?)[”"]|(?<![\p{L}\p{N}])[‘']([^‘’']{3,}?)(?:[’'](?!\p{L})|$)/gu)) {
      const inner = m[1] ?? m[2] ?? '';
      // A straight ' with one word after it is an apostrophe; a curly ‘ opens a quotation even of one word.
      if (m[2] !== undefined && !/\s/.test(inner) && !m[0].startsWith('‘')) continue;
      // A capitalised name or title in quotation marks ("Velmora Reset") is not someone's words.
      const ws = inner.trim().split(/\s+/);
      if (ws.length <= 3 && ws.every((w) => /^\p{Lu}/u.test(w)) && !/[.!?,]$/.test(inner.trim())) continue;
      const s = block.start + m.index + 1;
      add('unverified', s, s + inner.length, 'quote-to-check', 'words presented as someone’s: check them against the original or other reports (a quote to check)');
    }
    const clauseOf = (ms: number, me: number) => {
      const sent = sentences.find((x) => ms >= x.start && ms < x.end) ?? { start: block.start, end: block.end };
      const inSent = lesson.text.slice(sent.start, sent.end);
      const rel = ms - sent.start;
      const stop = /[,;:—–“”"()]/u;
      let a = rel;
      while (a > 0 && !stop.test(inSent[a - 1]!)) a--;
      let z = me - sent.start;
      while (z < inSent.length && !stop.test(inSent[z]!) && !/[.!?]/.test(inSent[z]!)) z++;
      let start = sent.start + a;
      let end = sent.start + z;
      if (lesson.text.slice(start, end).trim().split(/\s+/).length < 4) {
        start = sent.start;
        end = sent.end;
      }
      while (start < end && /[\s,;:—–.“”"]/u.test(lesson.text[start]!)) start++;
      while (end > start && /[\s,;:—–.!?“”"]/u.test(lesson.text[end - 1]!)) end--;
      return [start, end] as const;
    };
    for (const m of text.matchAll(HEDGES)) {
      const [s, e] = clauseOf(block.start + m.index, block.start + m.index + m[0].length);
      add('unverified', s, e, 'speculation', `“${m[0]}” makes this a guess about what may happen, not a fact (speculation)`);
    }
    for (const u of UNATTRIBUTED) {
      for (const m of text.matchAll(u.pattern)) {
        const [s, e] = clauseOf(block.start + m.index, block.start + m.index + m[0].length);
        add('unverified', s, e, 'unattributed', `“${m[0]}”: ${u.reason} (an unattributed claim)`);
      }
    }
  }
  return mergeProposals(out, lesson.text);
}

/** Overlapping proposals of the same step and label become one (the first reason kept); in text order. */
function mergeProposals(list: Proposal[], text: string): Proposal[] {
  const sorted = [...list].sort((a, b) => a.exercise.localeCompare(b.exercise) || a.label.localeCompare(b.label) || a.start - b.start || b.end - a.end);
  const out: Proposal[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && last.exercise === p.exercise && last.label === p.label && p.start < last.end) {
      if (p.end > last.end) {
        last.end = p.end;
        last.quote = text.slice(last.start, last.end);
      }
      continue;
    }
    out.push({ ...p });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
