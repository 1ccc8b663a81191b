// Transparency measured by the official MCP conformance suite: run the server scenarios each
// revision requires (2025-11-25 and 2026-07-28) against the conformance fixture directly, then
// through the gateway (`/mcp/conformance`), with the fixture reached over Streamable HTTP and
// launched by the gateway over stdio. Any scenario that passes directly must pass through the
// gateway, and the gateway itself must pass `dns-rebinding-protection` (it is the localhost
// HTTP server the client talks to).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { formatResults, runConformance, type ScenarioResult } from './conformance/run.ts';
import { nodeServer, ROOT, startGateway, type RunningGateway } from './helpers/gateway.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/conformance-server.ts');

/** Scenarios the fixture is known not to pass directly, with the reason (none today). */
const KNOWN_DIRECT_FAILURES: Record<string, string> = {};

interface Fixture {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function startFixture(): Promise<Fixture> {
  const child = spawn(process.execPath, [FIXTURE, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`conformance fixture did not start:\n${output}`)), 15_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = /^listening (\S+)$/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`conformance fixture exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function lastLines(text: string, n: number): string {
  return text.split('\n').slice(-n).join('\n');
}

/** Fails when a scenario that passed directly does not pass through the gateway. */
function assertNoRegressions(t: TestContext, direct: Map<string, ScenarioResult>, through: Map<string, ScenarioResult>, gw: RunningGateway) {
  t.diagnostic(`\n${formatResults({ direct, gateway: through })}`);
  const regressions: string[] = [];
  for (const [name, d] of direct) {
    const g = through.get(name);
    if (d.passed && !g?.passed) regressions.push(`${name}: ${g?.detail ?? 'not run'}`);
    else if (g && g.warnings > d.warnings) t.diagnostic(`${name}: more warnings through the gateway: ${g.detail}`);
  }
  assert.deepEqual(regressions, [], `scenarios that pass directly but fail through the gateway:\n  ${regressions.join('\n  ')}\n--- gateway log (last lines) ---\n${lastLines(gw.output(), 40)}`);
  const dns = through.get('dns-rebinding-protection');
  assert.ok(dns?.passed, `dns-rebinding-protection must pass on the gateway: ${dns?.detail ?? 'not run'}`);
}

/** Checks passed / failed in a run, for the diagnostics (the numbers). */
function counts(results: Map<string, ScenarioResult>): string {
  let passed = 0;
  let failed = 0;
  for (const r of results.values()) for (const c of r.checks) {
    if (c.status === 'SUCCESS') passed++;
    if (c.status === 'FAILURE') failed++;
  }
  return `${results.size} scenarios, ${[...results.values()].filter((r) => r.passed).length} passed; checks ${passed} passed, ${failed} failed`;
}

// Both revisions: 2025-11-25 reaches the fixture's stateful era, 2026-07-28 its stateless one,
// and through the gateway each client era meets the era the gateway found the fixture speaking.
for (const revision of ['2025-11-25', '2026-07-28']) {
  describe(`MCP conformance suite (--requirements ${revision}): direct vs. through the gateway`, { timeout: 600_000 }, () => {
    let fixture: Fixture;
    let direct: Map<string, ScenarioResult>;

    before(async () => {
      fixture = await startFixture();
      direct = await runConformance(fixture.url, { requirements: revision, timeoutMs: 140_000 });
    });
    after(() => fixture?.stop());

    test('the fixture passes every server scenario directly', (t) => {
      t.diagnostic(`direct: ${counts(direct)}\n${formatResults({ direct })}`);
      assert.ok(direct.size >= 20, `expected the revision's server scenarios, got ${direct.size}`);
      const failing = [...direct].filter(([name, r]) => !r.passed && !(name in KNOWN_DIRECT_FAILURES)).map(([name, r]) => `${name}: ${r.detail}`);
      assert.deepEqual(failing, [], `scenarios failing directly against the fixture:\n  ${failing.join('\n  ')}`);
      assert.ok(direct.get('dns-rebinding-protection')?.passed);
    });

    test('through the gateway, fixture over Streamable HTTP', { timeout: 160_000 }, async (t) => {
      const gw = await startGateway(`servers:\n  conformance: { url: ${JSON.stringify(fixture.url)} }\n`);
      try {
        const through = await runConformance(`${gw.url}/mcp/conformance`, { requirements: revision, timeoutMs: 140_000, stallMs: 30_000 });
        t.diagnostic(`through the gateway (HTTP): ${counts(through)}`);
        assertNoRegressions(t, direct, through, gw);
      } finally {
        await gw.stop();
      }
    });

    test('through the gateway, fixture launched over stdio', { timeout: 160_000 }, async (t) => {
      const gw = await startGateway(`servers:\n  conformance: ${nodeServer('test/fixtures/conformance-server.ts', '--stdio')}\n`);
      try {
        const through = await runConformance(`${gw.url}/mcp/conformance`, { requirements: revision, timeoutMs: 140_000, stallMs: 30_000 });
        t.diagnostic(`through the gateway (stdio): ${counts(through)}`);
        assertNoRegressions(t, direct, through, gw);
      } finally {
        await gw.stop();
      }
    });
  });
}
