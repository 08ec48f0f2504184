// "Lesson details": what the library shows, the language, and the article's own
// fields (the headline, standfirst, byline and image text are part of the article
// students read and mark; outlet, date and address are shown around it).
import { selectSet, useStudioEditor } from '../../../state/studio-editor.ts';
import { AnchorProblems, CheckField, TextField, useAnchorProblems } from './fields.tsx';
import { directionOf, type LessonData } from './model.ts';
import { fieldId } from './problems.ts';

const LANGUAGES: readonly [string, string][] = [
  ['en', 'English'],
  ['fr', 'French'],
  ['de', 'German'],
  ['es', 'Spanish'],
  ['it', 'Italian'],
  ['pt', 'Portuguese'],
  ['nl', 'Dutch'],
  ['pl', 'Polish'],
  ['tr', 'Turkish'],
  ['uk', 'Ukrainian'],
  ['ru', 'Russian'],
  ['ar', 'Arabic (right to left)'],
  ['he', 'Hebrew (right to left)'],
  ['fa', 'Persian (right to left)'],
  ['ur', 'Urdu (right to left)'],
  ['hi', 'Hindi'],
  ['zh', 'Chinese'],
  ['ja', 'Japanese'],
];

export function DetailsForm({ data, editable }: { data: LessonData; editable: boolean }) {
  const set = useStudioEditor(selectSet);
  const a = data.article ?? { headline: '' };
  /** An optional text: empty leaves it out of the file. */
  const opt = (path: (string | number)[]) => (v: string) => set(path, v === '' ? undefined : v);
  const setImage = (k: 'caption' | 'credit', v: string) => {
    const image = { ...(a.image ?? {}) };
    if (v === '') delete image[k];
    else image[k] = v;
    set(['article', 'image'], Object.keys(image).length ? image : undefined);
  };
  const language = data.language ?? 'en';
  const langProblems = useAnchorProblems('language');
  const dirProblems = useAnchorProblems('direction');
  const known = LANGUAGES.some(([t]) => t === language);
  return (
    <div className="ed-step ed-details">
      <AnchorProblems anchor="lesson" />
      <AnchorProblems anchor="details" />
      <section className="ed-section" aria-labelledby="ed-lib">
        <h3 id="ed-lib">In the library</h3>
        <TextField anchor="title" label="Lesson title" value={data.title ?? ''} onChange={(v) => set(['title'], v)} disabled={!editable} />
        <TextField anchor="summary" label="Summary" optional hint="One or two sentences on the lesson’s card." value={data.summary ?? ''} multiline onChange={opt(['summary'])} disabled={!editable} />
        <CheckField
          anchor="practice"
          label="Practice article (written for Lede, with invented people and places)"
          checked={data.practice ?? false}
          onChange={(v) => set(['practice'], v ? true : undefined)}
          disabled={!editable}
        />
        <div className="ed-row">
          <div className={`ed-field${langProblems.problems.length ? ' has-problem' : ''}`}>
            <label htmlFor={fieldId('language')}>Language of the article</label>
            <select
              id={fieldId('language')}
              value={known ? language : '*'}
              disabled={!editable}
              aria-invalid={langProblems.problems.length ? true : undefined}
              onChange={(e) => e.target.value !== '*' && set(['language'], e.target.value)}
            >
              {LANGUAGES.map(([t, name]) => (
                <option key={t} value={t}>
                  {name}
                </option>
              ))}
              {!known && <option value="*">{language}</option>}
            </select>
          </div>
          <div className={`ed-field${dirProblems.problems.length ? ' has-problem' : ''}`}>
            <label htmlFor={fieldId('direction')}>Writing direction</label>
            <select
              id={fieldId('direction')}
              value={data.direction ?? ''}
              disabled={!editable}
              onChange={(e) => set(['direction'], e.target.value === '' ? undefined : e.target.value)}
            >
              <option value="">From the language ({directionOf({ ...data, direction: undefined }) === 'rtl' ? 'right to left' : 'left to right'})</option>
              <option value="ltr">Left to right</option>
              <option value="rtl">Right to left</option>
            </select>
          </div>
        </div>
        <AnchorProblems anchor="language" />
        <AnchorProblems anchor="direction" />
      </section>
      <section className="ed-section" aria-labelledby="ed-art">
        <h3 id="ed-art">The article</h3>
        <p className="ed-hint">
          The headline, summary line, byline and image text are part of the article students read and mark. Changing them can move the words of key items: the check
          says when one is no longer found.
        </p>
        <TextField anchor="article.headline" label="Headline" value={a.headline ?? ''} multiline onChange={(v) => set(['article', 'headline'], v)} disabled={!editable} />
        <TextField anchor="article.standfirst" label="Summary line under the headline" optional value={a.standfirst ?? ''} multiline onChange={opt(['article', 'standfirst'])} disabled={!editable} />
        <div className="ed-row">
          <TextField anchor="article.byline" label="Byline" optional value={a.byline ?? ''} onChange={opt(['article', 'byline'])} disabled={!editable} />
          <TextField anchor="article.outlet" label="Outlet" optional value={a.outlet ?? ''} onChange={opt(['article', 'outlet'])} disabled={!editable} />
        </div>
        <div className="ed-row">
          <TextField anchor="article.date" label="Date" optional value={a.date ?? ''} onChange={opt(['article', 'date'])} disabled={!editable} />
          <TextField anchor="article.url" label="Web address" optional value={a.url ?? ''} type="url" dir="ltr" onChange={opt(['article', 'url'])} disabled={!editable} />
        </div>
        <TextField anchor="article.image.caption" label="Image caption" optional value={a.image?.caption ?? ''} multiline onChange={(v) => setImage('caption', v)} disabled={!editable} />
        <TextField anchor="article.image.credit" label="Image credit" optional value={a.image?.credit ?? ''} onChange={(v) => setImage('credit', v)} disabled={!editable} />
      </section>
    </div>
  );
}
