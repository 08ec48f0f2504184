import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { StudentProfileDto } from '../../../../shared/api.ts';
import { errorMessage, LedeError } from '../../../../shared/errors.ts';
import { countGraphemes, MAX_TYPED_NAME_LENGTH, typedNameProblem } from '../../../../shared/names.ts';
import { ProfileCard } from './ProfileCard.tsx';

/** A name typed that is already here: the profiles it looks like. */
interface Offer {
  name: string;
  matches: StudentProfileDto[];
}

/**
 * "Someone new? Type your name": the limit counted while typing (characters as a reader
 * sees them, never cut), the name rules' own words when a name cannot be used, and, when
 * the name is already on this computer, the existing profile offered ("is that you?")
 * with a deliberate way to still make a new one.
 */
export function NewProfile({
  hasProfiles,
  createStudent,
  similarProfiles,
  chooseStudent,
}: {
  hasProfiles: boolean;
  createStudent: (name: string, deliberate?: boolean) => Promise<void>;
  similarProfiles: (name: string) => Promise<StudentProfileDto[]>;
  chooseStudent: (p: StudentProfileDto) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offer, setOffer] = useState<Offer | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const offerTitle = useRef<HTMLHeadingElement>(null);
  const [now] = useState(() => new Date());

  const length = countGraphemes(name.trim());
  const tooLong = length > MAX_TYPED_NAME_LENGTH;
  // Over the limit is said at once; anything else when the student presses Start.
  const shownProblem = tooLong ? typedNameProblem(name) : problem;

  useEffect(() => {
    if (offer) offerTitle.current?.focus();
  }, [offer]);

  const create = async (deliberate: boolean) => {
    const wrong = typedNameProblem(name);
    if (wrong) {
      setProblem(wrong);
      input.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await createStudent(name, deliberate);
    } catch (err) {
      if (err instanceof LedeError && err.code === 'conflict' && !deliberate) {
        const matches = await similarProfiles(name).catch(() => []);
        if (matches.length > 0) setOffer({ name: name.trim(), matches });
        else setProblem(errorMessage(err));
      } else {
        setProblem(errorMessage(err));
        input.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOffer(null);
    void create(false);
  };

  const addToName = () => {
    const el = input.current;
    const next = name.trimEnd() + ' ';
    setName(next);
    setOffer(null);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.length, next.length);
    });
  };

  const first = offer?.matches[0];
  const question = !offer
    ? ''
    : offer.matches.length === 1
      ? `There is already a ${first!.displayName} on this computer — is that you?`
      : `There are already ${offer.matches.length} profiles like “${offer.name}” on this computer — is one of them you?`;

  return (
    <>
      <form className="new-profile" onSubmit={submit} noValidate>
        <label htmlFor="new-name">{hasProfiles ? 'Someone new? Type your name' : 'Type your name to start'}</label>
        <div className="row">
          <input
            id="new-name"
            ref={input}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setOffer(null);
              if (problem) setProblem(null);
            }}
            autoComplete="off"
            dir="auto"
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={shownProblem ? 'name-problem name-hint' : 'name-hint'}
          />
          <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
            Start
          </button>
        </div>
        {shownProblem && (
          <p id="name-problem" className="field-error" role="alert">
            {shownProblem}
          </p>
        )}
        <p id="name-hint" className="hint">
          <span className={tooLong ? 'counter over' : 'counter'}>
            {length} of {MAX_TYPED_NAME_LENGTH} characters.
          </span>{' '}
          Just a name for this computer — no e-mail, no password.
        </p>
      </form>
      {offer && (
        <section className="duplicate-offer" aria-labelledby="offer-title">
          <h2 id="offer-title" ref={offerTitle} tabIndex={-1} dir="auto">
            {question}
          </h2>
          <ul className="profile-list">
            {offer.matches.map((p) => (
              <li key={p.id}>
                <ProfileCard profile={p} now={now} action="Yes, that’s me" onChoose={(chosen) => void chooseStudent(chosen)} />
              </li>
            ))}
          </ul>
          <p>
            Not you? Make your own profile with something that tells you apart: your class or the first letter of your surname, for example “
            <bdi>{offer.name} K.</bdi>”
          </p>
          <div className="offer-actions">
            <button type="button" className="primary" onClick={addToName}>
              Add to my name
            </button>
            <button type="button" className="link-button" disabled={busy} onClick={() => void create(true)}>
              Make another profile called “<bdi>{offer.name}</bdi>” anyway
            </button>
          </div>
        </section>
      )}
    </>
  );
}
