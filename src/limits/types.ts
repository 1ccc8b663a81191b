// The counter interface behind rate limits: in memory (memory-store.ts) for one gateway, in
// Redis or Valkey (redis-store.ts, one atomic script) for several replicas.

export interface LimitRequest {
  key: string;
  max: number;
  windowMs: number;
}

export type AcquireResult =
  | { ok: true }
  /** `index` is the request that had no room; nothing was counted for any request. */
  | { ok: false; index: number; retryAfterMs: number };

export interface LimitStore {
  /**
   * Count one call against every request, or against none: all must have room (at most
   * `max` calls in any `windowMs`), and then each records the call. Atomic with respect to
   * other acquire() calls, so N concurrent calls against max M let exactly M through.
   */
  acquire(requests: readonly LimitRequest[], now?: number): Promise<AcquireResult>;
  /** Resolves once the store can answer; rejects with why not (a shared store unreachable). */
  ready?(): Promise<void>;
  close(): Promise<void>;
}
