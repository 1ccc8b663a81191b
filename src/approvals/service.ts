// Approvals as the gateway uses them: ask, wait for a human's decision (decided here, in the
// dashboard, or by `gatehouse approvals` in another process), expire, and use an async
// approval once. Every change is announced to listeners (audit, webhook, the live page).
import type { ApprovalRequest, ApprovalStatus, ApprovalStore, NewApproval } from './types.ts';

export type ApprovalEventType = 'requested' | 'approved' | 'rejected' | 'expired' | 'consumed';

export interface ApprovalEvent {
  type: ApprovalEventType;
  approval: ApprovalRequest;
}

interface Waiter {
  resolve(approval: ApprovalRequest): void;
  deadline: number;
}

export const RESTART_REASON = 'the gateway restarted while the call waited; retry the call';

export class Approvals {
  readonly store: ApprovalStore;
  readonly #listeners = new Set<(event: ApprovalEvent) => void>();
  readonly #waiters = new Map<string, Waiter>();
  readonly #pollMs: number;
  #poller?: NodeJS.Timeout;
  #sweeper?: NodeJS.Timeout;

  constructor(store: ApprovalStore, options: { pollMs?: number; sweepMs?: number } = {}) {
    this.store = store;
    this.#pollMs = options.pollMs ?? 500;
    // Async requests nobody decided expire on their own, and say so.
    this.#sweeper = setInterval(() => this.#expireDue(), options.sweepMs ?? 5000);
    this.#sweeper.unref();
  }

  onEvent(listener: (event: ApprovalEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  request(input: NewApproval): ApprovalRequest {
    const approval = this.store.create(input);
    this.#emit('requested', approval);
    return approval;
  }

  get(id: string): ApprovalRequest | undefined {
    return this.store.get(id);
  }

  list(status?: ApprovalStatus): ApprovalRequest[] {
    return this.store.list(status);
  }

  decide(id: string, approve: boolean, by: string, reason: string | null): ApprovalRequest | undefined {
    const decided = this.store.decide(id, approve, by, reason, Date.now());
    if (decided) {
      this.#emit(approve ? 'approved' : 'rejected', decided);
      this.#settle(decided);
    }
    return decided;
  }

  consume(agent: string, server: string, tool: string, argsDigest: string): ApprovalRequest | undefined {
    const used = this.store.consume(agent, server, tool, argsDigest, Date.now());
    if (used) this.#emit('consumed', used);
    return used;
  }

  /**
   * Resolves with the request once it is decided, or expired at its deadline. Decisions made
   * in this process arrive at once; those of other processes within one poll.
   */
  waitFor(id: string): Promise<ApprovalRequest> {
    const current = this.store.get(id);
    if (!current || current.status !== 'pending') return Promise.resolve(current!);
    return new Promise((resolve) => {
      this.#waiters.set(id, { resolve, deadline: current.expiresAt });
      this.#poller ??= setInterval(() => this.#poll(), this.#pollMs);
    });
  }

  /** Ends every wait of this process: their calls are answered before the gateway stops. */
  close(): void {
    clearInterval(this.#sweeper);
    clearInterval(this.#poller);
    const now = Date.now();
    for (const [id] of this.#waiters) {
      const final = this.store.expireOne(id, RESTART_REASON, now) ?? this.store.get(id);
      if (!final) continue;
      if (final.status === 'expired') this.#emit('expired', final);
      this.#settle(final);
    }
    this.store.close();
  }

  #poll(): void {
    const now = Date.now();
    for (const [id, waiter] of this.#waiters) {
      const current = this.store.get(id);
      if (current && current.status !== 'pending') this.#settle(current);
      else if (now >= waiter.deadline) this.#expireDue();
    }
    if (this.#waiters.size === 0) {
      clearInterval(this.#poller);
      this.#poller = undefined;
    }
  }

  #expireDue(): void {
    for (const expired of this.store.expire(Date.now())) {
      this.#emit('expired', expired);
      this.#settle(expired);
    }
  }

  #settle(approval: ApprovalRequest): void {
    const waiter = this.#waiters.get(approval.id);
    if (!waiter) return;
    this.#waiters.delete(approval.id);
    waiter.resolve(approval);
  }

  #emit(type: ApprovalEventType, approval: ApprovalRequest): void {
    for (const listener of this.#listeners) {
      try {
        listener({ type, approval });
      } catch {
        // A listener's trouble (a webhook, a closed page) never reaches the call path.
      }
    }
  }
}
