// What an operator meets around the gateway: URL credentials never printed (logs, /readyz, the
// dashboard, the agent's message), readiness that follows the audit writer, `gatehouse stdio`
// that needs only its own server's secrets, `init` that never writes one, and CLI output piped
// into `head` that ends quietly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import type { AuditRecord } from '../src/audit/types.ts';
import { parseConfig } from '../src/config/load.ts';
import { discoverClientConfigs } from '../src/init/client-configs.ts';
import { buildConfig } from '../src/init/write-config.ts';
import { scrubUrl, scrubUrls } from '../src/log/scrub-url.ts';
import { httpClient, stdioClient, textOf } from './helpers/client.ts';
import { MAIN, NODE, nodeServer, ROOT, startGateway } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');

describe('credentials in URLs', () => {
  test('the helper masks user, password and secret query values, and leaves other URLs alone', () => {
    assert.equal(scrubUrl('http://user:pass@h.example/mcp'), 'http://***@h.example/mcp');
    assert.equal(scrubUrl('https://h.example/mcp?token=abc&page=2'), 'https://h.example/mcp?token=***&page=2');
    assert.equal(scrubUrl('https://h.example/mcp?api_key=abc'), 'https://h.example/mcp?api_key=***');
    assert.equal(scrubUrl('https://h.example/x?X-Amz-Signature=abc&access_token=z'), 'https://h.example/x?X-Amz-Signature=***&access_token=***');
    assert.equal(scrubUrl('https://h.example/mcp?page=2'), 'https://h.example/mcp?page=2');
    assert.equal(scrubUrls('POST to https://u:p@h.example/mcp?key=k1. failed'), 'POST to https://***@h.example/mcp?key=***. failed');
  });

  test('never printed: not in the log, /readyz, the dashboard API, nor the agent\'s message', async () => {
    const gw = await startGateway(`servers:\n  seed: ${SEED}\n  remote:\n    url: http://alice:pw-s3cret@127.0.0.1:1/mcp?token=tok-s3cret&api_key=key-s3cret\n`);
    try {
      const ready = await until('readiness', async () => {
        const body = await (await fetch(`${gw.url}/readyz`)).json() as { checks: { upstreams: Record<string, string> } };
        return body.checks.upstreams.remote !== 'pending' ? body : undefined;
      });
      const servers = await (await fetch(`${gw.url}/api/servers`)).text();
      assert.match(servers, /http:\/\/\*\*\*@127\.0\.0\.1:1\/mcp\?token=\*\*\*&api_key=\*\*\*/);
      const client = await httpClient(`${gw.url}/mcp/remote`).catch((err: Error) => err);
      const result = client instanceof Error ? { content: [{ type: 'text', text: client.message }] }
        : await client.callTool({ name: 'anything', arguments: {} }).catch((err: Error) => ({ content: [{ type: 'text', text: err.message }] }));
      if (!(client instanceof Error)) await client.close();
      const printed = [JSON.stringify(ready), servers, textOf(result), gw.output()].join('\n');
      for (const secret of ['pw-s3cret', 'tok-s3cret', 'key-s3cret']) assert.ok(!printed.includes(secret), `${secret} was printed`);
    } finally {
      await gw.stop();
    }
  });
});

describe('/readyz and the audit writer', () => {
  test('not ready while audit writes fail, ready again once they succeed', async () => {
    const gw = await startGateway(`servers:\n  seed: ${SEED}\n`);
    try {
      await until('ready', async () => ((await fetch(`${gw.url}/readyz`)).status === 200 ? true : undefined));
      // Another process holds the audit database's write lock (a stuck backup, a full disk):
      // every batch fails after its busy timeout, and is kept for retry.
      const lock = new DatabaseSync(path.join(gw.dir, 'data', 'audit.db'), { timeout: 5_000 });
      lock.exec('BEGIN EXCLUSIVE');
      const client = await httpClient(`${gw.url}/mcp/seed`);
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      const notReady = await until('not ready', async () => {
        const res = await fetch(`${gw.url}/readyz`);
        return res.status === 503 ? ((await res.json()) as { checks: { audit: string } }) : undefined;
      }, 30_000);
      assert.match(notReady.checks.audit, /^error: the last \d+ audit writes? failed/);
      lock.exec('COMMIT');
      lock.close();
      await until('ready again', async () => ((await fetch(`${gw.url}/readyz`)).status === 200 ? true : undefined), 30_000);
      await client.close();
    } finally {
      await gw.stop();
    }
  });
});

