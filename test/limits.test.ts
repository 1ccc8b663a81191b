// The in-memory rate-limit store: exact sliding windows, all-or-nothing across claims, and a
// retry time that is really when room comes back. The clock is injected: no test sleeps.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { LimitRequestError, MemoryLimitStore } from '../src/limits/memory-store.ts';
import type { LimitRequest } from '../src/limits/types.ts';

const stores: MemoryLimitStore[] = [];
function store(): MemoryLimitStore {
  const s = new MemoryLimitStore({ sweepIntervalMs: 0 });
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const tenPerMinute = (key: string): LimitRequest => ({ key, max: 10, windowMs: 60_000 });

async function okCount(s: MemoryLimitStore, requests: LimitRequest[], times: number, now: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < times; i++) if ((await s.acquire(requests, now)).ok) ok++;
  return ok;
}

describe('MemoryLimitStore', () => {
  test('50 concurrent acquires against max 10 let exactly 10 through', async () => {
    const s = new MemoryLimitStore();
    stores.push(s);
    const results = await Promise.all(Array.from({ length: 50 }, () => s.acquire([tenPerMinute('rule1:session-a')])));
    assert.equal(results.filter((r) => r.ok).length, 10);
    assert.equal(results.filter((r) => !r.ok).length, 40);
  });

  test('the window slides: room comes back as the oldest calls leave it, not all at once', async () => {
    const s = store();
    const limit = [{ key: 'k', max: 3, windowMs: 1_000 }];
    assert.ok((await s.acquire(limit, 0)).ok);
    assert.ok((await s.acquire(limit, 400)).ok);
    assert.ok((await s.acquire(limit, 800)).ok);
    assert.equal((await s.acquire(limit, 999)).ok, false, 'three calls in the last second');
    assert.ok((await s.acquire(limit, 1_000)).ok, 'the call at 0 has left the window');
    assert.equal((await s.acquire(limit, 1_100)).ok, false, 'calls at 400, 800, 1000 are in it');
    assert.ok((await s.acquire(limit, 1_400)).ok);
  });

  test('no burst at a window boundary: never more than max in any window', async () => {
    const s = store();
    const limit = [{ key: 'k', max: 5, windowMs: 1_000 }];
    const allowed: number[] = [];
    for (let t = 0; t < 5_000; t += 37) if ((await s.acquire(limit, t)).ok) allowed.push(t);
    for (const start of allowed) {
      const inWindow = allowed.filter((t) => t >= start && t < start + 1_000).length;
      assert.ok(inWindow <= 5, `${inWindow} calls in [${start}, ${start + 1_000})`);
    }
    assert.ok(allowed.length >= 25, `only ${allowed.length} calls allowed in 5 s at 5/s`);
  });

  test('after a whole window without calls the full allowance is back', async () => {
    const s = store();
    assert.equal(await okCount(s, [tenPerMinute('k')], 15, 1_000), 10);
    assert.equal(await okCount(s, [tenPerMinute('k')], 15, 61_000), 10);
  });

  test('retryAfterMs is when the blocking key has room again', async () => {
    const s = store();
    const limit = [{ key: 'k', max: 2, windowMs: 60_000 }];
    await s.acquire(limit, 10_000);
    await s.acquire(limit, 25_000);
    const refused = await s.acquire(limit, 30_000);
    assert.deepEqual(refused, { ok: false, index: 0, retryAfterMs: 40_000 });
    assert.equal((await s.acquire(limit, 30_000 + 40_000 - 1)).ok, false, 'one millisecond early');
    assert.ok((await s.acquire(limit, 30_000 + 40_000)).ok, 'on time');
  });

  test('all or nothing: a call refused by claim B is not counted in claim A', async () => {
    const s = store();
    const a = { key: 'A', max: 5, windowMs: 60_000 };
    const b = { key: 'B', max: 2, windowMs: 60_000 };
    assert.equal(await okCount(s, [a, b], 6, 0), 2, 'B allows 2');
    const refused = await s.acquire([a, b], 0);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.index, 1, 'the request without room is B, index 1');
    // A counted only the 2 calls that went through: 3 more fit alone.
    assert.equal(await okCount(s, [a], 5, 0), 3);
  });

  test('the index names the first request without room, and retryAfter is its own', async () => {
    const s = store();
    await s.acquire([{ key: 'slow', max: 1, windowMs: 10_000 }], 0);
    const refused = await s.acquire([{ key: 'fresh', max: 5, windowMs: 1_000 }, { key: 'slow', max: 1, windowMs: 10_000 }], 2_000);
    assert.deepEqual(refused, { ok: false, index: 1, retryAfterMs: 8_000 });
  });

  test('keys are independent: one session at its limit does not limit another', async () => {
    const s = store();
    assert.equal(await okCount(s, [tenPerMinute('rule1:session-a')], 12, 0), 10);
    assert.equal(await okCount(s, [tenPerMinute('rule1:session-b')], 12, 0), 10);
    assert.equal(await okCount(s, [tenPerMinute('rule2:session-a')], 12, 0), 10);
  });

  test('the same key twice in one call needs room for two', async () => {
    const s = store();
    const k = { key: 'k', max: 3, windowMs: 1_000 };
    assert.ok((await s.acquire([k, k], 0)).ok);
    assert.equal((await s.acquire([k, k], 0)).ok, false, 'only one place left');
    assert.ok((await s.acquire([k], 0)).ok);
  });

  test('a lower max after a reload applies at once to the calls already made', async () => {
    const s = store();
    assert.equal(await okCount(s, [{ key: 'k', max: 10, windowMs: 60_000 }], 6, 0), 6);
    assert.equal((await s.acquire([{ key: 'k', max: 5, windowMs: 60_000 }], 1)).ok, false);
    assert.equal(await okCount(s, [{ key: 'k', max: 8, windowMs: 60_000 }], 5, 2), 2);
  });

  test('the injected clock is used when acquire is given no time', async () => {
    let now = 0;
    const s = new MemoryLimitStore({ now: () => now, sweepIntervalMs: 0 });
    stores.push(s);
    const limit = [{ key: 'k', max: 1, windowMs: 1_000 }];
    assert.ok((await s.acquire(limit)).ok);
    now = 999;
    assert.deepEqual(await s.acquire(limit), { ok: false, index: 0, retryAfterMs: 1 });
    now = 1_000;
    assert.ok((await s.acquire(limit)).ok);
  });

  test('keys whose window has passed are dropped, so memory does not grow with old sessions', async () => {
    let now = 0;
    const s = new MemoryLimitStore({ now: () => now, sweepIntervalMs: 0 });
    stores.push(s);
    for (let i = 0; i < 1_000; i++) await s.acquire([{ key: `session-${i}`, max: 10, windowMs: 60_000 }]);
    await s.acquire([{ key: 'long', max: 10, windowMs: 600_000 }]);
    assert.equal(s.size, 1_001);
    now = 59_999;
    s.sweep();
    assert.equal(s.size, 1_001, 'still inside their window');
    now = 60_000;
    s.sweep();
    assert.equal(s.size, 1, 'only the key with a longer window is left');
    // A dropped key starts afresh, as it would have anyway.
    assert.equal(await okCount(s, [{ key: 'session-1', max: 10, windowMs: 60_000 }], 11, now), 10);
  });

  test('a nonsensical limit is refused, not silently unlimited', async () => {
    const s = store();
    await assert.rejects(s.acquire([{ key: 'k', max: 0, windowMs: 1_000 }]), LimitRequestError);
    await assert.rejects(s.acquire([{ key: 'k', max: 1, windowMs: Number.NaN }]), LimitRequestError);
  });
});
