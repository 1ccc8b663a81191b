// The benchmark is not part of `npm test`, but that it runs is: each script in quick mode
// (tiny counts, about a second of load per target) must exit 0 and print its table. How fast
// anything was is not checked here; docs/PERFORMANCE.md is where numbers live.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');

function run(script: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('bench/run.ts --quick measures every target and loses no audit record', { timeout: 240_000 }, async () => {
  const { code, stdout, stderr } = await run('bench/run.ts', ['--quick'], 230_000);
  assert.equal(code, 0, `exit ${code}\n${stdout}\n${stderr}`);
  assert.match(stdout, /^\| target \| seq p50 ms \|/m);
  for (const target of ['direct', 'floor', 'gatehouse', 'gatehouse-isolated', 'mcp-proxy', 'supergateway']) {
    assert.match(stdout, new RegExp(`^\\| ${target} \\| \\d+\\.\\d+ \\|`, 'm'), `no row for ${target}:\n${stdout}`);
  }
  assert.match(stdout, /^\| Gatehouse \/ peer \|/m);
  assert.match(stdout, /^\| mcp-proxy \| \d+\.\d+ \| \d+\.\d+ \|$/m);
  assert.match(stdout, /^\| supergateway \| \d+\.\d+ \| \d+\.\d+ \|$/m);
  for (const target of ['gatehouse', 'gatehouse-isolated']) {
    assert.match(stdout, new RegExp(`^audit \\(${target}\\): (\\d+) calls sent to Gatehouse, \\1 records in audit\\.db, none lost$`, 'm'));
  }
});

test('bench/policy.ts --quick times decisions at 10, 1,000 and 10,000 rules', { timeout: 120_000 }, async () => {
  const { code, stdout, stderr } = await run('bench/policy.ts', ['--quick'], 110_000);
  assert.equal(code, 0, `exit ${code}\n${stdout}\n${stderr}`);
  for (const rules of ['10', '1,000', '10,000']) assert.match(stdout, new RegExp(`^\\| ${rules} \\| [\\d.]+ \\| \\d+ \\| \\d+ \\|$`, 'm'));
});

test('bench/memory.ts --quick reports the gateway RSS with idle sessions', { timeout: 120_000 }, async () => {
  const { code, stdout, stderr } = await run('bench/memory.ts', ['--quick'], 110_000);
  assert.equal(code, 0, `exit ${code}\n${stdout}\n${stderr}`);
  assert.match(stdout, /^\| started, no session \| [\d.]+ \|$/m);
  assert.match(stdout, /^\| 50 idle sessions, connections closed \| [\d.]+ \|$/m);
  assert.match(stdout, /server processes started by the gateway: \d+ /);
});

test('bench/replicas.ts --quick measures 1, 2 and 3 replicas behind HAProxy and loses no audit record', { timeout: 240_000 }, async () => {
  const { code, stdout, stderr } = await run('bench/replicas.ts', ['--quick'], 230_000);
  assert.equal(code, 0, `exit ${code}\n${stdout}\n${stderr}`);
  for (const n of [1, 2, 3]) assert.match(stdout, new RegExp(`^\\| ${n} \\| \\d+ \\|`, 'm'));
});
