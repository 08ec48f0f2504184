// The outbox: every change a student makes is sent to the backend in order, and kept
// in the browser's storage until the backend acknowledges it, so a change made
// offline survives a closed tab or a restarted device and is sent when the lesson is
// opened again. Every change is idempotent (a highlight carries its own id), so
// sending one twice never doubles it; within a page, a change is never queued twice.
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
  /** Settles once every change queued so far is sent or refused. */
  idle(): Promise<void>;
  /** The changes kept in storage, oldest first. */
  stored(): Change[];
}

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
          await sleep(retryDelay(tries));
          continue;
        }
        settle(change);
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

    stored: read,
  };
}
