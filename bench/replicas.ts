// Several replicas (`gateway.database` + `gateway.redis`) behind HAProxy round-robin, no sticky
// sessions: calls/s and latency with 1, 2 and 3 replicas, each sharing one fresh PostgreSQL
// database (audit, approvals, sessions) and the machine's Redis. A session's calls run on the
// replica that owns it; a request the balancer hands to another replica is forwarded there.
// Then every call sent must be in the shared audit. On a 2-core machine the trend, not the level,
// is the point: three Node processes and HAProxy share the same two cores as the load client.
//
//   node bench/replicas.ts [--quick] [--duration S] [--sessions N] [--replicas 1,2,3]
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { startHaproxy } from '../test/helpers/replicas.ts';
import { startGatehouse, type RunningGatehouse } from './lib/gatehouse.ts';
import { concurrent, openSession, warmUp, type CallCounter, type LoadSession } from './lib/mcp-load.ts';
import { cpuSeconds, machineTicks } from './lib/procs.ts';

const ADMIN_URL = process.env.GATEHOUSE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.GATEHOUSE_BENCH_REDIS ?? 'redis://127.0.0.1:6379';

function option(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quick = process.argv.includes('--quick');
const duration = Number(option('--duration') ?? (quick ? 1 : 10));
const sessionCount = Number(option('--sessions') ?? (quick ? 4 : 16));
const counts = (option('--replicas') ?? '1,2,3').split(',').map(Number);

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

interface Row {
  replicas: number;
  callsPerS: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  sent: number;
  audited: number;
  /**
   * CPU time of the replica processes (not their upstreams, HAProxy or PostgreSQL) per call of
   * the timed phase, in µs: what a busy machine disturbs less than calls/s.
   */
  cpuUsPerCall: number;
  /** Share of the machine's CPU time busy during the timed phase (other work included). */
  busy: number;
}

/** Waits until the replica's start-up listing of its servers is over (`/readyz`: none pending). */
async function listed(origin: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await fetch(`${origin}/readyz`).then((r) => r.json() as Promise<{ checks?: { upstreams?: Record<string, string> } }>, () => undefined);
    const upstreams = Object.values(body?.checks?.upstreams ?? { unknown: 'pending' });
    if (!upstreams.includes('pending')) return;
    if (Date.now() > deadline) throw new Error(`${origin}: the servers were still being listed after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function measure(n: number): Promise<Row> {
  const name = `gh_bench_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const replicas: RunningGatehouse[] = [];
  let balancer: Awaited<ReturnType<typeof startHaproxy>> | undefined;
  const sessions: LoadSession[] = [];
  try {
    // One at a time: the first creates the schema (concurrent starts are tested in npm test).
    for (let i = 0; i < n; i++) {
      replicas.push(await startGatehouse({ shared: true, gatewayExtra: `  database: ${url}\n  redis: ${REDIS}\n  replica: bench-${i}` }));
    }
    // Each replica lists every configured server's tools at start (eleven stdio processes at
    // once): measure calls once that is over, not the start of a busy machine, where the
    // shared server's handshake could wait for its 30 s limit.
    for (const r of replicas) await listed(new URL(r.url).origin);
    balancer = await startHaproxy(replicas.map((r) => Number(new URL(r.url).port)));
    const counter: CallCounter = { sent: 0 };
    for (let i = 0; i < sessionCount; i++) sessions.push(await openSession({ kind: 'http', url: `${balancer.url}/mcp/cheap` }, 'wire'));
    await warmUp(sessions, quick ? 5 : 50, counter);
    const pids = replicas.map((r) => r.service.child.pid);
    const cpuBefore = pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);
    const ticksBefore = machineTicks();
    const sentBefore = counter.sent;
    const stats = await concurrent(sessions, duration, Number.MAX_SAFE_INTEGER, counter);
    const cpu = pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore;
    const ticksAfter = machineTicks();
    const timedCalls = counter.sent - sentBefore;
    const busy = (ticksAfter.busy - ticksBefore.busy) / (ticksAfter.total - ticksBefore.total);
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    await balancer.stop();
    await Promise.all(replicas.map((r) => r.stop()));
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const audited = Number((await db.query(`SELECT count(*) AS n FROM audit WHERE tool = 'add'`)).rows[0].n);
    await db.end();
    return { replicas: n, callsPerS: stats.callsPerS, p50Ms: stats.p50Ms, p99Ms: stats.p99Ms, errors: stats.errors, sent: counter.sent, audited, cpuUsPerCall: (cpu / timedCalls) * 1e6, busy };
  } finally {
    await balancer?.stop();
    await Promise.all(replicas.map((r) => r.stop().catch(() => null)));
    for (const r of replicas) r.remove();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

const rows: Row[] = [];
for (const n of counts) rows.push(await measure(n));
console.log(`\nReplicas behind HAProxy round-robin: ${sessionCount} sessions calling back-to-back for ${duration} s (wire client, shared upstream)`);
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine shares its cores)`);
console.log('| replicas | calls/s | p50 ms | p99 ms | errors | sent | audited | replicas\' CPU µs/call | machine busy |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.replicas} | ${r.callsPerS.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${r.sent} | ${r.audited} | ${r.cpuUsPerCall.toFixed(0)} | ${(r.busy * 100).toFixed(0)}% |`);
const lost = rows.filter((r) => r.audited !== r.sent || r.errors > 0);
if (lost.length > 0) {
  console.error(`audit check failed: ${lost.map((r) => `${r.replicas} replicas: ${r.sent} sent, ${r.audited} audited, ${r.errors} errors`).join('; ')}`);
  process.exitCode = 1;
}
