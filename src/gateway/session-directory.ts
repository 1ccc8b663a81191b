// Legacy-era sessions any replica can serve. A session lives on the replica that opened it
// (its owner: it holds the session's upstream sessions, stdio processes included, which must
// not be forked). Its record (agent, the client's initialize: protocol version, capabilities,
// client info) is in the shared database, so another replica that receives one of its
// requests forwards it, as is, to the owner's internal URL; and when the owner is gone (no
// heartbeat, or its URL refuses the connection) the first replica to see the session adopts
// it: a new local session under the same id, handshaken again with the client's own
// initialize, as after an upstream crash. The client sees no error, only a fresh upstream.
import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { PostgresDb } from '../database/postgres.ts';
import { STALE_MS } from '../database/replicas.ts';

/** Set on a forwarded request: the owner handles it or answers 404, never forwards it again. */
export const FORWARDED_HEADER = 'x-gatehouse-forwarded';

export interface SessionRecord {
  id: string;
  endpoint: string;
  agent: string;
  /** The client's initialize params, as JSON. */
  initialize: Record<string, unknown>;
  owner: string;
}

export type Placement =
  | { kind: 'unknown' }
  | { kind: 'forwarded' }
  | { kind: 'adopt'; record: SessionRecord };

/** How long a replica trusts what it learned of a session's owner before asking again. */
const PLACEMENT_TTL_MS = 5_000;

export class SessionDirectory {
  readonly #db: PostgresDb;
  readonly #replica: string;
  /** Connections to the other replicas, kept open: most forwarded requests reuse one. */
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 256 });
  /** Session id → its owner's URL, as last read: a forwarded request costs no query. */
  readonly #owners = new Map<string, { endpoint: string; url: string; until: number }>();

  constructor(db: PostgresDb, replica: string) {
    this.#db = db;
    this.#replica = replica;
    // An idle kept connection is closed well before the owner's own keep-alive timeout (65 s),
    // so a request is never written into a socket the owner is closing.
    this.#agent.on('free', (socket) => socket.setTimeout(20_000, () => socket.destroy()));
  }

  /** Written before the initialize answer leaves, so the client's next request finds it anywhere. */
  async record(id: string, endpoint: string, agent: string, initialize: Record<string, unknown>): Promise<void> {
    const now = Date.now();
    await this.#db.query(
      `INSERT INTO sessions (id, endpoint, agent, initialize, owner, created_at, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, seen_at = EXCLUDED.seen_at`,
      [id, endpoint, agent, JSON.stringify(initialize), this.#replica, now]);
  }

  /** The client ended the session (DELETE) or it idled out: no replica serves it any more. */
  async forget(id: string): Promise<void> {
    await this.#db.query('DELETE FROM sessions WHERE id = $1 AND owner = $2', [id, this.#replica]).catch(() => undefined);
  }

  /**
   * A request for a session this replica does not hold: forwards it to the owner (and answers
   * the client from there), or says to adopt it, or that no replica knows it.
   */
  async place(req: IncomingMessage, res: ServerResponse, endpoint: string, id: string): Promise<Placement> {
    const known = this.#owners.get(id);
    if (known && known.until > Date.now() && known.endpoint === endpoint) {
      if (await forward(req, res, known.url, this.#replica, this.#agent)) return { kind: 'forwarded' };
      this.#owners.delete(id);
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const rows = await this.#db.query<{ endpoint: string; agent: string; initialize: string; owner: string; internal_url: string | null; seen_at: string | null }>(
        `SELECT s.endpoint, s.agent, s.initialize, s.owner, r.internal_url, r.seen_at
         FROM sessions s LEFT JOIN replicas r ON r.name = s.owner WHERE s.id = $1`, [id]);
      const row = rows[0];
      if (!row || row.endpoint !== endpoint) return { kind: 'unknown' };
      const record: SessionRecord = { id, endpoint, agent: row.agent, initialize: JSON.parse(row.initialize), owner: row.owner };
      const ownerAlive = row.owner !== this.#replica && row.internal_url && row.seen_at !== null && Number(row.seen_at) > Date.now() - STALE_MS;
      if (ownerAlive) {
        this.#owners.set(id, { endpoint, url: row.internal_url!, until: Date.now() + PLACEMENT_TTL_MS });
        if (this.#owners.size > 100_000) this.#owners.delete(this.#owners.keys().next().value!);
        if (await forward(req, res, row.internal_url!, this.#replica, this.#agent)) return { kind: 'forwarded' };
        this.#owners.delete(id);
      }
      // The owner is gone (or it is this replica, restarted): take the session over, unless
      // another replica just did, in which case look again and forward to that one.
      const taken = await this.#db.query('UPDATE sessions SET owner = $1, seen_at = $2 WHERE id = $3 AND owner = $4 RETURNING id', [this.#replica, Date.now(), id, row.owner]);
      if (taken.length === 1) return { kind: 'adopt', record };
    }
    return { kind: 'unknown' };
  }
}

/**
 * Streams the request to the owner and its answer back (SSE included). False when the owner
 * could not be reached at all: nothing was sent to the client, the caller may adopt.
 */
function forward(req: IncomingMessage, res: ServerResponse, baseUrl: string, from: string, agent: Agent): Promise<boolean> {
  return new Promise((resolve) => {
    const target = new URL(req.url ?? '/', baseUrl);
    const headers = { ...req.headers, [FORWARDED_HEADER]: from };
    delete headers.host;
    // On a new connection the body is sent only once it is connected, so an owner that refuses
    // leaves the request unread, for this replica to serve after adopting it.
    const out = httpRequest(target, { method: req.method, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      resolve(true);
    });
    let connected = false;
    out.on('socket', (socket) => {
      socket.setTimeout(0); // in use: a held call or an SSE stream may be quiet for long
      const send = () => {
        connected = true;
        req.pipe(out);
      };
      // A kept-alive connection is already up: an error on it means the owner died mid-way.
      if (socket.connecting) socket.once('connect', send);
      else send();
    });
    out.on('error', () => {
      if (!connected) return resolve(false);
      // The owner died mid-answer: the client's request fails as it would have there.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'the replica holding this session stopped; retry' } }));
      else res.destroy();
      resolve(true);
    });
    // The client went away: so does the forwarded request (a cancelled call stays cancelled).
    res.on('close', () => out.destroy());
  });
}
