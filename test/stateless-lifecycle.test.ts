// The life of stdio servers of either era behind the gateway, with real processes: a 2026-only
// server killed (kill -9) mid-call and between calls is reported to the agent, recorded, and
// started again by the next call; a crash loop backs off instead of spinning; a legacy-only
// server's first contact starts one process, not a probe and then another; `shared: true` is
// one process for every client of a 2026-only server (and one per client session without it);
// log levels cross eras (logging/setLevel <-> the `_meta` level of each request).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { gatehouse, MAIN, NODE, ROOT, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { textOf } from './helpers/client.ts';
import { alive, killAndWait, until } from './helpers/wait.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/lifecycle-server.ts');
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
};

/** A server entry for the config: the fixture in an era, its starts counted in a file. */
function server(name: string, flag: string, starts: string, extra = ''): string {
  const env = { LIFECYCLE_STARTS: starts, LIFECYCLE_CRASH_IF: `${starts}.crash` };
  return `  ${name}:\n    command: ${JSON.stringify(NODE)}\n    args: ${JSON.stringify([FIXTURE, flag])}\n    env: ${JSON.stringify(env)}\n${extra}`;
}

function starts(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
}

async function v1(url: string): Promise<V1Client> {
  const client = new V1Client({ name: 'v1', version: '1' });
  await client.connect(new V1Transport(new URL(url)));
  return client;
}

async function v2(url: string): Promise<Client> {
  const client = new Client({ name: 'v2', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } } as never);
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

async function rpc(url: string, id: number, name: string, args: Record<string, unknown>, meta: Record<string, unknown> = META): Promise<{ json: any; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': name },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: meta } }),
  });
  const text = await res.text();
  const json = text.startsWith('event:') ? JSON.parse(text.split('\n').filter((l) => l.startsWith('data:')).at(-1)!.slice(5)) : JSON.parse(text);
  return { json, text };
}

type Caller = { name: string; call(tool: string, args?: Record<string, unknown>): Promise<{ isError?: boolean; text: string }>; close(): Promise<void> };

async function caller(kind: 'v1' | 'v2', url: string): Promise<Caller> {
  const client = kind === 'v1' ? await v1(url) : await v2(url);
  return {
    name: kind,
    call: async (tool, args = {}) => {
      const r = (await client.callTool({ name: tool, arguments: args })) as { isError?: boolean };
      return { isError: r.isError, text: textOf(r) };
    },
    close: () => client.close(),
  };
}

describe('a 2026-only stdio server that crashes', { timeout: 120_000 }, () => {
  let gw: RunningGateway;
  let file: string;
  before(async () => {
    file = path.join(tmpdir(), `gatehouse-lifecycle-${process.pid}-crash`);
    rmSync(file, { force: true });
    gw = await startGateway(`servers:\n${server('modern', '--modern-only', file)}`);
  });
  after(async () => {
    await gw?.stop();
    rmSync(file, { force: true });
    rmSync(`${file}.crash`, { force: true });
  });

  for (const kind of ['v1', 'v2'] as const) {
    test(`${kind} client: killed mid-call, the call says so; killed between calls; each next call starts a new process`, async () => {
      const client = await caller(kind, `${gw.url}/mcp/modern`);
      try {
        const first = Number((await client.call('pid')).text);
        assert.ok(first > 0 && alive(first));
        const sleeping = client.call('sleep', { ms: 10_000 });
        await new Promise((r) => setTimeout(r, 300));
        await killAndWait(first);
        const cut = await sleeping;
        assert.equal(cut.isError, true);
        assert.match(cut.text, /^Server modern is unavailable: process was killed by SIGKILL; the next request starts it again/);
        // The very next call gets a new process (no backoff after a first crash).
        const second = Number((await client.call('pid')).text);
        assert.ok(second > 0 && second !== first, `a new process: ${first} then ${second}`);
        // Killed again right after: a second crash in a row waits out a short backoff.
        await killAndWait(second);
        const soon = await client.call('echo', { text: 'soon' });
        assert.equal(soon.isError, true);
        assert.match(soon.text, /^Server modern is unavailable: process was killed by SIGKILL; restarting, retry in 1 s/);
        await new Promise((r) => setTimeout(r, 600));
        assert.equal((await client.call('echo', { text: 'back' })).text, 'back');
        const third = Number((await client.call('pid')).text);
        assert.ok(third !== second && third !== first && alive(third));
      } finally {
        await client.close();
      }
    });
  }

  test('the failed call is in the audit log, and the restart in the gateway log', async () => {
    const audit = await gatehouse('audit', '--tool', 'sleep', '--json', '--config', gw.configFile);
    const text = audit.stdout.trim();
    const records = (text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((l) => JSON.parse(l))) as Record<string, any>[];
    assert.equal(records.length, 2, text);
    for (const r of records) {
      assert.equal(r.decision, 'allow');
      assert.notEqual(r.outcome, 'ok', JSON.stringify(r));
      assert.match(JSON.stringify(r), /killed by SIGKILL/);
    }
    assert.match(gw.output(), /"state":"restarting"/);
  });

  test('hostile: a crash loop backs off (a few starts, not hundreds) and recovers once the cause is gone', async (t) => {
    const client = await caller('v1', `${gw.url}/mcp/modern`);
    try {
      const pid = Number((await client.call('pid')).text);
      writeFileSync(`${file}.crash`, 'crash on start');
      const before = starts(file).length;
      await killAndWait(pid);
      // Calls as fast as the gateway answers, for 4 s: every start crashes at once.
      const answers: string[] = [];
      const end = Date.now() + 4000;
      while (Date.now() < end) answers.push((await client.call('echo', { text: 'x' })).text);
      const started = starts(file).length - before;
      t.diagnostic(`crash loop: ${started} starts for ${answers.length} calls in 4 s`);
      assert.ok(answers.length > 20, `the calls were answered quickly (${answers.length})`);
      assert.ok(started >= 2 && started <= 7, `starts during the crash loop: ${started} for ${answers.length} calls`);
      assert.ok(answers.some((a) => /restarting, retry in \d+ s/.test(a)), answers.slice(0, 5).join(' | '));
      rmSync(`${file}.crash`);
      const back = await until('the server back', async () => {
        const r = await client.call('echo', { text: 'again' });
        return r.isError ? undefined : r.text;
      }, 30_000, 250);
      assert.equal(back, 'again');
    } finally {
      await client.close();
    }
  });
});

