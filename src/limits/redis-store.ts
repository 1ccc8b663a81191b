// Rate-limit counters in Redis or Valkey, shared by every gateway replica pointed at it
// (`gateway.redis`). The same contract as the in-memory store: an exact sliding window per key
// (at most `max` calls in ANY `windowMs`) and all-or-nothing across the keys of one call. Both
// hold because one Lua script does the whole check-and-count, atomically, on Redis's clock (so
// replicas with skewed clocks still agree). When Redis cannot answer, acquire() rejects within
// about a second with a LimitStoreUnavailableError: the chain then refuses the call (fail
// closed), and the store reconnects by itself in the background.
//
// Each key is a sorted set of the calls still in its window: score = Redis time in microseconds,
// member = an id unique to the call (this store's random id + a sequence number + the request's
// place in the call), so replicas never collide, whatever their clocks. Keys are kept as given,
// under the prefix (readable with redis-cli), and expire one window after their newest call.
// A standalone Redis or Valkey only: the keys of one call are not given a common hash slot.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { LimitRequestError } from './memory-store.ts';
import type { AcquireResult, LimitRequest, LimitStore } from './types.ts';

export class LimitStoreUnavailableError extends Error {
  readonly code = 'LIMIT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LimitStoreUnavailableError';
  }
}

export interface RedisLimitStoreOptions {
  /** Prepended to every key, so several deployments can share one Redis. Default `gatehouse:limit:`. */
  prefix?: string;
  /** How long one acquire() may wait for Redis's answer before the call is refused. Default 1000. */
  timeoutMs?: number;
  /** How long connecting (TCP, TLS, AUTH, ready check) may take, in ready() too. Default 2000. */
  connectTimeoutMs?: number;
  /**
   * Told once when a working connection is lost and once when it is back (not at every retry),
   * so an outage is one line in the log at each end. `cause` holds no password.
   */
  onConnection?: (state: 'lost' | 'restored', cause: string) => void;
}

/**
 * KEYS: the sorted set of each request, in the call's order (a key may repeat).
 * ARGV[1]: this call's unique id; then per request its max and its window in microseconds.
 * Returns {-1, 0} when every request had room (and the call was then counted under each), else
 * {index, ms}: the 0-based index of the first request without room, and the milliseconds until
 * it has room (the call that must leave the window first: its time + window - now, at least 1).
 */
const ACQUIRE = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
-- A key named twice in one call needs room for both calls; it is trimmed by its widest window.
local wanted, widest = {}, {}
for i = 1, n do
  local key, window = KEYS[i], tonumber(ARGV[2 * i + 1])
  wanted[key] = (wanted[key] or 0) + 1
  if widest[key] == nil or window > widest[key] then widest[key] = window end
end
for key, window in pairs(widest) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
end
for i = 1, n do
  local key, max, window = KEYS[i], tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local want = wanted[key]
  if want > max then return {i - 1, math.ceil(window / 1000)} end
  -- Scores are whole microseconds: in the window means newer than now - window.
  local count = redis.call('ZCOUNT', key, now - window + 1, '+inf')
  if count + want > max then
    -- Newest first, the (max - want + 1)-th call in the window must leave it.
    local blocking = redis.call('ZREVRANGE', key, max - want, max - want, 'WITHSCORES')
    local wait = math.ceil((tonumber(blocking[2]) + window - now) / 1000)
    if wait < 1 then wait = 1 end
    local whole = math.ceil(window / 1000)
    if wait > whole then wait = whole end
    return {i - 1, wait}
  end
end
for i = 1, n do
  local key = KEYS[i]
  redis.call('ZADD', key, now, ARGV[1] .. ':' .. i)
  redis.call('PEXPIRE', key, math.ceil(widest[key] / 1000) + 1)
