// What the audit journal adds to one call: the writer's forwarding(), answered() and record()
// with a journal (two JSON lines, written once per wave of microtasks) against the same
// without, over the same records: one call per wave (sequential calls) and 16 per wave
// (16 sessions' answers arriving together), in CPU microseconds per call (process.cpuUsage: less sensitive than wall time
// to other processes on a busy machine). The store is a no-op: only the journal is measured.
//
//   node bench/journal.ts [--calls N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditJournal } from '../src/audit/journal.ts';
import type { AuditRecord, AuditStore } from '../src/audit/types.ts';
import { AuditWriter } from '../src/audit/writer.ts';

const i = process.argv.indexOf('--calls');
const calls = i >= 0 ? Number(process.argv[i + 1]) : 200_000;
const store: AuditStore = { insertBatch: async () => {}, query: async () => [], count: async () => 0, close: async () => {} };
const record = (n: number, outcome: AuditRecord['outcome']): AuditRecord => ({
  time: Date.now(), requestId: `0b9d8f1e-5a4c-4e3b-9f0a-${n.toString().padStart(12, '0')}`, agent: 'anonymous', session: 'c0ffee00-1234-4bcd-9abc-0123456789ab',
  server: 'cheap', tool: 'add', decision: 'allow', rule: '3: */add', reason: '', gatewayMs: 0.05, upstreamMs: 0.3, outcome,
  argsDigest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', args: null,
});

async function run(journaled: boolean, perWave: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-journal-'));
  const journal = journaled ? new AuditJournal(dir) : undefined;
  const writer = new AuditWriter(store, { journal, flushIntervalMs: 50 });
  const start = process.cpuUsage();
  for (let n = 0; n < calls; n += perWave) {
    for (let k = n; k < n + perWave; k++) writer.forwarding(record(k, 'unknown'));
    await Promise.resolve(); // the forwarded lines are written here
    const done = Array.from({ length: perWave }, (_, k) => record(n + k, 'ok'));
    for (const r of done) writer.answered(r);
    await Promise.resolve(); // and the finished ones here, before the replies
    for (const r of done) writer.record(r);
    if (n % 1024 < perWave) await new Promise((resolve) => setImmediate(resolve));
  }
  const used = process.cpuUsage(start);
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
  return (used.user + used.system) / calls;
}

await run(true, 1); // warm-up
for (const perWave of [1, 16]) {
  const without = await run(false, perWave);
  const withJournal = await run(true, perWave);
  console.log(`${calls} calls, ${perWave} per wave: ${without.toFixed(2)} µs/call without the journal, ${withJournal.toFixed(2)} with it: +${(withJournal - without).toFixed(2)} µs CPU per call`);
}
