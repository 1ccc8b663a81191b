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

export type NewApproval = Omit<ApprovalRequest, 'id' | 'status' | 'decidedBy' | 'decidedAt' | 'reason'>;

export interface ApprovalStore {
  create(request: NewApproval): ApprovalRequest;
  get(id: string): ApprovalRequest | undefined;
  list(status?: ApprovalStatus, limit?: number): ApprovalRequest[];
  /** Moves a pending request to approved or rejected; undefined when it was not pending. */
  decide(id: string, approve: boolean, by: string, reason: string | null, now: number): ApprovalRequest | undefined;
  /** Marks every pending request past its time as expired and returns them. */
  expire(now: number, filter?: (r: ApprovalRequest) => boolean): ApprovalRequest[];
  /**
   * Uses an approved async request for the identical call, once: the first caller gets it, a
   * racing twin gets undefined.
   */
  /** Expires one pending request now, with a reason (its waiting call could not go on). */
  expireOne(id: string, reason: string, now: number): ApprovalRequest | undefined;
  consume(agent: string, server: string, tool: string, argsDigest: string, now: number): ApprovalRequest | undefined;
  close(): void;
}
