// `npm run bench`: Gatehouse against the MCP proxies users run today, on loopback, one at a time,
// with the same load client and the same cheap stdio upstream (bench/fixtures/cheap-server.ts).
//
//   node bench/run.ts [--quick] [--duration S] [--calls N] [--sessions N] [--client wire|raw|sdk] [--rounds N]
//                     [--only direct,floor,gatehouse,gatehouse-isolated,mcp-proxy,supergateway]
//                     [--cpu-prof DIR]
//
// Targets: `direct` (the client spawns the server and speaks stdio to it), `floor`
// (bench/fixtures/minimal-proxy.ts: the least an HTTP → stdio hop can do), `gatehouse` (the
// realistic policy of bench/lib/gatehouse.ts, audit on, the server `shared`), `gatehouse-isolated`
// (the same with a server process per session), `mcp-proxy` and `supergateway`
// (their documented Streamable HTTP flags). For each: (a) `--calls` back-to-back calls on one
// session after a warm-up: p50, p99; (b) `--sessions` sessions calling back-to-back for
// `--duration` seconds: calls/s, p50, p99. Then the ratios Gatehouse / each peer, and the
// audit check: every call sent to Gatehouse must be in its audit log once it has stopped.
// The CPU columns (from /proc, the concurrent phase) say where the machine's time went per call:
// in the proxy process, in the servers it started, in this load client. `--cpu-prof DIR` runs
// Gatehouse under `node --cpu-prof`; read the profile with `node bench/profile-summary.ts FILE`.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countAuditRecords, startGatehouse, type RunningGatehouse } from './lib/gatehouse.ts';
import { concurrent, openSession, sequential, warmUp, type CallCounter, type ClientKind, type Endpoint, type LoadSession, type Stats } from './lib/mcp-load.ts';
import { CHEAP_SERVER, cpuSeconds, descendants, freePort, machineTicks, NODE, ROOT, startService, waitForHttp, type Service } from './lib/procs.ts';

const TARGETS = ['direct', 'floor', 'gatehouse', 'gatehouse-isolated', 'mcp-proxy', 'supergateway'] as const;
/**
 * Not peers but yardsticks: no proxy at all, the least an HTTP → stdio hop can do, and Gatehouse
 * with one server process per session (the default for a server not marked `shared`).
 */
const YARDSTICKS: readonly Target[] = ['direct', 'floor', 'gatehouse-isolated'];
type Target = (typeof TARGETS)[number];

interface Options {
  quick: boolean;
  /** Times the whole list of targets is measured, one after the other: ratios are taken within a round, then their median. */
  rounds: number;
  duration: number;
  calls: number;
  sessions: number;
  client: ClientKind;
  only: Target[];
  cpuProf?: string;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const number = (flag: string, fallback: number): number => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!(n > 0)) throw new Error(`${flag} needs a positive number, not ${v}`);
    return n;
  };
  const client = (value('--client') ?? 'wire') as ClientKind;
  if (client !== 'wire' && client !== 'raw' && client !== 'sdk') throw new Error(`--client is wire, raw or sdk, not ${client}`);
  const only = (value('--only') ?? TARGETS.join(',')).split(',').map((t) => t.trim()) as Target[];
  for (const t of only) if (!TARGETS.includes(t)) throw new Error(`unknown target ${t}; targets: ${TARGETS.join(', ')}`);
  return {
    quick,
    rounds: Math.max(1, number('--rounds', 1)),
    duration: number('--duration', quick ? 1 : 10),
    calls: number('--calls', quick ? 30 : 3000),
    sessions: number('--sessions', 16),
    client,
    only,
    cpuProf: value('--cpu-prof'),
  };
}

