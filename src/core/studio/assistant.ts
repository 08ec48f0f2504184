import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Block } from '../../shared/lesson.ts';
import {
  CROWD_MODIFIERS, CROWD_NOUNS, EXAGGERATION, HEDGES, LABELLING, LOADED, ORGANISATION_WORDS, REPORTING_VERBS, ROLE_NOUNS, UNATTRIBUTED, type PatternEntry,
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
    at += spaces[i]!.length;
    // wink-nlp's tokens are lossless: the text is rebuilt from their spaces and values.
    tokens.push({ value: v, lower: v.toLowerCase(), pos: pos[i]!, start: offset + at, end: offset + at + v.length, sentence: 0 });
    at += v.length;
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
export function proposeKeyItems(lesson: { text: string; blocks: readonly Block[]; language: string }): Proposal[] {
  if (!/^en\b/i.test(lesson.language)) return [];
  const out: Proposal[] = [];
  const knownNames = new Set<string>();
  const add = (exercise: AssistantStep, start: number, end: number, label: string, reason: string) => {
    const quote = lesson.text.slice(start, end);
    if (quote.trim()) out.push({ exercise, start, end, quote, label, reason });
  };

  const analysed = lesson.blocks.map((b) => ({ block: b, ...analyse(lesson.text.slice(b.start, b.end), b.start) }));

  // ── Sources ───────────────────────────────────────────────────────────
  // Two passes: names first seen beside a reporting verb make later bare mentions ("Asif said") sources too.
  for (const pass of [1, 2]) {
    for (const { tokens } of analysed) {
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (!isCap(t) || t.pos === 'PRON' || t.pos === 'DET' || t.pos === 'PUNCT') continue;
        if (i > 0 && isCap(tokens[i - 1]) && tokens[i - 1]!.end === t.start - 1) continue; // not the start of a run
        let j = i;
        while (j + 1 < tokens.length && (isCap(tokens[j + 1]) || (CONNECTORS.has(tokens[j + 1]!.lower) && isCap(tokens[j + 2])))) j++;
        const chunk = tokens.slice(i, j + 1).filter((x) => x.pos !== 'PUNCT');
        const first = chunk[0]!;
        const last = chunk[chunk.length - 1]!;
        const sentenceStart = i === 0 || tokens[i - 1]!.sentence !== t.sentence;
        // A capital at the start of a sentence, or words that only describe a group ("Residents", "Senior Officials"), are not names.
        const common = chunk.every((x) => ROLE_NOUNS.has(x.lower) || CROWD_NOUNS.has(x.lower) || CROWD_MODIFIERS.has(x.lower));
        if (common || (chunk.length === 1 && sentenceStart && t.pos !== 'PROPN')) {
          i = j;
          continue;
        }
        const near = (k: number) => tokens[k]?.lower ?? '';
        const after = [near(j + 1), near(j + 2), near(j + 3)].filter((w) => w !== ',');
        const before = [near(i - 1), near(i - 2), near(i - 3)];
        const reporting = after.slice(0, 2).some((w) => REPORTING_VERBS.has(w)) || REPORTING_VERBS.has(before[0]!) || (before[0] === 'to' && before[1] === 'according') || (before[0] === 'with' && before[1] === 'interview') || before[0] === 'told';
        const org = ORGANISATION_WORDS.has(last.lower);
        const titled = chunk.some((x) => PERSON_TITLES.test(x.value));
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
      const phrase = lesson.text.slice(start, t.end);
      if (singular && ROLE_NOUNS.has(t.lower) && !plural) {
        const doc = /^(study|survey|report)$/.test(t.lower);
        if (doc) add('sources', start, t.end, 'vague', `“${phrase}”: a document the story does not name, so no one can look it up (a vague source)`);
        else add('sources', start, t.end, 'anonymous', `“${phrase}”: one particular person the story does not name (an anonymous source)`);
      } else if (t.lower === 'sources' && k < i) {
        add('sources', tokens[k]!.start, t.end, 'anonymous', `“${phrase}”: particular people the writer chose not to name (anonymous sources)`);
      } else if (plural && (k < i || REPORTING_VERBS.has(tokens[i + 1]?.lower ?? '') || REPORTING_VERBS.has(tokens[i + 2]?.lower ?? '')) && det !== 'the') {
        add('sources', tokens[k]!.start, t.end, 'vague', `“${lesson.text.slice(tokens[k]!.start, t.end)}”: a crowd nobody could pin down or ask (a vague source)`);
      }
    }
  }
  for (const b of lesson.blocks) {
    const text = lesson.text.slice(b.start, b.end);
    for (const m of text.matchAll(PLATFORMS)) add('sources', b.start + m.index, b.start + m.index + m[0].length, 'vague', `“${m[0]}” is a whole platform, not a person or account you could check (a vague source)`);
  }

  // ── Framing ───────────────────────────────────────────────────────────
  const patterns = (entries: PatternEntry[], exercise: AssistantStep) => {
    for (const b of lesson.blocks) {
      const text = lesson.text.slice(b.start, b.end);
      for (const e of entries) {
        for (const m of text.matchAll(e.pattern)) add(exercise, b.start + m.index, b.start + m.index + m[0].length, e.label, e.reason);
      }
    }
  };
  patterns(LOADED, 'framing');
  patterns(EXAGGERATION, 'framing');
  patterns(LABELLING, 'framing');
  const headline = lesson.blocks.find((b) => b.kind === 'headline');
  if (headline) {
    const h = lesson.text.slice(headline.start, headline.end);
    for (const m of h.matchAll(/\b\p{Lu}{3,}\b/gu)) {
      if (!/^(US|UK|EU|UN|NHS|BBC|CNN|NASA|NATO|FBI|CIA|WHO|AI|USA|COVID|LGBT|CEO|GDP)$/.test(m[0])) add('framing', headline.start + m.index, headline.start + m.index + m[0].length, 'clickbait', `“${m[0]}” in capitals shouts at the reader (clickbait)`);
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
    for (const m of text.matchAll(/[“"]([^“”"]{2,}?)[”"]|[‘']([^‘’']{3,}?)(?:[’'](?!\p{L})|$)/gu)) {
      const inner = m[1] ?? m[2] ?? '';
      if (m[2] !== undefined && !/\s/.test(inner)) continue; // an apostrophe, not a quotation
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
