// Takes audit records off the call path: record() only queues; batches go to the store on a
// short timer, one at a time, and a failed batch is kept and retried, never silently dropped.
// With a journal (journal.ts), each call is also on local disk before it is forwarded and before
// its reply goes out, so a killed gateway loses nothing the store had not received yet.
import { AuditJournal, unansweredRecord } from './journal.ts';
import type { AuditRecord, AuditStore } from './types.ts';

export interface AuditWriterOptions {
  /** How long a record may wait for its batch, in ms. */
  flushIntervalMs?: number;
  /** Records per batch; a full batch is written without waiting for the timer. */
  batchSize?: number;
  /** First retry delay after a failed write, doubled per failure up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Consecutive failures after which flush() and close() give up and reject (the timer keeps retrying). */
  maxAttempts?: number;
  /** Records held while the store fails; beyond it new records are refused and reported. */
  maxQueued?: number;
  /** Every failed write, every refusal: the caller logs them. */
  onError?: (err: unknown) => void;
  /** The local journal in front of the store (see journal.ts); none in tests of the writer alone. */
  journal?: AuditJournal;
  /** Rewrite the journal down to what the store lacks once it passes this size, in bytes. */
  compactBytes?: number;
}

export class AuditWriteError extends Error {
  readonly code: 'AUDIT_WRITE_FAILED' | 'AUDIT_QUEUE_FULL' | 'AUDIT_WRITER_CLOSED' | 'AUDIT_JOURNAL_FAILED';
  /** How many records had not reached the store when this was raised. */
  readonly unwritten: number;
  constructor(code: AuditWriteError['code'], message: string, unwritten: number, cause?: unknown) {
    super(message, { cause });
    this.name = 'AuditWriteError';
    this.code = code;
    this.unwritten = unwritten;
  }
}

