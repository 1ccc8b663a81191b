// Resident size of the gateway with many idle sessions: each session sends initialize and
// notifications/initialized, then nothing. Only the gateway process's own RSS is the result
// (VmRSS in /proc/<pid>/status); the server processes it started are counted and shown apart.
//
//   node bench/memory.ts [--quick] [--sessions N] [--upstream stdio|http]
//
// --upstream stdio (default): the cheap server over stdio. The gateway answers a session's
// initialize from its handshake cache and starts the server on the session's first request,
// so idle sessions cost no process. Should a gateway start one per session anyway, the run
// stops after the first batch rather than start a thousand processes.
// --upstream http: the cheap server over Streamable HTTP (bench/fixtures/cheap-server.ts --http).
import { startGatehouse } from './lib/gatehouse.ts';
import { RawHttpSession } from './lib/mcp-load.ts';
import { CHEAP_SERVER, descendants, freePort, mib, NODE, rssBytes, startService, waitForHttp, type Service } from './lib/procs.ts';

const TARGET_MB = 150;

function option(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const count = Number(option('--sessions') ?? (quick ? 50 : 1000));
  const upstreamKind = option('--upstream') ?? 'stdio';
  if (upstreamKind !== 'stdio' && upstreamKind !== 'http') throw new Error(`--upstream is stdio or http, not ${upstreamKind}`);
  const watchdog = setTimeout(() => {
    process.stderr.write('memory: still running after 5 minutes; giving up\n');
    process.exit(1);
  }, 300_000);
  watchdog.unref();

  let upstreamService: Service | undefined;
  let upstream: { kind: 'stdio' } | { kind: 'http'; url: string } = { kind: 'stdio' };
  if (upstreamKind === 'http') {
    const port = await freePort();
    upstreamService = startService('cheap-server', NODE, [CHEAP_SERVER, '--http', String(port)]);
    const url = `http://127.0.0.1:${port}/mcp`;
    await waitForHttp(upstreamService, url);
    upstream = { kind: 'http', url };
  }
  const gatehouse = await startGatehouse({ upstream, gatewayExtra: `  max_sessions: ${Math.max(1000, count)}`, nodeArgs: process.env.GATEHOUSE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) });
  const pid = gatehouse.service.child.pid!;
  const sessions: RawHttpSession[] = [];
  let ok = true;
  try {
    await sleep(1000);
    const baseline = rssBytes(pid);

    // The first session alone: it starts the server and fills the gateway's handshake cache
    // (sessions initializing at the same moment on a cold gateway would each start one).
    sessions.push(await RawHttpSession.open(gatehouse.url));
    const batch = 10;
    for (let opened = 1; opened < count; opened += batch) {
      const n = Math.min(batch, count - opened);
      sessions.push(...(await Promise.all(Array.from({ length: n }, () => RawHttpSession.open(gatehouse.url)))));
      const children = descendants(pid).length;
      if (upstreamKind === 'stdio' && children > 3) {
        throw new Error(`the gateway has ${children} child processes after ${sessions.length} idle sessions: it starts a server per session; ` +
          'rerun with --upstream http to measure the gateway alone');
      }
    }
    const ids = new Set(sessions.map((s) => s.sessionId));
    if (ids.size !== count) throw new Error(`expected ${count} distinct sessions, got ${ids.size}`);
    await sleep(2000);
    const withConnections = rssBytes(pid);
    // Clients gone quiet close their connections; the sessions stay open on the gateway.
    for (const s of sessions) s.disconnect();
    await sleep(2000);
    const withoutConnections = rssBytes(pid);
    const children = descendants(pid);
    const childrenRss = children.reduce((sum, p) => sum + (rssBytes(p) || 0), 0);

    const perSession = (withoutConnections - baseline) / count / 1024;
    console.log(`# Gateway memory with ${count} idle sessions${quick ? ' (quick)' : ''}: upstream over ${upstreamKind}; Node ${process.version}`);
    console.log('');
    console.log('| gateway process | RSS MiB |');
    console.log('|---|---:|');
    console.log(`| started, no session | ${mib(baseline)} |`);
    console.log(`| ${count} idle sessions, each with its keep-alive connection open | ${mib(withConnections)} |`);
    console.log(`| ${count} idle sessions, connections closed | ${mib(withoutConnections)} |`);
    console.log('');
    console.log(`per idle session: ${perSession.toFixed(1)} KiB; server processes started by the gateway: ${children.length} (${mib(childrenRss)} MiB, not counted above)`);
    // The target is in MB (10^6 bytes), the table in MiB: compared in MB, the stricter reading.
    const worstBytes = Math.max(withConnections, withoutConnections);
    const worstMb = worstBytes / 1e6;
    if (count >= 1000) {
      console.log(`target < ${TARGET_MB} MB with 1,000 idle sessions: ${worstMb < TARGET_MB ? 'met' : 'MISSED'} (${worstMb.toFixed(1)} MB = ${mib(worstBytes)} MiB at most)`);
      if (worstMb >= TARGET_MB) ok = false;
    }
  } catch (err) {
    process.stderr.write(`memory: ${(err as Error).message}\n`);
    ok = false;
  } finally {
    for (const s of sessions) s.disconnect();
    await gatehouse.stop();
    gatehouse.remove();
    await upstreamService?.stop();
  }
  process.exitCode = ok ? 0 : 1;
}

await main();
