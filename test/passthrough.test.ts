// Transparency: through /mcp/everything, the official SDK client sees the reference server's
// resources, prompts, completions, logging, progress, sampling, elicitation, roots and
// cancellation exactly as it would directly, and the policy still applies to its tools.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { textOf } from './helpers/client.ts';
import { nodeServer, startGateway, type RunningGateway } from './helpers/gateway.ts';
import { readAudit } from './helpers/audit.ts';

const EVERYTHING = nodeServer('node_modules/@modelcontextprotocol/server-everything/dist/index.js', 'stdio');

describe('the reference server through /mcp/everything', () => {
  let gw: RunningGateway;
  let client: Client;
  const notifications: { method: string; params?: unknown }[] = [];
  const sampled: unknown[] = [];
  const elicited: unknown[] = [];

  before(async () => {
    gw = await startGateway(`servers:\n  everything: ${EVERYTHING}\npolicy:\n  rules:\n    - tool: get-env\n      action: deny\n      reason: Environment variables can hold secrets.\n`);
    client = new Client({ name: 'passthrough-test', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } } });
    client.setRequestHandler('sampling/createMessage', async (request) => {
      sampled.push(request.params);
      return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled answer' } };
    });
    client.setRequestHandler('elicitation/create', async (request) => {
      elicited.push(request.params);
      return { action: 'decline' };
    });
    client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///tmp/gatehouse-root', name: 'test root' }] }));
    client.fallbackNotificationHandler = async (n) => void notifications.push(n as { method: string; params?: unknown });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/everything`)));
  });
  after(async () => {
    await client?.close();
    await gw?.stop();
  });

  test('initialize returns the upstream server\'s own identity and capabilities', () => {
    assert.equal(client.getServerVersion()?.name, 'mcp-servers/everything');
    const caps = client.getServerCapabilities();
    assert.ok(caps?.tools && caps.resources && caps.prompts && caps.logging && caps.completions);
  });

  test('tools/list passes annotations and schemas through, minus the denied tool', async () => {
    const { tools } = await client.listTools();
    const echo = tools.find((t) => t.name === 'echo');
    assert.ok(echo, 'echo is listed');
    assert.equal(echo.annotations?.readOnlyHint, true);
    assert.equal((echo.inputSchema.properties as Record<string, { type: string }>).message.type, 'string');
    assert.ok(!tools.some((t) => t.name === 'get-env'), 'get-env is hidden');
  });

  test('tools/call forwards arguments and returns structured content unchanged', async () => {
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { message: 'hello' } })), 'Echo: hello');
    const sum = await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
    assert.match(textOf(sum), /5/);
    const structured = await client.callTool({ name: 'get-structured-content', arguments: { location: 'Chicago' } });
    assert.ok(structured.structuredContent, 'structuredContent survives the gateway');
  });

  test('resources: list with pagination, templates, read', async () => {
    const first = await client.listResources();
    assert.ok(first.resources.length > 0);
    if (first.nextCursor) {
      const second = await client.listResources({ cursor: first.nextCursor });
      assert.ok(second.resources.length > 0 && second.resources[0].uri !== first.resources[0].uri, 'the cursor reaches the next page');
    }
    const uri = first.resources[0].uri;
    const read = await client.readResource({ uri });
    assert.equal(read.contents[0].uri, uri);
    const templates = await client.listResourceTemplates();
    assert.ok(templates.resourceTemplates.length > 0);
  });

  test('prompts and completions', async () => {
    const { prompts } = await client.listPrompts();
    assert.ok(prompts.some((p) => p.name === 'args-prompt'));
    const prompt = await client.getPrompt({ name: 'args-prompt', arguments: { city: 'Lisbon' } });
    assert.match(JSON.stringify(prompt.messages), /Lisbon/);
    const completable = prompts.find((p) => p.name === 'completable-prompt');
    assert.ok(completable?.arguments?.length);
    const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: completable.arguments[0].name, value: '' } });
    assert.ok(Array.isArray(completion.completion.values));
  });

  test('progress notifications reach the caller of a long-running tool', async () => {
    const progress: number[] = [];
    const result = await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 3 } }, { onprogress: (p) => void progress.push(p.progress) });
    assert.equal(result.isError, undefined);
    assert.ok(progress.length >= 2, `progress seen: ${progress.join(',')}`);
  });

  test('sampling and elicitation requests from the server reach this client and return', async () => {
    const { tools } = await client.listTools();
    const sampling = tools.find((t) => /sampling/.test(t.name));
    assert.ok(sampling, `a sampling tool is listed: ${tools.map((t) => t.name).join(', ')}`);
    const sampledResult = await client.callTool({ name: sampling.name, arguments: { prompt: 'say hi', maxTokens: 10 } });
    assert.equal(sampled.length, 1);
    assert.match(JSON.stringify(sampledResult), /sampled answer/);
    const elicitation = tools.find((t) => /elicitation/.test(t.name));
    assert.ok(elicitation, 'an elicitation tool is listed');
    await client.callTool({ name: elicitation.name, arguments: {} });
    assert.equal(elicited.length, 1);
  });

  test('another client session never sees this session\'s sampling requests', async () => {
    const otherSampled: unknown[] = [];
    const other = new Client({ name: 'bystander', version: '1.0.0' }, { capabilities: { sampling: {} } });
    other.setRequestHandler('sampling/createMessage', async (request) => {
      otherSampled.push(request.params);
      return { model: 'other', role: 'assistant', content: { type: 'text', text: 'wrong client' } };
    });
    await other.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/everything`)));
    const sampling = (await client.listTools()).tools.find((t) => /sampling/.test(t.name))!;
    const before = sampled.length;
    const result = await client.callTool({ name: sampling.name, arguments: { prompt: 'only me', maxTokens: 5 } });
    assert.equal(sampled.length, before + 1);
    assert.equal(otherSampled.length, 0);
    assert.doesNotMatch(JSON.stringify(result), /wrong client/);
    await other.close();
  });

  test('logging: setLevel is accepted and log messages arrive as notifications', async () => {
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    const deadline = Date.now() + 8000;
    while (!notifications.some((n) => n.method === 'notifications/message') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    assert.ok(notifications.some((n) => n.method === 'notifications/message'), `notifications: ${notifications.map((n) => n.method).join(', ')}`);
  });

  test('a cancelled call is cancelled upstream, recorded, and the session goes on', async () => {
    const controller = new AbortController();
    const pending = client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, { signal: controller.signal });
    setTimeout(() => controller.abort('changed my mind'), 300);
    await assert.rejects(pending);
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { message: 'after' } })), 'Echo: after');
  });

  test('the audit log has each call with its decision and outcome', async () => {
    const denied = await client.callTool({ name: 'get-env', arguments: {} });
    assert.equal(denied.isError, true);
    assert.match(textOf(denied), /^Blocked by policy \(rule 1: get-env\): Environment variables can hold secrets\.$/);
    await client.close();
    await gw.stop();
    const records = readAudit(gw.dir);
    const env = records.find((r) => r.tool === 'get-env');
    assert.equal(env?.decision, 'deny');
    assert.equal(env?.outcome, 'not_forwarded');
    assert.ok(records.some((r) => r.tool === 'echo' && r.decision === 'allow' && r.outcome === 'ok' && r.upstreamMs !== null));
    assert.ok(records.some((r) => r.tool === 'trigger-long-running-operation' && r.outcome === 'cancelled'));
  });
});
