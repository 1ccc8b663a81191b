// What the hardening tests read back: the audit rows a gateway wrote (straight from its store)
// and what the raw test server (test/fixtures/raw-server.ts) says reached it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface Row { tool: string; decision: string; rule: string; reason: string; outcome: string; args_digest: string }

export function auditRows(dir: string): Row[] {
  const file = path.join(dir, 'data', 'audit.db');
  if (!existsSync(file)) return [];
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare('SELECT tool, decision, rule, reason, outcome, args_digest FROM audit ORDER BY rowid').all() as unknown as Row[];
  } finally {
    db.close();
  }
}

/** What the raw server says reached it: one entry per message. */
export function received(logFile: string): { method?: string; id?: unknown; name?: string; requestId?: unknown }[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

