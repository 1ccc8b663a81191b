// No answered call goes unrecorded, whatever stops the gateway: killed with SIGKILL in the
// middle of a burst, it leaves every answered call (and every call it had forwarded but not
// seen answered) in its journal, and the next start writes them to the store; stopped with
// SIGTERM, it lets calls in flight finish and records them before the audit writer closes.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { AuditJournal, journalDir, recoverJournals } from '../src/audit/journal.ts';
import { SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import type { AuditRecord } from '../src/audit/types.ts';
import { AuditWriter } from '../src/audit/writer.ts';
import { readAudit } from './helpers/audit.ts';
import { freePort, launchGateway, nodeServer, startGateway } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

const SLOW = nodeServer('test/fixtures/slow-server.ts');
const CONFIG = `servers:\n  slow: { ${SLOW.slice(2, -2)}, shared: true }\npolicy:\n  rules:\n    - tool: slow/wait\n      action: allow\n    - tool: slow/blocked\n      action: deny\n`;
const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'burst', version: '1' } } };

/** One raw MCP session over HTTP: what a client sees, nothing the SDK would retry or hide. */
async function session(url: string): Promise<(name: string, args: Record<string, unknown>) => Promise<string>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = await fetch(url, { method: 'POST', headers, body: JSON.stringify(INIT) });
  await init.text();
  headers['mcp-session-id'] = init.headers.get('mcp-session-id')!;
  headers['mcp-protocol-version'] = '2025-11-25';
  await (await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
  let id = 1;
  return async (name, args) => {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: id++, method: 'tools/call', params: { name, arguments: args } }) });
    const body = await res.text();
    const json = body.startsWith('{') ? body : body.split('\n').find((l) => l.startsWith('data: '))!.slice(6);
    const message = JSON.parse(json) as { result?: { content: { text: string }[] } };
    if (!message.result) throw new Error(`no result: ${json}`);
    return message.result.content[0].text;
  };
}

const argText = (r: AuditRecord) => (r.args ? (JSON.parse(r.args) as { text?: string }).text : undefined);

