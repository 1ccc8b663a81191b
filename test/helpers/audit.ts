// Reads a test gateway's audit records straight from its store, as `gatehouse audit` does.
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AuditRecord } from '../../src/audit/types.ts';
import { spawnSync } from 'node:child_process';
import { MAIN, NODE, ROOT } from './gateway.ts';

/** Every record, oldest first, through the real CLI (`gatehouse audit --json`). */
export function readAudit(gatewayDir: string): AuditRecord[] {
  const run = spawnSync(NODE, [MAIN, 'audit', '--json', '--limit', '100000', '--config', path.join(gatewayDir, 'gatehouse.yaml')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`gatehouse audit failed (${run.status}): ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditRecord).reverse();
}

/** The number of rows in the audit table, read directly, for checks that no record was lost. */
export function countAuditRows(gatewayDir: string): number {
  const db = new DatabaseSync(path.join(gatewayDir, 'data', 'audit.db'), { readOnly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n);
  } finally {
    db.close();
  }
}
