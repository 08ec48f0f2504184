// What the desktop app's windows may do: which pages they may show, which browser
// permissions they get, where links go. Electron-free, so every decision is unit-tested;
// src/electron/main.ts only hands Electron's objects to these functions.

/**
 * Browser permissions Lede's pages may have. Lede needs none (no camera, microphone,
 * notifications, location, clipboard, devices, fullscreen…), so every request and every
 * check is refused, on the app's own window and on a class joined from the app.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function permissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/**
 * The session of the "Join a class" window, apart from the app's own: the classroom
 * pages come from another computer, so they share no cookies, storage or permissions
 * with Lede's own window. It is persisted ("persist:"), because a student's seat cookie
 * and their unsent answers (kept in the page's storage while the network is down) must
 * outlive closing Lede or restarting the computer: the classroom continues where the
 * student was instead of asking the teacher to let them in again, and nothing is lost.
 */
export const CLASSROOM_PARTITION = 'persist:lede-classroom';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The app's own page: the built renderer's index.html (any #route), or, in development,
 * any page of the dev server's origin. Only it may call the backend or be navigated to.
 */
export function ownPageMatcher(page: { fileUrl: string; devUrl?: string | undefined }): (url: string | undefined) => boolean {
  const devOrigin = page.devUrl ? parse(page.devUrl)?.origin : undefined;
  return (url) => {
    if (!url) return false;
    if (devOrigin) return parse(url)?.origin === devOrigin;
    return url.split('#')[0] === page.fileUrl;
  };
}

/** A class joined from the app stays on its classroom server: same scheme, host and port only. */
export function sameOriginMatcher(address: URL): (url: string | undefined) => boolean {
  const origin = address.origin;
  return (url) => {
    if (!url) return false;
    const to = parse(url);
    return to !== null && (to.protocol === 'http:' || to.protocol === 'https:') && to.origin === origin;
  };
}

/** Links the app's own page may open in the system browser: https only (never file:, javascript: or a custom scheme). */
export function opensInSystemBrowser(url: string): boolean {
  return parse(url)?.protocol === 'https:';
}

// The few members of Electron's WebContents and Session used here, so that this module
// and its tests need no Electron. Electron's own objects satisfy them (index.ts is type-checked).
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}
type NavigationListener = (event: NavigationEvent) => void;
export interface GuardedContents {
  on(event: 'will-navigate', listener: NavigationListener): unknown;
  on(event: 'will-frame-navigate', listener: NavigationListener): unknown;
  on(event: 'will-redirect', listener: NavigationListener): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}
export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

/** The navigation events that can take a window's page (or a frame in it) elsewhere, redirects included. */
export const NAVIGATION_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const;

/**
 * Keeps a window on the pages `allowed` accepts: any navigation of its main frame or
 * of a frame inside it, and any server redirect during one, to another address is
 * cancelled. New windows are never opened; `openExternally` gets each one's URL to
 * decide whether the system browser should show it instead.
 */
export function guardNavigation(contents: GuardedContents, allowed: (url: string) => boolean, openExternally?: (url: string) => void): void {
  const guard: NavigationListener = (event) => {
    if (!allowed(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(({ url }) => {
    openExternally?.(url);
    return { action: 'deny' };
  });
}

/** Refuses every permission Lede does not need (all of them) in a session: requests, checks and device access. */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
  session.setDevicePermissionHandler(() => false);
}

/**
 * The calls a projector window may make: the projector's view (which holds only what
 * students may see, for the session's projector token) and nothing else, not even
 * unlocking the teacher area.
 */
export const PROJECTOR_CALLS: ReadonlySet<string> = new Set(['classroomProjector']);

/** The projector window's address (#/projector/<session>/<token>), or null for ids that are not Lede's. */
export function projectorHash(sessionId: unknown, token: unknown): string | null {
  const ok = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(v);
  return ok(sessionId) && ok(token) ? `#/projector/${sessionId}/${token}` : null;
}
