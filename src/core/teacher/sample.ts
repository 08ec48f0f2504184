import type { Answer } from '../../shared/answers.ts';
import { VERDICTS, type Verdict } from '../../shared/lesson.ts';
import { segmentWords } from '../../shared/words.ts';
import type { Store } from '../db/store.ts';

// `lede sample-class`: a realistic class for trying the teacher screens and for
// benchmarks. Deterministic for a given seed.

const GIVEN = [
  'Amara', 'Lukas', 'Sofía', 'Mateo', 'Chloé', 'Noah', 'Aisha', 'Yusuf', 'Mei', 'Hiroshi', 'Priya', 'Arjun', 'Olga', 'Dmitri', 'Zoë', 'Björn',
  'Fatima', 'Omar', 'Leila', 'Tomás', 'Grace', 'Kwame', 'Nia', 'Ewa', 'Jakub', 'Siobhán', 'Rhys', 'Ana', 'João', 'Emre', 'Elif', 'Ngozi',
  'زينب', 'محمد', 'נועה', 'אורי', '美玲', '伟', 'अनन्या', 'Thảo', 'Minh', 'Sione', 'Aroha', 'Ingrid', 'Luca', 'Giulia', 'Matías', 'Valentina',
];
const FAMILY = [
  'Okafor', 'Müller', 'García', 'Rossi', 'Dubois', 'Smith', 'Khan', 'Yılmaz', 'Chen', 'Tanaka', 'Sharma', 'Patel', 'Ivanova', 'Kowalski', "O'Brien",
  'Nguyen', 'Mensah', 'Haddad', 'Cohen', 'Silva', 'Jones', 'Andersson', 'Tupou', 'Ngata', 'Hansen', 'Costa', 'Fernández', 'Novak', 'Ali', 'Levi',
];

const SHORT_ANSWERS = [
  'I would look for the original Sky News interview video and listen to exactly what he said, then compare it with how other news sites reported it.',
  'Search the quote in a search engine and see if other reliable outlets quote the same words.',
  'Find the transcript of the interview. If the words are different I would trust the transcript, not this article.',
  'Check the date of the interview and what question he was answering, because the article does not say.',
  'I would ask my teacher.',
  'Look at other reports of the interview from different countries and see if they mention Kashmir.',
  '',
];

export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export interface SampleReport {
  classId: string;
  className: string;
  students: number;
  finished: number;
}

export function createSampleClass(store: Store, opts: { students: number; className?: string; lessonId?: string; seed?: number }): SampleReport {
  const rand = prng(opts.seed ?? 7);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const classes = store.classes;
  const lessonId = opts.lessonId ?? 'asif-dirty-work';
  const lesson = store.lessonVersion(store.currentVersionId(lessonId));
  let name = opts.className ?? 'Sample class';
  for (let n = 2; classes.list().some((c) => c.name.toLowerCase() === name.toLowerCase()); n++) name = `${opts.className ?? 'Sample class'} ${n}`;
  const cls = classes.create(name);
  let finished = 0;
  const words = segmentWords(lesson.text, lesson.language);
  // School ids no student on this computer has yet: a second sample class gets students of its own.
  let nextId = 100000;
  const freeRosterId = () => {
    while (classes.studentByRosterId(`S${nextId}`)) nextId++;
    return `S${nextId++}`;
  };
  const now = Date.now();

  store.inTransaction(() => {
    for (let i = 0; i < opts.students; i++) {
      const display = `${pick(GIVEN)} ${pick(FAMILY)}`;
      const { id: studentId } = classes.addStudent(cls.id, display, freeRosterId());
      const skill = 0.25 + rand() * 0.7;
      // Most students finish; some stop part-way; a few never start.
      const r = rand();
      if (r < 0.05) continue;
      const stopAfter = r < 0.2 ? 1 + Math.floor(rand() * (lesson.exercises.length - 1)) : lesson.exercises.length;
      const attempt = store.startAttempt(studentId, lessonId);
      let n = 0;
      lesson.exercises.forEach((ex, k) => {
        if (k >= stopAfter) return;
        if (ex.kind === 'highlight') {
          for (const key of ex.key) {
            if (rand() > skill) continue;
            const label = rand() < 0.15 ? pick(ex.labels).id : key.label;
            const mention = pick(key.mentions);
            // Some mark the identifying words, most the whole phrase.
            let { start, end } = rand() < 0.4 ? { start: mention.coreStart, end: mention.coreEnd } : mention;
            if (rand() < 0.15) end = start + Math.max(1, Math.floor((end - start) / 3)); // a partial mark
            store.putHighlight(attempt.id, ex.id, { id: `${attempt.id.slice(0, 8)}-${n++}`, start, end, label });
          }
          const extras = Math.floor(rand() * 3 * (1 - skill));
          for (let e = 0; e < extras; e++) {
            const w = pick(words);
            store.putHighlight(attempt.id, ex.id, { id: `${attempt.id.slice(0, 8)}-${n++}`, start: w.start, end: w.end, label: pick(ex.labels).id });
          }
        } else {
          let answer: Answer;
          if (ex.kind === 'choice') {
            const chosen = ex.options.filter((o) => (o.correct ? rand() < skill : rand() > skill + 0.3)).map((o) => o.id);
            answer = { choices: ex.multiple ? chosen : [chosen[0] ?? ex.options[0]!.id] };
          } else if (ex.kind === 'evidence') {
            const claims: Record<string, { verdict: Verdict; card?: string }> = {};
            for (const c of ex.claims) {
              const verdict = rand() < skill ? c.verdicts[0]! : pick(VERDICTS);
              const card = c.cards.length > 0 && rand() < skill ? pick(c.cards) : rand() < 0.2 ? pick(ex.cards).id : undefined;
              claims[c.id] = card === undefined ? { verdict } : { verdict, card };
            }
            answer = { claims };
          } else if (ex.kind === 'search') {
            const search: Record<string, { result: string; reason: string }> = {};
            for (const q of ex.questions) {
              const results = ex.pages.find((p) => p.id === q.page)?.results ?? [];
              const right = q.reasons.filter((r) => r.correct);
              search[q.id] = { result: rand() < skill ? q.best : pick(results).id, reason: (rand() < skill && right.length > 0 ? pick(right) : pick(q.reasons)).id };
            }
            answer = { search };
          } else {
            answer = { text: pick(SHORT_ANSWERS) };
          }
          store.putResponse(attempt.id, ex.id, answer);
        }
        store.submitExercise(attempt.id, ex.id);
        store.setStep(attempt.id, k + 1);
      });
      const done = stopAfter === lesson.exercises.length;
      if (done) {
        store.setStep(attempt.id, lesson.exercises.length + 1);
        store.finishAttempt(attempt.id);
        finished++;
      }
      // Worked on in the last week, for about as long as a class spends on a lesson (less when they stopped part-way).
      const startedAt = new Date(now - Math.floor(rand() * 7 * 86_400_000) - 3_600_000);
      const minutes = done ? 12 + rand() * 28 : 2 + rand() * 12;
      store.setAttemptTimes(attempt.id, { startedAt, updatedAt: new Date(startedAt.getTime() + minutes * 60_000), finished: done });
    }
  });
  return { classId: cls.id, className: cls.name, students: opts.students, finished };
}
