// The outbox: every change a student makes is sent to the backend in order, and kept
// in the browser's storage until the backend acknowledges it, so a change made
// offline survives a closed tab or a restarted device and is sent when the lesson is
// opened again. Every change is idempotent (a highlight carries its own id), so
// sending one twice never doubles it; within a page, a change is never queued twice.
// An action that must come after the changes (checking a step, finishing an attempt)
// flushes the outbox first: it goes ahead only once every change before it is
// acknowledged, and hears at once when one cannot be sent now (offline) or was refused.
//
// Storage and sender are injected: the store passes localStorage and the API client,
// the tests an in-memory map and a fake backend.
import type { LedeApi } from '../../../shared/api.ts';
import { errorMessage, LedeError } from '../../../shared/errors.ts';

type Input<K extends keyof LedeApi> = Parameters<LedeApi[K]>[0];

/** A change to an attempt, as the API call that makes it. */
export type ChangeBody =
  | { name: 'putHighlight'; input: Input<'putHighlight'> }
  | { name: 'deleteHighlight'; input: Input<'deleteHighlight'> }
  | { name: 'putResponse'; input: Input<'putResponse'> }
  | { name: 'setStep'; input: Input<'setStep'> };

/** A change with the key it is kept under until acknowledged. */
export type Change = ChangeBody & { key: string };

const CHANGE_NAMES: ReadonlySet<string> = new Set<ChangeBody['name']>(['putHighlight', 'deleteHighlight', 'putResponse', 'setStep']);

/** What the top bar says about saving. */
export type SaveState =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'offline' }
  | { state: 'waiting'; message: string }
  | { state: 'error'; message: string };

/** The part of the Web Storage API the outbox uses; any call may throw (storage full or blocked). */
export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface OutboxDeps {
  storage: OutboxStorage;
  /** Sends one change; rejects with a LedeError whose `retryLater` says whether to keep it. */
  send: (change: Change) => Promise<unknown>;
  /** Every change of the save status. */
  onStatus: (save: SaveState) => void;
  /** A change the backend refused: it is dropped; the next change waits until this settles. */
  onRefused: (change: Change, err: unknown) => Promise<void> | void;
  /** A fresh key for a new change. */
  newKey: () => string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** The storage key (default `lede-outbox`). */
  storageKey?: string;
}

export interface Outbox {
  /** Queues a change after every change queued before it; settles when it is sent or refused. */
  add(body: ChangeBody): Promise<void>;
  /**
   * Sends what an earlier page left unsent for this attempt (changes of other attempts
   * wait for theirs). True when there was something; settles once it is all sent or refused.
   */
  replay(attemptId: string): Promise<boolean>;
  /** Settles once every change queued so far is sent or refused (waiting as long as that takes). */
  idle(): Promise<void>;
  /**
   * Sends every change queued so far now (a change waiting to be tried again is tried at
   * once), for an action that must come after them (checking a step, finishing). Settles
   * as soon as the outcome is known: all sent; or one refused "not now" (offline, busy,
   * paused: kept, and still sent later); or all settled with some refused (and reported).
   */
  flush(): Promise<FlushResult>;
  /** The changes kept in storage, oldest first. */
  stored(): Change[];
}

/** What became of the changes queued before a flush. */
export type FlushResult =
  | { state: 'sent' }
  /** One of them cannot be sent now (offline, busy, paused): it is kept and sent later; those after it wait. */
  | { state: 'unsent'; error: LedeError }
  /** Every one settled, and these were refused (each reported to `onRefused` before this settles). */
  | { state: 'refused'; refused: { change: Change; error: unknown }[] };

export const OUTBOX_KEY = 'lede-outbox';

/** Waits between tries of a change the backend could not take now: 0.5 s, doubling up to 8 s. */
export const retryDelay = (tries: number): number => Math.min(500 * 2 ** Math.max(0, tries), 8000);

