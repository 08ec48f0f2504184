// Highlight scoring. Two measures of the same highlights:
// - the fair measure the points come from (`scoreHighlights`): key items found by
//   their core, and the share of highlighted characters inside the key;
// - the SemEval-2020 Task 11 span metric, kept exactly as published so results stay
//   comparable with research (reported by `lede score --json`).
//
// SemEval (technique classification in news): spans are half-open [start, end) character ranges; spans of the same label that
// overlap or touch are merged first; then
//   P = 1/|S| · Σ_s Σ_t |s∩t|/|s| · [label(s)=label(t)]
//   R = 1/|T| · Σ_s Σ_t |s∩t|/|t| · [label(s)=label(t)]
//   F1 = 2PR/(P+R), and F1 = 1 when both S and T are empty.
// S are the student's spans, T the key's. Intersections are computed with sorted,
// disjoint span lists and prefix sums (O((n+m) log n)), never a product of all pairs.

export interface LabeledSpan {
  start: number;
  end: number;
  label: string;
}

export interface Metrics {
  precision: number;
  recall: number;
  f1: number;
}

export type ItemStatus = 'found' | 'partly' | 'missed';

/** A key item as scoring sees it: a label and the places it appears, each with its core. */
export interface ItemLike {
  label: string;
  /** Every label the key accepts for the item (the first is `label`); absent: `label` only. */
  labels?: readonly string[];
  mentions: readonly { start: number; end: number; coreStart: number; coreEnd: number }[];
}

/** The labels a key item accepts. */
export function acceptedLabels(item: ItemLike): readonly string[] {
  return item.labels && item.labels.length > 0 ? item.labels : [item.label];
}

/** The share of an item a student earns for its right words under a label the key does not accept. */
export const DEFAULT_WRONG_LABEL_CREDIT = 0.5;

export interface HighlightOptions {
  /** 0..1: the share of an item (and of precision) the right words earn under a wrong label. Default one half. */
  wrongLabelCredit?: number;
  /** Passages left out of the key on purpose: marking them costs nothing. */
  notes?: readonly Range[];
  /**
   * The length of the text the student marks. With it, precision is corrected for
   * chance by the share of the text the key covers (see `beyondChance`).
   */
  textLength?: number;
  /** Accept only each item's first label (the rules before several labels: see rules.ts). */
  firstLabelOnly?: boolean;
}

export interface ItemResult<I extends ItemLike = ItemLike> {
  item: I;
  status: ItemStatus;
  /** 0..1: the largest share of one mention's core the student marked with the item's label. */
  credit: number;
  /** The mention that earned the credit (the first one when none did). */
  mention: number;
  /** When not found: the label the student gave most of the item's identifying words instead. */
  markedAs?: string;
  /** When not found: the student marked words of a mention with the right label, but not its core. */
  nearby?: boolean;
}

export interface HighlightScore<I extends ItemLike = ItemLike> {
  /** SemEval-2020 Task 11 figures over every mention, as published (for research comparisons). */
  semeval: Metrics & { unlabeled: Metrics };
  /** Share of the key's items found (partial credit for a partly covered core). */
  itemRecall: number;
  /**
   * Share of the highlighted characters that lie inside a key mention with an accepted
   * label (characters inside a mention under another label count `wrongLabelCredit`;
   * characters of a note outside the key are not counted at all).
   */
  spanPrecision: number;
  /** Share of the text (less notes) the key's mentions cover: what marking at random finds inside the key. */
  keyShare: number;
  /** Precision beyond chance: (spanPrecision − keyShare) ÷ (1 − keyShare), never below 0. */
  beyondChance: number;
  /** Harmonic mean of itemRecall and beyondChance: the step's points are score × points. */
  score: number;
  found: number;
  total: number;
  items: ItemResult<I>[];
  /** Student spans (as marked) that touch no key mention of any label. */
  extraSpans: LabeledSpan[];
}

/** Sorted, merged copy: overlapping or touching spans with the same label become one. */
export function mergeSpans<T extends LabeledSpan>(spans: readonly T[]): LabeledSpan[] {
  const out: LabeledSpan[] = [];
  for (const [label, group] of groupByLabel(spans)) {
    for (const s of mergeRanges(group)) out.push({ start: s.start, end: s.end, label });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export interface Range {
  start: number;
  end: number;
}

/** `a` less `b`: both sorted and disjoint; the result too. */
export function subtractRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let j = 0;
  for (const r of a) {
    let start = r.start;
    while (j < b.length && b[j]!.end <= start) j++;
    let k = j;
    while (k < b.length && b[k]!.start < r.end) {
      if (b[k]!.start > start) out.push({ start, end: b[k]!.start });
      start = Math.max(start, b[k]!.end);
      k++;
    }
    if (start < r.end) out.push({ start, end: r.end });
  }
  return out;
}

function groupByLabel<T extends LabeledSpan>(spans: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const s of spans) {
    if (s.end <= s.start) continue;
    let g = groups.get(s.label);
    if (!g) groups.set(s.label, (g = []));
    g.push(s);
  }
  return groups;
}

