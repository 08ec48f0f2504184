// How to choose words in the article with the keyboard (the article's aria-describedby).
import type { StepData } from './model.ts';

export function ArticleHelp({ step, editable }: { step: StepData | undefined; editable: boolean }) {
  const selecting = editable && (step?.kind === 'highlight' || step?.kind === 'evidence');
  return (
    <details className="keyboard-help ed-keyboard-help">
      <summary>{selecting ? 'Selecting words with the keyboard' : 'About the article'}</summary>
      <div id="ed-keyboard-help">
        {selecting ? (
          <>
            <p>Tab to the article, then:</p>
            <ul>
              <li>
                <kbd>←</kbd> <kbd>→</kbd> move word by word; <kbd>↑</kbd> <kbd>↓</kbd> by paragraph; <kbd>Home</kbd> <kbd>End</kbd> to the start or end of a paragraph
              </li>
              <li>
                <kbd>Shift</kbd> with an arrow selects several words; <kbd>Enter</kbd> selects the word at the caret, or, on a key item, selects it in the list
              </li>
              {step?.kind === 'highlight' && (
                <li>
                  <kbd>1</kbd>–<kbd>{Math.max(1, Array.isArray(step.labels) ? step.labels.length : 1)}</kbd> make the selection a key item with that label; <kbd>Tab</kbd> reaches the other choices
                </li>
              )}
              {step?.kind === 'evidence' && (
                <li>
                  <kbd>Tab</kbd> reaches the choices for the selected words
                </li>
              )}
              <li>
                <kbd>Esc</kbd> cancels the selection
              </li>
            </ul>
          </>
        ) : (
          <p>This is the article as students read it. Open a highlight or evidence step to choose words in it.</p>
        )}
      </div>
    </details>
  );
}