const isChange = (v: unknown): v is Change => {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const input = c.input as Record<string, unknown> | null | undefined;
  return typeof c.key === 'string' && typeof c.name === 'string' && CHANGE_NAMES.has(c.name) && typeof input === 'object' && input !== null && typeof input.attemptId === 'string';
};

export function createOutbox(deps: OutboxDeps): Outbox {
  const { storage, send, onStatus, onRefused, newKey } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = deps.now ?? (() => new Date());
  const storageKey = deps.storageKey ?? OUTBOX_KEY;

  let queue: Promise<void> = Promise.resolve();
  /** Keys queued in this page and not yet settled. */
  const inFlight = new Set<string>();
  /** Flushes collecting the refusals that happen while they wait. */
  const refusalWatchers = new Set<(r: { change: Change; error: unknown }) => void>();
  /** Flushes waiting to hear that a change cannot be sent now. */
  const blockedWaiters = new Set<(err: LedeError) => void>();
  /** Ends the current wait before a change is tried again (a flush wants it tried now). */
  let wake: (() => void) | null = null;

  const pause = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
      void sleep(ms).then(resolve);
    }).finally(() => {
      wake = null;
    });

  const read = (): Change[] => {
    try {
      const v = JSON.parse(storage.getItem(storageKey) ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter(isChange) : [];
    } catch {
      return [];
    }
  };

  const write = (changes: Change[]): void => {
    try {
      if (changes.length) storage.setItem(storageKey, JSON.stringify(changes));
      else storage.removeItem(storageKey);
    } catch {
      // Storage full or blocked: the change is still retried while the page is open.
    }
  };

  const settle = (change: Change) => {
    inFlight.delete(change.key);
    write(read().filter((c) => c.key !== change.key));
  };

  const run = async (change: Change): Promise<void> => {
    for (let tries = 0; ; tries++) {
      try {
        await send(change);
        settle(change);
        if (inFlight.size === 0) onStatus({ state: 'saved', at: now().toISOString() });
        return;
      } catch (err) {
        if (err instanceof LedeError && err.retryLater) {
          // Not lost, only not now: kept in storage and sent again.
          onStatus(err.code === 'offline' ? { state: 'offline' } : { state: 'waiting', message: err.message });
          for (const tell of [...blockedWaiters]) tell(err);
          await pause(retryDelay(tries));
          continue;
        }
        settle(change);
        for (const watch of [...refusalWatchers]) watch({ change, error: err });
        onStatus({ state: 'error', message: errorMessage(err) });
        try {
          await onRefused(change, err);
        } catch {
          // The queue goes on whatever the caller did with the refusal.
        }
        return;
      }
    }
  };

  /** Queues a change that is already in storage. */
  const enqueue = (change: Change): Promise<void> => {
    inFlight.add(change.key);
    onStatus({ state: 'saving' });
    queue = queue.then(() => run(change));
    return queue;
  };

  return {
    add(body) {
      const change: Change = { ...body, key: newKey() };
      write([...read(), change]);
      return enqueue(change);
    },

    async replay(attemptId) {
      const mine = read().filter((c) => c.input.attemptId === attemptId && !inFlight.has(c.key));
      if (!mine.length) return false;
      for (const c of mine) void enqueue(c);
      await queue;
      return true;
    },

    idle() {
      return queue;
    },

    flush() {
      if (inFlight.size === 0) return Promise.resolve({ state: 'sent' });
      const before = queue;
      const refused: { change: Change; error: unknown }[] = [];
      const watch = (r: { change: Change; error: unknown }) => void refused.push(r);
      return new Promise<FlushResult>((resolve) => {
        const done = (result: FlushResult) => {
          blockedWaiters.delete(blocked);
          refusalWatchers.delete(watch);
          resolve(result);
        };
        const blocked = (error: LedeError) => done({ state: 'unsent', error });
        blockedWaiters.add(blocked);
        refusalWatchers.add(watch);
        void before.then(() => done(refused.length ? { state: 'refused', refused: [...refused] } : { state: 'sent' }));
        wake?.();
      });
    },

    stored: read,
  };
}
