// Each replica says it is alive in the shared database every few seconds (and where the others
// reach it). A replica silent for longer than `staleMs` is gone: its held approvals are
// expired by whoever notices first.
import type { Db } from './postgres.ts';

export const HEARTBEAT_MS = 2_000;
/** Long enough for a busy event loop or a short database hiccup; short enough for clients. */
export const STALE_MS = 10_000;

export interface ReplicaInfo {
  name: string;
  internalUrl: string;
  startedAt: number;
  seenAt: number;
}

export class ReplicaHeartbeat {
  readonly #db: Db;
  readonly name: string;
  readonly #startedAt = Date.now();
  #internalUrl: string;
  #timer: NodeJS.Timeout | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  /** Last beat failed: the database is away (reported by /readyz). */
  lastError: string | undefined;

  constructor(db: Db, name: string, internalUrl = '') {
    this.#db = db;
    this.name = name;
    this.#internalUrl = internalUrl;
  }

  /**
   * Beats once (awaited: a start that cannot write its heartbeat fails) and then on a timer.
   * Once a minute, forgets what dead replicas left: sessions nobody adopted within
   * `sessionIdleMs` (their clients are gone) and replicas silent for a day.
   */
  async start(internalUrl?: string, sessionIdleMs = 30 * 60_000): Promise<void> {
    if (internalUrl !== undefined) this.#internalUrl = internalUrl;
    await this.beat();
    this.#timer ??= setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.#timer.unref();
    this.#sweeper ??= setInterval(() => void this.sweep(sessionIdleMs).catch(() => undefined), 60_000);
    this.#sweeper.unref();
  }

  async sweep(sessionIdleMs: number, now = Date.now()): Promise<void> {
    await this.#db.query(
      `DELETE FROM sessions WHERE seen_at < $1
         AND NOT EXISTS (SELECT 1 FROM replicas WHERE replicas.name = sessions.owner AND replicas.seen_at > $2)`,
      [now - sessionIdleMs, now - STALE_MS]);
    await this.#db.query('DELETE FROM replicas WHERE seen_at < $1', [now - 24 * 3_600_000]);
  }

  async beat(): Promise<void> {
    try {
      await this.#db.query(
        `INSERT INTO replicas (name, internal_url, started_at, seen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET internal_url = EXCLUDED.internal_url, started_at = EXCLUDED.started_at, seen_at = EXCLUDED.seen_at`,
        [this.name, this.#internalUrl, this.#startedAt, Date.now()]);
      this.lastError = undefined;
    } catch (err) {
      this.lastError = (err as Error).message;
      throw err;
    }
  }

  async alive(staleMs = STALE_MS): Promise<ReplicaInfo[]> {
    const rows = await this.#db.query<{ name: string; internal_url: string; started_at: string; seen_at: string }>(
      'SELECT name, internal_url, started_at, seen_at FROM replicas WHERE seen_at > $1 ORDER BY name', [Date.now() - staleMs]);
    return rows.map((r) => ({ name: r.name, internalUrl: r.internal_url, startedAt: Number(r.started_at), seenAt: Number(r.seen_at) }));
  }

  /** A clean stop says so at once, so nobody waits `staleMs` to learn it. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#sweeper);
    this.#timer = undefined;
    this.#sweeper = undefined;
    await this.#db.query('DELETE FROM replicas WHERE name = $1', [this.name]).catch(() => undefined);
  }
}