interface Result {
  target: Target;
  seq?: Stats;
  conc?: Stats;
  /** CPU time per call in the concurrent phase, µs: the proxy process itself, its servers, the load client. */
  cpuUsPerCall?: number;
  serversUsPerCall?: number;
  clientUsPerCall?: number;
  /** Share of the machine's CPU time that was busy during the concurrent phase. */
  busy?: number;
  error?: string;
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

interface Started {
  endpoint: Endpoint;
  pid?: number;
  stop(): Promise<void>;
  gatehouse?: RunningGatehouse;
}

async function start(target: Target, options: Options): Promise<Started> {
  const serverCommand = { command: NODE, args: [CHEAP_SERVER] };
  switch (target) {
    case 'direct':
      return { endpoint: { kind: 'stdio', ...serverCommand, cwd: ROOT }, stop: async () => {} };
    case 'floor': {
      const port = await freePort();
      const service = startService('minimal-proxy', NODE, [path.join(ROOT, 'bench/fixtures/minimal-proxy.ts'), String(port), serverCommand.command, ...serverCommand.args]);
      return started(service, `http://127.0.0.1:${port}/mcp`);
    }
    case 'gatehouse':
    case 'gatehouse-isolated': {
      const nodeArgs = [...(options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.cpuProf)] : []), ...(process.env.GATEHOUSE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
      // `gatehouse`: the cheap server is `shared: true`, one process for every session, as
      // mcp-proxy runs it; `gatehouse-isolated`: one process per session, as supergateway does.
      const gatehouse = await startGatehouse({ nodeArgs, shared: target === 'gatehouse' });
      process.stderr.write(`bench: ${target}: start-up listing of the servers' tools took ${(gatehouse.listedMs / 1000).toFixed(1)} s (waited for)\n`);
      return { endpoint: { kind: 'http', url: gatehouse.url }, pid: gatehouse.service.child.pid, gatehouse, stop: async () => void (await gatehouse.stop()) };
    }
    case 'mcp-proxy': {
      // README: `npx mcp-proxy --port 8080 --shell -- tsx server.js`; --server stream serves
      // Streamable HTTP only, --host binds loopback (its default is "::").
      const port = await freePort();
      const service = startService('mcp-proxy', NODE, [
        path.join(ROOT, 'node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs'),
        '--port', String(port), '--host', '127.0.0.1', '--server', 'stream', '--', serverCommand.command, ...serverCommand.args,
      ]);
      return started(service, `http://127.0.0.1:${port}/mcp`);
    }
    case 'supergateway': {
      // README, "stdio → Streamable HTTP", stateful mode (one server per session, as MCP
      // sessions expect; its stateless mode starts a server process per POST). It has no
      // option for the bind address, so a preload makes its listen() use 127.0.0.1.
      // --logLevel none spares it a log line per request (its default is info).
      const port = await freePort();
      const service = startService('supergateway', NODE, [
        '--import', path.join(ROOT, 'bench/lib/loopback.ts'),
        path.join(ROOT, 'node_modules/supergateway/dist/index.js'),
        '--stdio', `${JSON.stringify(serverCommand.command)} ${serverCommand.args.map((a) => JSON.stringify(a)).join(' ')}`,
        '--outputTransport', 'streamableHttp', '--stateful', '--port', String(port), '--logLevel', 'none',
      ]);
      return started(service, `http://127.0.0.1:${port}/mcp`);
    }
  }
}

async function started(service: Service, url: string): Promise<Started> {
  await waitForHttp(service, url);
  return { endpoint: { kind: 'http', url }, pid: service.child.pid, stop: async () => void (await service.stop()) };
}

async function measure(target: Target, options: Options, counter: CallCounter): Promise<Result> {
  const result: Result = { target };
  const running = await start(target, options);
  const sessions: LoadSession[] = [];
  try {
    const warm = options.quick ? 5 : 200;
    const one = await openSession(running.endpoint, options.client);
    sessions.push(one);
    await warmUp([one], warm, counter);
    result.seq = await sequential(one, options.calls, Math.max(options.duration * 3, 5), counter);

    // The sessions open one after the other, as clients arriving do, not in one burst.
    for (let i = sessions.length; i < options.sessions; i++) sessions.push(await openSession(running.endpoint, options.client));
    await warmUp(sessions, options.quick ? 2 : 20, counter);
    // The servers: the proxy's children (or, direct, this process's own).
    const servers = descendants(running.pid ?? process.pid);
    const serversCpu = () => servers.reduce((sum, pid) => sum + (cpuSeconds(pid) || 0), 0);
    const before = { proxy: cpuSeconds(running.pid), servers: serversCpu(), client: process.cpuUsage(), machine: machineTicks() };
    result.conc = await concurrent(sessions, options.duration, options.quick ? 1000 : 10_000_000, counter);
    const client = process.cpuUsage(before.client);
    const machine = machineTicks();
    const n = result.conc.calls;
    if (n > 0) {
      const proxy = cpuSeconds(running.pid) - before.proxy;
      if (Number.isFinite(proxy)) result.cpuUsPerCall = (proxy * 1e6) / n;
      result.serversUsPerCall = ((serversCpu() - before.servers) * 1e6) / n;
      result.clientUsPerCall = (client.user + client.system) / n;
      result.busy = (machine.busy - before.machine.busy) / (machine.total - before.machine.total);
    }
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    await running.stop();
  }
  if (running.gatehouse) {
    try {
      (result as Result & { audit?: { sent: number; recorded: number } }).audit = { sent: counter.sent, recorded: countAuditRecords(running.gatehouse.dir) };
    } catch (err) {
      result.error = `audit count failed: ${(err as Error).message}`;
    } finally {
      running.gatehouse.remove();
    }
  }
  return result;
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));

