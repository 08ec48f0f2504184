// The shape of the app's store: one interface per slice (each made in slices/), and
// the store as their union (made in app.ts). Types only.
import type { StateCreator } from 'zustand';
import type { Answer } from '../../../shared/answers.ts';
import type { AttemptStateDto, ClassroomStateDto, LessonCardDto, LedeApi, ReactionDto, StudentProfileDto, SavedHighlightDto, StepFeedbackDto, StudentDto } from '../../../shared/api.ts';
import type { SaveState } from './outbox.ts';
import type { Route } from './routes.ts';

export type { Route, SaveState };

/** Which server this page talks to. */
export type AppMode =
  /** The desktop app or `lede serve`. */
  | 'app'
  /** A teacher's live session (`lede classroom` or the app's "Start a live session"): student screens only. */
  | 'classroom'
  /** The teacher-only server of `lede classroom` (no student screens). */
  | 'dashboard';

/** Which screen is shown, and how the page started. */
export interface RoutingSlice {
  ready: boolean;
  mode: AppMode;
  route: Route;
  /** Starts the page: asks the backend what it is, then opens the screen the address (or the last visit) names. */
  init: () => Promise<void>;
  /** Opens a screen, loading what it needs (a classroom page stays on its lesson; a dashboard on the teacher area). */
  navigate: (route: Route) => Promise<void>;
  /** Shows a screen and records it in the address bar and, outside the teacher area, as the place to come back to. */
  setRoute: (route: Route) => void;
  /**
   * Asked before moving to another screen (a screen with unsaved work sets it):
   * true lets the move happen. Null when nothing is at stake.
   */
  leaveGuard: (() => boolean) | null;
  setLeaveGuard: (guard: (() => boolean) | null) => void;
  /** A lesson's address opened before anyone chose who is studying: where choosing a profile leads. */
  afterProfile: Route | null;
}

/** Who is studying, and their lessons. */
export interface ProfilesSlice {
  /** The profiles on this computer, with what tells them apart (classes, last use, progress). */
  students: StudentProfileDto[];
  student: StudentDto | null;
  /** The library's lesson cards for `student`; null while loading. */
  lessons: LessonCardDto[] | null;
  /** Loads the profiles on this computer and picks the one studying last time, if any. */
  /** The student who studied here last (from `students` when the caller already has the list). */
  restoreStudent: (students?: ProfilesSlice['students']) => Promise<StudentDto | null>;
  loadStudents: () => Promise<void>;
  loadLessons: () => Promise<void>;
  chooseStudent: (student: StudentDto) => Promise<void>;
  /**
   * Makes a profile and studies as it. Rejects with a "conflict" LedeError when the name
   * is, or looks like, one already here, unless `deliberate`.
   */
  createStudent: (displayName: string, deliberate?: boolean) => Promise<void>;
  /** The profiles whose names look like this one. */
  similarProfiles: (displayName: string) => Promise<StudentProfileDto[]>;
}

/** What became of an action the student asked for: done, or not done and why (in plain words). */
export type ActionOutcome = { ok: true } | { ok: false; message: string };

export interface LessonSession {
  attemptId: string;
  attemptNumber: number;
  finishedAt: string | null;
  lesson: AttemptStateDto['lesson'];
  /** 0 = read the article, 1..n = exercises, n + 1 = summary. */
  step: number;
  highlights: SavedHighlightDto[];
  responses: Record<string, Answer>;
  feedback: Record<string, StepFeedbackDto>;
  /** Who checks written answers: the teacher, or the student (self-paced study with no teacher). */
  grading: AttemptStateDto['grading'];
  /** The assignment the attempt was made for (null: practice or study). */
  assignment: AttemptStateDto['assignment'];
  /** Whether, and until when, the key is held back: a checked step is then only recorded. */
  keyHeld: AttemptStateDto['keyHeld'];
  /** Practice of a lesson the student has an assignment for (never the grade). */
  practiceAfterAssignment: boolean;
  /** The first-reaction check's answers (before reading, at the end), where the lesson asks for it. */
  reactions: ReactionDto[];
  /** The student chose to skip the check before reading (on this page; it is optional). */
  reactionSkipped?: boolean;
}

