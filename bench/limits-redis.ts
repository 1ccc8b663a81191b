// What one rate-limit check costs through Redis (`gateway.redis`): RedisLimitStore.acquire()
// against a local Redis, one call at a time and 16 at once, for a call under one limit, under
// two, and one that is refused; a PING round trip and the in-memory store are shown for scale.
// Not part of `npm run bench` or `npm test`.
//
//   node bench/limits-redis.ts [--url redis://127.0.0.1:6379] [--calls 5000]
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { MemoryLimitStore } from '../src/limits/memory-store.ts';
import { RedisLimitStore } from '../src/limits/redis-store.ts';
import type { LimitRequest, LimitStore } from '../src/limits/types.ts';

function option(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const url = option('--url') ?? 'redis://127.0.0.1:6379';
const calls = Number(option('--calls') ?? 5000);
const prefix = `gatehouse-bench:${randomUUID()}:`;

/** Runs `calls` acquires, `concurrency` at a time; returns µs per acquire (wall clock / calls). */
async function time(store: LimitStore, requests: (i: number) => LimitRequest[], concurrency: number): Promise<{ us: number; ok: number }> {
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < calls) {
      const i = next++;
      if ((await store.acquire(requests(i))).ok) ok++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { us: ((performance.now() - started) * 1000) / calls, ok };
}

const cases: { name: string; requests: (i: number) => LimitRequest[] }[] = [
  // Many keys, as sessions would have: each sorted set stays small.
  { name: 'one limit, allowed', requests: (i) => [{ key: `one:${i % 100}`, max: 1_000_000, windowMs: 60_000 }] },
  { name: 'two limits, allowed', requests: (i) => [{ key: `a:${i % 100}`, max: 1_000_000, windowMs: 60_000 }, { key: 'global', max: 1_000_000, windowMs: 60_000 }] },
  { name: 'one limit, refused', requests: () => [{ key: 'full', max: 10, windowMs: 60_000 }] },
];

async function main(): Promise<void> {
  const redis = new RedisLimitStore(url, { prefix });
  await redis.ready();
  const memory = new MemoryLimitStore({ sweepIntervalMs: 0 });
  const rows: string[] = [];
  try {
    // Warm up: the script cache, the connection, the JIT.
    await time(redis, (i) => [{ key: `warm:${i}`, max: 10, windowMs: 1000 }], 16);
    for (const c of cases) {
      for (const concurrency of [1, 16]) {
        const r = await time(redis, c.requests, concurrency);
        rows.push(`${`redis  ${c.name}`.padEnd(30)} ${String(concurrency).padStart(3)} at once  ${r.us.toFixed(1).padStart(7)} µs/acquire  ${Math.round(1e6 / r.us).toLocaleString('en').padStart(8)} acquires/s`);
      }
    }
    // The floor: one PING round trip on a connection of its own.
    const ping = new Redis(url);
    try {
      for (let i = 0; i < 1000; i++) await ping.ping();
      const started = performance.now();
      for (let i = 0; i < calls; i++) await ping.ping();
      const us = ((performance.now() - started) * 1000) / calls;
      rows.push(`${'PING round trip (floor)'.padEnd(30)}   1 at once  ${us.toFixed(1).padStart(7)} µs/call     ${Math.round(1e6 / us).toLocaleString('en').padStart(8)} calls/s`);
    } finally {
      await ping.quit();
    }
    const m = await time(memory, cases[0].requests, 1);
    rows.push(`${'memory one limit, allowed'.padEnd(30)}   1 at once  ${m.us.toFixed(1).padStart(7)} µs/acquire  ${Math.round(1e6 / m.us).toLocaleString('en').padStart(8)} acquires/s`);
  } finally {
    await redis.close();
    await memory.close();
    const cleanup = new Redis(url);
    const keys = await cleanup.keys(`${prefix}*`);
    if (keys.length > 0) await cleanup.del(...keys);
    await cleanup.quit();
  }
  process.stdout.write(`RedisLimitStore.acquire() against ${new URL(url).host}, ${calls} calls per row (node ${process.version})\n${rows.join('\n')}\n`);
}

await main();
