// Approvals as the gateway uses them: ask, wait for a human's decision (decided here, in the
// dashboard, by `gatehouse approvals` in another process, or on another replica), expire, and
// use an async approval once. Every change is announced to listeners (audit, webhook, the
// live page), and, through `signals`, to the other replicas, so a held call is released at once.
import type { ApprovalRequest, ApprovalStatus, ApprovalStore, NewApproval } from './types.ts';

export type ApprovalEventType = 'requested' | 'approved' | 'rejected' | 'expired' | 'consumed';

export interface ApprovalEvent {
  type: ApprovalEventType;
  approval: ApprovalRequest;
}

/** A channel between replicas: "request <id> changed" (PostgreSQL NOTIFY); best effort. */
export interface ApprovalSignals {
  publish(id: string): void;
  subscribe(listener: (id: string) => void): () => void;
}

interface Waiter {
  resolve(approval: ApprovalRequest): void;
  deadline: number;
  /** As it was when the wait began. */
  request: ApprovalRequest;
}

export const RESTART_REASON = 'the gateway restarted while the call waited; retry the call';
export const ORPHAN_REASON = 'the replica holding the call stopped while it waited; retry the call';

export interface ApprovalsOptions {
  /** How often a waiting call looks at the store, for decisions no signal announced. */
  pollMs?: number;
  sweepMs?: number;
  /** This replica's name, written into the requests whose call waits here. */
  replica?: string;
  signals?: ApprovalSignals;
  /** A replica silent this long is gone: its held requests are expired (shared stores only). */
  orphanAfterMs?: number;
  /** Store trouble in the background (sweeps, polls): the caller logs it. */
  onError?: (err: unknown) => void;
}

export class Approvals {
  readonly store: ApprovalStore;
  readonly #listeners = new Set<(event: ApprovalEvent) => void>();
  readonly #waiters = new Map<string, Waiter>();
  readonly #pollMs: number;
  readonly #replica: string;
  readonly #signals: ApprovalSignals | undefined;
  readonly #orphanAfterMs: number;
  readonly #onError: (err: unknown) => void;
  readonly #unsubscribe: () => void;
  #poller?: NodeJS.Timeout;
  #sweeper?: NodeJS.Timeout;
  #polling = false;
  #sweeping = false;

  constructor(store: ApprovalStore, options: ApprovalsOptions = {}) {
    this.store = store;
    this.#pollMs = options.pollMs ?? 500;
    this.#replica = options.replica ?? '';
    this.#signals = options.signals;
    this.#orphanAfterMs = options.orphanAfterMs ?? 15_000;
    this.#onError = options.onError ?? (() => {});
    this.#unsubscribe = this.#signals?.subscribe((id) => void this.#changed(id)) ?? (() => undefined);
    // Async requests nobody decided expire on their own, and say so.
    this.#sweeper = setInterval(() => void this.#sweep(), options.sweepMs ?? 5000);
    this.#sweeper.unref();
  }

  /**
   * At start: the held requests this replica left pending when it last stopped (a crash)
   * have no call waiting any more; they are expired, not left to be approved into nothing.
   */
  async recover(): Promise<void> {
    for (const expired of await this.store.expireHeld(this.#replica, RESTART_REASON, Date.now())) this.#emit('expired', expired);
  }

  onEvent(listener: (event: ApprovalEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async request(input: NewApproval): Promise<ApprovalRequest> {
    const approval = await this.store.create({ ...input, replica: input.replica ?? this.#replica });
    this.#emit('requested', approval);
    this.#signals?.publish(approval.id);
    return approval;
  }

  get(id: string): Promise<ApprovalRequest | undefined> {
    return this.store.get(id);
  }

  list(status?: ApprovalStatus): Promise<ApprovalRequest[]> {
    return this.store.list(status);
  }

  async decide(id: string, approve: boolean, by: string, reason: string | null): Promise<ApprovalRequest | undefined> {
    const decided = await this.store.decide(id, approve, by, reason, Date.now());
    if (decided) {
      this.#emit(approve ? 'approved' : 'rejected', decided);
      this.#settle(decided);
      this.#signals?.publish(id);
    }
    return decided;
  }

  async consume(agent: string, server: string, tool: string, argsDigest: string): Promise<ApprovalRequest | undefined> {
    const used = await this.store.consume(agent, server, tool, argsDigest, Date.now());
    if (used) this.#emit('consumed', used);
    return used;
  }

  /**
   * Resolves with the request once it is decided, or expired at its deadline. Decisions made
   * in this process arrive at once; those of other replicas by their signal, and those of
   * other processes (or lost signals) within one poll.
   */
  async waitFor(id: string): Promise<ApprovalRequest> {
    const current = await this.store.get(id);
    if (!current || current.status !== 'pending') return current!;
    return new Promise((resolve) => {
      this.#waiters.set(id, { resolve, deadline: current.expiresAt, request: current });
      this.#poller ??= setInterval(() => void this.#poll(), this.#pollMs);
    });
  }

  /** Ends every wait of this process: their calls are answered before the gateway stops. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    clearInterval(this.#poller);
    this.#unsubscribe();
    const now = Date.now();
    for (const [id] of this.#waiters) {
      try {
        const final = (await this.store.expireOne(id, RESTART_REASON, now)) ?? (await this.store.get(id));
        if (!final) continue;
        if (final.status === 'expired') {
          this.#emit('expired', final);
          this.#signals?.publish(id);
        }
        this.#settle(final);
      } catch (err) {
        this.#onError(err);
      }
    }
    await this.store.close();
  }

  /** Another replica says a request changed: a call waiting for it here looks now. */
  async #changed(id: string): Promise<void> {
    if (!this.#waiters.has(id)) return;
    try {
      const current = await this.store.get(id);
      if (current && current.status !== 'pending') this.#settle(current);
    } catch (err) {
      this.#onError(err);
    }
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const now = Date.now();
      let due = false;
      for (const [id, waiter] of this.#waiters) {
        const current = await this.store.get(id);
        if (current && current.status !== 'pending') this.#settle(current);
        else if (now >= waiter.deadline) due = true;
      }
      if (due) await this.#expireDue();
    } catch (err) {
      // The store is away (PostgreSQL restarting): the calls keep waiting, bounded by their deadline.
      this.#onError(err);
      this.#expireLocally(Date.now());
    } finally {
      this.#polling = false;
    }
    if (this.#waiters.size === 0) {
      clearInterval(this.#poller);
      this.#poller = undefined;
    }
  }

  async #sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      await this.#expireDue();
      const now = Date.now();
      for (const orphan of await this.store.expireOrphans(this.#orphanAfterMs, ORPHAN_REASON, now)) {
        this.#emit('expired', orphan);
        this.#signals?.publish(orphan.id);
      }
    } catch (err) {
      this.#onError(err);
    } finally {
      this.#sweeping = false;
    }
  }

  async #expireDue(): Promise<void> {
    for (const expired of await this.store.expire(Date.now())) {
      this.#emit('expired', expired);
      this.#settle(expired);
      this.#signals?.publish(expired.id);
    }
  }

  /** Fail closed: a wait past its deadline ends as expired even while the store cannot be reached. */
  #expireLocally(now: number): void {
    for (const [id, waiter] of this.#waiters) {
      if (now < waiter.deadline) continue;
      this.#waiters.delete(id);
      waiter.resolve({ ...waiter.request, status: 'expired', decidedAt: now, reason: 'the approvals store could not be reached before the deadline' });
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