describe('first contact with a legacy-only stdio server starts one process', { timeout: 90_000 }, () => {
  test('gatehouse stdio: the era probe’s process is the session’s process', async () => {
    const file = path.join(tmpdir(), `gatehouse-lifecycle-${process.pid}-stdio`);
    const launches = `${file}.gatehouse`;
    // A config file only: a running gateway would list the server's tools and start it itself.
    const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-test-')), 'gatehouse.yaml');
    writeFileSync(configFile, `gateway:\n  data: ./data\nservers:\n${server('legacy', '--legacy-only', file)}`);
    const gw = { configFile };
    try {
      for (const mode of [{ pin: '2026-07-28' }, 'legacy'] as const) {
        rmSync(file, { force: true });
        rmSync(launches, { force: true });
        // The v2 client may launch its command more than once while it negotiates the version:
        // each launch of gatehouse is counted, and each must start the server once.
        const client = new Client({ name: 'stdio', version: '1' }, { versionNegotiation: { mode } } as never);
        const command = `echo $$ >> ${JSON.stringify(launches)}; exec ${JSON.stringify(NODE)} ${JSON.stringify(MAIN)} stdio legacy --config ${JSON.stringify(gw.configFile)}`;
        await client.connect(new StdioClientTransport({ command: 'sh', args: ['-c', command], cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stderr: 'pipe' }));
        try {
          assert.ok((await client.listTools()).tools.some((t) => t.name === 'pid'));
          const pid = Number(textOf(await client.callTool({ name: 'pid', arguments: {} })));
          const gatehouses = readFileSync(launches, 'utf8').trim().split('\n').length;
          assert.equal(starts(file).length, gatehouses, `one server process per gatehouse process (${JSON.stringify(mode)}): ${starts(file).join(',')} for ${gatehouses}`);
          assert.equal(starts(file).at(-1), pid, 'the session’s calls go to the process that answered the probe');
        } finally {
          await client.close();
        }
      }
    } finally {
      rmSync(file, { force: true });
      rmSync(launches, { force: true });
    }
  });

  test('gatehouse serve, cold: five sessions opened at once and the catalog, one process each', async () => {
    const file = path.join(tmpdir(), `gatehouse-lifecycle-${process.pid}-serve`);
    rmSync(file, { force: true });
    const gw = await startGateway(`servers:\n${server('legacy', '--legacy-only', file)}`);
    try {
      // At once, racing the catalog's own first contact (it lists every server's tools at start).
      const clients = await Promise.all(Array.from({ length: 5 }, () => v1(`${gw.url}/mcp/legacy`)));
      const pids = await Promise.all(clients.map(async (c) => Number(textOf(await c.callTool({ name: 'pid', arguments: {} })))));
      assert.equal(new Set(pids).size, 5, 'a process per session');
      await until('the catalog listed', async () => (((await (await fetch(`${gw.url}/readyz`)).json()) as { status?: string }).status === 'ready' ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(starts(file).length, 6, `five sessions and the catalog, six processes: ${starts(file).join(',')}`);
      await Promise.all(clients.map((c) => c.close()));
    } finally {
      await gw.stop();
      rmSync(file, { force: true });
    }
  });
});

describe('servers.<name>.shared for a 2026-only server', { timeout: 90_000 }, () => {
  let gw: RunningGateway;
  const file = path.join(tmpdir(), `gatehouse-lifecycle-${process.pid}-shared`);
  const own = path.join(tmpdir(), `gatehouse-lifecycle-${process.pid}-own`);
  before(async () => {
    gw = await startGateway(`servers:\n${server('pooled', '--modern-only', file, '    shared: true\n')}${server('own', '--modern-only', own)}`);
  });
  after(async () => {
    await gw?.stop();
    rmSync(file, { force: true });
    rmSync(own, { force: true });
  });

  test('shared: true is one process for clients of both eras, started together on a cold server', async () => {
    const callers = await Promise.all([caller('v1', `${gw.url}/mcp/pooled`), caller('v1', `${gw.url}/mcp/pooled`), caller('v2', `${gw.url}/mcp/pooled`)]);
    try {
      const before = starts(file).length;
      const pids = await Promise.all(callers.map(async (c) => Number((await c.call('pid')).text)));
      assert.equal(new Set(pids).size, 1, `one process: ${pids.join(',')}`);
      assert.ok(starts(file).length - before <= 1);
      // Each client's own progress and answers on the shared process (concurrent calls).
      const echoes = await Promise.all(callers.map((c, i) => c.call('echo', { text: `c${i}` })));
      assert.deepEqual(echoes.map((e) => e.text), ['c0', 'c1', 'c2']);
      // A crash of the shared process is everyone's; the next call starts one for all again.
      const sleeping = callers.map((c) => c.call('sleep', { ms: 10_000 }));
      await new Promise((r) => setTimeout(r, 300));
      await killAndWait(pids[0]);
      for (const cut of await Promise.all(sleeping)) assert.match(cut.text, /killed by SIGKILL/);
      const again = await Promise.all(callers.map(async (c) => Number((await c.call('pid')).text)));
      assert.equal(new Set(again).size, 1, `one new process: ${again.join(',')}`);
      assert.notEqual(again[0], pids[0]);
    } finally {
      await Promise.all(callers.map((c) => c.close()));
    }
  });

  test('without shared, each client session gets a process of its own', async () => {
    const callers = await Promise.all([caller('v1', `${gw.url}/mcp/own`), caller('v1', `${gw.url}/mcp/own`)]);
    try {
      const pids = await Promise.all(callers.map(async (c) => Number((await c.call('pid')).text)));
      assert.equal(new Set(pids).size, 2, pids.join(','));
    } finally {
      await Promise.all(callers.map((c) => c.close()));
    }
  });
});

describe('log levels cross eras', { timeout: 90_000 }, () => {
  let gw: RunningGateway;
  const file = path.join(tmpdir(), `gatehouse-lifecycle-${process.pid}-logs`);
  before(async () => {
    gw = await startGateway(`servers:\n${server('modern', '--modern-only', file)}${server('legacy', '--legacy-only', file)}`);
  });
  after(async () => {
    await gw?.stop();
    rmSync(file, { force: true });
  });

  test('a stateful client’s logging/setLevel becomes the `_meta` level of its later requests to a 2026 server', async () => {
    const client = await v1(`${gw.url}/mcp/modern`);
    const lines: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void lines.push(`${n.params.level}:${String(n.params.data)}`));
    try {
      assert.equal(textOf(await client.callTool({ name: 'level', arguments: {} })), 'none');
      await client.callTool({ name: 'log', arguments: { level: 'error', text: 'unheard' } });
      await client.setLoggingLevel('warning');
      assert.equal(textOf(await client.callTool({ name: 'level', arguments: {} })), 'warning');
      await client.callTool({ name: 'log', arguments: { level: 'error', text: 'heard' } });
      await until('the log line', async () => (lines.length > 0 ? true : undefined));
      assert.deepEqual(lines, ['error:heard'], 'no level, no log lines; after setLevel, the server logs');
    } finally {
      await client.close();
    }
  });

  test('a 2026 client’s `_meta` level reaches a 2026 server as is, and a legacy server as logging/setLevel', async () => {
    const withLevel = (level: string) => ({ ...META, 'io.modelcontextprotocol/logLevel': level });
    assert.equal((await rpc(`${gw.url}/mcp/modern`, 1, 'level', {}, withLevel('notice'))).json.result.content[0].text, 'notice');
    assert.equal((await rpc(`${gw.url}/mcp/modern`, 2, 'level', {})).json.result.content[0].text, 'none', 'a request without a level asks for none');
    assert.equal((await rpc(`${gw.url}/mcp/legacy`, 3, 'level', {}, withLevel('error'))).json.result.content[0].text, 'error');
    assert.equal((await rpc(`${gw.url}/mcp/legacy`, 4, 'level', {}, withLevel('debug'))).json.result.content[0].text, 'debug');
    // The log line itself reaches the client on the request's stream, at or above its level.
    for (const target of ['modern', 'legacy']) {
      const { text, json } = await rpc(`${gw.url}/mcp/${target}`, 5, 'log', { level: 'warning', text: `from ${target}` }, withLevel('info'));
      assert.equal(json.result.content[0].text, 'logged');
      assert.match(text, new RegExp(`"method":"notifications/message".*"data":"from ${target}"`), `${target}: ${text}`);
    }
  });
});