function table(results: Result[], options: Options): string {
  const head = `| target | seq p50 ms | seq p99 ms | ${options.sessions} sessions calls/s | p50 ms | p99 ms | errors | CPU µs/call: proxy | servers | client | machine busy |`;
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map((r) => {
    if (r.error && !r.conc) return `| ${r.target} | failed: ${r.error.split('\n')[0].slice(0, 120)} | | | | | | | | | |`;
    const errors = (r.seq?.errors ?? 0) + (r.conc?.errors ?? 0);
    return `| ${r.target} | ${fmt(r.seq?.p50Ms, 3)} | ${fmt(r.seq?.p99Ms, 3)} | ${fmt(r.conc?.callsPerS, 0)} | ${fmt(r.conc?.p50Ms, 3)} | ${fmt(r.conc?.p99Ms, 3)} | ${errors} | ${fmt(r.cpuUsPerCall, 0)} | ${fmt(r.serversUsPerCall, 0)} | ${fmt(r.clientUsPerCall, 0)} | ${r.busy === undefined ? '-' : `${Math.round(r.busy * 100)}%`} |`;
  });
  return [head, rule, ...rows].join('\n');
}

function machine(): string {
  let cpu = os.cpus()[0]?.model ?? '?';
  try {
    cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ` +
    `mcp-proxy ${version('mcp-proxy')}, supergateway ${version('supergateway')}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // The whole run is bounded: a stuck target cannot keep it alive.
  const budgetS = options.rounds * options.only.length * (options.duration * 5 + 90);
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${budgetS} s; giving up\n`);
    process.exit(1);
  }, budgetS * 1000);
  watchdog.unref();

  console.log(`# Gatehouse benchmark${options.quick ? ' (quick)' : ''}`);
  console.log(`machine: ${machine()}`);
  console.log(`load: ${options.calls} sequential calls on one session; ${options.sessions} sessions for ${options.duration} s; client: ${options.client}${options.rounds > 1 ? `; ${options.rounds} rounds` : ''}`);
  // With several rounds, each target is measured once per round, the targets one after the
  // other: a ratio is taken between runs minutes apart at most, and the median of the rounds'
  // ratios is what a noisy machine (±20% from one run to the next here) still tells reliably.
  const rounds: Result[][] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const results: Result[] = [];
    for (const target of options.only) {
      process.stderr.write(`bench: ${target}${options.rounds > 1 ? ` (round ${round})` : ''}...\n`);
      const counter: CallCounter = { sent: 0 };
      const result = await measure(target, options, counter).catch((err: Error): Result => ({ target, error: err.message }));
      if (result.error) process.stderr.write(`bench: ${target}: ${result.error}\n`);
      if (result.conc?.firstError ?? result.seq?.firstError) process.stderr.write(`bench: ${target}: first call error: ${result.conc?.firstError ?? result.seq?.firstError}\n`);
      results.push(result);
    }
    rounds.push(results);
    console.log('');
    if (options.rounds > 1) console.log(`## Round ${round}\n`);
    console.log(table(results, options));
  }

  let ok = rounds.flat().every((r) => !r.error);
  const ratios = rounds.map((results) => {
    const gh = results.find((r) => r.target === 'gatehouse');
    const byPeer = new Map<string, { throughput: number; p50: number }>();
    if (!gh?.seq || !gh.conc) return byPeer;
    for (const peer of results) {
      if (peer === gh || !peer.seq || !peer.conc) continue;
      // The yardsticks are no peers: their rows say what any hop costs, and the least it can.
      const name = YARDSTICKS.includes(peer.target) ? `${peer.target} (for scale)` : peer.target;
      byPeer.set(name, { throughput: gh.conc.callsPerS / peer.conc.callsPerS, p50: gh.seq.p50Ms / peer.seq.p50Ms });
    }
    return byPeer;
  });
  const peers = [...new Set(ratios.flatMap((r) => [...r.keys()]))];
  if (peers.length > 0) {
    console.log('');
    if (options.rounds > 1) {
      console.log(`| Gatehouse / peer, median of ${options.rounds} rounds | throughput (target ≥ 3) | seq p50 (target ≤ 0.5) | throughput by round | seq p50 by round |`);
      console.log('|---|---:|---:|---|---|');
    } else {
      console.log('| Gatehouse / peer | throughput (target ≥ 3) | seq p50 (target ≤ 0.5) |');
      console.log('|---|---:|---:|');
    }
    for (const name of peers) {
      const got = ratios.map((r) => r.get(name)).filter((x) => x !== undefined);
      const throughput = got.map((x) => x.throughput);
      const p50 = got.map((x) => x.p50);
      const cells = `| ${name} | ${fmt(median(throughput))} | ${fmt(median(p50))} |`;
      console.log(options.rounds > 1 ? `${cells} ${throughput.map((x) => fmt(x)).join(', ')} | ${p50.map((x) => fmt(x)).join(', ')} |` : cells);
    }
  }
  for (const r of rounds.flat()) {
    const audit = (r as Result & { audit?: { sent: number; recorded: number } }).audit;
    if (!audit) continue;
    const lost = audit.sent - audit.recorded;
    console.log('');
    console.log(`audit (${r.target}): ${audit.sent} calls sent to Gatehouse, ${audit.recorded} records in audit.db, ${lost === 0 ? 'none lost' : `${lost} LOST`}`);
    if (lost !== 0) ok = false;
  }
  process.exitCode = ok ? 0 : 1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

await main();
