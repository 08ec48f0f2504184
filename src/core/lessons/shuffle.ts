import type { Exercise, Lesson } from '../../shared/lesson.ts';

// The order a student sees a choice step's options and an evidence step's claims
// in: shuffled per attempt, so that "tick the top ones" wins nothing and two
// students side by side see different orders. The order is a pure function of a
// seed (the attempt's id and the step's id), never of Math.random: the same
// attempt gets the same order on every reload, on every computer and after a
// backup is restored. Options the lesson pins (`fixed: true`) keep their place.
// Scoring does not depend on order, so a shuffled step scores as the authored one.

/** A 32-bit hash of a text (cyrb53's mixing, folded to 32 bits): similar seeds give unrelated numbers. */
export function seedHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** mulberry32: a small deterministic generator of numbers in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shuffled order of `n` items: `order[position]` is the index of the item shown
 * there. Every index in `pinned` stays at its own position; the others are
 * shuffled (Fisher–Yates, every order equally likely) among the positions left.
 */
export function shuffledOrder(n: number, pinned: ReadonlySet<number>, seed: string): number[] {
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!pinned.has(i)) free.push(i);
  const moving = [...free];
  const next = generator(seedHash(seed));
  for (let i = moving.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [moving[i], moving[j]] = [moving[j]!, moving[i]!];
  }
  const order = Array.from({ length: n }, (_, i) => i);
  free.forEach((position, k) => {
    order[position] = moving[k]!;
  });
  return order;
}

/** The seed of one step's order in one attempt. */
export const stepSeed = (attemptId: string, exerciseId: string) => `${attemptId}\u0000${exerciseId}`;

/** One step as a student of this attempt sees it: its options (choice) or claims (evidence) in the attempt's order. */
export function shuffleExercise(ex: Exercise, attemptId: string): Exercise {
  const seed = stepSeed(attemptId, ex.id);
  switch (ex.kind) {
    case 'choice': {
      const pinned = new Set(ex.options.flatMap((o, i) => (o.fixed ? [i] : [])));
      return { ...ex, options: shuffledOrder(ex.options.length, pinned, seed).map((i) => ex.options[i]!) };
    }
    case 'evidence':
      return { ...ex, claims: shuffledOrder(ex.claims.length, new Set(), seed).map((i) => ex.claims[i]!) };
    case 'search':
      // Each page's results and each question's reasons in an order of the attempt's own (pinned ones stay put).
      return {
        ...ex,
        pages: ex.pages.map((p) => {
          const pinned = new Set(p.results.flatMap((r, i) => (r.fixed ? [i] : [])));
          return { ...p, results: shuffledOrder(p.results.length, pinned, `${seed}\u0000${p.id}`).map((i) => p.results[i]!) };
        }),
        questions: ex.questions.map((q) => {
          const pinned = new Set(q.reasons.flatMap((r, i) => (r.fixed ? [i] : [])));
          return { ...q, reasons: shuffledOrder(q.reasons.length, pinned, `${seed}\u0000${q.id}\u0000why`).map((i) => q.reasons[i]!) };
        }),
      };
    default:
      return ex;
  }
}

/**
 * The lesson as the student of this attempt sees it: every choice step's options
 * and every evidence step's claims in the attempt's own order. Teachers' views
 * (review, answer key, studio, the live dashboard) use the lesson as written.
 */
export function lessonForAttempt(lesson: Lesson, attemptId: string): Lesson {
  return { ...lesson, exercises: lesson.exercises.map((ex) => shuffleExercise(ex, attemptId)) };
}

/** `items` in the order of `like` (by id); any item `like` does not list keeps its place after them. */
export function inOrderOf<T extends { id: string }>(items: readonly T[], like: readonly { id: string }[]): T[] {
  const rank = new Map(like.map((x, i) => [x.id, i]));
  return items
    .map((item, i) => ({ item, at: rank.get(item.id) ?? like.length + i }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.item);
}
