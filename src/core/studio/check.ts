import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Lesson } from '../../shared/lesson.ts';
import type { StudioCheckDto, StudioProblemDto } from '../../shared/studio-api.ts';
import { parseLesson, type Problem } from '../lessons/parse.ts';
import { frontMatterOf } from './patch.ts';

// A lesson checked for the studio's editor: the same checks as every lesson file
// (parse.ts), each problem placed at the part of the lesson's data it is about
// (found from its line in the file) and said in plain words, with no YAML, field
// names or line numbers.

type Path = (string | number)[];

/** The path of the deepest field or list item that starts on `line` (1-based, in the front matter). */
function pathAtLine(doc: ReturnType<typeof parseDocument>, lc: LineCounter, line: number): Path {
  let best: Path = [];
  const lineOf = (n: YamlNode | null | undefined) => (n?.range ? lc.linePos(n.range[0]).line : -1);
  const walk = (node: unknown, path: Path) => {
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isScalar(p.key)) continue;
        const here = [...path, String(p.key.value)];
        if (lineOf(p.key) === line) best = here;
        walk(p.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const here = [...path, i];
        if (lineOf(item as YamlNode) === line && best.length < here.length) best = here;
        walk(item, here);
      });
    }
  };
  walk(doc.contents, []);
  return best;
}

const FIELD_NAMES: Record<string, string> = {
  explanation: 'the explanation',
  prompt: 'the instructions',
  title: 'the title',
  headline: 'the headline',
  text: 'the text',
  feedback: 'the feedback',
  criterion: 'the criterion',
  name: 'the name',
  description: 'the description',
  outlet: 'the outlet',
  claim: 'the claim in plain words',
  note: 'the note',
  modelAnswer: 'the model answer',
  standfirst: 'the standfirst',
  byline: 'the byline',
  date: 'the date',
  caption: 'the caption',
  credit: 'the credit',
  summary: 'the summary',
  quote: 'the words',
  core: 'the identifying words',
};
const field = (f: string) => FIELD_NAMES[f] ?? `“${f}”`;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A parser's message in a teacher's words. For a file from elsewhere (`file`), the
 * advice that only makes sense in the editor ("select them again") is left out.
 */
export function plainMessage(message: string, context: 'editor' | 'file' = 'editor'): string {
  const said = plainEditorMessage(message);
  return context === 'file' ? said.replace(/\. Select them in the article again\.$/, '.').replace(/: select the place you mean again\.$/, '.') : said;
}

