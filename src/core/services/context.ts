/** What a transport knows about the connection a call arrived on. */
export interface CallContext {
  /** The teacher area is unlocked on this connection. */
  teacher: boolean;
  grantTeacher: () => void;
  revokeTeacher: () => void;
  /**
   * Whether this connection may choose the first teacher PIN: the desktop app's
   * window, or a browser that opened the one-time set-up link printed by the
   * command that started the server. Nobody else can.
   */
  mayChoosePin?: boolean;
  /** The first PIN has been chosen: the set-up link stops working. */
  pinChosen?: () => void;
  /** The caller's address (HTTP), for rate limits. */
  clientIp?: string;
  /** Reads and sets a cookie (HTTP only). */
  cookie?: (name: string) => string | undefined;
  setCookie?: (name: string, value: string, maxAgeSeconds: number) => void;
}

export const NO_CONTEXT: CallContext = { teacher: false, grantTeacher: () => {}, revokeTeacher: () => {} };
