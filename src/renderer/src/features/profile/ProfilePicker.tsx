import { useDeferredValue, useMemo, useState } from 'react';
import type { StudentProfileDto } from '../../../../shared/api.ts';
import { usePrefs } from '../../state/prefs.ts';
import { ProfileCard } from './ProfileCard.tsx';
import { findProfiles, groupByClass, indexProfiles, type ProfileGroup } from './profile-list.ts';

/** From this many profiles on, a search field finds a name. */
export const SEARCH_FROM = 9;
/** Beyond this many profiles (a teacher's computer lists every class), classes start closed. */
export const OPEN_UP_TO = 40;

const groupId = (g: ProfileGroup) => (g.className === null ? 'none' : `class:${g.className}`);
const groupTitle = (g: ProfileGroup) => g.className ?? 'Not in a class';

function ProfileGrid({ group, now, onChoose }: { group: ProfileGroup; now: Date; onChoose: (p: StudentProfileDto) => void }) {
  return (
    <ul className="profile-list">
      {group.profiles.map((p) => (
        <li key={p.id}>
          <ProfileCard profile={p} now={now} listedUnder={group.className} onChoose={onChoose} />
        </li>
      ))}
    </ul>
  );
}

/**
 * The profiles on this computer: a search field (from SEARCH_FROM profiles on; case and
 * accents set aside) and the profiles by class. With more than OPEN_UP_TO profiles each
 * class is a closed disclosure (the last student's class open), drawn only once opened,
 * so a computer with every student of a school stays quick; searching shows every match.
 */
export function ProfilePicker({ students, onChoose }: { students: StudentProfileDto[]; onChoose: (p: StudentProfileDto) => void }) {
  const [query, setQuery] = useState('');
  // Typing stays quick however long the list: the list follows a moment later.
  const shownQuery = useDeferredValue(query);
  const index = useMemo(() => indexProfiles(students), [students]);
  const found = useMemo(() => findProfiles(index, shownQuery), [index, shownQuery]);
  const groups = useMemo(() => groupByClass(found), [found]);
  const classCount = useMemo(() => groupByClass(students).filter((g) => g.className !== null).length, [students]);
  const searching = shownQuery.trim() !== '';
  const collapsible = students.length > OPEN_UP_TO && !searching && groups.length > 1;
  const [open, setOpen] = useState<ReadonlySet<string>>(() => {
    const last = students.find((s) => s.id === usePrefs.getState().lastStudentId);
    return new Set(last ? (last.classes.length ? last.classes.map((c) => `class:${c}`) : ['none']) : []);
  });
  const [now] = useState(() => new Date());

  const toggle = (id: string, isOpen: boolean) =>
    setOpen((s) => {
      if (s.has(id) === isOpen) return s;
      const next = new Set(s);
      if (isOpen) next.add(id);
      else next.delete(id);
      return next;
    });

  const count = searching
    ? `${found.length} of ${students.length} profiles match.`
    : `${students.length} profiles${classCount > 0 ? ` in ${classCount} class${classCount === 1 ? '' : 'es'}` : ''}${collapsible ? ': open your class, or type your name.' : '.'}`;

  return (
    <section className="profile-picker" aria-label="Profiles on this computer">
      {students.length >= SEARCH_FROM && (
        <div className="profile-search">
          <label htmlFor="profile-search">Find your name</label>
          <input
            id="profile-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            dir="auto"
            aria-describedby="profile-count"
          />
          <p id="profile-count" className="hint" role="status">
            {count}
          </p>
        </div>
      )}
      {found.length === 0 && (
        <p className="empty">
          No profile matches “<bdi>{query}</bdi>”. Check the spelling, or make a new profile below.
        </p>
      )}
      {found.length > 0 &&
        groups.map((g) => {
          if (groups.length === 1 && g.className === null) return <ProfileGrid key="all" group={g} now={now} onChoose={onChoose} />;
          const id = groupId(g);
          const title = (
            <>
              <bdi>{groupTitle(g)}</bdi> <span className="group-count">{g.profiles.length}</span>
            </>
          );
          if (!collapsible) {
            return (
              <section key={id} className="profile-group" aria-labelledby={`${id}-title`}>
                <h2 id={`${id}-title`} className="group-title" dir="auto">
                  {title}
                </h2>
                <ProfileGrid group={g} now={now} onChoose={onChoose} />
              </section>
            );
          }
          const isOpen = open.has(id);
          return (
            <details key={id} className="profile-group" open={isOpen} onToggle={(e) => toggle(id, e.currentTarget.open)}>
              <summary>
                <h2 className="group-title" dir="auto">
                  {title}
                </h2>
              </summary>
              {isOpen && <ProfileGrid group={g} now={now} onChoose={onChoose} />}
            </details>
          );
        })}
    </section>
  );
}
