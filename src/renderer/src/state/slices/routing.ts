// Which screen is shown: start-up, navigation, and the address bar.
import { takeStartup } from '../startup.ts';
import { usePrefs } from '../prefs.ts';
import { hashToRoute, routeToHash } from '../routes.ts';
import type { AppSlice, RoutingSlice } from '../types.ts';

export const createRoutingSlice: AppSlice<RoutingSlice> = (set, get) => ({
  ready: false,
  mode: 'app',
  route: { name: 'profiles' },

  async init() {
    // The projector's window shows one thing, from one call, whatever the server is.
    const projector = hashToRoute(location.hash);
    if (projector?.name === 'projector') {
      window.__ledeStartup = null;
      set({ route: projector, ready: true });
      return;
    }
    try {
      // Sent by boot.js before this code arrived: the first screen waits for one round trip, overlapped with
      // the code (a classroom's server refuses the students and the lesson: not needed there).
      const startup = takeStartup();
      if (startup.lesson) get().adoptPrefetchedLesson(startup.lesson);
      const [{ mode }, students] = await Promise.all([startup.info, startup.students]);
      if (mode === 'classroom') {
        set({ mode });
        await get().enterClassroom();
        return;
      }
      if (mode === 'dashboard') {
        set({ mode });
        const wanted = hashToRoute(location.hash);
        get().setRoute(wanted?.name === 'teacher' ? wanted : { name: 'teacher' });
        return;
      }
      const student = await get().restoreStudent(students);
      const prefs = usePrefs.getState();
      const fromAddress = hashToRoute(location.hash);
      const wanted = fromAddress ?? (prefs.lastRoute ? hashToRoute(prefs.lastRoute) : null);
      // The teacher area opens without a student (the set-up link leads there); the rest needs one.
      if (!student && !(wanted?.name === 'teacher' && fromAddress)) {
        // The profiles were just read: "Who is studying?" without asking for them again, then the lesson asked for.
        if (fromAddress?.name === 'lesson') set({ afterProfile: fromAddress });
        get().setRoute({ name: 'profiles' });
      } else {
        await get().navigate(wanted?.name === 'teacher' && fromAddress ? wanted : (wanted ?? { name: 'library' }));
      }
    } catch (err) {
      get().showError(err);
    } finally {
      set({ ready: true });
    }
    window.addEventListener('popstate', () => {
      const r = hashToRoute(location.hash);
      if (r && get().mode !== 'classroom') void get().navigate(r);
    });
  },

  leaveGuard: null,
  afterProfile: null,
  setLeaveGuard(guard) {
    set({ leaveGuard: guard });
  },

  async navigate(route) {
    const { mode, leaveGuard } = get();
    const here = routeToHash(get().route);
    if (leaveGuard && routeToHash(route) !== here && !leaveGuard()) {
      // Staying: the back button has already changed the address, so put this screen's back.
      if (location.hash !== here) history.pushState(null, '', here);
      return;
    }
    if (mode === 'classroom') return; // a classroom page stays on its lesson
    if (mode === 'dashboard' && route.name !== 'teacher') route = { name: 'teacher' }; // and a dashboard on the teacher area
    if (route.name !== 'profiles') set({ afterProfile: null }); // going elsewhere: a lesson asked for earlier is forgotten
    if (route.name !== 'profiles' && route.name !== 'teacher' && !get().student) {
      // Nobody chosen yet: "Who is studying?" first, then the lesson that was asked for.
      if (route.name === 'lesson') set({ afterProfile: route });
      route = { name: 'profiles' };
    }
    get().dismissError();
    switch (route.name) {
      case 'teacher':
        get().closeLesson();
        get().setRoute(route);
        break;
      case 'profiles':
        await get().loadStudents();
        get().setRoute(route);
        break;
      case 'library':
        get().closeLesson();
        get().setRoute(route);
        await get().loadLessons();
        break;
      case 'lesson':
        await get().openLesson(route.lessonId, route.assignmentId);
        break;
      default:
        get().setRoute({ name: 'profiles' });
    }
  },

  setRoute(route) {
    set({ route });
    const hash = routeToHash(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
    // The teacher area is not reopened by itself on a shared computer.
    usePrefs.getState().setLastRoute(route.name === 'teacher' || route.name === 'projector' ? '#/profiles' : hash);
  },
});
