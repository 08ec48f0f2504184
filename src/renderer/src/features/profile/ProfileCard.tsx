import type { StudentProfileDto } from '../../../../shared/api.ts';
import { initials } from '../../../../shared/names.ts';
import { profileFacts } from './profile-list.ts';

/** A profile to choose: initials, the name (wrapped however long), and what tells it apart. */
export function ProfileCard({
  profile,
  now,
  listedUnder = null,
  action,
  onChoose,
}: {
  profile: StudentProfileDto;
  now: Date;
  /** The class it is listed under (not repeated among its facts). */
  listedUnder?: string | null;
  /** A line saying what choosing does ("That’s me"), when the card is an answer to a question. */
  action?: string;
  onChoose: (p: StudentProfileDto) => void;
}) {
  const facts = profileFacts(profile, now, listedUnder);
  return (
    <button type="button" className="profile" onClick={() => onChoose(profile)}>
      <span className="avatar" aria-hidden="true">{initials(profile.displayName)}</span>
      <span className="profile-text">
        <span className="profile-name" dir="auto">{profile.displayName}</span>
        <span className="profile-facts">
          {facts.map((f, i) => (
            <span key={i}>
              {i > 0 && ' · '}
              <bdi>{f}</bdi>
            </span>
          ))}
        </span>
        {action && <span className="profile-action">{action}</span>}
      </span>
    </button>
  );
}
