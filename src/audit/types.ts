// The audit record of one tools/call, and the interfaces of its writer and its stores.
// The writer batches records off the call path; stores (SQLite now, PostgreSQL later)
// only see whole batches.
import type { AuthMethod } from '../auth/principal.ts';
import type { DecisionAction } from '../policy/types.ts';

export type UpstreamOutcome =
  /** The upstream answered with a result. */
  | 'ok'
  /** The upstream answered with a result that has isError: true. */
  | 'tool_error'
  /** The upstream answered with a JSON-RPC error. */
  | 'error'
  /** The upstream could not be reached or died before answering. */
  | 'unavailable'
  /** The upstream did not answer within the server's call timeout; it was told to cancel. */
  | 'timeout'
  /** The client cancelled or went away before the answer. */
  | 'cancelled'
  /** The call was stopped by the gateway and never forwarded. */
  | 'not_forwarded'
  /** The call was forwarded and the gateway stopped (or was killed) before the answer. */
  | 'unknown';

export interface AuditRecord {
  /** Milliseconds since the epoch, when the call arrived. */
  time: number;
  /** Gateway-assigned id of this call, also in the logs. */
  requestId: string;
  agent: string;
  /** How the agent authenticated (key, oauth, anonymous); absent in records of older gateways. */
  auth?: AuthMethod;
  /** Client session id, or '' where the transport has none. */
  session: string;
  server: string;
  tool: string;
  decision: DecisionAction;
  /** e.g. `2: valkey/delete_*`, or `default`. */
  rule: string;
  reason: string;
  /** Time spent in the gateway itself, excluding the upstream, in milliseconds. */
  gatewayMs: number;
  /** Time the upstream took, or null when not forwarded. */
  upstreamMs: number | null;
  outcome: UpstreamOutcome;
  /** Hex SHA-256 of the canonical JSON of the arguments. */
  argsDigest: string;
  /** The arguments as JSON, only when `gateway.audit_arguments` is on. */
  args: string | null;
  /**
   * The replica that handled the call (`gateway.replica`), set by a shared store; absent where
   * one gateway owns its store (SQLite).
   */
  replica?: string;
}

export interface AuditFilter {
  /** Only records at or after this time (ms since epoch). */
  since?: number;
  /** Only records before this time (ms since epoch). */
  until?: number;
  server?: string;
  tool?: string;
  decision?: DecisionAction;
  agent?: string;
  limit?: number;
  /** Records to skip (newest first) before the first one returned, for paging. */
  offset?: number;
}

export interface AuditStore {
  /**
   * Writes a whole batch or nothing. The PostgreSQL store is idempotent: a record already stored
   * (same request id and decision) is skipped, so a batch may be replayed after a crash or a
   * lost answer; the SQLite store is not yet.
   */
  insertBatch(records: readonly AuditRecord[]): Promise<void>;
  query(filter: AuditFilter): Promise<AuditRecord[]>;
  count(filter?: AuditFilter): Promise<number>;
  close(): Promise<void>;
}

export type AuditColumn = 'server' | 'tool' | 'rule' | 'decision' | 'agent';

/** What the dashboard, `/api/audit` and `gatehouse audit` read: the same on every store. */
export interface AuditReader {
  query(filter: AuditFilter): Promise<AuditRecord[]>;
  count(filter?: AuditFilter): Promise<number>;
  /** Calls per minute and decision since `since`, for the dashboard's chart. */
  perMinute(since: number): Promise<{ minute: number; decision: DecisionAction; n: number }[]>;
  /** How many records match, grouped by columns (most first). */
  countBy(columns: readonly AuditColumn[], filter?: AuditFilter, limit?: number): Promise<{ key: string[]; n: number }[]>;
  close(): Promise<void>;
}
