// The access log is buffered (one write() per line was the largest system-call cost of a call
// under load); every other line is written at once, buffered lines wait at most ACCESS_FLUSH_MS,
// and nothing buffered is lost when the process exits.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { ACCESS_FLUSH_MS } from '../src/log/logger.ts';
import { NODE, ROOT } from './helpers/gateway.ts';
import { until } from './helpers/wait.ts';

test('access lines are written within ACCESS_FLUSH_MS, other lines at once, and all of them at exit', async () => {
  const child = spawn(NODE, [path.join(ROOT, 'test/fixtures/log-lines.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const lines = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; n?: number });
  try {
    // An ordinary line right after buffered ones carries them out with it, in order.
    child.stdin.write('access 3\ninfo ready\n');
    await until('the ordinary line', async () => lines().some((l) => l.msg === 'ready') || undefined, 5_000, 10);
    assert.deepEqual(lines().map((l) => l.msg), ['tools/call', 'tools/call', 'tools/call', 'ready']);

    // Alone, an access line waits for the periodic flush, not for the next ordinary line.
    child.stdin.write('access 1\n');
    const sent = Date.now();
    await until('the lone access line', async () => lines().length === 5 || undefined, 5 * ACCESS_FLUSH_MS + 1_000, 10);
    assert.ok(Date.now() - sent < 5 * ACCESS_FLUSH_MS + 1_000);

    // Buffered lines still in memory are written when the process exits.
    child.stdin.write('access 20\nexit\n');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
    assert.equal(lines().filter((l) => l.msg === 'tools/call').length, 24);
  } finally {
    child.kill();
  }
});

test('an access line is the line pino would write for the same fields, URLs scrubbed', async () => {
  const child = spawn(NODE, [path.join(ROOT, 'test/fixtures/log-lines.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.write('pair\nexit\n');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0);
  const [byHand, byPino] = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(typeof byHand.time === 'number' && typeof byPino.time === 'number');
  delete byHand.time;
  delete byPino.time;
  assert.deepEqual(Object.keys(byHand), Object.keys(byPino), 'the same fields in the same order');
  assert.deepEqual(byHand, byPino);
  assert.equal(byHand.level, 30);
  assert.equal(byHand.service, 'gatehouse');
  assert.doesNotMatch(JSON.stringify(byHand), /secret|t0p/, 'the password and the token are scrubbed');
});
