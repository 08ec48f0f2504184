import { createContext, useContext } from 'react';

/** What a step's skip links do: given by the lesson screen (LessonView); absent elsewhere (a teacher's review). */
export interface StepJumps {
  /** Focus the article (where a highlight step's marks are made). */
  toArticle: () => void;
  /** Focus the step's next action: its Check button, or Next once it is checked. */
  toActions: () => void;
}

export const StepJumpsContext = createContext<StepJumps | null>(null);

/** The step's jumps, or null outside a lesson screen. */
export const useStepJumps = () => useContext(StepJumpsContext);

/**
 * Right after a step's heading (where focus lands when the step opens): two links that
 * take the keyboard to the article, or past the step's text and lists to its actions.
 * Shown when focused, like the page's own skip link.
 */
export function StepLinks() {
  const jumps = useStepJumps();
  if (!jumps) return null;
  return (
    <p className="step-links">
      <a
        href="#lesson-article"
        onClick={(e) => {
          e.preventDefault();
          jumps.toArticle();
        }}
      >
        Skip to the article
      </a>
      <a
        href="#step-nav"
        onClick={(e) => {
          e.preventDefault();
          jumps.toActions();
        }}
      >
        Skip to the step’s actions
      </a>
    </p>
  );
}
