// `gatehouse migrate` and what `serve` does with the schema of `gateway.database`: an empty
// database is set up at start, an older or newer schema is refused (exit 3, naming the command
// that fixes it), an unreachable one too, and a password in the URL is never printed.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/database/migrations.ts';
import { PostgresDb } from '../src/database/postgres.ts';
import { freePort, gatehouse, launchGateway, nodeServer } from './helpers/gateway.ts';
import { testDatabase } from './helpers/postgres.ts';

const SEED = nodeServer('test/fixtures/seed-server.ts');
const dbs: PostgresDb[] = [];
after(async () => {
  for (const db of dbs) await db.close();
});

async function config(database: string): Promise<{ file: string; port: number }> {
  const port = await freePort();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-migrate-')), 'gatehouse.yaml');
  writeFileSync(file, `gateway:\n  listen: 127.0.0.1:${port}\n  data: ./data\n  database: ${database}\nservers:\n  seed: ${SEED}\n`);
  return { file, port };
}

/** The same database with a password in its URL (trust auth ignores it): it must never be printed. */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = 'pw-s3cret';
  return u.toString();
}

describe('gatehouse migrate', () => {
  test('creates the schema, then says it is up to date; the password stays hidden', async () => {
    const { file } = await config(withPassword(await testDatabase()));
    const first = await gatehouse('migrate', '--config', file);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`from schema version 0 to ${SCHEMA_VERSION}`));
    assert.doesNotMatch(first.stdout + first.stderr, /pw-s3cret/);
    const again = await gatehouse('migrate', '--config', file);
    assert.equal(again.status, 0);
    assert.match(again.stdout, new RegExp(`up to date \\(version ${SCHEMA_VERSION}\\)`));
  });

  test('without gateway.database there is nothing to migrate', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-migrate-')), 'gatehouse.yaml');
    writeFileSync(file, `servers:\n  seed: ${SEED}\n`);
    const run = await gatehouse('migrate', '--config', file);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /nothing to migrate/);
  });
});

describe('serve and the schema', () => {
  test('an older schema is refused with exit 3 naming `gatehouse migrate`; after it, serve starts and /readyz names the database', async () => {
    const url = await testDatabase();
    const db = new PostgresDb(url);
    dbs.push(db);
    // The database as the first release of the schema left it.
    await db.query(MIGRATIONS[0]);
    await db.query('CREATE TABLE gatehouse_schema (version INTEGER NOT NULL)');
    await db.query('INSERT INTO gatehouse_schema VALUES (1)');
    const { file, port } = await config(url);
    if (SCHEMA_VERSION > 1) {
      const refused = await gatehouse('serve', '--config', file);
      assert.equal(refused.status, 3);
      assert.match(refused.stderr, /schema version 1, older .*run `gatehouse migrate`/);
      const migrated = await gatehouse('migrate', '--config', file);
      assert.equal(migrated.status, 0, migrated.stderr);
      assert.match(migrated.stdout, new RegExp(`from schema version 1 to ${SCHEMA_VERSION}`));
    }
    const gw = await launchGateway(file, port, {}, 60_000);
    try {
      const ready = (await (await fetch(`${gw.url}/readyz`)).json()) as { checks: { shared?: Record<string, string> } };
      assert.deepEqual(ready.checks.shared, { database: 'ok' });
    } finally {
      await gw.stop();
    }
  });

  test('a newer schema is refused with exit 3: this gatehouse must be upgraded', async () => {
    const url = await testDatabase();
    const { file } = await config(url);
    assert.equal((await gatehouse('migrate', '--config', file)).status, 0);
    const db = new PostgresDb(url);
    dbs.push(db);
    await db.query('UPDATE gatehouse_schema SET version = $1', [SCHEMA_VERSION + 1]);
    const refused = await gatehouse('serve', '--config', file);
    assert.equal(refused.status, 3);
    assert.match(refused.stderr, /newer than this gatehouse understands.*upgrade gatehouse/);
    const migrate = await gatehouse('migrate', '--config', file);
    assert.equal(migrate.status, 3, 'migrate does not downgrade either');
  });

  test('an unreachable database: exit 3, saying which, without its password', async () => {
    const { file } = await config(`postgres://postgres:pw-s3cret@127.0.0.1:${await freePort()}/gatehouse`);
    const run = await gatehouse('serve', '--config', file);
    assert.equal(run.status, 3);
    assert.match(run.stderr, /cannot reach the database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(run.stderr + run.stdout, /pw-s3cret/);
  });
});
