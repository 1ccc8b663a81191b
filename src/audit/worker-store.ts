// The SQLite audit store run in a worker thread: node:sqlite is synchronous, and a batch insert
// or a WAL checkpoint's fsync would otherwise pause every call in flight. Same AuditStore API.
import { Worker } from 'node:worker_threads';
import { auditDbPath, AuditStoreError } from './sqlite-store.ts';
import type { AuditFilter, AuditRecord, AuditStore } from './types.ts';

/** What the gateway thread asks of the worker. */
export type WorkerOp =
  | { op: 'insert'; records: readonly AuditRecord[] }
  | { op: 'query'; filter: AuditFilter }
  | { op: 'count'; filter: AuditFilter }
  | { op: 'close' };

/** `id` pairs each request with its reply. */
export type WorkerRequest = WorkerOp & { id: number };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  file?: string;
}

/** Id 0 is the worker's first word: whether it could open the database. */
export type WorkerReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: SerializedError };

const WORKER_URL = new URL('./store-worker.ts', import.meta.url);

/** One worker and the requests waiting on it; a new one replaces it if it dies. */
class StoreThread {
  readonly worker: Worker;
  readonly opened: Promise<void>;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: unknown) => void }>();
  #nextId = 1;
  #failure: unknown;
  /** Set when the worker has gone: why, for every later request. */
  #gone: unknown;

  constructor(dataDir: string, file: string, onExit: (thread: StoreThread) => void) {
    let settleOpen!: (err?: unknown) => void;
    this.opened = new Promise<void>((resolve, reject) => (settleOpen = (err) => (err === undefined ? resolve() : reject(err))));
    // Nobody may be waiting on `opened`; its rejection is also delivered to every request.
    this.opened.catch(() => {});

    // The writer's heap stays small: it holds one batch at a time.
    this.worker = new Worker(WORKER_URL, { workerData: { dataDir }, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 } });
    // An idle worker must not keep the process alive; one with requests in flight must.
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.id === 0) {
        if (reply.ok) settleOpen();
        else settleOpen((this.#failure = revive(reply.error)));
        return;
      }
      const waiter = this.#pending.get(reply.id);
      if (!waiter) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.worker.unref();
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(revive(reply.error));
    });
    this.worker.on('error', (err) => {
      this.#failure ??= err;
    });
    this.worker.on('exit', (code) => {
      const why = this.#failure ?? new AuditStoreError('AUDIT_WORKER_EXITED', file, `the audit store worker stopped (exit code ${code})`);
      this.#gone = why;
      settleOpen(why);
      for (const waiter of this.#pending.values()) waiter.reject(why);
      this.#pending.clear();
      onExit(this);
    });
  }

  call(request: WorkerOp): Promise<unknown> {
    if (this.#gone !== undefined) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }
}

export class WorkerAuditStore implements AuditStore {
  readonly file: string;
  readonly #dataDir: string;
  #thread: StoreThread | undefined;
  #closed = false;

  /** Starts the worker, which opens (and creates or migrates) <dataDir>/audit.db. */
  constructor(dataDir: string) {
    this.#dataDir = dataDir;
    this.file = auditDbPath(dataDir);
    this.#thread = this.#spawn();
  }

  /**
   * Resolves when the worker has opened the database; rejects with why not (AuditStoreError:
   * a newer schema, an unwritable directory). Await it to refuse to start without an audit log.
   */
  get ready(): Promise<void> {
    return this.#thread?.opened ?? Promise.resolve();
  }

  insertBatch(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.#call({ op: 'insert', records }) as Promise<void>;
  }

  query(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    return this.#call({ op: 'query', filter }) as Promise<AuditRecord[]>;
  }

  count(filter: AuditFilter = {}): Promise<number> {
    return this.#call({ op: 'count', filter }) as Promise<number>;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const thread = this.#thread;
    if (!thread) return;
    try {
      await thread.call({ op: 'close' });
    } catch {
      // Already dead: nothing left to close.
    }
    await thread.worker.terminate();
  }

  async #call(request: WorkerOp): Promise<unknown> {
    if (this.#closed) throw new AuditStoreError('AUDIT_STORE_CLOSED', this.file, `the audit store ${this.file} is closed`);
    // A worker that died (or could not open the file) is replaced at the next request, so the
    // writer's retries recover once the cause is gone.
    this.#thread ??= this.#spawn();
    const thread = this.#thread;
    await thread.opened;
    return thread.call(request);
  }

  #spawn(): StoreThread {
    return new StoreThread(this.#dataDir, this.file, (thread) => {
      if (this.#thread === thread) this.#thread = undefined;
    });
  }
}

export function serializeError(err: unknown): SerializedError {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; file?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof e?.file === 'string' ? { file: e.file } : {}),
  };
}

function revive(error: SerializedError): Error {
  if (error.name === 'AuditStoreError' && error.code !== undefined && error.file !== undefined) {
    return new AuditStoreError(error.code as AuditStoreError['code'], error.file, error.message);
  }
  return Object.assign(new Error(error.message), { name: error.name, ...(error.code === undefined ? {} : { code: error.code }) });
}
