// Counts the machine instructions the gateway executes per tools/call, under valgrind's
// callgrind: a figure that does not move with the machine's load, unlike calls/s or CPU time
// (which vary by ±20% from run to run on the shared 2-core machine). It compares two builds,
// or one change, where timing cannot.
//
//   node bench/instructions.ts [--sessions 16] [--warm 400] [--calls 150]
//
// The gateway runs as in bench/run.ts (the same config, policy and cheap shared stdio server),
// its node under `valgrind --tool=callgrind` with instrumentation off (the start-up runs at near native speed). Each of 16 sessions makes
// --warm calls (V8 tiers code up by call counts, so the same number of calls leaves the same
// code optimized), then instrumentation is switched on (callgrind_control -i on), each session makes
// --calls more, and it is switched off. The count covers every thread of the process (the
// main thread, the garbage collector's and compiler's helpers, libuv's pool); the cheap server
// and the load client run natively and are not counted. Repeated runs of one build agree to
// about 2% (the batching of a turn's writes and the audit's 50 ms batches still follow the clock).
// GATEHOUSE_BENCH_NODE_ARGS adds node flags to the gateway's.
//
// Needs valgrind (Debian's package; `.ci/run` does not install it: this is a tool for the
// developer, not a test).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGatehouse } from './lib/gatehouse.ts';
import { openSession, warmUp, type CallCounter, type LoadSession } from './lib/mcp-load.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const sessionsWanted = option('--sessions', 16);
const warm = option('--warm', 400);
const calls = option('--calls', 150);

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('bench/instructions.ts needs valgrind: apt-get install -y valgrind');
  process.exit(2);
}

const outDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-callgrind-'));
const outFile = path.join(outDir, 'callgrind.out');
const gatehouse = await startGatehouse({
  shared: true,
  nodeArgs: process.env.GATEHOUSE_BENCH_NODE_ARGS?.split(' ').filter(Boolean),
  wrap: {
    // V8 writes and patches machine code at run time: valgrind must check for it everywhere.
    command: ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`],
    startTimeoutMs: 300_000,
  },
});
const pid = gatehouse.service.child.pid!;
const counter: CallCounter = { sent: 0 };
const sessions: LoadSession[] = [];
try {
  for (let i = 0; i < sessionsWanted; i++) sessions.push(await openSession({ kind: 'http', url: gatehouse.url }, 'wire'));
  await warmUp(sessions, warm, counter);
  execFileSync('callgrind_control', ['-i', 'on', String(pid)], { stdio: 'ignore' });
  const started = performance.now();
  await warmUp(sessions, calls, counter);
  const seconds = (performance.now() - started) / 1000;
  execFileSync('callgrind_control', ['-i', 'off', String(pid)], { stdio: 'ignore' });
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  await gatehouse.stop();
  const totals = /^totals:\s*(\d+)/m.exec(readFileSync(outFile, 'utf8'));
  if (!totals) throw new Error(`no totals in ${outFile}`);
  const measured = sessionsWanted * calls;
  const perCall = Number(totals[1]) / measured;
  console.log(`gatehouse: ${measured} calls measured (${sessionsWanted} sessions × ${calls}, after ${warm} each to warm up), ${(perCall / 1000).toFixed(1)} k instructions per call (${seconds.toFixed(1)} s under callgrind)`);
} finally {
  await gatehouse.stop().catch(() => undefined);
  gatehouse.remove();
  rmSync(outDir, { recursive: true, force: true });
}
