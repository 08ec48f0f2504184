import { DEFAULT_WRONG_LABEL_CREDIT } from '../core/scoring/spans.ts';
import type { Lesson } from '../shared/lesson.ts';

/** The `lede lesson show --json` shape (documented in the README). */
export function lessonToJson(lesson: Lesson) {
  return {
    id: lesson.id,
    title: lesson.title,
    hash: lesson.hash,
    language: lesson.language,
    direction: lesson.direction,
    reaction: lesson.reaction === true,
    article: lesson.article,
    text: lesson.text,
    blocks: lesson.blocks,
    exercises: lesson.exercises.map((ex) => {
      const base = { id: ex.id, kind: ex.kind, title: ex.title, prompt: ex.prompt, points: ex.points };
      switch (ex.kind) {
        case 'highlight':
          return {
            ...base,
            labels: ex.labels,
            key: ex.key.map((k) => ({
              label: k.label,
              ...(k.labels ? { labels: k.labels } : {}),
              explanation: k.explanation,
              mentions: k.mentions.map((m) => ({
                start: m.start,
                end: m.end,
                quote: m.quote,
                core: { start: m.coreStart, end: m.coreEnd, quote: lesson.text.slice(m.coreStart, m.coreEnd) },
              })),
            })),
            notes: ex.notes,
            wrongLabelCredit: ex.wrongLabelCredit ?? DEFAULT_WRONG_LABEL_CREDIT,
          };
        case 'evidence':
          return { ...base, cards: ex.cards, claims: ex.claims };
        case 'choice':
          return { ...base, multiple: ex.multiple, options: ex.options };
        case 'search':
          return { ...base, reasonShare: ex.reasonShare, pages: ex.pages, questions: ex.questions };
        case 'short-answer':
          return { ...base, rubric: ex.rubric, ...(ex.modelAnswer !== undefined ? { modelAnswer: ex.modelAnswer } : {}) };
      }
    }),
  };
}
