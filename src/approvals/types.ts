// A request for a human's approval of one tool call, and the store that keeps them so they
// survive a restart and are decided, and used, at most once.
import type { ApprovalMode } from '../config/types.ts';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'consumed';

export interface ApprovalRequest {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When a pending request expires; for an approved async one, when its approval lapses. */
  expiresAt: number;
  agent: string;
  session: string;
  server: string;
  tool: string;
  /** The arguments as JSON: the approver must see what they approve. */
  args: string;
  argsDigest: string;
  /** e.g. `3: amazon-mq/reboot_broker`. */
  rule: string;
  mode: Exclude<ApprovalMode, 'auto'>;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: number | null;
  reason: string | null;
  /** Seconds an async approval stays usable once approved. */
  ttlS: number;
}

export type NewApproval = Omit<ApprovalRequest, 'id' | 'status' | 'decidedBy' | 'decidedAt' | 'reason'> & {
  /** The replica whose call waits for the decision (a shared store keeps it; SQLite has one). */
  replica?: string;
};

/**
 * Every method is asynchronous: the store may be a file (SQLite) or a database every replica
 * shares (PostgreSQL). Every state change is one conditional UPDATE, so a request is decided
 * once and an async approval used once, however processes race.
 */
export interface ApprovalStore {
  create(request: NewApproval): Promise<ApprovalRequest>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  list(status?: ApprovalStatus, limit?: number): Promise<ApprovalRequest[]>;
  /** Moves a pending request to approved or rejected; undefined when it was not pending. */
  decide(id: string, approve: boolean, by: string, reason: string | null, now: number): Promise<ApprovalRequest | undefined>;
  /** Marks every pending request past its time as expired and returns them. */
  expire(now: number): Promise<ApprovalRequest[]>;
  /** Expires one pending request now, with a reason (its waiting call could not go on). */
  expireOne(id: string, reason: string, now: number): Promise<ApprovalRequest | undefined>;
  /**
   * Expires the pending held (hold, elicit) requests of a replica that has just started: no
   * call of theirs can still be waiting. On SQLite (one gateway per file) that is every one.
   */
  expireHeld(replica: string, reason: string, now: number): Promise<ApprovalRequest[]>;
  /**
   * Expires the pending held requests whose replica has stopped (no heartbeat for `staleMs`),
   * so nobody approves a call that is no longer waiting. SQLite has no other replicas: none.
   */
  expireOrphans(staleMs: number, reason: string, now: number): Promise<ApprovalRequest[]>;
  /**
   * Uses an approved async request for the identical call, once: the first caller gets it, a
   * racing twin gets undefined.
   */
  consume(agent: string, server: string, tool: string, argsDigest: string, now: number): Promise<ApprovalRequest | undefined>;
  close(): Promise<void>;
}
