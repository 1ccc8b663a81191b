// Rate-limit counters for a single gateway process: an exact sliding window per key (at most
// `max` calls in ANY `windowMs`), all-or-nothing across the keys of one call.
import type { AcquireResult, LimitRequest, LimitStore } from './types.ts';

export class LimitRequestError extends Error {
  readonly code = 'LIMIT_REQUEST_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'LimitRequestError';
  }
}

export interface MemoryLimitStoreOptions {
  /**
   * The clock, in milliseconds. Default: monotonic (performance.now based), so a wall-clock
   * jump back cannot hold calls for hours. Tests inject their own and never sleep.
   */
  now?: () => number;
  /** How often keys whose window has passed are dropped; 0 turns the timer off (call sweep()). */
  sweepIntervalMs?: number;
}

const monotonicNow = () => performance.timeOrigin + performance.now();

/**
 * The times of the last `limit` calls of one key, oldest first, in a ring: checking for room
 * reads one slot and recording writes one, whatever the limit. The ring starts small and grows
 * to `limit`, so a generous limit on a key that sees few calls costs little memory.
 */
class CallLog {
  #times: Float64Array;
  #start = 0;
  #size = 0;
  #limit: number;
  /** The window last used with this key, to know when the whole log has expired. */
  windowMs: number;

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#times = new Float64Array(Math.min(limit, 16));
    this.windowMs = windowMs;
  }

  get limit(): number {
    return this.#limit;
  }

  get size(): number {
    return this.#size;
  }

  /** The i-th oldest call kept, 0-based. */
  at(i: number): number {
    return this.#times[(this.#start + i) % this.#times.length];
  }

  newest(): number {
    return this.at(this.#size - 1);
  }

  push(time: number): void {
    if (this.#size === this.#times.length && this.#size < this.#limit) this.#realloc(Math.min(this.#size * 2, this.#limit));
    const length = this.#times.length;
    if (this.#size < length) {
      this.#times[(this.#start + this.#size) % length] = time;
      this.#size++;
    } else {
      this.#times[this.#start] = time;
      this.#start = (this.#start + 1) % length;
    }
  }

  /** A reload may change a rule's max: keep the newest calls that still count. */
  setLimit(limit: number): void {
    this.#limit = limit;
    if (this.#times.length > limit) this.#realloc(limit);
  }

  #realloc(length: number): void {
    const keep = Math.min(this.#size, length);
    const times = new Float64Array(length);
    for (let i = 0; i < keep; i++) times[i] = this.at(this.#size - keep + i);
    this.#times = times;
    this.#start = 0;
    this.#size = keep;
  }
}

export class MemoryLimitStore implements LimitStore {
  readonly #logs = new Map<string, CallLog>();
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: MemoryLimitStoreOptions = {}) {
    this.#now = options.now ?? monotonicNow;
    const every = options.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.#timer = setInterval(() => this.sweep(), every);
      // Counters are never a reason to keep the process alive.
      this.#timer.unref();
    }
  }

  /** The number of keys held; for metrics and for tests that memory stays bounded. */
  get size(): number {
    return this.#logs.size;
  }

  // Not `async`-awaiting anything before the check and the record: both happen in the same
  // synchronous run, so concurrent acquire() calls cannot interleave between them.
  acquire(requests: readonly LimitRequest[], now: number = this.#now()): Promise<AcquireResult> {
    try {
      return Promise.resolve(this.#acquire(requests, now));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #acquire(requests: readonly LimitRequest[], now: number): AcquireResult {
    for (const r of requests) validate(r);
    // The same key twice in one call must find room for both calls, not one each.
    const wanted = new Map<string, number>();
    for (const r of requests) wanted.set(r.key, (wanted.get(r.key) ?? 0) + 1);

    for (let index = 0; index < requests.length; index++) {
      const r = requests[index];
      const wait = this.#waitFor(r, wanted.get(r.key)!, now);
      if (wait > 0) return { ok: false, index, retryAfterMs: wait };
    }
    for (const r of requests) this.#record(r, now);
    return { ok: true };
  }

  /**
   * 0 when `count` more calls fit in the window ending now, else the milliseconds until they do:
   * the window holds at most `max` calls, so the call `max - count + 1` places from the newest
   * must have left it.
   */
  #waitFor(r: LimitRequest, count: number, now: number): number {
    // More calls of one key than its max can never fit; a full window is the honest finite answer.
    if (count > r.max) return r.windowMs;
    const log = this.#logs.get(r.key);
    if (!log) return 0;
    const inWindowAllowed = r.max - count;
    if (log.size <= inWindowAllowed) return 0;
    const blocking = log.at(log.size - inWindowAllowed - 1);
    const wait = blocking + r.windowMs - now;
    return wait > 0 ? wait : 0;
  }

  #record(r: LimitRequest, now: number): void {
    let log = this.#logs.get(r.key);
    if (!log) {
      log = new CallLog(r.max, r.windowMs);
      this.#logs.set(r.key, log);
    } else if (log.limit !== r.max) {
      log.setLimit(r.max);
    }
    log.windowMs = r.windowMs;
    log.push(now);
  }

  /** Drops every key whose calls have all left their window; such a key counts as empty. */
  sweep(now: number = this.#now()): void {
    for (const [key, log] of this.#logs) {
      if (log.newest() + log.windowMs <= now) this.#logs.delete(key);
    }
  }

  async close(): Promise<void> {
    // Nothing to release but the sweeper; the counters still answer should a late call come.
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function validate(r: LimitRequest): void {
  if (!Number.isSafeInteger(r.max) || r.max < 1) throw new LimitRequestError(`rate limit ${r.key}: max must be a whole number of at least 1, not ${r.max}`);
  if (!(r.windowMs > 0) || !Number.isFinite(r.windowMs)) throw new LimitRequestError(`rate limit ${r.key}: the window must be a positive number of milliseconds, not ${r.windowMs}`);
}