end
return {-1, 0}
`;

type AcquireCommand = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<[number, number]>;

export class RedisLimitStore implements LimitStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #connectTimeoutMs: number;
  /** `Redis at host:port`: the URL may carry a password, which must not reach an error or a log. */
  readonly #where: string;
  readonly #password: string;
  /** This store's calls are `<id>-<seq>`: unique across replicas without asking Redis. */
  readonly #id = randomBytes(6).toString('base64url');
  #seq = 0;
  #lastError: string | undefined;
  #closed = false;
  #starting: Promise<void> | undefined;
  /** Connected once, and now lost: the next `ready` is a recovery to report. */
  #everReady = false;
  #down = false;

  constructor(url: string, options: RedisLimitStoreOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 1000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    this.#prefix = options.prefix ?? 'gatehouse:limit:';
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new LimitStoreUnavailableError('the Redis address is not a URL (e.g. redis://127.0.0.1:6379)');
    }
    this.#where = `Redis at ${parsed.hostname}:${parsed.port || '6379'}`;
    this.#password = decodeURIComponent(parsed.password);
    this.#redis = new Redis(url, {
      lazyConnect: true,
      // No queue while disconnected and one try per command: a call waits at most timeoutMs,
      // and a connection that stops answering is dropped and made again.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: this.#connectTimeoutMs,
      commandTimeout: timeoutMs,
      socketTimeout: Math.max(3 * timeoutMs, 3000),
      // Keep trying to reconnect in the background, at most every 2 s.
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
      // Untyped, but read by ioredis 6: how long a closed socket may linger (default 2 s, which
      // keeps the process alive that long after close() on a store that never connected).
      ...({ disconnectTimeout: 200 } as object),
    });
    // Connection trouble surfaces as rejected acquire() calls, named by the last socket error
    // (ECONNREFUSED says more than ioredis's "Stream isn't writeable").
    const onConnection = options.onConnection ?? (() => {});
    const lost = (cause: string) => {
      if (!this.#everReady || this.#down || this.#closed) return;
      this.#down = true;
      onConnection('lost', this.#scrub(cause));
    };
    this.#redis.on('error', (err: Error) => {
      this.#lastError = err.message;
      lost(err.message);
    });
    this.#redis.on('close', () => lost(this.#lastError ?? 'the connection was closed'));
    this.#redis.on('ready', () => {
      this.#lastError = undefined;
      this.#everReady = true;
      if (this.#down) {
        this.#down = false;
        onConnection('restored', this.#where);
      }
    });
    this.#redis.defineCommand('gatehouseAcquire', { lua: ACQUIRE });
  }

  /**
   * Connects (at most connectTimeoutMs) and runs the script once, counting nothing; rejects with
   * why not, so a wrong address, password or an ACL without EVAL stops the gateway at start.
   */
  ready(): Promise<void> {
    // Calls made while it runs wait for it, rather than fail for want of a connection.
    this.#starting ??= this.#ready().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  async #ready(): Promise<void> {
    try {
      await this.#connected();
      await this.#script(0, `${this.#id}-ready`);
    } catch (err) {
      throw this.#unavailable(err);
    }
  }

  /** `now` is ignored: the time is Redis's own, the same for every replica. */
  async acquire(requests: readonly LimitRequest[]): Promise<AcquireResult> {
    for (const r of requests) validate(r);
    if (requests.length === 0) return { ok: true };
    // Never connected yet: connect now (later, ioredis reconnects by itself).
    if (this.#starting) await this.#starting;
    else if (this.#redis.status === 'wait') await this.ready();
    const args: (string | number)[] = [];
    for (const r of requests) args.push(this.#prefix + r.key);
    args.push(`${this.#id}-${(this.#seq++).toString(36)}`);
    for (const r of requests) args.push(r.max, Math.max(1, Math.round(r.windowMs * 1000)));
    let answer: [number, number];
    try {
      answer = await this.#script(requests.length, ...args);
    } catch (err) {
      throw this.#unavailable(err);
    }
    const index = Number(answer[0]);
    return index < 0 ? { ok: true } : { ok: false, index, retryAfterMs: Number(answer[1]) };
  }

  /** EVALSHA, or EVAL once after Redis lost its script cache (a restart, SCRIPT FLUSH). */
  #script(numKeys: number, ...keysAndArgs: (string | number)[]): Promise<[number, number]> {
    return (this.#redis as unknown as { gatehouseAcquire: AcquireCommand }).gatehouseAcquire(numKeys, ...keysAndArgs);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#redis.status === 'ready') {
      try {
        await this.#redis.quit();
        return;
      } catch {
        // fall through: drop the connection
      }
    }
    this.#redis.disconnect();
  }

  /** Resolves on `ready`; rejects on the first connection error, on close, or after connectTimeoutMs. */
  #connected(): Promise<void> {
    const redis = this.#redis;
    if (this.#closed || redis.status === 'end') return Promise.reject(new Error('the store is closed'));
    if (redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        redis.off('error', onError);
        redis.off('end', onEnd);
        if (err) reject(err);
        else resolve();
      };
      const onReady = () => done();
      const onError = (err: Error) => done(err);
      const onEnd = () => done(new Error(this.#lastError ?? 'the connection was closed'));
      const timer = setTimeout(() => done(new Error(this.#lastError ?? `not connected after ${this.#connectTimeoutMs} ms`)), this.#connectTimeoutMs);
      redis.on('ready', onReady);
      redis.on('error', onError);
      redis.on('end', onEnd);
      // Failures are reported through the events above; ioredis then keeps retrying.
      if (redis.status === 'wait') redis.connect().catch(() => undefined);
    });
  }

  #unavailable(err: unknown): LimitStoreUnavailableError {
    if (err instanceof LimitStoreUnavailableError) return err;
    const said = (err as Error)?.message ?? String(err);
    // Not connected, ioredis says only "Stream isn't writeable": the socket's last error says why.
    let cause = said;
    if (this.#closed) cause = 'the store is closed';
    else if (this.#redis.status !== 'ready' && /^Stream isn't writeable|^Connection is closed/.test(said)) cause = `${this.#lastError ?? 'connection lost'} (not connected, reconnecting)`;
    return new LimitStoreUnavailableError(`${this.#where}: ${this.#scrub(cause)}`, { cause: err });
  }

  #scrub(cause: string): string {
    let text = cause.replace(/rediss?:\/\/\S*/g, 'redis://…');
    if (this.#password) text = text.split(this.#password).join('***');
    return text;
  }
}

/** The same checks, and errors, as the in-memory store. */
function validate(r: LimitRequest): void {
  if (typeof r.key !== 'string') throw new LimitRequestError(`rate limit ${String(r.key)}: the key must be a string`);
  if (!Number.isSafeInteger(r.max) || r.max < 1) throw new LimitRequestError(`rate limit ${r.key}: max must be a whole number of at least 1, not ${r.max}`);
  if (!(r.windowMs > 0) || !Number.isFinite(r.windowMs)) throw new LimitRequestError(`rate limit ${r.key}: the window must be a positive number of milliseconds, not ${r.windowMs}`);
}
