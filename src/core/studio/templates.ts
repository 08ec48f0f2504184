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

export type StepTemplateId = 'sources' | 'framing' | 'unverified' | 'choice' | 'short-answer' | 'evidence' | 'highlight';

/** The steps a teacher adds from the studio: each with what it asks of students. Empty texts are for the teacher to write. */
export const STEP_TEMPLATES: readonly { template: StepTemplateId; name: string; description: string; step: ExerciseFile }[] = [
  { template: 'sources', name: 'Sources', description: 'Students highlight who the story relies on, as named, anonymous or vague.', step: SOURCES_STEP },
  { template: 'framing', name: 'Framing', description: 'Students highlight loaded words, exaggeration, labelling and clickbait.', step: FRAMING_STEP },
  { template: 'unverified', name: 'Unverified statements', description: 'Students highlight speculation, unattributed claims and quotes to check.', step: UNVERIFIED_STEP },
  {
    template: 'choice',
    name: 'Choice question',
    description: 'A question with options; one or several are right, each with feedback.',
    step: {
      id: 'question',
      kind: 'choice',
      title: '',
      prompt: '',
      points: 2,
      multiple: false,
      options: [
        { id: 'a', text: '', correct: true, feedback: '' },
        { id: 'b', text: '', correct: false, feedback: '' },
      ],
    },
  },
  {
    template: 'short-answer',
    name: 'Short answer',
    description: 'Students write a few sentences; you grade them against your criteria.',
    step: { id: 'short-answer', kind: 'short-answer', title: '', prompt: '', rubric: [{ criterion: '', points: 2 }] },
  },
  {
    template: 'evidence',
    name: 'What do other reports say?',
    description: 'Students compare claims from the article with other reports and give a verdict on each.',
    step: {
      id: 'evidence',
      kind: 'evidence',
      title: 'What do other reports say?',
      prompt: 'Read the other reports. For each claim from the article, say whether they support it, contradict it, or say nothing about it, and which report shows it.',
      cards: [{ id: 'report-1', outlet: '', text: '' }],
      claims: [{ id: 'claim-1', quote: '', verdict: 'not-found', cards: [], explanation: '' }],
    },
  },
  {
    template: 'highlight',
    name: 'Your own highlight step',
    description: 'Students highlight what you ask for, with labels you name.',
    step: { id: 'highlight', kind: 'highlight', title: '', prompt: '', points: 10, labels: [{ id: 'label-1', name: '', description: '' }], key: [], notes: [] },
  },
];