function plainEditorMessage(message: string): string {
  const m = message
    // Where it is: the editor shows the problem there.
    .replace(/^exercises\[\d+\](?: \([^)]*\))?(?:\.[A-Za-z]+(?:\[\d+\](?: \([^)]*\))?)?)*: /, '')
    .replace(/^exercise "[^"]*"(?:, [a-z]+(?: "[^"]*")?)?: /, '')
    .replace(/^article(?:\.[A-Za-z]+)*: /, '')
    .replace(/^(?:id|title|summary|language|direction|lede|practice|reaction|exercises): /, '');
  let r: RegExpExecArray | null;
  if ((r = /^(\w+) must not be empty$/.exec(m))) return `Write ${field(r[1]!)}: it is empty.`;
  if ((r = /^(\w+) is required$/.exec(m))) return `${cap(field(r[1]!))} is missing.`;
  if ((r = /^(\w+) must be text$/.exec(m))) return `${cap(field(r[1]!))} must be text.`;
  if ((r = /^quote not found in the article: "(.*)"( \(it is there with different capital letters\))?$/.exec(m))) {
    return `These words are not in the article: “${r[1]}”${r[2] ? ' (they are, with other capital letters)' : ''}. Select them in the article again.`;
  }
  if ((r = /^quote "(.*)" is ambiguous: it appears (\d+) times/.exec(m))) return `“${r[1]}” appears ${r[2]} times in the article: select the place you mean again.`;
  if ((r = /^occurrence (\d+) of "(.*)" asked for, but the quote appears (.*)$/.exec(m))) return `“${r[2]}” appears only ${r[3]} in the article now: select the place you mean again.`;
  if ((r = /^the core "(.*)" is not part of the quote "(.*)"/.exec(m))) return `The identifying words “${r[1]}” are not inside “${r[2]}”: choose words inside the highlight.`;
  if ((r = /^the core "(.*)" appears (\d+) times in the quote "(.*)"/.exec(m))) return `The identifying words “${r[1]}” appear ${r[2]} times inside “${r[3]}”: choose a longer stretch.`;
  if ((r = /^the quote "(.*)" overlaps the "(.*)" quote on line \d+/.exec(m))) return `“${r[1]}” overlaps another item with the label “${r[2]}”: make them one item, or highlight words that do not overlap.`;
  if ((r = /^label "(.*)" is not one of this exercise's labels/.exec(m))) return `The label “${r[1]}” is not one of this step’s labels: choose one of them.`;
  if ((r = /^label id "(.*)" is used more than once$/.exec(m))) return `Two labels of this step have the same id “${r[1]}”.`;
  if ((r = /^claim "(.*)" names card "(.*)", which is not one of the cards/.exec(m))) return `This claim names a report that is not in the step (“${r[2]}”).`;
  if (/^claim "(.*)" is .*: say which cards show it/.test(m)) return 'Tick the reports that show this verdict.';
  if (/mark at least one option "correct: true"/.test(m)) return 'Mark at least one option as correct.';
  if (/^option "(.*)" points at other options by their place/.test(m)) {
    return 'Each student sees the options in an order of their own: say what this option means in words (not “the above” or “the first one”), or tick “Keep in this position”.';
  }
  if ((r = /^unknown fields? (.*)$/.exec(m))) return `Lede does not know ${r[1]}: remove it in a text editor, or check its spelling.`;
  if (/^must be more than 0$/.test(m)) return 'The points must be more than 0.';
  if (/^must be at most 1000$/.test(m)) return 'The points must be at most 1000.';
  if ((r = /^a single-answer question needs exactly one correct option \(it has (\d+)\)/.exec(m))) return `A question with one answer needs exactly one correct option (it has ${r[1]}); or let students choose several.`;
  if ((r = /^option id "(.*)" is used more than once$/.exec(m))) return `Two options have the same id (“${r[1]}”).`;
  if ((r = /^exercise id "(.*)" is used more than once$/.exec(m))) return `Two steps have the same id (“${r[1]}”).`;
  if ((r = /^(?:card|claim) id "(.*)" is used more than once$/.exec(m))) return `Two reports or claims have the same id (“${r[1]}”).`;
  if (/^must be lower-case letters, digits and single hyphens/.test(m)) return 'An id must be lower-case letters, digits and single hyphens (for example “sources-2”).';
  if (/^url must be a web address$/.test(m)) return 'The web address must be a full address, starting with https://.';
  if (/^kind must be one of/.test(m)) return 'Lede does not know this kind of step.';
  if (/^give either quote or mentions/.test(m)) return 'This item has words of its own and a list of places: keep one of them.';
  if (/^occurrence counts from 1$/.test(m)) return 'The place must be counted from 1.';
  if (/^must be a number$/.test(m)) return 'The points must be a number.';
  if (/^not a Lede lesson: the file must start with a "---" line/.test(m)) return 'This is not a Lede lesson file: a lesson file starts with a line of three dashes (---), then the lesson’s details.';
  if (/^the front matter opened on line 1 is never closed/.test(m)) return 'The lesson’s details are never closed: a line of three dashes (---) must end them, before the article.';
  if (/^the article has no body/.test(m)) return 'The article has no text: write its paragraphs after the lesson’s details.';
  if ((r = /^the identifying words of "(.*)" overlap those of another item, under the labels "(.*)" and "(.*)"/.exec(m))) {
    return `“${r[1]}” is in two items, labelled “${r[2]}” and “${r[3]}”: a student marks words with one label, so one of them can never be found. Keep one, or give them different identifying words.`;
  }
  if ((r = /^(\w+) must be at most (\d+) characters$/.exec(m))) return `${cap(field(r[1]!))} is too long: at most ${r[2]} characters.`;
  if ((r = /has no key items yet/.exec(m))) return 'No key items yet: students do not see this lesson until every highlight step has some.';
  return cap(
    m
      .replace(/"occurrence: N"/g, 'which place')
      .replace(/ \(cards: \[card-id\]\)/, '')
      .replace(/\b(highlight|choice|short-answer|evidence) exercise\b/g, '$1 step')
      .replace(/\bexercises?\b/g, (w) => (w === 'exercise' ? 'step' : 'steps')),
  );
}

const PLACES: Record<string, string> = { options: 'option', cards: 'report', claims: 'claim', rubric: 'criterion', labels: 'label', notes: 'note' };

/** "Write the text: it is empty." at an option's text becomes "Write the text of option 2: it is empty." */
function namePlace(message: string, path: Path): string {
  for (let i = path.length - 2; i >= 0; i--) {
    const what = PLACES[String(path[i])];
    const n = path[i + 1];
    if (what && typeof n === 'number') return message.replace(/^(Write the [\w ]+?)(: it is empty\.)$/, `$1 of ${what} ${n + 1}$2`).replace(/^(The [\w ]+?)( is missing\.)$/, `$1 of ${what} ${n + 1}$2`);
  }
  return message;
}

export interface StudioCheck extends StudioCheckDto {
  lesson: Lesson | null;
}

/** A lesson file's text checked as the studio shows it. */
export function checkForStudio(source: string, fileName = 'lesson.md'): StudioCheck {
  const r = parseLesson(source, fileName);
  let place: (p: Problem) => Path = () => [];
  try {
    const plain = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const fm = frontMatterOf(plain);
    const lc = new LineCounter();
    const doc = parseDocument(fm.text, { lineCounter: lc });
    const firstLine = plain.slice(0, fm.offset).split('\n').length;
    place = (p) => pathAtLine(doc, lc, p.line - firstLine + 1);
  } catch {
    // No front matter: every problem is about the lesson as a whole.
  }
  const toStudio = (p: Problem): StudioProblemDto => {
    const path = place(p);
    return { path, message: namePlace(plainMessage(p.message), path) };
  };
  const problems = r.problems.map(toStudio);
  const warnings = (r.warnings ?? []).map(toStudio);
  const emptySteps = r.ok ? r.lesson.exercises.filter((e) => e.kind === 'highlight' && e.key.length === 0).map((e) => e.title) : [];
  return { ok: r.ok, problems, warnings, emptySteps, lesson: r.ok ? r.lesson : null };
}
