import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type TextareaHTMLAttributes } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ArticleDraftDto, ExtractedArticleDto } from '../../../../shared/studio-api.ts';
import { errorMessage } from '../../../../shared/errors.ts';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { selectNavigate } from '../../state/selectors.ts';
import {
  draftFromExtracted,
  selectDraft,
  selectDraftActions,
  selectIncoming,
  selectSetIncoming,
  selectLoadLessons,
  selectNewLessonSource,
  selectNewLessonStarted,
  selectTemplates,
  useStudioLessons,
  type ArticleField,
  type NewLessonDraft,
} from '../../state/studio-lessons.ts';
import { selectRefresh } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { FILE_LIMITS, fileToBase64, tooLarge } from './files.ts';
import { useFileDrop } from './useFileDrop.ts';
import './lessons.css';

const FORMAT_WORDS: Record<ExtractedArticleDto['format'], string> = { html: 'a web page', text: 'a text file', markdown: 'a Markdown file', docx: 'a Word document' };
const PASTED = 'pasted.txt';
const ARTICLE_FILES = '.html,.htm,.txt,.md,.markdown,.docx';

/** Languages a teacher picks from; any other is typed as its tag. */
const LANGUAGES: [tag: string, name: string][] = [
  ['en', 'English'],
  ['ar', 'Arabic'],
  ['zh', 'Chinese'],
  ['nl', 'Dutch'],
  ['fr', 'French'],
  ['de', 'German'],
  ['he', 'Hebrew'],
  ['hi', 'Hindi'],
  ['it', 'Italian'],
  ['ja', 'Japanese'],
  ['fa', 'Persian'],
  ['pl', 'Polish'],
  ['pt', 'Portuguese'],
  ['ru', 'Russian'],
  ['es', 'Spanish'],
  ['sv', 'Swedish'],
  ['tr', 'Turkish'],
  ['uk', 'Ukrainian'],
  ['ur', 'Urdu'],
];
/** Written right to left (as the lesson format's default direction: lessons/README.md). */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
const isRtl = (tag: string) => RTL.has(tag.toLowerCase().split('-')[0] ?? '');
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The article fields, in the order the teacher checks them. */
const FIELDS: { field: Exclude<ArticleField, 'language'>; label: string; hint?: string; long?: boolean; type?: string }[] = [
  { field: 'headline', label: 'Headline', long: true },
  { field: 'standfirst', label: 'Standfirst', hint: 'The sentence or two under the headline, if the article has one.', long: true },
  { field: 'byline', label: 'Byline', hint: 'Who wrote it.' },
  { field: 'outlet', label: 'Outlet', hint: 'The newspaper, site or channel. Leave it empty rather than guess.' },
  { field: 'date', label: 'Date', hint: 'As the article gives it.' },
  { field: 'url', label: 'Web address', type: 'url' },
  { field: 'imageCaption', label: 'Image caption', hint: 'Students read the caption; the picture itself is not shown.', long: true },
  { field: 'imageCredit', label: 'Image credit' },
];

/** A textarea that grows with its text (an article's paragraphs are read whole, not scrolled), also when the window narrows. */
function GrowingTextarea(props: TextareaHTMLAttributes<HTMLTextAreaElement> & { value: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const fit = () => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  };
  useLayoutEffect(fit, [props.value]);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let width = el.clientWidth;
    const watch = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      fit();
    });
    watch.observe(el);
    return () => watch.disconnect();
  }, []);
  return <textarea ref={ref} rows={1} {...props} />;
}

/** The server's "The request was not understood (article.headline: Give the article its headline.)": the field and the words. */
function serverFieldError(message: string): { field: string; message: string } | null {
  const m = /\(article\.([a-zA-Z]+)(?:\.[^:]*)?: (.+)\)\.?$/.exec(message);
  return m ? { field: m[1]!, message: m[2]! } : null;
}

/** The article as studioCreate takes it: empty fields left out, emptied paragraphs dropped. */
function articleOf(d: NewLessonDraft): ArticleDraftDto {
  const a: ArticleDraftDto = { headline: d.fields.headline.trim(), blocks: d.blocks.filter((b) => b.text.trim()).map((b) => ({ kind: b.kind, text: b.text.trim() })) };
  for (const f of ['standfirst', 'byline', 'outlet', 'date', 'url', 'imageCaption', 'imageCredit', 'language'] as const) {
    const v = d.fields[f].trim();
    if (v) a[f] = v;
  }
  return a;
}

