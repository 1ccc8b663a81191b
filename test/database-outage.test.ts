// PostgreSQL going away under a running gateway (`gateway.database`), through a TCP link this
// test can cut (the machine's real PostgreSQL behind it): calls that need an approval are
// refused and recorded (fail closed), other calls go on, /readyz says which store is away,
// the audit records of the outage are written once it is back, and everything recovers
// without a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/client';
import { PostgresDb } from '../src/database/postgres.ts';
import { httpClient, textOf } from './helpers/client.ts';
import { freePort, nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { Link } from './helpers/pg-link.ts';
import { testDatabase } from './helpers/postgres.ts';
import { until } from './helpers/wait.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');

let link: Link;
let gw: RunningGateway;
let db: PostgresDb;
let client: Client;

before(async () => {
  const url = new URL(await testDatabase());
  db = new PostgresDb(url.toString());
  link = new Link(await freePort());
  await link.up();
  url.port = String(link.port);
  gw = await startGateway(`servers:\n  seed: ${SEED}\npolicy:\n  rules:\n    - tool: delete_key\n      action: require_approval\n      approval: { mode: async }\n`, {
    gatewayExtra: `  database: ${url}\n  replica: solo\n`,
    startTimeoutMs: 60_000,
  });
  client = await httpClient(`${gw.url}/mcp/seed`);
});
after(async () => {
  await client?.close().catch(() => undefined);
  await gw?.stop();
  await link?.cut();
  await db?.close();
});

describe('PostgreSQL goes away and comes back', () => {
  test('fail closed where a decision needs it, go on elsewhere, recover by itself', async () => {
    assert.equal((await fetch(`${gw.url}/readyz`)).status, 200);
    await link.cut();

    const needsApproval = await client.callTool({ name: 'delete_key', arguments: { key: 'a' } });
    assert.equal(needsApproval.isError, true);
    assert.equal(textOf(needsApproval), 'Blocked by policy (rule 1: delete_key): Approvals cannot be reached now; retry later.');
    for (let i = 0; i < 5; i++) {
      const echo = await client.callTool({ name: 'echo', arguments: { text: `during-${i}` } });
      assert.equal(echo.isError, undefined, textOf(echo));
    }
    const ready = await fetch(`${gw.url}/readyz`);
    assert.equal(ready.status, 503);
    const body = (await ready.json()) as { checks: { shared: { database: string } } };
    assert.match(body.checks.shared.database, /^error: /);

    await link.up();
    await until('/readyz is ready again', async () => ((await fetch(`${gw.url}/readyz`)).status === 200 ? true : undefined), 30_000);
    // The records of the outage were kept and written: the refused call and the five echoes.
    await until('the outage in the audit', async () => {
      const rows = await db.query<{ tool: string; decision: string }>(`SELECT tool, decision FROM audit WHERE replica = 'solo'`);
      const echoes = rows.filter((r) => r.tool === 'echo').length;
      const refused = rows.filter((r) => r.tool === 'delete_key' && r.decision === 'deny').length;
      return echoes === 5 && refused === 1 ? true : undefined;
    }, 30_000);
    const pending = await client.callTool({ name: 'delete_key', arguments: { key: 'b' } });
    assert.match(textOf(pending), /approval/i, 'approvals work again');
    assert.equal(Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM approvals WHERE status = 'pending'`))[0].n), 1);
  });
});