describe('gatehouse stdio <server> with another server\'s variable unset', () => {
  test('starts and serves its server; the other server\'s unset variable is a warning', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-stdio-env-'));
    const file = path.join(dir, 'gatehouse.yaml');
    writeFileSync(file, `gateway:\n  data: ./data\nservers:\n  seed: ${SEED}\n  other:\n    url: https://other.example/mcp\n    headers: { Authorization: "Bearer \${OTHER_TOKEN_UNSET_FOR_TEST}" }\n`);
    const client = await stdioClient(file, 'seed');
    try {
      assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'hi' } })), 'hi');
    } finally {
      await client.close();
    }
    // Its own server's variable unset is still an error, as is any for the aggregated endpoint.
    writeFileSync(file, `gateway:\n  data: ./data\nservers:\n  seed: { command: "\${SEED_COMMAND_UNSET}" }\n`);
    const own = spawnSync(NODE, [MAIN, 'stdio', 'seed', '--config', file], { cwd: ROOT, encoding: 'utf8', input: '' });
    assert.equal(own.status, 1);
    assert.match(own.stderr, /environment variable SEED_COMMAND_UNSET is not set \(used in servers\.seed\.command\)/);
  });
});

describe('gatehouse init and secrets inside values', () => {
  test('a password in a connection URL or a DSN inside an env value becomes a ${VAR}', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'gatehouse-init-home-'));
    const desktop = path.join(home, '.config', 'Claude', 'claude_desktop_config.json');
    mkdirSync(path.dirname(desktop), { recursive: true });
    writeFileSync(desktop, JSON.stringify({
      mcpServers: {
        db: {
          command: 'npx',
          args: ['-y', 'some-db-mcp', '--db', 'host=db user=app password=dsn-pw-0001 sslmode=require'],
          env: {
            DATABASE_URL: 'postgres://app:url-pw-0002@db.internal:5432/shop',
            REPLICA: 'Server=db2;Database=shop;User Id=app;Password=conn-pw-0003;',
            OPTIONS: '--verbose --token=opt-tok-0004',
            LOG_LEVEL: 'debug',
          },
        },
      },
    }));
    const d = discoverClientConfigs({ home, cwd: home });
    const text = buildConfig(d, { configFile: path.join(home, 'gatehouse.yaml'), home });
    for (const secret of ['dsn-pw-0001', 'url-pw-0002', 'conn-pw-0003', 'opt-tok-0004']) assert.ok(!text.includes(secret), `${secret} is in the file:\n${text}`);
    assert.deepEqual(Object.values(d.secretValues).sort(), ['conn-pw-0003', 'dsn-pw-0001', 'opt-tok-0004', 'url-pw-0002']);
    // With the variables set, every value reads back as the client had it.
    const config = parseConfig(text, path.join(home, 'gatehouse.yaml'), d.secretValues);
    const db = config.servers.get('db');
    assert.ok(db && db.transport === 'stdio');
    assert.equal(db.env.DATABASE_URL, 'postgres://app:url-pw-0002@db.internal:5432/shop');
    assert.equal(db.env.REPLICA, 'Server=db2;Database=shop;User Id=app;Password=conn-pw-0003;');
    assert.equal(db.env.OPTIONS, '--verbose --token=opt-tok-0004');
    assert.equal(db.env.LOG_LEVEL, 'debug');
    assert.equal(db.args.at(-1), 'host=db user=app password=dsn-pw-0001 sslmode=require');
  });
});

describe('CLI output into a reader that stops early', () => {
  test('`gatehouse audit --json | head -1` and `approvals list --json | head -1` end quietly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-epipe-'));
    const file = path.join(dir, 'gatehouse.yaml');
    writeFileSync(file, `gateway:\n  data: ./data\nservers:\n  seed: ${SEED}\n`);
    const store = new SqliteAuditStore(path.join(dir, 'data'));
    const records: AuditRecord[] = Array.from({ length: 5_000 }, (_, n) => ({
      time: Date.now() - n, requestId: `r-${n}`, agent: 'a', session: 's', server: 'seed', tool: 'echo', decision: 'allow',
      rule: 'default', reason: 'x'.repeat(100), gatewayMs: 0.1, upstreamMs: 1, outcome: 'ok', argsDigest: 'd', args: null,
    }));
    await store.insertBatch(records);
    await store.close();
    for (const command of ['audit --json --limit 5000', 'approvals list --json']) {
      const run = spawnSync('bash', ['-c', `set -o pipefail; "${NODE}" "${MAIN}" ${command} --config "${file}" | head -c 1 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: ROOT, encoding: 'utf8' });
      assert.match(run.stderr, /status=0\s*$/, `${command}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /EPIPE|Error/);
    }
  });
});
