/** What a transport knows about the connection a call arrived on. */
export interface CallContext {
  /** The teacher area is unlocked on this connection. */
  teacher: boolean;
  grantTeacher: () => void;
  revokeTeacher: () => void;
  /** The caller's address (HTTP), for rate limits. */
  clientIp?: string;
  /** Reads and sets a cookie (HTTP only). */
  cookie?: (name: string) => string | undefined;
  setCookie?: (name: string, value: string, maxAgeSeconds: number) => void;
}

export const NO_CONTEXT: CallContext = { teacher: false, grantTeacher: () => {}, revokeTeacher: () => {} };
