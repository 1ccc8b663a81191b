// `gatehouse recover`: the audit journal a killed gateway left in its data folder, shipped to the
// shared PostgreSQL (the machine's real one, a fresh database) by the command, as an operator
// would for a replica that will not be started again. The journals are written by the real
// AuditJournal in a process that kills itself with SIGKILL. Hostile: the database away at the
// start and cut mid-way, the command killed mid-way, the same journal replayed twice, a journal
// whose writer still lives: every answered call ends up recorded exactly once, every forwarded
// call never answered once as `unknown`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AuditJournal, journalDir } from '../src/audit/journal.ts';
import { SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import { migrate } from '../src/database/migrations.ts';
import { PostgresDb } from '../src/database/postgres.ts';
import { freePort, gatehouse, MAIN, NODE, nodeServer, ROOT } from './helpers/gateway.ts';
import { Link } from './helpers/pg-link.ts';
import { testDatabase } from './helpers/postgres.ts';
import { until } from './helpers/wait.ts';

let url: string;
let db: PostgresDb;
let link: Link;

before(async () => {
  url = await testDatabase();
  db = new PostgresDb(url);
  await migrate(db);
  link = new Link(await freePort());
});
after(async () => {
  await link?.cut();
  await db?.close();
});

/** A data folder and a config naming it and `database` (the link's port when `viaLink`). */
function setup(options: { viaLink?: boolean } = {}): { data: string; config: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-recover-'));
  const database = new URL(url);
  if (options.viaLink) database.port = String(link.port);
  const config = path.join(dir, 'gatehouse.yaml');
  writeFileSync(config, `gateway:\n  data: ./data\n  database: ${database}\nservers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\n`);
  return { data: path.join(dir, 'data'), config };
}

/** Writes a journal as a gateway killed by kill -9 leaves it; resolves once the writer is dead. */
function killedJournal(data: string, prefix: string, answered: number, unanswered: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [path.join(ROOT, 'test/fixtures/journal-writer.ts'), data, 'r9', prefix, String(answered), String(unanswered)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the journal writer did not die by SIGKILL: ${stderr}`))));
  });
}

async function stored(prefix: string): Promise<{ rows: number; calls: number; unknown: number; replicas: string[] }> {
  const [r] = await db.query<{ rows: string; calls: string; unknown: string; replicas: string[] }>(
    `SELECT count(*) AS rows, count(DISTINCT request_id) AS calls, count(*) FILTER (WHERE outcome = 'unknown') AS unknown, array_agg(DISTINCT replica) AS replicas
       FROM audit WHERE request_id LIKE $1`, [`${prefix}-%`]);
  return { rows: Number(r.rows), calls: Number(r.calls), unknown: Number(r.unknown), replicas: r.replicas ?? [] };
}

/** `gatehouse recover` as a process the test can kill, with its output. */
function recoverProcess(config: string) {
  const child = spawn(NODE, [MAIN, 'recover', '--config', config], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { child, done };
}

describe('gatehouse recover ships a killed gateway\'s journal to PostgreSQL', () => {
  test('every answered call once, every forwarded call never answered as unknown, each naming its replica; thousands in one journal', async () => {
    const { data, config } = setup();
    // More records than one INSERT can carry (65,535 parameters, 16 per record).
    await killedJournal(data, 'big', 5_000, 3);
    const run = await gatehouse('recover', '--config', config);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /1 journal in .* shipped to postgres:.*: 5000 answered call records and 3 forwarded calls never answered \(outcome unknown\)/);
    assert.deepEqual(await stored('big'), { rows: 5_003, calls: 5_003, unknown: 3, replicas: ['r9'] });
    assert.deepEqual(readdirSync(journalDir(data)), [], 'a shipped journal is removed');
    const again = await gatehouse('recover', '--config', config);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /0 journals .*0 answered call records and 0 forwarded calls/);
  });

  test('the same journal replayed twice writes nothing twice', async () => {
    const { data, config } = setup();
    await killedJournal(data, 'twice', 200, 2);
    const [name] = readdirSync(journalDir(data));
    const copy = path.join(path.dirname(data), 'journal-copy');
    copyFileSync(path.join(journalDir(data), name), copy);
    assert.equal((await gatehouse('recover', '--config', config)).status, 0);
    // The file as it was before the first replay, back in the folder (a backup restored, a
    // replay whose removal was lost): the second replay finds every record stored.
    copyFileSync(copy, path.join(journalDir(data), name));
    const second = await gatehouse('recover', '--config', config);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /1 journal .*: 0 answered call records and 0 forwarded calls/);
    assert.deepEqual(await stored('twice'), { rows: 202, calls: 202, unknown: 2, replicas: ['r9'] });
  });

  test('PostgreSQL away at the start, then cut mid-way: the journal is kept, and shipped once it is back, none twice', async () => {
    const { data, config } = setup({ viaLink: true });
    await killedJournal(data, 'cut', 40_000, 5);
    // Nothing listens on the link's port yet.
    const away = await gatehouse('recover', '--config', config);
    assert.equal(away.status, 3);
    assert.match(away.stderr, /cannot reach the database .*the journal is kept/);
    assert.equal(readdirSync(journalDir(data)).length, 1);
    await link.up();
    const run = recoverProcess(config);
    await until('the first records shipped', async () => ((await stored('cut')).rows > 0 ? true : undefined), 60_000, 10);
    await link.cut();
    const cut = await run.done;
    assert.equal(cut.status, 3, `${cut.stdout}${cut.stderr}`);
    assert.match(cut.stderr, /writing to .* failed: .*the journal is kept/);
    const part = await stored('cut');
    assert.ok(part.rows < 40_005, `cut mid-way: ${part.rows} of 40005 shipped`);
    await link.up();
    const rest = await gatehouse('recover', '--config', config);
    assert.equal(rest.status, 0, rest.stderr);
    assert.deepEqual(await stored('cut'), { rows: 40_005, calls: 40_005, unknown: 5, replicas: ['r9'] });
    assert.deepEqual(readdirSync(journalDir(data)), []);
    await link.cut();
  });

  test('kill -9 of `gatehouse recover` mid-way: the next run ships the rest, none twice', async () => {
    const { data, config } = setup();
    await killedJournal(data, 'kill', 40_000, 5);
    const run = recoverProcess(config);
    await until('the first records shipped', async () => ((await stored('kill')).rows > 0 ? true : undefined), 60_000, 10);
    run.child.kill('SIGKILL');
    assert.equal((await run.done).signal, 'SIGKILL');
    const part = await stored('kill');
    assert.ok(part.rows < 40_005, `killed mid-way: ${part.rows} of 40005 shipped`);
    // The journal, claimed by the dead run, is taken over.
    assert.match(readdirSync(journalDir(data)).join(), /\.replaying-\d+/);
    const rest = await gatehouse('recover', '--config', config);
    assert.equal(rest.status, 0, rest.stderr);
    assert.deepEqual(await stored('kill'), { rows: 40_005, calls: 40_005, unknown: 5, replicas: ['r9'] });
  });

  test('a journal whose gateway still runs is left alone, and the command says so', async () => {
    const { data, config } = setup();
    mkdirSync(data, { recursive: true });
    // Written by this live process: the gateway that owns it may still ship it itself.
    const journal = new AuditJournal(data, { replica: 'alive' });
    journal.forwarded({ time: Date.now(), requestId: 'live-1', agent: 'a', session: '', server: 'seed', tool: 'echo', decision: 'allow', rule: 'default', reason: '', gatewayMs: 0, upstreamMs: null, outcome: 'ok', argsDigest: '', args: null });
    journal.flush();
    const run = await gatehouse('recover', '--config', config);
    journal.close({ remove: true });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /1 journal was left alone: a gateway may still be writing it/);
    assert.equal((await stored('live')).rows, 0);
  });

  test('a folder with no journal: nothing to do', async () => {
    const { data, config } = setup();
    assert.ok(!existsSync(data));
    const run = await gatehouse('recover', '--config', config);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /no audit journal in .*: nothing to recover/);
  });
});

describe('gatehouse recover without a shared database', () => {
  test('without a database, --data ships to the SQLite store of that folder, not of the config', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-recover-sqlite-'));
    const config = path.join(dir, 'gatehouse.yaml');
    writeFileSync(config, `gateway:\n  data: ./own\nservers:\n  seed: ${nodeServer('test/fixtures/seed-server.ts')}\n`);
    const other = path.join(dir, 'copied-from-a-dead-machine');
    await killedJournal(other, 'lone', 30, 2);
    const run = await gatehouse('recover', '--config', config, '--data', other);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`shipped to the SQLite store in ${other}: 30 answered call records and 2 forwarded calls`));
    const store = SqliteAuditStore.openReadOnly(other);
    assert.equal(await store.count(), 32);
    await store.close();
    assert.equal(existsSync(path.join(dir, 'own', 'audit.db')), false, "the config's own store is not touched");
  });
});