/** An answer to the first-reaction check, as the screen sends it. */
export type ReactionAnswer = Pick<ReactionDto, 'feelings' | 'share' | 'words'>;

/** The open lesson: the attempt, the student's changes (saved through the outbox) and checking. */
export interface LessonSlice {
  session: LessonSession | null;
  save: SaveState;
  /** Opens the lesson: for an assignment (its attempts), or practice. */
  openLesson: (lessonId: string, assignmentId?: string) => Promise<void>;
  /** An assignment's attempt handed in as it stands (every step not checked is checked with what it holds). */
  handIn: () => Promise<void>;
  /** Starts practice of the open lesson (outside its assignment). */
  practise: () => Promise<void>;
  /** An openLesson already under way (start-up), taken by the next openLesson of that student and lesson. */
  adoptPrefetchedLesson: (prefetched: { studentId: string; lessonId: string; attempt: Promise<AttemptStateDto> }) => void;
  /** Shows an attempt as the backend holds it, at `step` or where the student left it. */
  showAttempt: (a: AttemptStateDto, step?: number) => void;
  /** Self-paced study with no teacher: the student's own check of a handed-in written answer (the criteria it meets, by position). */
  selfCheck: (exerciseId: string, met: number[]) => Promise<void>;
  /** Sends what an earlier page left unsent for this attempt, then shows the backend's state. */
  resumeAttempt: (attemptId: string) => Promise<void>;
  /** Shows what the backend holds for the open attempt (after a refused change, a revealed key). */
  reloadAttempt: () => Promise<void>;
  closeLesson: () => void;
  goToStep: (step: number) => void;
  addHighlight: (exerciseId: string, span: { start: number; end: number; label: string }) => SavedHighlightDto | null;
  relabelHighlight: (id: string, label: string) => void;
  removeHighlight: (id: string) => void;
  setResponse: (exerciseId: string, answer: Answer) => void;
  /**
   * Checks a step once every change made before it is saved. Not done (nothing changed,
   * the step still open) when a change cannot be sent now or was refused: the outcome says why.
   */
  checkStep: (exerciseId: string) => Promise<ActionOutcome>;
  /** Finishes the attempt (every step checked), once every change before it is saved. */
  finish: () => Promise<ActionOutcome>;
  tryAgain: () => Promise<void>;
  /** Saves (or changes) the first-reaction check's answer; the outcome says why not (nothing is lost: the form keeps it). */
  saveReaction: (phase: ReactionDto['phase'], answer: ReactionAnswer) => Promise<ActionOutcome>;
  /** Skips the check before reading (it is optional). */
  skipReaction: () => void;
}

export type JoinRoster = Awaited<ReturnType<LedeApi['classroomJoin']>>;
export interface JoinChoice {
  studentId?: string;
  newName?: string;
  rejoinCode?: string;
}

/** A teacher's live session, seen from a student's screen. */
export interface ClassroomSlice {
  classroom: ClassroomStateDto | null;
  /** On a classroom page: back into this browser's seat, or to the join screen. */
  enterClassroom: () => Promise<void>;
  joinCheck: (code: string) => Promise<JoinRoster>;
  joinPick: (code: string, choice: JoinChoice) => Promise<void>;
}

/** What the page tells the user: the live region for screen readers, and the error banner. */
export interface AnnouncementsSlice {
  /** Text for the ARIA live region; `n` changes so the same words are announced again. */
  announcement: { text: string; n: number };
  /** A problem to show the user, in plain words. */
  error: string | null;
  announce: (text: string) => void;
  /** Shows a thrown value in the error banner. */
  showError: (err: unknown) => void;
  dismissError: () => void;
}

export type AppState = RoutingSlice & ProfilesSlice & LessonSlice & ClassroomSlice & AnnouncementsSlice;

/** A slice of the app's store: it may read and call every other slice. */
export type AppSlice<T> = StateCreator<AppState, [], [], T>;
