// What the audit store tests share: throw-away data folders, removed after the file's tests,
// and audit records with unique ids and times, overridable field by field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { argsDigest } from '../../src/audit/digest.ts';
import type { AuditRecord } from '../../src/audit/types.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export function dataDir(prefix = 'gatehouse-audit-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return path.join(dir, 'data');
}

let seq = 0;
export function rec(over: Partial<AuditRecord> = {}): AuditRecord {
  seq++;
  return {
    time: 1_700_000_000_000 + seq,
    requestId: `req-${seq}`,
    agent: 'ci-runner',
    session: 'sess-1',
    server: 'valkey',
    tool: 'get',
    decision: 'allow',
    rule: 'default',
    reason: '',
    gatewayMs: 0.25,
    upstreamMs: 3.5,
    outcome: 'ok',
    argsDigest: argsDigest({ key: `k${seq}` }),
    args: null,
    ...over,
  };
}
