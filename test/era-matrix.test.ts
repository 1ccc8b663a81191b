// The matrix of issue #10's "How it is checked": every client era (the v2 client pinned to
// 2026-07-28 and in `auto`, the v1 client) against every server era (2026-only, both-era and
// legacy-only: the conformance fixture with --modern-only, no flag, --legacy-only, over stdio),
// on every way in (/mcp/<server>, /mcp with prefixed names, `gatehouse stdio`): the filtered
// tool list, a call, a deny with _meta, a rate limit, an elicit approval, progress, and a
// server that elicits during a call (bridged whichever eras meet). One row per cell, each with a
// client of its own (a session, or for a stateless client its own clientInfo) so the limits of
// one cell never touch another. Cancellation across the bridge: test/era-cancel.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport as V1StdioTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { MAIN, NODE, nodeServer, ROOT, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { textOf } from './helpers/client.ts';

const KEY = 'era-matrix-agent-key-0001';
const SERVERS = { modern: '--modern-only', both: undefined, legacy: '--legacy-only' } as const;
type ServerKind = keyof typeof SERVERS;
type ClientKind = 'v2-pinned' | 'v2-auto' | 'v1';
type Way = 'server' | 'all' | 'stdio';

/** One client, whichever SDK: what a row needs of it. */
interface AnyClient {
  version(): string | undefined;
  listTools(): Promise<string[]>;
  call(name: string, args: Record<string, unknown>, onprogress?: (progress: number) => void): Promise<{ text: string; isError: boolean; decision?: string }>;
  close(): Promise<void>;
}

/** The answers of the person at the client: approve Gatehouse's forms, fill in the server's. */
function answer(params: Record<string, unknown>): Record<string, unknown> {
  return String(params.message).startsWith('Gatehouse:')
    ? { action: 'accept', content: { decision: 'approve' } }
    : { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
}

let gw: RunningGateway;

async function connect(kind: ClientKind, way: Way, server: ServerKind, name: string): Promise<AnyClient> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GATEHOUSE_KEY: KEY };
  const url = new URL(way === 'all' ? `${gw.url}/mcp` : `${gw.url}/mcp/${server}`);
  const headers = { authorization: `Bearer ${KEY}` };
  if (kind === 'v1') {
    const client = new V1Client({ name, version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params as Record<string, unknown>) as never);
    await client.connect(way === 'stdio'
      ? new V1StdioTransport({ command: NODE, args: [MAIN, 'stdio', server, '--config', gw.configFile], cwd: ROOT, env, stderr: 'pipe' })
      : new V1Transport(url, { requestInit: { headers } }));
    return {
      version: () => undefined,
      listTools: async () => (await client.listTools()).tools.map((t) => t.name),
      call: async (tool, args, onprogress) => {
        const result = await client.callTool({ name: tool, arguments: args }, undefined, onprogress ? { onprogress: (p) => onprogress(p.progress) } : undefined);
        return { text: textOf(result), isError: result.isError === true, decision: (result._meta as Record<string, any> | undefined)?.['gatehouse/decision']?.action };
      },
      close: () => client.close(),
    };
  }
  const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
  const client = new Client({ name, version: '1' }, { versionNegotiation: { mode: kind === 'v2-pinned' ? { pin: '2026-07-28' } : 'auto' }, capabilities: { elicitation: {} } } as never);
  client.setRequestHandler('elicitation/create', (request) => answer(request.params as Record<string, unknown>) as never);
  await client.connect(way === 'stdio'
    ? new StdioClientTransport({ command: NODE, args: [MAIN, 'stdio', server, '--config', gw.configFile], cwd: ROOT, env, stderr: 'pipe' })
    : new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return {
    version: () => client.getNegotiatedProtocolVersion?.(),
    listTools: async () => (await client.listTools()).tools.map((t) => t.name),
    call: async (tool, args, onprogress) => {
      const result = await client.callTool({ name: tool, arguments: args }, (onprogress ? { onprogress: (p: { progress: number }) => onprogress(p.progress) } : undefined) as never);
      return { text: textOf(result), isError: result.isError === true, decision: (result._meta as Record<string, any> | undefined)?.['gatehouse/decision']?.action };
    },
    close: () => client.close(),
  };
}

before(async () => {
  const servers = Object.entries(SERVERS).map(([name, flag]) => `  ${name}: ${flag ? nodeServer('test/fixtures/conformance-server.ts', '--stdio', flag) : nodeServer('test/fixtures/conformance-server.ts', '--stdio')}\n`).join('');
  gw = await startGateway(
    `servers:\n${servers}agents:\n  bot: { key: ${KEY} }\npolicy:\n  rules:\n` +
      `    - tool: test_error_handling\n      action: deny\n      reason: Not from agents.\n` +
      `    - tool: test_image_content\n      action: rate_limit\n      rate_limit: { max: 1, window: 60 }\n` +
      `    - tool: test_audio_content\n      action: require_approval\n      approval: { mode: elicit, timeout: 30s }\n`,
  );
});
after(() => gw?.stop());

const CLIENTS: ClientKind[] = ['v2-pinned', 'v2-auto', 'v1'];
const WAYS: Way[] = ['server', 'all', 'stdio'];

for (const server of Object.keys(SERVERS) as ServerKind[]) {
  describe(`a ${server} server`, { timeout: 600_000 }, () => {
    for (const way of WAYS) {
      for (const kind of CLIENTS) {
        test(`${kind} over ${way === 'server' ? `/mcp/${server}` : way === 'all' ? '/mcp' : 'gatehouse stdio'}`, { timeout: 180_000 }, async () => {
          const client = await connect(kind, way, server, `matrix-${server}-${way}-${kind}`);
          const name = (tool: string) => (way === 'all' ? `${server}__${tool}` : tool);
          try {
            // A v2 client meets a gateway that speaks 2026-07-28 everywhere (v1 cannot).
            if (kind !== 'v1') assert.equal(client.version(), '2026-07-28');
            const tools = await client.listTools();
            assert.ok(tools.includes(name('test_simple_text')), tools.join(','));
            assert.ok(!tools.includes(name('test_error_handling')), 'a tool denied for every call is hidden');
            assert.equal((await client.call(name('test_simple_text'), {})).text, 'This is a simple text response for testing.');
            const denied = await client.call(name('test_error_handling'), {});
            assert.deepEqual([denied.isError, denied.decision], [true, 'deny']);
            assert.match(denied.text, /^Blocked by policy \(rule 1: test_error_handling\): Not from agents\.$/);
            assert.equal((await client.call(name('test_image_content'), {})).isError, false);
            const limited = await client.call(name('test_image_content'), {});
            assert.deepEqual([limited.isError, limited.decision], [true, 'rate_limited']);
            const approved = await client.call(name('test_audio_content'), {});
            assert.equal(approved.isError, false, approved.text);
            const progress: number[] = [];
            await client.call(name('test_tool_with_progress'), {}, (p) => progress.push(p));
            // Over stdio the server's last progress line and its answer reach the client in one
            // read, and both SDK clients handle the answer first and drop the progress (they do
            // so directly against the server too, most of the time): there, the lines before it.
            if (way === 'stdio') assert.deepEqual(progress.slice(0, 2), [0, 50], JSON.stringify(progress));
            else assert.deepEqual(progress, [0, 50, 100]);
            const elicited = await client.call(name('test_elicitation'), { message: 'Who?' });
            assert.equal(elicited.text, 'User response: action=accept, content={"username":"ada","email":"ada@example.com"}');
          } finally {
            await client.close();
          }
        });
      }
    }
  });
}
