// Rate-limit counters in Redis or Valkey, shared by every gateway replica pointed at it
// (`gateway.redis`). The same contract as the in-memory store: an exact sliding window per key
// (at most `max` calls in ANY `windowMs`) and all-or-nothing across the keys of one call. Both
// hold because one Lua script does the whole check-and-count, atomically, on Redis's clock (so
// replicas with skewed clocks still agree). When Redis cannot answer, acquire() rejects within
// about a second: the chain then refuses the call (fail closed), and the store reconnects by
// itself.
import { Redis } from 'ioredis';
import type { AcquireResult, LimitRequest, LimitStore } from './types.ts';

export class LimitStoreUnavailableError extends Error {
  readonly code = 'LIMIT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LimitStoreUnavailableError';
  }
}

export interface RedisLimitStoreOptions {
  /** Prepended to every key, so several deployments can share one Redis. */
  prefix?: string;
  /** How long one acquire() may wait for Redis before the call is refused. */
  timeoutMs?: number;
}

/**
 * KEYS: one sorted set per limit (members are call times). ARGV: max and window (ms) per key.
 * Returns {-1, 0} when every key had room (and the call was counted in each), else the 0-based
 * index of the first full key and the milliseconds until it has room again.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local counts = {}
for i = 1, #KEYS do
  local max = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= max then
    local oldest = redis.call('ZRANGE', KEYS[i], count - max, count - max, 'WITHSCORES')
    local retry = tonumber(oldest[2]) + window - now
    if retry < 1 then retry = 1 end
    return {i - 1, retry}
  end
  counts[i] = count
end
for i = 1, #KEYS do
  -- Unique per key: in one millisecond the count only grows, and old entries left before it.
  redis.call('ZADD', KEYS[i], now, now .. ':' .. counts[i])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i]))
end
return {-1, 0}
`;

type AcquireCommand = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<[number, number]>;

export class RedisLimitStore implements LimitStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  /** host:port only: the URL may carry a password, which must not reach an error or a log. */
  readonly #where: string;
  #lastError: string | undefined;

  constructor(url: string, options: RedisLimitStoreOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 1000;
    this.#prefix = options.prefix ?? 'gatehouse:limit:';
    const parsed = new URL(url);
    this.#where = `Redis at ${parsed.hostname}:${parsed.port || '6379'}`;
    this.#redis = new Redis(url, {
      lazyConnect: true,
      // No queue while disconnected and one try per command: a call waits at most timeoutMs.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      // Keep trying to reconnect in the background, at most every 2 s.
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    });
    // Connection trouble surfaces as rejected acquire() calls, named by the last socket error
    // (ECONNREFUSED says more than ioredis's "Connection is closed").
    this.#redis.on('error', (err: Error) => (this.#lastError = err.message));
    this.#redis.on('ready', () => (this.#lastError = undefined));
    this.#redis.defineCommand('gatehouseAcquire', { lua: ACQUIRE });
  }

  /** Connects; rejects with why not, so a wrong address stops the gateway at start. */
  async ready(): Promise<void> {
    try {
      if (this.#redis.status === 'wait') await this.#redis.connect();
      await this.#redis.ping();
    } catch (err) {
      throw this.#unavailable(err);
    }
  }

  async acquire(requests: readonly LimitRequest[]): Promise<AcquireResult> {
    if (requests.length === 0) return { ok: true };
    if (this.#redis.status === 'wait') await this.ready(); // never connected yet: connect now
    const args: (string | number)[] = requests.map((r) => this.#prefix + r.key);
    for (const r of requests) args.push(r.max, Math.max(1, Math.round(r.windowMs)));
    let answer: [number, number];
    try {
      answer = await (this.#redis as unknown as { gatehouseAcquire: AcquireCommand }).gatehouseAcquire(requests.length, ...args);
    } catch (err) {
      throw this.#unavailable(err);
    }
    const [index, retryAfterMs] = answer.map(Number);
    return index < 0 ? { ok: true } : { ok: false, index, retryAfterMs };
  }

  async close(): Promise<void> {
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }

  #unavailable(err: unknown): LimitStoreUnavailableError {
    const said = (err as Error).message ?? String(err);
    const cause = this.#redis.status !== 'ready' && this.#lastError ? `${this.#lastError} (not connected)` : said;
    return new LimitStoreUnavailableError(`${this.#where}: ${cause.replace(/redis:\/\/[^\s]*/g, 'redis://…')}`, { cause: err });
  }
}
