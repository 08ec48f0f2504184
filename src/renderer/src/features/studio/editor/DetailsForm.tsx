// "Lesson details": what the library shows, the language, and the article's own
// fields (the headline, standfirst, byline and image text are part of the article
// students read and mark; outlet, date and address are shown around it), and the
// article's text itself: paragraphs corrected, removed or added after the draft.
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BodyBlock } from '../../../../../shared/lesson-text.ts';
import { useApp } from '../../../state/app.ts';
import { selectAnnounce } from '../../../state/selectors.ts';
import { selectNavigation, selectSet, selectSetBody, useStudioEditor } from '../../../state/studio-editor.ts';
import { AnchorProblems, CheckField, GrowingTextarea, TextField, useAnchorProblems } from './fields.tsx';
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

/** The longest title and headline the server takes (README "Limits"). */
export const TITLE_MAX = 300;
export const HEADLINE_MAX = 500;

export function DetailsForm({ data, body, editable }: { data: LessonData; body: readonly BodyBlock[]; editable: boolean }) {
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
        <TextField anchor="title" label="Lesson title" value={data.title ?? ''} onChange={(v) => set(['title'], v)} disabled={!editable} maxLength={TITLE_MAX} />
        <TextField anchor="summary" label="Summary" optional hint="One or two sentences on the lesson’s card." value={data.summary ?? ''} multiline onChange={opt(['summary'])} disabled={!editable} />
        <CheckField
          anchor="practice"
          label="Practice article (written for Lede, with invented people and places)"
          checked={data.practice ?? false}
          onChange={(v) => set(['practice'], v ? true : undefined)}
          disabled={!editable}
        />
        <CheckField
          anchor="reaction"
          label="Ask for a first reaction (not scored)"
          hint="Before reading, students see only the headline: how does it make them feel, would they share it? At the end they answer again, beside their first answer."
          checked={data.reaction === true}
          onChange={(v) => set(['reaction'], v ? true : undefined)}
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
        <TextField anchor="article.headline" label="Headline" value={a.headline ?? ''} multiline onChange={(v) => set(['article', 'headline'], v)} disabled={!editable} maxLength={HEADLINE_MAX} />
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
      <ArticleText body={body} editable={editable} />
    </div>
  );
}

/** The article's paragraphs and subheadings: corrected, removed (a leftover "Read more" line), added. */
function ArticleText({ body, editable }: { body: readonly BodyBlock[]; editable: boolean }) {
  const setBody = useStudioEditor(selectSetBody);
  const { focus } = useStudioEditor(useShallow(selectNavigation));
  const announce = useApp(selectAnnounce);
  const [removed, setRemoved] = useState<{ at: number; block: BodyBlock; name: string } | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const paragraphs = body.filter((b) => b.kind === 'paragraph' && b.text.trim()).length;
  const names: string[] = [];
  let p = 0;
  let h = 0;
  for (const b of body) names.push(b.kind === 'subheading' ? `Subheading ${++h}` : `Paragraph ${++p}`);

  const change = (i: number, text: string) => setBody(body.map((b, k) => (k === i ? { ...b, text } : b)));
  const remove = (i: number) => {
    const block = body[i]!;
    setBody(body.filter((_, k) => k !== i));
    setRemoved({ at: i, block, name: names[i]! });
    announce(`${names[i]} removed.`);
    setTimeout(() => undoRef.current?.focus());
  };
  const insert = (at: number, kind: BodyBlock['kind']) => {
    setBody([...body.slice(0, at), { kind, text: '' }, ...body.slice(at)]);
    setRemoved(null);
    announce(kind === 'subheading' ? 'A new subheading: write it.' : 'A new paragraph: write it.');
    focus(`ed-body-${at}`);
  };
  const undo = () => {
    if (!removed) return;
    setBody([...body.slice(0, removed.at), removed.block, ...body.slice(removed.at)]);
    announce('Put back.');
    focus(`ed-body-${removed.at}`);
    setRemoved(null);
  };

  return (
    <section className="ed-section ed-body" aria-labelledby="ed-body-title">
      <h3 id="ed-body-title" tabIndex={-1}>
        Article text
      </h3>
      <p className="ed-hint" id="ed-body-hint">
        The paragraphs students read and mark. Correct a word, remove a line that is not the article (a “Read more” left from the web page), or add a paragraph that
        was missed. A key item whose words are no longer in the text is marked at the item.
      </p>
      {removed && (
        <div className="ed-notice" role="status">
          <span>{removed.name} was removed.</span>
          <button ref={undoRef} type="button" className="ed-small" onClick={undo}>
            Undo
          </button>
        </div>
      )}
      <ol className="ed-body-blocks">
        {body.map((b, i) => {
          const last = b.kind === 'paragraph' && b.text.trim() !== '' && paragraphs <= 1;
          return (
            <li key={i} className={`ed-body-block kind-${b.kind}`}>
              <div className="ed-item-head">
                <label htmlFor={`ed-body-${i}`}>{names[i]}</label>
                <span className="spacer" />
                {editable && (
                  <>
                    <button type="button" className="ed-small" onClick={() => insert(i + 1, 'paragraph')}>
                      Add a paragraph below<span className="visually-hidden"> {names[i]}</span>
                    </button>
                    <button type="button" className="ed-small" disabled={last} aria-describedby={last ? 'ed-body-last' : undefined} onClick={() => remove(i)}>
                      Remove<span className="visually-hidden"> {names[i]}</span>
                    </button>
                  </>
                )}
              </div>
              {last && editable && (
                <p className="ed-hint ed-why" id="ed-body-last">
                  The article needs at least one paragraph.
                </p>
              )}
              <GrowingTextarea
                id={`ed-body-${i}`}
                value={b.text}
                className={b.kind === 'subheading' ? 'ed-subheading-text' : undefined}
                disabled={!editable}
                maxLength={50_000}
                onChange={(e) => change(i, e.target.value)}
              />
            </li>
          );
        })}
      </ol>
      {editable && (
        <div className="ed-row-buttons">
          <button type="button" onClick={() => insert(body.length, 'paragraph')}>
            Add a paragraph at the end
          </button>
          <button type="button" onClick={() => insert(body.length, 'subheading')}>
            Add a subheading at the end
          </button>
        </div>
      )}
    </section>
  );
}