interface Waiter {
  /** Resolved once this many records (counted since start) are in the store. */
  upTo: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class AuditWriter {
  readonly #store: AuditStore;
  readonly #flushIntervalMs: number;
  readonly #batchSize: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #maxAttempts: number;
  readonly #maxQueued: number;
  readonly #onError: (err: unknown) => void;

  /** Queued records in batch-sized chunks: record() appends in O(1), a write takes chunk 0 whole. */
  readonly #chunks: AuditRecord[][] = [];
  /** The chunk being written; record() must not grow it under the store's feet. */
  #inFlight: AuditRecord[] | undefined;
  #queued = 0;
  /** Records accepted and records stored since start: flush() waits for the one to reach the other. */
  #accepted = 0;
  #stored = 0;
  #dropped = 0;
  /** Records refused in the current queue-full episode; 0 when accepting. */
  #refusing = 0;
  #failures = 0;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #journal: AuditJournal | undefined;
  readonly #compactBytes: number;
  /** Calls forwarded and not finished yet, by request id: the record so far and its journal line. */
  readonly #open = new Map<string, { rec: AuditRecord; line: string | undefined }>();
  /** Records journaled before their reply and not yet handed to record() (a compaction keeps them whole). */
  readonly #unaccepted = new Set<AuditRecord>();
  /** Set when a journal write failed: the journal is then kept for the next start, never removed. */
  #journalFailed: string | undefined;

  constructor(store: AuditStore, options: AuditWriterOptions = {}) {
    this.#store = store;
    this.#flushIntervalMs = options.flushIntervalMs ?? 50;
    this.#batchSize = Math.max(1, options.batchSize ?? 500);
    this.#retryDelayMs = options.retryDelayMs ?? 100;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.#maxQueued = options.maxQueued ?? 100_000;
    this.#onError = options.onError ?? (() => {});
    this.#journal = options.journal;
    this.#compactBytes = options.compactBytes ?? 4 * 1024 * 1024;
    if (this.#journal) {
      // Reported once per episode; the records still go to the store through the queue.
      this.#journal.onError = (err) => {
        if (this.#journalFailed === undefined) {
          this.#report(new AuditWriteError('AUDIT_JOURNAL_FAILED', `the audit journal cannot be written (${(err as Error).message}); records go to the store only, and a crash now would lose the unwritten ones`, this.#queued, err));
        }
        this.#journalFailed = (err as Error).message;
      };
      this.#journal.onRecovered = () => {
        this.#report(new AuditWriteError('AUDIT_JOURNAL_FAILED', 'the audit journal is written again', this.#queued));
        this.#journalFailed = undefined;
      };
    }
  }

  /** Why records may not be reaching the store now, or undefined when they are (for /readyz). */
  get trouble(): string | undefined {
    if (this.#failures > 0) return `the last ${this.#failures} audit write${this.#failures === 1 ? '' : 's'} failed; ${this.#queued} records waiting`;
    if (this.#refusing > 0) return `the audit queue is full; ${this.#refusing} records refused`;
    if (this.#closed) return 'the audit writer is closed';
    if (this.#journalFailed !== undefined) return `the audit journal cannot be written: ${this.#journalFailed}`;
    return undefined;
  }

  /** Calls forwarded whose record is not written yet. */
  get inFlight(): number {
    return this.#open.size;
  }

  /**
   * Synchronous: the call goes upstream next. Journaled as forwarded, so that if the gateway
   * dies before the answer, the next start records it with outcome `unknown`.
   */
  forwarding(rec: AuditRecord): void {
    const line = this.#journal?.forwarded(rec);
    this.#open.set(rec.requestId, { rec, line });
  }

  /** Synchronous: the call's record is on disk before its reply is written; record() follows. */
  answered(rec: AuditRecord): void {
    this.#finished(rec);
  }

  /** Waits, at most `timeoutMs`, for the calls forwarded so far to finish (for a shutdown). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#open.size > 0 && Date.now() < deadline) await delay(10);
    // Their records are made in the turn after the reply (tool-call.ts afterReply).
    await new Promise((resolve) => setImmediate(resolve));
  }

  #finished(rec: AuditRecord): void {
    const forwarded = rec.outcome !== 'not_forwarded' && this.#open.has(rec.requestId);
    if (this.#journal) {
      // A forwarded call's answer is journaled as what it adds to the call's `f` line.
      if (forwarded) this.#journal.answered(rec);
      else this.#journal.finished(rec);
      this.#unaccepted.add(rec);
    }
    if (forwarded) this.#open.delete(rec.requestId);
  }

  /** Records waiting for the store; a steady rise means the store cannot keep up or is failing. */
  get queueDepth(): number {
    return this.#queued;
  }

  /** Records refused because the queue was full or the writer closed. */
  get dropped(): number {
    return this.#dropped;
  }

  /** O(1); never throws, never waits. */
  record(rec: AuditRecord): void {
    // A record not journaled before its reply (an approval step, a writer without calls) is now.
    if (!this.#unaccepted.delete(rec)) this.#finished(rec);
    if (this.#closed) {
      this.#drop(new AuditWriteError('AUDIT_WRITER_CLOSED', 'an audit record arrived after the audit writer closed; it was not written', 1));
      return;
    }
    if (this.#queued >= this.#maxQueued) {
      // Report once per episode, not once per record, or a failing store floods the log too.
      if (this.#refusing === 0) {
        this.#report(new AuditWriteError('AUDIT_QUEUE_FULL',
          `the audit queue is full (${this.#maxQueued} records waiting for the store); new records are refused until it drains`, this.#queued));
      }
      this.#refusing++;
      this.#dropped++;
      return;
    }
    if (this.#refusing > 0) {
      this.#report(new AuditWriteError('AUDIT_QUEUE_FULL', `the audit queue drained; ${this.#refusing} records were refused while it was full`, this.#queued));
      this.#refusing = 0;
    }
    let last = this.#chunks.at(-1);
    if (!last || last.length >= this.#batchSize || last === this.#inFlight) {
      last = [];
      this.#chunks.push(last);
    }
    last.push(rec);
    this.#queued++;
    this.#accepted++;
    if (last.length >= this.#batchSize) this.#schedule(0);
    else this.#schedule(this.#flushIntervalMs);
  }

  /** Resolves when every record accepted so far is in the store; rejects after maxAttempts failures in a row. */
  flush(): Promise<void> {
    if (this.#stored >= this.#accepted) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ upTo: this.#accepted, resolve, reject }));
    this.#schedule(0);
    return done;
  }

  /** Writes everything queued, then closes the store. Later records are refused and reported. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    // Records of replies just written are made in the next turn; let them in first.
    await new Promise((resolve) => setImmediate(resolve));
    // A call still forwarded now will not be answered through this gateway: record it as such.
    for (const { rec } of [...this.#open.values()]) this.record(unansweredRecord(rec));
    this.#open.clear();
    this.#closed = true;
    let failure: unknown;
    try {
      await this.flush();
    } catch (err) {
      failure = err;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    // A drain may still be between batches or in a retry wait; let it see #closed and stop.
    await this.#draining;
    await this.#store.close();
    // Everything in the store and nothing refused: the journal has served. Else the next start replays it.
    const whole = failure === undefined && this.#stored >= this.#accepted && this.#dropped === 0 && this.#journalFailed === undefined;
    try {
      this.#journal?.close({ remove: whole });
    } catch (err) {
      this.#report(err);
    }
    if (failure !== undefined) throw failure;
  }

  #drop(err: AuditWriteError): void {
    this.#dropped++;
    this.#report(err);
  }

  #report(err: unknown): void {
    try {
      this.#onError(err);
    } catch {
      // The logger failing must not break the writer.
    }
  }

  /** Starts a drain after `delayMs` unless one runs or an earlier start is already set. */
  #schedule(delayMs: number): void {
    if (this.#draining) return;
    if (this.#timer) {
      if (delayMs > 0) return;
      clearTimeout(this.#timer);
    }
    // Not unref'd: a process ending on its own should still write what it recorded.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#draining = this.#drain()
        // #drain catches the store's errors; anything else is a bug, reported rather than unhandled.
        .catch((err: unknown) => this.#report(err))
        .finally(() => {
          this.#draining = undefined;
          if (this.#queued > 0 && !this.#stopped()) this.#schedule(this.#waiters.length > 0 ? 0 : this.#flushIntervalMs);
        });
    }, delayMs);
  }

  /** After close() has written what it could, the writer makes no more attempts. */
  #stopped(): boolean {
    return this.#closed && this.#waiters.length === 0;
  }

  /** Writes batches one at a time until the queue is empty, retrying a failed batch with backoff. */
  async #drain(): Promise<void> {
    while (this.#chunks.length > 0) {
      const batch = this.#chunks[0];
      this.#inFlight = batch;
      try {
        await this.#store.insertBatch(batch);
      } catch (err) {
        this.#inFlight = undefined;
        this.#failures++;
        this.#report(new AuditWriteError('AUDIT_WRITE_FAILED',
          `audit write failed (attempt ${this.#failures}); ${this.#queued} records kept for retry: ${(err as Error)?.message ?? err}`, this.#queued, err));
        if (this.#failures >= this.#maxAttempts) this.#rejectWaiters(err);
        if (this.#stopped()) return;
        await delay(Math.min(this.#retryDelayMs * 2 ** (this.#failures - 1), this.#maxRetryDelayMs));
        if (this.#stopped()) return;
        continue;
      }
      this.#inFlight = undefined;
      this.#chunks.shift();
      this.#failures = 0;
      this.#queued -= batch.length;
      this.#stored += batch.length;
      this.#resolveWaiters();
      // A synchronous store (SQLite) would otherwise write the whole backlog in one go and hold
      // the event loop; between batches, calls get their turn.
      if (this.#chunks.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.#compact();
  }

  /**
   * Everything accepted is in the store now: when the journal has grown, rewrite it down to the
   * calls still in flight and the records journaled but not handed over yet. Not after a refusal:
   * the journal is then the only copy of the refused records, for the next start to replay.
   */
  #compact(): void {
    const journal = this.#journal;
    if (!journal || journal.bytes < this.#compactBytes) return;
    if (this.#dropped > 0 || this.#journalFailed !== undefined || this.#stored < this.#accepted) return;
    try {
      const lines = [...[...this.#open.values()].map((o) => o.line), ...[...this.#unaccepted].map((rec) => journal.finishedLine(rec))];
      journal.compact(lines.filter((l) => l !== undefined));
    } catch (err) {
      this.#report(new AuditWriteError('AUDIT_JOURNAL_FAILED', `the audit journal could not be compacted: ${(err as Error).message}`, this.#queued, err));
    }
  }

  #resolveWaiters(): void {
    const ready = this.#waiters.filter((w) => w.upTo <= this.#stored);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.upTo > this.#stored);
    for (const w of ready) w.resolve();
  }

  #rejectWaiters(cause: unknown): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    const err = new AuditWriteError('AUDIT_WRITE_FAILED',
      `the audit store failed ${this.#failures} times in a row; ${this.#queued} records are not written: ${(cause as Error)?.message ?? cause}`, this.#queued, cause);
    for (const w of waiters) w.reject(err);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
