// The PostgreSQL connection a replica shares between its stores (`gateway.database`): one small
// pool for queries, and one dedicated connection for LISTEN that reconnects by itself, so
// signals between replicas (an approval decided, a call recorded) resume after an outage.
import { createRequire } from 'node:module';
import type pg from 'pg';

// Loaded when a replica first connects: a gateway without `gateway.database` never loads the
// client (part of the memory budget of a single gateway, docs/PERFORMANCE.md).
const loadPg = (): typeof pg => createRequire(import.meta.url)('pg') as typeof pg;

export interface Db {
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs `work` in one transaction on one connection; rolled back when it throws. */
  transaction<T>(work: (q: Db['query']) => Promise<T>): Promise<T>;
  /** Sends a signal to every replica listening on `channel` (this one included). */
  notify(channel: string, payload: string): Promise<void>;
  /** Calls `listener` for every signal on `channel`, across reconnects; returns the unsubscribe. */
  listen(channel: string, listener: (payload: string) => void): () => void;
  close(): Promise<void>;
}

/** Never prints the password a URL may hold. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export class PostgresDb implements Db {
  readonly url: string;
  readonly #pool: pg.Pool;
  readonly #listeners = new Map<string, Set<(payload: string) => void>>();
  #listenClient: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(url: string, options: { max?: number } = {}) {
    this.url = url;
    this.#pool = new (loadPg().Pool)({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    // An idle connection the server drops (restart, failover) must not crash the process.
    this.#pool.on('error', () => undefined);
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.#pool.query(text, params as unknown[]);
    return result.rows as R[];
  }

  async transaction<T>(work: (q: Db['query']) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const q: Db['query'] = async (text, params = []) => (await client.query(text, params as unknown[])).rows as never;
      const result = await work(q);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.#pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  listen(channel: string, listener: (payload: string) => void): () => void {
    let set = this.#listeners.get(channel);
    if (!set) {
      set = new Set();
      this.#listeners.set(channel, set);
      if (this.#listenClient) void this.#listenClient.query(`LISTEN ${quoteIdent(channel)}`).catch(() => undefined);
    }
    set.add(listener);
    void this.#ensureListening();
    return () => set.delete(listener);
  }

  /** Resolves once the LISTEN connection is up (or after one failed try; it keeps retrying). */
  ensureListening(): Promise<void> {
    return this.#ensureListening();
  }

  #ensureListening(): Promise<void> {
    if (this.#closed || this.#listenClient) return Promise.resolve();
    this.#connecting ??= this.#connectListener().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  async #connectListener(): Promise<void> {
    const client = new (loadPg().Client)({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    const lost = () => {
      if (this.#listenClient === client) this.#listenClient = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      this.#scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => {
      for (const listener of this.#listeners.get(msg.channel) ?? []) {
        try {
          listener(msg.payload ?? '');
        } catch {
          // One listener's trouble does not stop the others.
        }
      }
    });
    try {
      await client.connect();
      for (const channel of this.#listeners.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      if (this.#closed) {
        await client.end();
        return;
      }
      this.#listenClient = client;
    } catch {
      lost();
    }
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#ensureListening();
    }, 1_000);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#connecting;
    const client = this.#listenClient;
    this.#listenClient = undefined;
    client?.removeAllListeners('end');
    await client?.end().catch(() => undefined);
    await this.#pool.end().catch(() => undefined);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