describe('kill -9 in the middle of a burst', () => {
  test('after a restart, every answered call has its record and the calls left in flight are recorded as unknown', async () => {
    const gw = await startGateway(CONFIG, { gatewayExtra: '  audit_arguments: true\n' });
    const url = `${gw.url}/mcp/slow`;
    const sessions = await Promise.all(Array.from({ length: 8 }, () => session(url)));
    // Two calls the server never answers: forwarded, in flight when the gateway dies.
    for (const [i, call] of sessions.slice(0, 2).entries()) void call('wait', { text: `hung-${i}` }).catch(() => undefined);

    const answered: string[] = [];
    let killed = false;
    const burst = sessions.map(async (call, s) => {
      for (let n = 0; !killed; n++) {
        const text = `s${s}-${n}`;
        // Denied calls are recorded too: every fifth call names a tool the policy blocks.
        const name = n % 5 === 4 ? 'blocked' : 'echo';
        try {
          const reply = await call(name, { text });
          if (name === 'echo') assert.equal(reply, text);
          answered.push(text);
        } catch {
          return; // the gateway is gone
        }
      }
    });
    await until('a few hundred answered calls', async () => (answered.length >= 400 ? true : undefined), 60_000, 5);
    const exited = new Promise((resolve) => gw.process.once('exit', resolve));
    gw.process.kill('SIGKILL');
    killed = true;
    await Promise.all(burst);
    await exited;
    assert.ok(existsSync(journalDir(path.join(gw.dir, 'data'))));

    const again = await launchGateway(gw.configFile, gw.port);
    await again.stop();
    const records = readAudit(gw.dir);
    const recorded = new Set(records.map(argText));
    const lost = answered.filter((t) => !recorded.has(t));
    assert.deepEqual(lost, [], `${lost.length} of ${answered.length} answered calls have no record`);
    assert.match(again.output(), /audit journal of a stopped gateway replayed/);
    for (const text of ['hung-0', 'hung-1']) {
      const hung = records.filter((r) => argText(r) === text);
      assert.equal(hung.length, 1, `one record for ${text}`);
      assert.equal(hung[0].outcome, 'unknown');
      assert.equal(hung[0].reason, 'the gateway stopped before the server answered');
      assert.equal(hung[0].decision, 'allow');
      assert.equal(hung[0].rule, '1: slow/wait');
    }
    // Replayed once: no record twice.
    const keys = records.map((r) => `${r.requestId}|${r.decision}|${r.outcome}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(readdirSync(journalDir(path.join(gw.dir, 'data'))), [], 'the journals are gone once replayed and stopped cleanly');
  });
});

describe('the forwarded line comes first', () => {
  test('every call is in the journal before its server sees it, with 16 sessions calling at once', async () => {
    // Forwarded lines wait to share one write() (upstream/before-send.ts); the server itself
    // checks, as each call arrives, that the gateway's journal already holds it.
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-journal-first-'));
    const port = await freePort();
    const server = nodeServer('test/fixtures/raw-server.ts', '--journal', path.join(dir, 'data', 'audit-journal'));
    writeFileSync(path.join(dir, 'gatehouse.yaml'), `gateway:\n  listen: 127.0.0.1:${port}\n  data: ./data\n  audit_arguments: true\nservers:\n  raw: { ${server.slice(2, -2)}, shared: true }\n`);
    const gw = await launchGateway(path.join(dir, 'gatehouse.yaml'), port);
    try {
      const sessions = await Promise.all(Array.from({ length: 16 }, () => session(`${gw.url}/mcp/raw`)));
      const answers = await Promise.all(sessions.flatMap((call, s) => Array.from({ length: 10 }, (_, n) => call('peek', { text: `first-${s}-${n}` }))));
      assert.equal(answers.length, 160);
      assert.deepEqual(answers.filter((a) => a !== 'seen'), []);
    } finally {
      await gw.stop();
    }
  });
});

describe('SIGTERM with calls in flight', () => {
  test('they are answered and recorded before the audit writer closes', async () => {
    const gw = await startGateway(CONFIG, { gatewayExtra: '  audit_arguments: true\n' });
    const call = await session(`${gw.url}/mcp/slow`);
    const slow = call('wait', { text: 'slow-1', ms: 800 });
    const slow2 = call('wait', { text: 'slow-2', ms: 400 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = gw.stop();
    assert.equal(await slow, 'slow-1');
    assert.equal(await slow2, 'slow-2');
    assert.equal(await stopped, 0);
    assert.doesNotMatch(gw.output(), /after the audit writer closed/);
    const records = readAudit(gw.dir).filter((r) => argText(r)?.startsWith('slow-'));
    assert.deepEqual(records.map((r) => [argText(r), r.outcome]).sort(), [['slow-1', 'ok'], ['slow-2', 'ok']]);
  });
});

describe('the journal and its replay', () => {
  const record = (n: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
    time: 1_700_000_000_000 + n, requestId: `r-${n}`, agent: 'a', session: 's', server: 'srv', tool: 't', decision: 'allow',
    rule: 'default', reason: '', gatewayMs: 0.1, upstreamMs: 1, outcome: 'ok', argsDigest: 'x', args: null, ...extra,
  });

  test('a replay writes what the store lacks once, skips a torn line, and leaves live journals alone', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'gatehouse-journal-'));
    const store = new SqliteAuditStore(data);
    await store.insertBatch([record(1)]);
    const dir = journalDir(data);
    mkdirSync(dir, { recursive: true });
    // A dead process's journal: record 1 (already stored), 2 (not), a forwarded call 3 never
    // answered, a forwarded call 4 that was answered, and a last line cut short.
    const dead = path.join(dir, `${hostname().replace(/[^A-Za-z0-9_-]/g, '_')}.999999999.1.jsonl`);
    const lines = [
      { k: 'r', r: record(1) }, { k: 'r', r: record(2) },
      { k: 'f', r: record(3, { outcome: 'unknown', upstreamMs: null }) },
      { k: 'f', r: record(4, { outcome: 'unknown', upstreamMs: null }) }, { k: 'r', r: record(4, { outcome: 'tool_error' }) },
      // An answer whose forwarded line is not in the file (torn by a machine crash): nothing whole to keep.
      { k: 'a', r: { requestId: 'r-8', decision: 'allow', rule: 'default', reason: '', outcome: 'ok', gatewayMs: 0.1, upstreamMs: 1 } },
    ];
    writeFileSync(dead, lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"k":"r","r":{"time":17');
    const live = new AuditJournal(data); // this process's own, live journal
    live.finished(record(9));

    const first = await recoverJournals(data, store, live);
    assert.deepEqual(first, { files: 1, records: 2, unanswered: 1, live: 0 });
    const stored = await store.query({ limit: 100 });
    assert.deepEqual(stored.map((r) => [r.requestId, r.outcome]).sort(), [['r-1', 'ok'], ['r-2', 'ok'], ['r-3', 'unknown'], ['r-4', 'tool_error']]);
    assert.equal(stored.find((r) => r.requestId === 'r-3')!.reason, 'the gateway stopped before the server answered');
    assert.deepEqual(readdirSync(dir), [path.basename(live.file)]);

    // The same journal replayed again (a replay killed before its delete) adds nothing.
    writeFileSync(dead, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    assert.deepEqual(await recoverJournals(data, store, live), { files: 1, records: 0, unanswered: 0, live: 0 });
    assert.equal(await store.count(), 4);
    live.close({ remove: false });
    await store.close();
  });

  test("another host's replay in progress is left alone; once it stops touching its claim, it is taken over", async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'gatehouse-journal-'));
    const store = new SqliteAuditStore(data);
    const dir = journalDir(data);
    mkdirSync(dir, { recursive: true });
    // Claimed by pid 1 on another host: that pid may well be alive here too, so only the
    // claim's age can say whether its replayer is gone.
    const claim = path.join(dir, 'elsewhere.4242.1.jsonl.replaying-1@other-host');
    writeFileSync(claim, `${JSON.stringify({ k: 'r', r: record(7) })}\n`);
    assert.deepEqual(await recoverJournals(data, store), { files: 0, records: 0, unanswered: 0, live: 1 });
    const old = new Date(Date.now() - 60_000);
    utimesSync(claim, old, old);
    assert.deepEqual(await recoverJournals(data, store), { files: 1, records: 1, unanswered: 0, live: 0 });
    assert.deepEqual(readdirSync(dir), []);
    await store.close();
  });

  test('an answer is journaled as what it adds to its forwarded line; a replay joins the two into the whole record', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'gatehouse-journal-'));
    const journal = new AuditJournal(data);
    const writer = new AuditWriter(new SqliteAuditStore(data), { journal, flushIntervalMs: 60_000 });
    const forwarded = record(5, { outcome: 'unknown', upstreamMs: null, gatewayMs: 0.05, args: '{"a":1,"note":"caf\u00e9 \\"quoted\\""}' });
    const answered: AuditRecord = { ...forwarded, outcome: 'tool_error', upstreamMs: 2.5, gatewayMs: 0.2, reason: 'the tool said "no"\nand stopped' };
    writer.forwarding(forwarded);
    writer.answered(answered);
    await Promise.resolve(); // the answer's line is written at the end of this wave of microtasks
    const lines = readFileSync(journal.file, 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { k: string }).k), ['f', 'a']);
    assert.ok(lines[1].length < lines[0].length, `the answer line holds only what the answer adds: ${lines[1]}`);

    // The gateway dies here: its journal, found by a later start as a dead process's, is replayed.
    journal.close({ remove: false });
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'gatehouse-journal-'));
    mkdirSync(journalDir(elsewhere), { recursive: true });
    renameSync(journal.file, path.join(journalDir(elsewhere), `${hostname().replace(/[^A-Za-z0-9_-]/g, '_')}.999999998.1.jsonl`));
    const store = new SqliteAuditStore(elsewhere);
    assert.deepEqual(await recoverJournals(elsewhere, store), { files: 1, records: 1, unanswered: 0, live: 0 });
    const [stored] = await store.query({ limit: 10 });
    for (const key of ['time', 'requestId', 'agent', 'session', 'server', 'tool', 'decision', 'rule', 'reason', 'gatewayMs', 'upstreamMs', 'outcome', 'argsDigest', 'args'] as const) {
      assert.deepEqual(stored[key], answered[key], key);
    }
    await store.close();
  });

  test('the writer journals before the store, compacts once the store has everything, and removes the journal on a clean close', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'gatehouse-journal-'));
    const journal = new AuditJournal(data);
    const writer = new AuditWriter(new SqliteAuditStore(data), { journal, compactBytes: 2_000, flushIntervalMs: 5 });
    writer.forwarding(record(1, { outcome: 'unknown' }));
    for (let n = 2; n < 40; n++) {
      const r = record(n);
      writer.answered(r);
      writer.record(r);
    }
    await Promise.resolve(); // the lines of this wave are written together
    assert.ok(journal.bytes > 2_000);
    await writer.flush();
    // Compacted down to the one call still in flight.
    await until('the compaction', async () => (journal.bytes < 1_000 ? true : undefined), 2_000, 5);
    await writer.close();
    assert.equal(existsSync(journal.file), false);
    const store = SqliteAuditStore.openReadOnly(data);
    const all = await store.query({ limit: 100 });
    assert.equal(all.length, 39);
    assert.equal(all.find((r) => r.requestId === 'r-1')!.outcome, 'unknown', 'still in flight at close: recorded as unknown');
    await store.close();
  });
});
