// Real clients other than the SDK over HTTP: the SDK client launching `gatehouse stdio`, and
// the MCP Inspector (v2) CLI over Streamable HTTP; the policy applies the same way to both.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stdioClient, textOf } from './helpers/client.ts';
import { MAIN, NODE, nodeServer, ROOT, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { readAudit } from './helpers/audit.ts';

const MEMORY = nodeServer('node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const INSPECTOR = path.join(ROOT, 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');
const POLICY = `policy:
  rules:
    - tool: "memory/delete_*"
      action: deny
      reason: Agents may not forget.
    - tool: create_entities
      action: rate_limit
      rate_limit: { max: 2, window: 60 }
    - tool: search_nodes
      when: 'args.query == "secret"'
      action: deny
      reason: Not that one.
`;

describe('gatehouse stdio with the SDK client', () => {
  let dir: string;
  let configFile: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-stdio-'));
    configFile = path.join(dir, 'gatehouse.yaml');
    writeFileSync(configFile, `gateway: { data: ./data }\nservers:\n  memory: { command: ${JSON.stringify(NODE)}, args: [${JSON.stringify(path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js'))}], env: { MEMORY_FILE_PATH: ${JSON.stringify(path.join(dir, 'memory.jsonl'))} } }\n${POLICY}`);
  });

  test('lists, calls, denies and rate-limits like the HTTP endpoint, and records the calls', async () => {
    const client = await stdioClient(configFile, 'memory');
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes('create_entities'));
    assert.ok(!names.some((n) => n.startsWith('delete_')), `delete tools hidden: ${names.join(', ')}`);
    const entity = { name: 'gatehouse', entityType: 'project', observations: ['a policy gateway'] };
    for (let i = 0; i < 2; i++) {
      const result = await client.callTool({ name: 'create_entities', arguments: { entities: [{ ...entity, name: `e${i}` }] } });
      assert.equal(result.isError, undefined, textOf(result));
    }
    const limited = await client.callTool({ name: 'create_entities', arguments: { entities: [entity] } });
    assert.match(textOf(limited), /^Rate limit reached for create_entities: 2 calls per 60 s in this session/);
    const denied = await client.callTool({ name: 'delete_entities', arguments: { entityNames: ['e0'] } });
    assert.equal(textOf(denied), 'Blocked by policy (rule 1: memory/delete_*): Agents may not forget.');
    const graph = await client.callTool({ name: 'read_graph', arguments: {} });
    assert.match(textOf(graph), /e0/);
    await client.close();
    // Give the process a moment to flush on stdin close, then read the records it left.
    await new Promise((r) => setTimeout(r, 500));
    const records = readAudit(dir);
    assert.deepEqual(records.map((r) => r.decision), ['allow', 'allow', 'rate_limited', 'deny', 'allow']);
  });

  test('a line that is not JSON gets a parse error and the session goes on', async () => {
    const child = spawn(NODE, [MAIN, 'stdio', 'memory', '--config', configFile], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdin.write('this is not json\n');
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) + '\n');
    const deadline = Date.now() + 10_000;
    while (!out.includes('"id":1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].error.code, -32700);
    assert.equal(lines[1].id, 1);
    assert.ok(lines[1].result.serverInfo);
  });

  test('an unknown server name exits 2 with the list of servers', () => {
    const run = spawnSync(NODE, [MAIN, 'stdio', 'nope', '--config', configFile], { cwd: ROOT, encoding: 'utf8', input: '' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no server named "nope".*memory/);
  });
});

describe('the MCP Inspector (v2) CLI over Streamable HTTP', () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(`servers:\n  memory: ${MEMORY}\n${POLICY}`, { env: { MEMORY_FILE_PATH: path.join(tmpdir(), `gatehouse-inspector-${process.pid}.jsonl`) } });
  });
  after(() => gw.stop());

  function inspector(...args: string[]): { status: number | null; json: any; stderr: string } {
    // A home of its own keeps the Inspector from touching the user's ~/.mcp-inspector.
    const env = { ...process.env, HOME: gw.dir, MCP_CATALOG_PATH: path.join(gw.dir, 'inspector-catalog.json') };
    const run = spawnSync(NODE, [INSPECTOR, '--cli', `${gw.url}/mcp/memory`, '--transport', 'http', '--format', 'json', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    // --format json prints {"result": ...} on stdout, or an error envelope on stderr.
    let json: any;
    try {
      json = JSON.parse(run.stdout).result;
    } catch {
      json = run.stdout;
    }
    return { status: run.status, json, stderr: run.stderr };
  }

  test('tools/list shows the allowed tools and hides the denied ones', () => {
    const run = inspector('--method', 'tools/list');
    assert.equal(run.status, 0, run.stderr);
    const names = run.json.tools.map((t: { name: string }) => t.name);
    assert.ok(names.includes('read_graph'));
    assert.ok(!names.includes('delete_entities'));
  });

  test('a hidden tool cannot be called: the Inspector does not find it', () => {
    const run = inspector('--method', 'tools/call', '--tool-name', 'delete_entities', '--tool-arg', 'entityNames=["x"]');
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /not found/);
  });

  test('a call stopped by a condition returns the policy error as a tool result', () => {
    const run = inspector('--method', 'tools/call', '--tool-name', 'search_nodes', '--tool-arg', 'query=secret');
    assert.equal(run.status, 5, `the Inspector exits 5 for an isError result: ${run.stderr}`);
    assert.equal(run.json.isError, true);
    assert.equal(run.json.content[0].text, 'Blocked by policy (rule 3: search_nodes): Not that one.');
    assert.equal(run.json._meta['gatehouse/decision'].action, 'deny');
  });

  test('tools/call of an allowed tool is forwarded', () => {
    const run = inspector('--method', 'tools/call', '--tool-name', 'read_graph');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.json.isError, undefined);
  });
});