/** What the teacher must fix before the draft can be written, by field (the server's own rules, said first here). */
function checkDraft(d: NewLessonDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!d.fields.headline.trim()) errors.headline = 'Give the article its headline.';
  if (!d.blocks.some((b) => b.kind === 'paragraph' && b.text.trim())) errors.blocks = 'The article needs at least one paragraph.';
  const lang = d.fields.language.trim();
  if (lang && !LANGUAGE_TAG.test(lang)) errors.language = 'The language must be a tag such as “en” or “ar”.';
  return errors;
}

// ── Step 1: where the article comes from ─────────────────────────────

function ChooseSource() {
  const { paste, setPaste, setDraft } = useStudioLessons(useShallow(selectNewLessonSource));
  const navigate = useApp(selectNavigate);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ where: 'paste' | 'file'; message: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const fromPaste = async (e: FormEvent) => {
    e.preventDefault();
    if (!paste.text.trim()) return setProblem({ where: 'paste', message: 'Paste the article’s text first.' });
    setBusy('Taking the article from the text…');
    setProblem(null);
    try {
      const text = paste.headline.trim() ? `${paste.headline.trim()}\n\n${paste.text}` : paste.text;
      setDraft(draftFromExtracted(PASTED, await teacherApi.studioExtract({ fileName: PASTED, text })));
    } catch (err) {
      setProblem({ where: 'paste', message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const fromFile = async (file: File) => {
    setProblem(null);
    const big = tooLarge(file, FILE_LIMITS.articleBytes, 'an article file');
    if (big) return setProblem({ where: 'file', message: big });
    setBusy(`Reading ${file.name}…`);
    try {
      const base64 = await fileToBase64(file);
      setDraft(draftFromExtracted(file.name, await teacherApi.studioExtract({ fileName: file.name, base64 })));
    } catch (err) {
      setProblem({ where: 'file', message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  // A file dropped on the Lessons screen: opened here as if chosen.
  const incoming = useStudioLessons(selectIncoming);
  const setIncoming = useStudioLessons(selectSetIncoming);
  const fromFileRef = useRef(fromFile);
  fromFileRef.current = fromFile;
  useEffect(() => {
    if (!incoming) return;
    setIncoming(null);
    void fromFileRef.current(incoming);
  }, [incoming, setIncoming]);

  const { dragging, handlers: drag } = useFileDrop((f) => void fromFile(f));

  return (
    <div className="studio new-lesson" {...drag}>
      <div className="studio-head">
        <div>
          <h2>New lesson</h2>
          <p className="hint">Bring in the article the lesson is about. You will check what Lede took from it before anything is saved.</p>
        </div>
        <div className="studio-head-actions">
          <button type="button" onClick={() => void navigate({ name: 'teacher', lessons: 'list' })}>
            Back to lessons
          </button>
        </div>
      </div>
      {busy && (
        <p className="import-status" role="status">
          {busy}
        </p>
      )}
      <div className="source-choices">
        <form className="source-card" aria-labelledby="paste-title" onSubmit={(e) => void fromPaste(e)} noValidate>
          <h3 id="paste-title">Paste the article</h3>
          <label htmlFor="paste-headline">Headline (optional)</label>
          <input id="paste-headline" value={paste.headline} onChange={(e) => setPaste({ ...paste, headline: e.target.value })} dir="auto" maxLength={500} aria-describedby="paste-headline-hint" />
          <p className="hint" id="paste-headline-hint">
            {paste.headline.trim() ? 'The text below is all article: its first line is not taken as the headline.' : 'Leave it empty and the first line of the text is taken as the headline.'}
          </p>
          <label htmlFor="paste-text">The article’s text</label>
          <textarea
            id="paste-text"
            rows={12}
            value={paste.text}
            onChange={(e) => setPaste({ ...paste, text: e.target.value })}
            dir="auto"
            aria-invalid={problem?.where === 'paste' ? true : undefined}
            aria-describedby={problem?.where === 'paste' ? 'paste-problem' : 'paste-text-hint'}
          />
          <p className="hint" id="paste-text-hint">
            Copy the article from the web page or document (headline, then paragraphs) and paste it here. Only the text is kept.
          </p>
          {problem?.where === 'paste' && (
            <p id="paste-problem" className="field-error" role="alert">
              {problem.message}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy !== null}>
            Use this text
          </button>
        </form>

        <section className={`source-card file-card${dragging ? ' dragging' : ''}`} aria-labelledby="file-title">
          <h3 id="file-title">Open a file</h3>
          <p>
            A web page saved from the browser (<strong>.html</strong>), a text or Markdown file (<strong>.txt</strong>, <strong>.md</strong>) or a Word document (<strong>.docx</strong>).
          </p>
          <p className="hint">
            To save a web page: open the article in your browser, then File › Save Page As… (or Ctrl+S / ⌘S). You can also drop the file on this page.
          </p>
          <button type="button" className="primary" disabled={busy !== null} onClick={() => fileInput.current?.click()} aria-describedby={problem?.where === 'file' ? 'file-problem' : undefined}>
            Choose a file…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept={ARTICLE_FILES}
            hidden
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void fromFile(f);
            }}
          />
          {problem?.where === 'file' && (
            <p id="file-problem" className="field-error" role="alert">
              {problem.message}
            </p>
          )}
          <div className="drop-hint" aria-hidden="true">
            {dragging ? 'Drop it to open it' : 'or drop a file here'}
          </div>
        </section>
      </div>
    </div>
  );
}

// ── Step 2: check what was taken, choose the steps, create ───────────

function LanguageField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error: string | undefined }) {
  const known = LANGUAGES.some(([tag]) => tag === value);
  const [other, setOther] = useState(!known && value !== '');
  const describedBy = [error ? 'f-language-error' : null, 'f-language-hint'].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor="f-language">Language</label>
      <select
        id="f-language"
        value={other ? 'other' : value}
        aria-describedby={describedBy}
        onChange={(e) => {
          const v = e.target.value;
          setOther(v === 'other');
          onChange(v === 'other' ? '' : v);
        }}
      >
        <option value="">Not stated (English)</option>
        {LANGUAGES.map(([tag, name]) => (
          <option key={tag} value={tag}>
            {name}
            {isRtl(tag) ? ' — right to left' : ''}
          </option>
        ))}
        <option value="other">Another language…</option>
      </select>
      {other && (
        <>
          <label htmlFor="f-language-tag">Its language tag</label>
          <input id="f-language-tag" value={value} onChange={(e) => onChange(e.target.value.trim())} maxLength={35} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
        </>
      )}
      <p className="hint" id="f-language-hint">
        {isRtl(value) ? (
          <strong className="rtl-note">Written right to left: students see the article right to left.</strong>
        ) : other ? (
          'A tag such as “sw” (Swahili) or “pt-BR”.'
        ) : (
          'The language the article is written in.'
        )}
      </p>
      {error && (
        <p id="f-language-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function CheckArticle({ draft }: { draft: NewLessonDraft }) {
  const actions = useStudioLessons(useShallow(selectDraftActions));
  const { templates, loadTemplates } = useStudioLessons(useShallow(selectTemplates));
  const loadLessons = useStudioLessons(selectLoadLessons);
  const refreshTeacher = useTeacher(selectRefresh);
  const navigate = useApp(selectNavigate);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [templatesProblem, setTemplatesProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  /** What the last removal took away, to put it back ("Undo"). */
  const [removed, setRemoved] = useState<{ note: string; blocks: NewLessonDraft['blocks'] } | null>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const bodyHeading = useRef<HTMLHeadingElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    loadTemplates().catch((e: unknown) => setTemplatesProblem(errorMessage(e)));
  }, [loadTemplates]);
  useEffect(() => {
    if (discarding) keepButton.current?.focus();
  }, [discarding]);

  const flagged = draft.blocks.filter((b) => b.debris).length;
  const paragraphs = draft.blocks.filter((b) => b.kind === 'paragraph').length;
  const source = draft.from === PASTED ? 'the text you pasted' : `${draft.from} (${FORMAT_WORDS[draft.format]})`;

  const setField = (f: ArticleField, v: string) => {
    actions.setField(f, v);
    if (errors[f]) setErrors(({ [f]: _, ...rest }) => rest);
  };

  const removeBlock = (key: number) => {
    const i = draft.blocks.findIndex((b) => b.key === key);
    const next = draft.blocks[i + 1] ?? draft.blocks[i - 1];
    const b = draft.blocks[i];
    const text = b ? b.text.trim().slice(0, 60) : '';
    actions.removeBlock(key);
    setRemoved({ note: `Removed “${text}${b && b.text.trim().length > 60 ? '…' : ''}”.`, blocks: draft.blocks });
    // The focus goes to the next block's text (or the article's heading when none is left).
    setTimeout(() => (next ? document.getElementById(`block-${next.key}`)?.focus() : bodyHeading.current?.focus()));
  };

  const removeAllFlagged = () => {
    actions.removeDebris();
    setRemoved({ note: `Removed ${flagged} line${flagged === 1 ? '' : 's'} that looked like page furniture.`, blocks: draft.blocks });
    // The Undo button is the next thing to reach (the flagged summary is gone).
    setTimeout(() => undoButton.current?.focus());
  };

  const undo = () => {
    if (!removed) return;
    const back = removed.blocks.filter((b) => !draft.blocks.some((x) => x.key === b.key));
    actions.setDraft({ ...draft, blocks: removed.blocks.map((b) => draft.blocks.find((x) => x.key === b.key) ?? b) });
    setRemoved(null);
    setTimeout(() => (back[0] ? document.getElementById(`block-${back[0].key}`)?.focus() : bodyHeading.current?.focus()));
  };

  const create = async () => {
    setProblem(null);
    const found = checkDraft(draft);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(first === 'blocks' ? 'body-title' : `f-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const steps = templates ? templates.map((t) => t.template).filter((t) => draft.steps.includes(t)) : draft.steps;
      const from = draft.from === PASTED ? undefined : draft.from;
      const r = await teacherApi.studioCreate({ article: articleOf(draft), steps, ...(from ? { from } : {}) });
      actions.discardNew();
      void loadLessons();
      void refreshTeacher().catch(() => {});
      await navigate({ name: 'teacher', editLessonId: r.lessonId });
    } catch (err) {
      const message = errorMessage(err);
      const at = serverFieldError(message);
      const field = at && (at.field === 'blocks' || draft.fields[at.field as ArticleField] !== undefined) ? at.field : null;
      if (at && field) {
        setErrors({ [field]: at.message });
        document.getElementById(field === 'blocks' ? 'body-title' : `f-${field}`)?.focus();
      } else setProblem(message);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (f: string) =>
    errors[f] ? (
      <p id={`f-${f}-error`} className="field-error" role="alert">
        {errors[f]}
      </p>
    ) : null;

  let paragraphNumber = 0;
  return (
    <div className="studio new-lesson check-article">
      <div className="studio-head">
        <div>
          <h2 ref={heading} tabIndex={-1}>
            Check what was taken
          </h2>
          <p className="hint">
            From <span dir="auto">{source}</span>. Fix anything that is wrong: this is the text students will read and highlight. Nothing is saved until you create the draft.
          </p>
        </div>
        <div className="studio-head-actions">
          <button type="button" onClick={() => void navigate({ name: 'teacher', lessons: 'list' })} aria-describedby="back-keeps">
            Back to lessons
          </button>
          <span id="back-keeps" className="visually-hidden">
            This article is kept until you create the lesson or discard it.
          </span>
        </div>
      </div>

      {flagged > 0 && (
        <div className="debris-summary">
          <p>
            <strong>
              {flagged} line{flagged === 1 ? '' : 's'}
            </strong>{' '}
            look{flagged === 1 ? 's' : ''} like page furniture — bits of the web page such as “author-image” or “New Update”, not the article. They are marked below.
          </p>
          <button type="button" className="primary" onClick={removeAllFlagged}>
            Remove all {flagged} flagged line{flagged === 1 ? '' : 's'}
          </button>
        </div>
      )}

      <div className="check-grid">
        <fieldset className="article-fields">
          <legend>About the article</legend>
          {FIELDS.map(({ field, label, hint, long, type }) => {
            const describedBy = [errors[field] ? `f-${field}-error` : null, hint ? `f-${field}-hint` : null].filter(Boolean).join(' ') || undefined;
            const common = {
              id: `f-${field}`,
              value: draft.fields[field],
              dir: 'auto',
              'aria-invalid': errors[field] ? true : undefined,
              'aria-describedby': describedBy,
            } as const;
            return (
              <div className="field" key={field}>
                <label htmlFor={`f-${field}`}>
                  {label}
                  {field === 'headline' && <span className="required"> (needed)</span>}
                </label>
                {long ? (
                  <GrowingTextarea {...common} onChange={(e) => setField(field, e.target.value)} />
                ) : (
                  <input {...common} type={type ?? 'text'} onChange={(e) => setField(field, e.target.value)} />
                )}
                {hint && (
                  <p className="hint" id={`f-${field}-hint`}>
                    {hint}
                  </p>
                )}
                {fieldError(field)}
              </div>
            );
          })}
          <LanguageField value={draft.fields.language} onChange={(v) => setField('language', v)} error={errors.language} />
        </fieldset>

        <section className="article-blocks" aria-labelledby="body-title">
          <h3 id="body-title" ref={bodyHeading} tabIndex={-1} aria-describedby={errors.blocks ? 'f-blocks-error' : undefined}>
            The article: {paragraphs} paragraph{paragraphs === 1 ? '' : 's'}
            {draft.blocks.length > paragraphs ? `, ${draft.blocks.length - paragraphs} subheading${draft.blocks.length - paragraphs === 1 ? '' : 's'}` : ''}
          </h3>
          {fieldError('blocks')}
          <div role="status" className={removed ? 'removed-note' : undefined}>
            {removed && (
              <>
                <span dir="auto">{removed.note}</span>{' '}
                <button ref={undoButton} type="button" onClick={undo}>
                  Undo
                </button>
              </>
            )}
          </div>
          {draft.blocks.length === 0 ? (
            <p className="hint">No text is left. Start again with another article, or go back and paste it.</p>
          ) : (
            <ol className="draft-blocks">
              {draft.blocks.map((b) => {
                const name = b.kind === 'subheading' ? 'Subheading' : `Paragraph ${++paragraphNumber}`;
                return (
                  <li key={b.key} className={`draft-block kind-${b.kind}${b.debris ? ' flagged' : ''}`}>
                    <div className="draft-block-head">
                      <label htmlFor={`block-${b.key}`}>{name}</label>
                      {b.debris && (
                        <span className="debris-note" id={`block-${b.key}-flag`}>
                          Looks like page furniture, not the article
                        </span>
                      )}
                      <span className="spacer" />
                      {b.debris && (
                        <button type="button" className="icon-button" onClick={() => actions.keepBlock(b.key)}>
                          Keep<span className="visually-hidden"> {name}: it is part of the article</span>
                        </button>
                      )}
                      <button type="button" className="icon-button remove" onClick={() => removeBlock(b.key)}>
                        Remove<span className="visually-hidden"> {name}</span>
                      </button>
                    </div>
                    <GrowingTextarea
                      id={`block-${b.key}`}
                      value={b.text}
                      dir="auto"
                      className={b.kind === 'subheading' ? 'subheading-text' : undefined}
                      aria-describedby={b.debris ? `block-${b.key}-flag` : undefined}
                      onChange={(e) => {
                        actions.setBlockText(b.key, e.target.value);
                        if (errors.blocks) setErrors(({ blocks: _, ...rest }) => rest);
                      }}
                    />
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      </div>

      <fieldset className="steps-choice">
        <legend>The steps to start with</legend>
        <p className="hint">
          You can add, change and remove steps in the editor. Sources, Framing and Unverified statements start with no key items: you make them there, by selecting words in the article. The
          other steps start empty: you write their questions there.
        </p>
        {templatesProblem && (
          <p className="field-error" role="alert">
            The ready-made steps could not be loaded: {templatesProblem}
          </p>
        )}
        {templates === null && !templatesProblem ? (
          <p className="loading">Loading the ready-made steps…</p>
        ) : (
          <ul className="step-templates">
            {(templates ?? []).map((t) => (
              <li key={t.template}>
                <label className="check">
                  <input type="checkbox" checked={draft.steps.includes(t.template)} onChange={(e) => actions.toggleStep(t.template, e.target.checked)} aria-describedby={`tpl-${t.template}`} />
                  <span className="template-name">{t.name}</span>
                </label>
                <p className="hint" id={`tpl-${t.template}`}>
                  {t.description}
                </p>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <div className="create-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void create()} aria-describedby={problem ? 'create-problem' : undefined}>
          {busy ? 'Creating the draft…' : 'Create the draft'}
        </button>
        {!discarding ? (
          <button type="button" onClick={() => setDiscarding(true)}>
            Start again with another article
          </button>
        ) : (
          <span className="confirm" role="group" aria-labelledby="discard-question">
            <span id="discard-question">Throw away this article and your changes to it?</span>
            <button type="button" className="danger" onClick={() => actions.setDraft(null)}>
              Throw it away
            </button>
            <button ref={keepButton} type="button" onClick={() => setDiscarding(false)}>
              Keep working on it
            </button>
          </span>
        )}
        {problem && (
          <p id="create-problem" className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </div>
  );
}

/** A new lesson: an article pasted or opened from a file, checked and fixed by the teacher, with the steps to start with. */
export function NewLesson() {
  const draft = useStudioLessons(selectDraft);
  const started = useStudioLessons(selectNewLessonStarted);
  // Closing the window would lose what the teacher typed (it is kept while the app is open).
  useEffect(() => {
    if (!started) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [started]);
  return draft ? <CheckArticle key={`${draft.from}`} draft={draft} /> : <ChooseSource />;
}
