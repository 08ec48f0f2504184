import type { ExerciseFile } from '../lessons/schema.ts';

// Ready-made steps a teacher starts a lesson from: the three highlight steps with
// their documented label sets (lessons/README.md), as the seed lesson uses them.

export type HighlightTemplate = Extract<ExerciseFile, { kind: 'highlight' }>;

export const SOURCES_STEP: HighlightTemplate = {
  id: 'sources',
  kind: 'highlight',
  title: 'Sources',
  itemName: 'sources',
  prompt:
    'Who or what does this story rely on for its information? Highlight every source — the people, organisations and material it cites — and label each one as named, anonymous or vague. A source mentioned several times counts once.',
  points: 10,
  labels: [
    { id: 'named', name: 'Named', description: 'Identified clearly enough that you could look the source up yourself (a named person, outlet or document).' },
    { id: 'anonymous', name: 'Anonymous', description: 'A particular person or group the writer deliberately does not name ("a senior official").' },
    { id: 'vague', name: 'Vague', description: 'A loose crowd or category that nobody could pin down or ask ("experts", "observers", a whole website).' },
  ],
  key: [],
  notes: [],
};

export const FRAMING_STEP: HighlightTemplate = {
  id: 'framing',
  kind: 'highlight',
  title: 'Framing',
  itemName: 'framing choices',
  prompt: 'How does the story want you to feel before it has shown you the facts? Highlight wording that pushes a reaction, and label each one.',
  points: 10,
  labels: [
    { id: 'loaded', name: 'Loaded language', description: 'Emotional or dramatic words chosen to make you react (“bombshell”, “shocking”).' },
    { id: 'exaggeration', name: 'Exaggeration', description: 'Making something bigger, wider or more certain than the evidence shows (“the whole world”).' },
    { id: 'labelling', name: 'Labelling', description: 'Giving words or people a label that already contains the verdict (calling a remark an “admission”).' },
    { id: 'clickbait', name: 'Clickbait / withholding', description: 'A headline that teases, shouts or holds back the key fact so that you click.' },
  ],
  key: [],
  notes: [],
};

export const UNVERIFIED_STEP: HighlightTemplate = {
  id: 'unverified',
  kind: 'highlight',
  title: 'Unverified statements',
  itemName: 'unverified statements',
  prompt:
    'Which statements are you asked to take on trust? Highlight guesses, claims that come without anyone standing behind them, and words presented as someone’s that you would want to check against the original.',
  points: 10,
  labels: [
    { id: 'speculation', name: 'Speculation', description: 'A guess about what may, could or is likely to happen, presented without evidence.' },
    { id: 'unattributed', name: 'Unattributed claim', description: 'Something stated as fact, or as what “people” think, with no source given.' },
    {
      id: 'quote-to-check',
      name: 'Quote to check',
      description: 'Words presented as someone’s (in quotation marks, or as what they said or “called” something). Check them against the original or other reports before you trust them.',
    },
  ],
  key: [],
  notes: [],
};

export const HIGHLIGHT_TEMPLATES: readonly HighlightTemplate[] = [SOURCES_STEP, FRAMING_STEP, UNVERIFIED_STEP];