/** Sorted union of ranges (touching ranges join). Empty ranges are dropped. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push({ start: r.start, end: r.end });
    }
  }
  return out;
}

/**
 * For a sorted list of disjoint ranges, a function giving how many characters of
 * [a, b) the ranges cover: prefix sums plus binary search.
 */
export function coverageOf(disjoint: readonly Range[]): (a: number, b: number) => number {
  const n = disjoint.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const before = new Float64Array(n + 1); // covered length of ranges[0..i)
  for (let i = 0; i < n; i++) {
    const r = disjoint[i]!;
    starts[i] = r.start;
    ends[i] = r.end;
    before[i + 1] = before[i]! + (r.end - r.start);
  }
  // Covered length in [0, x).
  const upTo = (x: number): number => {
    // The last range whose start < x.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const i = lo - 1;
    return before[i]! + Math.min(ends[i]!, x) - starts[i]!;
  };
  return (a, b) => (b <= a ? 0 : upTo(b) - upTo(a));
}

function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function metrics(sumP: number, nS: number, sumR: number, nT: number): Metrics {
  if (nS === 0 && nT === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = nS === 0 ? 0 : sumP / nS;
  const recall = nT === 0 ? 0 : sumR / nT;
  return { precision, recall, f1: f1Of(precision, recall) };
}

/** Labelled SemEval metric of student spans against key spans. */
export function spanMetrics(key: readonly LabeledSpan[], student: readonly LabeledSpan[]): Metrics {
  const T = groupByLabel(key);
  const S = groupByLabel(student);
  let sumP = 0;
  let sumR = 0;
  let nS = 0;
  let nT = 0;
  const merged = new Map<string, { t: Range[]; s: Range[] }>();
  for (const label of new Set([...T.keys(), ...S.keys()])) {
    merged.set(label, { t: mergeRanges(T.get(label) ?? []), s: mergeRanges(S.get(label) ?? []) });
  }
  for (const { t, s } of merged.values()) {
    nS += s.length;
    nT += t.length;
    if (t.length === 0 || s.length === 0) continue;
    const covT = coverageOf(t);
    const covS = coverageOf(s);
    for (const x of s) sumP += covT(x.start, x.end) / (x.end - x.start);
    for (const x of t) sumR += covS(x.start, x.end) / (x.end - x.start);
  }
  return metrics(sumP, nS, sumR, nT);
}

/**
 * The label-agnostic metric: the same spans (merged per label), each compared with
 * the union of every span on the other side whatever its label. Overlapping key
 * spans of different labels are therefore not counted twice, and the result is
 * never below the labelled metric.
 */
export function unlabeledMetrics(key: readonly LabeledSpan[], student: readonly LabeledSpan[]): Metrics {
  const t = mergeSpans(key);
  const s = mergeSpans(student);
  const covT = coverageOf(mergeRanges(t));
  const covS = coverageOf(mergeRanges(s));
  let sumP = 0;
  let sumR = 0;
  for (const x of s) sumP += covT(x.start, x.end) / (x.end - x.start);
  for (const x of t) sumR += covS(x.start, x.end) / (x.end - x.start);
  return metrics(sumP, s.length, sumR, t.length);
}

/** The flat list of key mentions (each with its item's first label) that span metrics compare. */
export function mentionSpans(items: readonly ItemLike[]): LabeledSpan[] {
  return items.flatMap((it) => it.mentions.map((m) => ({ start: m.start, end: m.end, label: it.label })));
}

/**
 * Full feedback for one highlight exercise.
 *
 * An item is found when, in any one of its mentions, the student's spans with a
 * label the item accepts cover the whole core; covering part of a core earns that
 * share (`credit`). The right words under a label the item does not accept earn
 * `wrongLabelCredit` of that share. Item recall is the mean credit over the items:
 * a further mention of a found item adds nothing and costs nothing. Span precision
 * is the share of the characters the student highlighted (per label, overlaps
 * counted once) that lie inside a key mention with an accepted label, characters
 * inside a mention under another label counting `wrongLabelCredit`; characters in
 * a note (left out of the key on purpose) and outside the key are not counted.
 * With the text's length, precision is corrected for chance: marking at random
 * finds the key's share of the text inside the key, so only precision beyond it
 * counts. The score is the harmonic mean of item recall and that precision.
 */
export function scoreHighlights<I extends ItemLike>(items: readonly I[], student: readonly LabeledSpan[], opts: HighlightOptions = {}): HighlightScore<I> {
  const w = Math.min(1, Math.max(0, opts.wrongLabelCredit ?? DEFAULT_WRONG_LABEL_CREDIT));
  const flat = mentionSpans(items);
  const labelled = spanMetrics(flat, student);
  const unlabeled = unlabeledMetrics(flat, student);

  // Key mentions by every label their item accepts.
  const accepted: LabeledSpan[] = items.flatMap((it) => (opts.firstLabelOnly ? [it.label] : acceptedLabels(it)).flatMap((label) => it.mentions.map((m) => ({ start: m.start, end: m.end, label }))));
  const keyByLabel = new Map<string, (a: number, b: number) => number>();
  for (const [label, group] of groupByLabel(accepted)) keyByLabel.set(label, coverageOf(mergeRanges(group)));
  const keyRanges = mergeRanges(flat);
  const keyAny = coverageOf(keyRanges);
  const noteRanges = subtractRanges(mergeRanges(opts.notes ?? []), keyRanges);
  const noteOnly = coverageOf(noteRanges);

  const studentByLabel = new Map<string, (a: number, b: number) => number>();
  let marked = 0;
  let inside = 0;
  for (const [label, group] of groupByLabel(student)) {
    const ranges = mergeRanges(group);
    studentByLabel.set(label, coverageOf(ranges));
    const key = keyByLabel.get(label);
    for (const r of ranges) {
      marked += r.end - r.start - noteOnly(r.start, r.end);
      const right = key ? key(r.start, r.end) : 0;
      inside += right + w * (keyAny(r.start, r.end) - right);
    }
  }
  const studentAny = coverageOf(mergeRanges(student));
  const none = () => 0;
  // Several accepted labels: the union of the student's spans under any of them.
  const byAccepted = new Map<string, (a: number, b: number) => number>();
  const coverageFor = (labels: readonly string[]) => {
    if (labels.length === 1) return studentByLabel.get(labels[0]!) ?? none;
    const k = JSON.stringify(labels);
    let cov = byAccepted.get(k);
    if (!cov) byAccepted.set(k, (cov = coverageOf(mergeRanges(student.filter((s) => labels.includes(s.label))))));
    return cov;
  };

  let creditSum = 0;
  let found = 0;
  const results = items.map((item): ItemResult<I> => {
    const labels = opts.firstLabelOnly ? [item.label] : acceptedLabels(item);
    const mine = coverageFor(labels);
    let credit = 0;
    let mention = 0;
    let nearby = false;
    item.mentions.forEach((m, i) => {
      const len = m.coreEnd - m.coreStart;
      const right = len > 0 ? mine(m.coreStart, m.coreEnd) / len : 0;
      const c = len > 0 ? right + w * (studentAny(m.coreStart, m.coreEnd) / len - right) : 0;
      if (c > credit) {
        credit = c;
        mention = i;
      }
      if (mine(m.start, m.end) > 0) nearby = true;
    });
    const status: ItemStatus = credit >= 1 ? 'found' : credit > 0 ? 'partly' : 'missed';
    creditSum += credit;
    if (status === 'found') found++;
    const result: ItemResult<I> = { item, status, credit, mention };
    if (status !== 'found') {
      let most = 0;
      for (const [label, cov] of studentByLabel) {
        if (labels.includes(label)) continue;
        // Only a mark on the identifying words counts: words beside them say nothing about this item.
        const c = item.mentions.reduce((n, m) => n + cov(m.coreStart, m.coreEnd), 0);
        if (c > most) {
          most = c;
          result.markedAs = label;
        }
      }
      if (status === 'missed' && nearby) result.nearby = true;
    }
    return result;
  });

  // A step with no key items (a draft) has nothing to find: it earns nothing until it has them.
  const itemRecall = items.length === 0 ? 0 : creditSum / items.length;
  const spanPrecision = marked <= 0 ? 0 : Math.min(1, inside / marked);
  const keyLength = keyRanges.reduce((n, r) => n + r.end - r.start, 0);
  const noteLength = noteRanges.reduce((n, r) => n + r.end - r.start, 0);
  const room = (opts.textLength ?? 0) - noteLength;
  const keyShare = opts.textLength === undefined || room <= 0 ? 0 : Math.min(1, keyLength / room);
  const beyondChance = keyShare >= 1 ? spanPrecision : Math.max(0, (spanPrecision - keyShare) / (1 - keyShare));

  const extraSpans = student
    .filter((s) => s.end > s.start && keyAny(s.start, s.end) === 0)
    .map((s) => ({ start: s.start, end: s.end, label: s.label }))
    .sort((a, b) => a.start - b.start || a.end - b.end);

  return {
    semeval: { ...labelled, unlabeled },
    itemRecall,
    spanPrecision,
    keyShare,
    beyondChance,
    score: f1Of(itemRecall, beyondChance),
    found,
    total: items.length,
    items: results,
    extraSpans,
  };
}

export type StudentSpanStatus = 'correct' | 'wrong-label' | 'extra';

/**
 * How each student span (as marked) relates to the key: it overlaps a key span
 * with the same label ('correct'), only key spans with other labels
 * ('wrong-label'), or no key span ('extra').
 */
export function classifyStudentSpans(key: readonly LabeledSpan[], student: readonly LabeledSpan[]): StudentSpanStatus[] {
  const byLabel = new Map<string, (a: number, b: number) => number>();
  for (const [label, group] of groupByLabel(key)) byLabel.set(label, coverageOf(mergeRanges(group)));
  const any = coverageOf(mergeRanges(key));
  return student.map((s) => {
    if ((byLabel.get(s.label)?.(s.start, s.end) ?? 0) > 0) return 'correct';
    return any(s.start, s.end) > 0 ? 'wrong-label' : 'extra';
  });
}
