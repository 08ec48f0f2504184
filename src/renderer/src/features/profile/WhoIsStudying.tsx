import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { classroomAddress } from '../../../../shared/api-names.ts';
import { useApp } from '../../state/app.ts';
import { selectProfiles } from '../../state/selectors.ts';
import { NewProfile } from './NewProfile.tsx';
import { ProfilePicker } from './ProfilePicker.tsx';

declare global {
  interface Window {
    ledeShell?: { openClassroom: (address: string) => Promise<boolean> };
  }
}

/** In class: open the address on the teacher's screen (a window of its own in the desktop app). */
function JoinAClass() {
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const url = classroomAddress(address);
    if (!url) return setProblem('Type the address shown on your teacher’s screen, for example 192.168.1.20:5190.');
    setProblem(null);
    if (window.ledeShell) {
      if (!(await window.ledeShell.openClassroom(url.href))) setProblem('That address could not be opened.');
    } else {
      location.assign(url.href);
    }
  };
  return (
    <form className="new-profile join-class" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor="class-address">In class? Join your teacher’s live session</label>
      <div className="row">
        <input id="class-address" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="192.168.1.20:5190" autoComplete="off" spellCheck={false} aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'address-problem' : undefined} />
        <button type="submit" disabled={!address.trim()}>Join a class</button>
      </div>
      {problem && <p id="address-problem" className="field-error" role="alert">{problem}</p>}
    </form>
  );
}

export function WhoIsStudying() {
  const { students, chooseStudent, createStudent, similarProfiles, navigate } = useApp(useShallow(selectProfiles));

  return (
    <main className="profiles" aria-labelledby="profiles-title">
      <h1 id="profiles-title">Who is studying?</h1>
      {students.length > 0 && <ProfilePicker students={students} onChoose={(s) => void chooseStudent(s)} />}
      <NewProfile hasProfiles={students.length > 0} createStudent={createStudent} similarProfiles={similarProfiles} chooseStudent={chooseStudent} />
      <JoinAClass />
      <p className="teacher-link">
        <button type="button" className="link-button" onClick={() => void navigate({ name: 'teacher' })}>
          Teacher area
        </button>
      </p>
    </main>
  );
}
