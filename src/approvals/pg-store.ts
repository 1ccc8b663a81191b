// Approval requests in the PostgreSQL every replica shares (`gateway.database`): a call held
// on one replica is listed and decided on any. Each request names the replica whose call
// waits, so one whose replica stopped heartbeating is expired instead of approved into nothing.
import type { Db } from '../database/postgres.ts';
import { COLUMNS, fromRow, newApprovalId, type ApprovalRow } from './sqlite-store.ts';
import type { ApprovalRequest, ApprovalStatus, ApprovalStore, NewApproval } from './types.ts';

type Row = ApprovalRow & Record<string, unknown>;

export class PostgresApprovalStore implements ApprovalStore {
  readonly #db: Db;
  readonly #ownsDb: boolean;

  constructor(db: Db, options: { ownsDb?: boolean } = {}) {
    this.#db = db;
    this.#ownsDb = options.ownsDb ?? false;
  }

  async create(r: NewApproval): Promise<ApprovalRequest> {
    const rows = await this.#db.query<Row>(
      `INSERT INTO approvals (${COLUMNS}, replica) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', NULL, NULL, NULL, $12, $13) RETURNING ${COLUMNS}`,
      [newApprovalId(), r.createdAt, r.expiresAt, r.agent, r.session, r.server, r.tool, r.args, r.argsDigest, r.rule, r.mode, r.ttlS, r.replica ?? '']);
    return fromRow(rows[0]);
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    const rows = await this.#db.query<Row>(`SELECT ${COLUMNS} FROM approvals WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async list(status?: ApprovalStatus, limit = 200): Promise<ApprovalRequest[]> {
    const rows = status
      ? await this.#db.query<Row>(`SELECT ${COLUMNS} FROM approvals WHERE status = $1 ORDER BY created_at DESC LIMIT $2`, [status, limit])
      : await this.#db.query<Row>(`SELECT ${COLUMNS} FROM approvals ORDER BY created_at DESC LIMIT $1`, [limit]);
    return rows.map(fromRow);
  }

  async decide(id: string, approve: boolean, by: string, reason: string | null, now: number): Promise<ApprovalRequest | undefined> {
    // One statement: an approved async request stays usable for its ttl from the decision.
    const rows = await this.#db.query<Row>(
      `UPDATE approvals SET status = $1, decided_by = $2, decided_at = $3, reason = $4,
         expires_at = CASE WHEN $5 AND mode = 'async' THEN $3 + ttl_s * 1000 ELSE expires_at END
       WHERE id = $6 AND status = 'pending' AND expires_at > $3 RETURNING ${COLUMNS}`,
      [approve ? 'approved' : 'rejected', by, now, reason, approve, id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async expire(now: number): Promise<ApprovalRequest[]> {
    const rows = await this.#db.query<Row>(
      `UPDATE approvals SET status = 'expired', decided_at = $1 WHERE status = 'pending' AND expires_at <= $1 RETURNING ${COLUMNS}`, [now]);
    return rows.map(fromRow);
  }

  async expireOne(id: string, reason: string, now: number): Promise<ApprovalRequest | undefined> {
    const rows = await this.#db.query<Row>(
      `UPDATE approvals SET status = 'expired', decided_at = $1, reason = $2 WHERE id = $3 AND status = 'pending' RETURNING ${COLUMNS}`, [now, reason, id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async expireHeld(replica: string, reason: string, now: number): Promise<ApprovalRequest[]> {
    const rows = await this.#db.query<Row>(
      `UPDATE approvals SET status = 'expired', decided_at = $1, reason = $2
       WHERE status = 'pending' AND mode <> 'async' AND replica = $3 RETURNING ${COLUMNS}`, [now, reason, replica]);
    return rows.map(fromRow);
  }

  async expireOrphans(staleMs: number, reason: string, now: number): Promise<ApprovalRequest[]> {
    const rows = await this.#db.query<Row>(
      `UPDATE approvals SET status = 'expired', decided_at = $1, reason = $2
       WHERE status = 'pending' AND mode <> 'async'
         AND NOT EXISTS (SELECT 1 FROM replicas WHERE replicas.name = approvals.replica AND replicas.seen_at > $3)
       RETURNING ${COLUMNS}`, [now, reason, now - staleMs]);
    return rows.map(fromRow);
  }

  async consume(agent: string, server: string, tool: string, argsDigest: string, now: number): Promise<ApprovalRequest | undefined> {
    // SKIP LOCKED: two replicas racing for the same approval never both get it, and neither waits.
    const rows = await this.#db.query<Row>(
      `UPDATE approvals SET status = 'consumed' WHERE id = (
         SELECT id FROM approvals WHERE agent = $1 AND server = $2 AND tool = $3 AND args_digest = $4 AND status = 'approved' AND mode = 'async' AND expires_at > $5
         ORDER BY decided_at LIMIT 1 FOR UPDATE SKIP LOCKED) AND status = 'approved' RETURNING ${COLUMNS}`,
      [agent, server, tool, argsDigest, now]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async close(): Promise<void> {
    if (this.#ownsDb) await this.#db.close();
  }
}
