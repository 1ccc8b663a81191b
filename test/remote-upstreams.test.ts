// Remote servers: the reference server run by npm over Streamable HTTP and over the legacy
// HTTP+SSE transport, each fronted by the gateway and used by the SDK client.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { httpClient, textOf } from './helpers/client.ts';
import { freePort, NODE, ROOT, startGateway, type RunningGateway } from './helpers/gateway.ts';

const EVERYTHING = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';

async function startEverything(mode: 'sse' | 'streamableHttp'): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(NODE, [EVERYTHING, mode], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const deadline = Date.now() + 15_000;
  while (!/running on port|listening/i.test(err)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`everything (${mode}) did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, child };
}

describe('remote upstreams', () => {
  let sse: { port: number; child: ChildProcess };
  let http: { port: number; child: ChildProcess };
  let gw: RunningGateway;
  before(async () => {
    sse = await startEverything('sse');
    http = await startEverything('streamableHttp');
    gw = await startGateway(`servers:
  legacy: { url: "http://127.0.0.1:${sse.port}/sse", transport: sse }
  remote: { url: "http://127.0.0.1:${http.port}/mcp" }
policy:
  rules:
    - tool: get-env
      action: deny
      reason: No environment for agents.
`);
  });
  after(async () => {
    await gw?.stop();
    sse?.child.kill();
    http?.child.kill();
  });

  for (const server of ['legacy', 'remote']) {
    test(`${server}: tools, calls, progress and the policy work through the gateway`, async () => {
      const client = await httpClient(`${gw.url}/mcp/${server}`);
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('echo') && !names.includes('get-env'), names.join(', '));
      assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { message: server } })), `Echo: ${server}`);
      const progress: number[] = [];
      await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 2 } }, { onprogress: (p) => void progress.push(p.progress) });
      assert.ok(progress.length >= 1, 'progress arrives from a remote server too');
      const denied = await client.callTool({ name: 'get-env', arguments: {} });
      assert.equal(textOf(denied), 'Blocked by policy (rule 1: get-env): No environment for agents.');
      const prompts = (await client.listPrompts()).prompts;
      assert.ok(prompts.length > 0);
      await client.close();
    });
  }
});
