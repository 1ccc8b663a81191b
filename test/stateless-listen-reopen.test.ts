// A 2026-07-28 client's listen stream outlives the death of a 2026-only stdio server behind it:
// the gateway sends the upstream listen request again to the new process, tells the client its
// list changed (the new process's list may differ, and changes meanwhile were never heard), and
// the new process's own notifications reach the stream. A closed stream stops the retries: no
// process is started for a listener that is gone. Real server processes, killed with SIGKILL;
// the client is raw HTTP, so the test sees every event on the stream.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NODE, ROOT, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { killAndWait, until } from './helpers/wait.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/lifecycle-server.ts');
const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
};
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28' };

function starts(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
}

async function call(url: string, id: number, name: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...HEADERS, 'mcp-method': 'tools/call', 'mcp-name': name },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {}, _meta: META } }),
  });
  const text = await res.text();
  const json = text.startsWith('event:') || text.startsWith('data:') ? JSON.parse(text.split('\n').filter((l) => l.startsWith('data:')).at(-1)!.slice(5)) : JSON.parse(text);
  assert.ok(json.result, text);
  return json.result.content[0].text as string;
}

/** An open subscriptions/listen stream: every JSON-RPC message it carried so far. */
async function listen(url: string, notifications: Record<string, unknown>): Promise<{ events: any[]; close(): void }> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...HEADERS, 'mcp-method': 'subscriptions/listen' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 'listen-1', method: 'subscriptions/listen', params: { notifications, _meta: META } }),
    signal: abort.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: any[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of res.body!) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
          if (data.trim()) events.push(JSON.parse(data));
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { events, close: () => abort.abort() };
}

describe('a listen stream across the crash of a 2026-only stdio server', { timeout: 90_000 }, () => {
  let gw: RunningGateway;
  let file: string;
  before(async () => {
    file = path.join(tmpdir(), `gatehouse-listen-reopen-${process.pid}`);
    rmSync(file, { force: true });
    const env = { LIFECYCLE_STARTS: file };
    gw = await startGateway(`servers:\n  modern:\n    command: ${JSON.stringify(NODE)}\n    args: ${JSON.stringify([FIXTURE, '--modern-only', '--list-changed'])}\n    env: ${JSON.stringify(env)}\n`);
  });
  after(async () => {
    await gw?.stop();
    rmSync(file, { force: true });
  });

  test('reopened on the new process, announced as a list change, and stopped by closing the stream', async () => {
    const url = `${gw.url}/mcp/modern`;
    const first = Number(await call(url, 1, 'pid'));
    const stream = await listen(url, { toolsListChanged: true });
    const changes = () => stream.events.filter((e) => e.method === 'notifications/tools/list_changed');
    try {
      const ack = await until('the gateway acknowledges', async () => stream.events.find((e) => e.method === 'notifications/subscriptions/acknowledged'));
      const id = ack.params._meta[SUBSCRIPTION];
      assert.ok(id);
      // Before any crash: the server's notification reaches the stream (the upstream listen is
      // open; a call may race its registration, so call until one arrives).
      await until('a list change before the crash', async () => (await call(url, 2, 'changed'), changes().length > 0 ? true : undefined));
      const before = changes().length;
      // (The gateway's own look at the server at startup may have started a process too.)
      const started = starts(file).length;

      await killAndWait(first);
      // Nobody calls the server: the listen request sent again starts the new process, and
      // the client hears that its tool list may have changed.
      const announced = await until('a list change after the restart', async () => changes()[before]);
      assert.equal(announced.params._meta[SUBSCRIPTION], id, 'the list change names the client\'s subscription');
      assert.equal(starts(file).length, started + 1, `one new process: ${starts(file)}`);
      const second = Number(await call(url, 3, 'pid'));
      assert.notEqual(second, first);
      assert.equal(second, starts(file).at(-1));
      // The new process's own notification reaches the still open stream.
      const heard = changes().length;
      assert.equal(await call(url, 4, 'changed'), 'sent');
      const own = await until('the new process\'s list change', async () => changes()[heard]);
      assert.equal(own.params._meta[SUBSCRIPTION], id);

      // Closed stream: its upstream listen request is cancelled and never sent again, so a
      // crash now starts no process (a listener's retry would start one within a second).
      stream.close();
      await new Promise((r) => setTimeout(r, 500));
      await killAndWait(second);
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(starts(file).length, started + 1, `no process started for a closed listener: ${starts(file)}`);
    } finally {
      stream.close();
    }
  });
});
