// The Redis rate-limit store (`gateway.redis`) against a real Redis on 127.0.0.1:6379: the same
// contract as the in-memory store (exact sliding window, all-or-nothing, exact under
// concurrency), shared by replicas, and failing closed, fast and without leaking the password,
// when Redis cannot be reached. Every key lives under this run's own prefix and is deleted after.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { LimitRequestError } from '../src/limits/memory-store.ts';
import { LimitStoreUnavailableError, RedisLimitStore, type RedisLimitStoreOptions } from '../src/limits/redis-store.ts';
import type { AcquireResult, LimitRequest } from '../src/limits/types.ts';
import { freePort } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

const REDIS = 'redis://127.0.0.1:6379';
const prefix = `gatehouse-test:limits-redis:${randomUUID()}:`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const limit = (key: string, max: number, windowMs = 60_000): LimitRequest => ({ key, max, windowMs });
type Refused = Extract<AcquireResult, { ok: false }>;

const stores: RedisLimitStore[] = [];
function store(url = REDIS, options: { prefix?: string; onConnection?: RedisLimitStoreOptions['onConnection'] } = {}): RedisLimitStore {
  const s = new RedisLimitStore(url, { prefix, ...options });
  stores.push(s);
  return s;
}

after(async () => {
  await Promise.all(stores.map((s) => s.close()));
  // This run's keys only.
  const redis = new Redis(REDIS);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('RedisLimitStore', () => {
  test('50 concurrent acquires against max 10 let exactly 10 through', async () => {
    const s = store();
    await s.ready();
    const results = await Promise.all(Array.from({ length: 50 }, () => s.acquire([limit('concurrent', 10)])));
    assert.equal(results.filter((r) => r.ok).length, 10);
    const refused = results.filter((r): r is Refused => !r.ok);
    assert.equal(refused.length, 40);
    for (const r of refused) {
      assert.equal(r.index, 0);
      assert.ok(r.retryAfterMs > 59_000 && r.retryAfterMs <= 60_000, `retry after ${r.retryAfterMs} ms`);
    }
  });

  test('two replicas share one counter: 50 concurrent calls through both, 10 in all', async () => {
    const [a, b] = [store(), store()];
    await Promise.all([a.ready(), b.ready()]);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).acquire([limit('replicas', 10)])));
    assert.equal(results.filter((r) => r.ok).length, 10);
    // And what one counted, the other sees.
    assert.equal((await a.acquire([limit('seen', 1)])).ok, true);
    assert.equal((await b.acquire([limit('seen', 1)])).ok, false);
  });

  test('a store never readied connects on its first calls, however many come at once', async () => {
    const s = store();
    const results = await Promise.all(Array.from({ length: 20 }, () => s.acquire([limit('unreadied', 5)])));
    assert.equal(results.filter((r) => r.ok).length, 5);
  });

  test('all or nothing: a call one limit refuses is not counted by the other', async () => {
    const s = store();
    assert.deepEqual(await s.acquire([limit('full', 1)]), { ok: true });
    const refused = await s.acquire([limit('roomy', 2), limit('full', 1)]);
    assert.equal(refused.ok, false);
    assert.equal((refused as Refused).index, 1, 'the second request is the one without room');
    // `roomy` still has both of its calls.
    assert.deepEqual(await s.acquire([limit('roomy', 2)]), { ok: true });
    assert.deepEqual(await s.acquire([limit('roomy', 2)]), { ok: true });
    assert.deepEqual((await s.acquire([limit('roomy', 2)])).ok, false);
  });

  test('a key named twice in one call needs room for two calls, and counts two', async () => {
    const s = store();
    const once = limit('twice-1', 1);
    assert.deepEqual(await s.acquire([once, once]), { ok: false, index: 0, retryAfterMs: 60_000 });
    assert.deepEqual(await s.acquire([once]), { ok: true }, 'the refused call counted nothing');
    const three = limit('twice-3', 3);
    assert.deepEqual(await s.acquire([three, three]), { ok: true });
    assert.deepEqual(await s.acquire([three]), { ok: true });
    assert.equal((await s.acquire([three])).ok, false);
  });

  test('the window slides, and retryAfterMs is when room comes back', async () => {
    const s = store();
    const sliding = limit('sliding', 2, 400);
    assert.equal((await s.acquire([sliding])).ok, true);
    await sleep(150);
    assert.equal((await s.acquire([sliding])).ok, true);
    const refused = (await s.acquire([sliding])) as Refused;
    assert.equal(refused.ok, false);
    // The first call, ~150 ms old, leaves the 400 ms window in ~250 ms.
    assert.ok(refused.retryAfterMs > 150 && refused.retryAfterMs <= 260, `retry after ${refused.retryAfterMs} ms`);
    await sleep(refused.retryAfterMs + 5);
    assert.equal((await s.acquire([sliding])).ok, true, 'the first call left the window');
    const again = (await s.acquire([sliding])) as Refused;
    assert.equal(again.ok, false, 'the second is still in it');
    assert.ok(again.retryAfterMs > 0 && again.retryAfterMs <= 400, `retry after ${again.retryAfterMs} ms`);
  });

  test('keys live under the prefix and expire one window after their newest call', async () => {
    const own = `${prefix}expiry:`;
    const s = store(REDIS, { prefix: own });
    const key = 'rule-3:server/tool:agent with spaces and ünïcode';
    assert.equal((await s.acquire([limit(key, 5, 30_000)])).ok, true);
    const redis = new Redis(REDIS);
    try {
      assert.deepEqual(await redis.keys(`${own}*`), [own + key]);
      const ttl = await redis.pttl(own + key);
      assert.ok(ttl > 29_000 && ttl <= 30_001, `pttl ${ttl}`);
      assert.equal(await redis.zcard(own + key), 1);
    } finally {
      await redis.quit();
    }
  });

  test('no requests: ok, without asking Redis; bad requests: the in-memory store’s error', async () => {
    const s = store('redis://127.0.0.1:1');
    assert.deepEqual(await s.acquire([]), { ok: true });
    const ok = store();
    await assert.rejects(ok.acquire([limit('bad', 0)]), LimitRequestError);
    await assert.rejects(ok.acquire([{ key: 'bad', max: 1, windowMs: 0 }]), LimitRequestError);
  });

  test('an unreachable Redis: ready() and acquire() reject fast, by address, never with the password', async () => {
    const s = store('redis://:s3cret@127.0.0.1:1');
    const started = Date.now();
    await assert.rejects(s.ready(), (err: Error) => {
      assert.ok(err instanceof LimitStoreUnavailableError);
      assert.equal(err.code, 'LIMIT_STORE_UNAVAILABLE');
      assert.match(err.message, /^Redis at 127\.0\.0\.1:1: .*ECONNREFUSED/);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
    await assert.rejects(s.acquire([limit('x', 1)]), (err: Error) => {
      assert.ok(err instanceof LimitStoreUnavailableError);
      assert.match(err.message, /^Redis at 127\.0\.0\.1:1: /);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
    // A store never asked to connect connects on its first acquire(), and fails as fast.
    const fresh = store('redis://user:s3cret@127.0.0.1:1');
    await assert.rejects(fresh.acquire([limit('x', 1)]), (err: Error) => err instanceof LimitStoreUnavailableError && !err.message.includes('s3cret'));
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  });

  const haveRedisServer = spawnSync('redis-server', ['--version']).status === 0;
  test('Redis going away: calls are refused within a second, and the store recovers by itself', { skip: !haveRedisServer && 'no redis-server binary' }, async () => {
    const port = await freePort();
    let server = await privateRedis(port);
    const s = store(`redis://127.0.0.1:${port}`);
    try {
      await s.ready();
      assert.equal((await s.acquire([limit('restart', 100)])).ok, true);
      await stopped(server);
      const started = Date.now();
      await assert.rejects(s.acquire([limit('restart', 100)]), (err: Error) => err instanceof LimitStoreUnavailableError && err.message.startsWith(`Redis at 127.0.0.1:${port}: `));
      assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms`);
      server = await privateRedis(port);
      // Same store, no new ready(): ioredis reconnects, and the script is loaded again (NOSCRIPT).
      const back = await until('acquire() to answer again', async () => s.acquire([limit('restart', 100)]).catch(() => undefined), 5000, 50);
      assert.deepEqual(back, { ok: true });
    } finally {
      await stopped(server);
    }
  });

  test('an outage is reported once when it starts and once when it ends, however many retries between', { skip: !haveRedisServer && 'no redis-server binary' }, async () => {
    const port = await freePort();
    let server = await privateRedis(port);
    const events: string[] = [];
    const s = store(`redis://127.0.0.1:${port}`, { onConnection: (state, cause) => events.push(`${state}: ${cause}`) });
    try {
      await s.ready();
      assert.deepEqual(events, [], 'a first connection is not a recovery');
      await stopped(server);
      // Several reconnection attempts fail (every 200 ms, then more slowly) while it is down.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await assert.rejects(s.acquire([limit('outage', 10)]));
      server = await privateRedis(port);
      await until('the recovery', async () => (events.length >= 2 ? true : undefined), 8_000, 50);
      assert.equal(events.length, 2, events.join('\n'));
      assert.match(events[0], /^lost: /);
      assert.equal(events[1], `restored: Redis at 127.0.0.1:${port}`);
    } finally {
      await stopped(server);
    }
  });
});

/** A Redis server of this test's own, on a free port, that it can kill and start again. */
async function privateRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await until('redis-server to answer', () => pong(port), 5000, 20);
  return child;
}

/** True once a PING on a fresh connection gets +PONG (a bare socket: nothing lingers after). */
function pong(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG') ? true : undefined);
    });
    socket.once('error', () => undefined);
    socket.once('close', () => resolve(undefined));
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
