// OAuth 2.1 for agents, end to end: a real OpenID Connect provider (oidc-provider) issues JWT
// access tokens through a real client-credentials grant with a resource indicator; the gateway
// (a real `gatehouse serve`) is their resource server in front of a real MCP server, which
// sits behind a recording hop so the test sees every header that reaches it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, ClientCredentialsProvider, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { readAudit } from './helpers/audit.ts';
import { httpClient, stdioClient, textOf } from './helpers/client.ts';
import { freePort, gatehouse, launchGateway, NODE, ROOT, type RunningGateway } from './helpers/gateway.ts';
import { newSigningKey, startIssuer, type TestClient, type TestIssuer } from './helpers/oidc.ts';

const EVERYTHING = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
const KEY = 'key-agent-secret-0123456789';
const CI: TestClient = { id: 'ci-bot', secret: 'ci-bot-secret-0123456789', scope: 'mcp other', claims: { groups: ['admins', 'ci'] } };
const INTERN: TestClient = { id: 'intern-bot', secret: 'intern-bot-secret-012345', scope: 'mcp', claims: { groups: ['interns'] } };
const NOSCOPE: TestClient = { id: 'noscope-bot', secret: 'noscope-bot-secret-01234', scope: 'other' };

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

async function startEverything(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(NODE, [EVERYTHING, 'streamableHttp'], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const deadline = Date.now() + 15_000;
  while (!/running on port|listening/i.test(err)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`everything did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, child };
}

/** A pass-through hop in front of the MCP server that remembers every request's headers. */
async function recordingHop(targetPort: number, seen: IncomingHttpHeaders[]): Promise<Server> {
  const hop = createServer((req, res) => {
    seen.push(req.headers);
    const upstream = request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: { ...req.headers, host: `127.0.0.1:${targetPort}` } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => hop.listen(0, '127.0.0.1', () => r()));
  return hop;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
}

describe('OAuth 2.1: the gateway as the MCP resource server', () => {
  let everything: { port: number; child: ChildProcess };
  let hop: Server;
  const seen: IncomingHttpHeaders[] = [];
  let idp: TestIssuer;
  let gw: RunningGateway;
  let audience: string;
  let mcp: string;

  before(async () => {
    everything = await startEverything();
    hop = await recordingHop(everything.port, seen);
    const port = await freePort();
    audience = `http://127.0.0.1:${port}/mcp`;
    mcp = `http://127.0.0.1:${port}/mcp/remote`;
    idp = await startIssuer({ audience, clients: [CI, INTERN, NOSCOPE] });
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-oauth-'));
    const configFile = path.join(dir, 'gatehouse.yaml');
    writeFileSync(configFile, `gateway:
  listen: 127.0.0.1:${port}
  data: ./data
  require_auth: true
servers:
  remote: { url: "http://127.0.0.1:${(hop.address() as { port: number }).port}/mcp" }
agents:
  key-agent: { key: ${KEY} }
auth:
  oauth:
    issuer: ${idp.issuer}
    audience: ${audience}
    agent_claim: client_id
    scopes: [mcp]
policy:
  rules:
    - tool: remote/get-env
      when: '!has(claims.groups) || !("admins" in claims.groups)'
      action: deny
      reason: Only admins may read the environment.
    - tool: remote/get-sum
      agents: [intern-bot]
      action: deny
      reason: Interns do not add.
`);
    gw = await launchGateway(configFile, port);
  });
  after(async () => {
    await gw?.stop();
    await idp?.close();
    hop?.close();
    everything?.child.kill();
  });

  test('RFC 9728 metadata names the authorization server, at the root and path-suffixed forms', async () => {
    for (const suffix of ['', '/mcp', '/mcp/remote']) {
      const res = await fetch(`${gw.url}/.well-known/oauth-protected-resource${suffix}`);
      assert.equal(res.status, 200, suffix);
      assert.deepEqual(await res.json(), {
        resource: audience,
        authorization_servers: [idp.issuer],
        scopes_supported: ['mcp'],
        bearer_methods_supported: ['header'],
        resource_name: 'Gatehouse MCP gateway',
      });
    }
    assert.equal((await fetch(`${gw.url}/.well-known/oauth-protected-resource/mcp/no-such-server`)).status, 404);
  });

  test('no credentials under require_auth: 401 naming the metadata, without an error code', async () => {
    const res = await post(mcp, INIT);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), `Bearer resource_metadata="${gw.url}/.well-known/oauth-protected-resource/mcp/remote"`);
    const all = await post(`${gw.url}/mcp`, INIT);
    assert.equal(all.headers.get('www-authenticate'), `Bearer resource_metadata="${gw.url}/.well-known/oauth-protected-resource/mcp"`);
  });

  test('a real access token names the agent by its claim; the token never reaches the server', async () => {
    const token = await idp.token(CI);
    seen.length = 0;
    const client = await httpClient(mcp, { key: token });
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { message: 'hi' } })), 'Echo: hi');
    await client.close();
    assert.ok(seen.length >= 3, 'the server was reached');
    for (const headers of seen) {
      assert.equal(headers.authorization, undefined);
      assert.ok(!JSON.stringify(headers).includes(token.split('.')[2]), 'no part of the token is forwarded');
    }
    assert.ok(!gw.output().includes(token.split('.')[2]), 'the token is not logged');
    await waitForAudit(gw, (r) => r.tool === 'echo' && r.agent === 'ci-bot');
    const record = readAudit(gw.dir).find((r) => r.tool === 'echo' && r.agent === 'ci-bot')!;
    assert.equal(record.auth, 'oauth');
  });

  test('bad tokens: each refused with 401 invalid_token (or 403 insufficient_scope) and the metadata', async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = { iss: idp.issuer, aud: audience, client_id: 'ci-bot', sub: 'ci-bot', scope: 'mcp', iat: now, exp: now + 300 };
    const foreign = await newSigningKey('foreign-key');
    const sameKid = await newSigningKey(idp.signingKey().kid!);
    const unsigned = `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(good)}.`;
    const hmac = await idp.sign(good, { key: { kty: 'oct', k: Buffer.from('a shared secret of enough length!').toString('base64url'), alg: 'HS256' }, alg: 'HS256', kid: 'hmac' });
    const cases: [string, string, RegExp][] = [
      ['expired', await idp.sign({ ...good, iat: now - 600, exp: now - 300 }), /expired/],
      ['not yet valid', await idp.sign({ ...good, nbf: now + 600 }), /not valid yet/],
      ['wrong audience', await idp.sign({ ...good, aud: 'https://other.example.com/mcp' }), /not meant for this gateway/],
      ['wrong issuer', await idp.sign({ ...good, iss: 'https://evil.example.com' }), /not issued by/],
      ['foreign key', await idp.sign(good, { key: foreign }), /key the authorization server does not publish/],
      ['foreign key under a known kid', await idp.sign(good, { key: sameKid }), /signature does not verify/],
      ['alg none', unsigned, /signed with none are not accepted/],
      ['HMAC', hmac, /signed with HS256 are not accepted/],
      ['no expiry', await idp.sign({ ...good, exp: undefined }), /no expiry/],
      ['no agent claim', await idp.sign({ ...good, client_id: undefined }), /no client_id claim/],
      ['garbage', 'not-a-token-and-not-a-key', /not a JWT/],
      ['wrong key', 'key-agent-secret-0123456780', /not a JWT/],
    ];
    for (const [name, token, why] of cases) {
      const res = await post(mcp, INIT, { authorization: `Bearer ${token}` });
      assert.equal(res.status, 401, name);
      const challenge = res.headers.get('www-authenticate') ?? '';
      assert.match(challenge, /^Bearer resource_metadata="[^"]+\/.well-known\/oauth-protected-resource\/mcp\/remote", error="invalid_token", error_description="/, name);
      assert.match(challenge, why, `${name}: ${challenge}`);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, why, name);
    }
    const scopeless = await post(mcp, INIT, { authorization: `Bearer ${await idp.token(NOSCOPE, { scope: 'other' })}` });
    assert.equal(scopeless.status, 403);
    assert.match(scopeless.headers.get('www-authenticate') ?? '', /error="insufficient_scope", error_description="the token lacks the scope mcp", scope="mcp"$/);
  });

  test('API keys keep working beside OAuth; the policy follows the token\'s group claim', async () => {
    const admin = await httpClient(mcp, { key: await idp.token(CI) });
    const intern = await httpClient(mcp, { key: await idp.token(INTERN) });
    const keyed = await httpClient(mcp, { key: KEY });
    assert.match(textOf(await admin.callTool({ name: 'get-env', arguments: {} })), /PATH|{/);
    assert.equal(textOf(await intern.callTool({ name: 'get-env', arguments: {} })), 'Blocked by policy (rule 1: remote/get-env): Only admins may read the environment.');
    assert.equal(textOf(await keyed.callTool({ name: 'get-env', arguments: {} })), 'Blocked by policy (rule 1: remote/get-env): Only admins may read the environment.');
    // rules' agents lists name token agents as they name key agents
    assert.equal(textOf(await intern.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })), 'Blocked by policy (rule 2: remote/get-sum): Interns do not add.');
    assert.match(textOf(await admin.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })), /3/);
    for (const c of [admin, intern, keyed]) await c.close();
    await waitForAudit(gw, (r) => r.agent === 'key-agent');
    const records = readAudit(gw.dir);
    assert.equal(records.find((r) => r.agent === 'key-agent')!.auth, 'key');
    assert.equal(records.find((r) => r.agent === 'intern-bot' && r.tool === 'get-env')!.decision, 'deny');
  });

  test('a session opened with a token cannot be continued with another agent\'s credentials', async () => {
    const open = await post(mcp, INIT, { authorization: `Bearer ${await idp.token(CI)}` });
    const id = open.headers.get('mcp-session-id')!;
    await open.text();
    const stolen = await post(mcp, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { authorization: `Bearer ${await idp.token(INTERN)}`, 'mcp-session-id': id });
    assert.equal(stolen.status, 404);
    const byKey = await post(mcp, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { authorization: `Bearer ${KEY}`, 'mcp-session-id': id });
    assert.equal(byKey.status, 404);
    const own = await post(mcp, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { authorization: `Bearer ${await idp.token(CI)}`, 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' });
    assert.equal(own.status, 200);
    await own.text();
  });

  test('each request\'s token brings its own claims: the session follows a refreshed token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: idp.issuer, aud: audience, client_id: 'ci-bot', scope: 'mcp', iat: now, exp: now + 300 };
    const asAdmin = { authorization: `Bearer ${await idp.sign({ ...claims, groups: ['admins'] })}` };
    const demoted = { authorization: `Bearer ${await idp.sign({ ...claims, groups: ['interns'] })}` };
    const open = await post(mcp, INIT, asAdmin);
    const session = { 'mcp-session-id': open.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
    await open.text();
    await (await post(mcp, { jsonrpc: '2.0', method: 'notifications/initialized' }, { ...asAdmin, ...session })).text();
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get-env', arguments: {} } };
    const allowed = (await (await post(mcp, call, { ...asAdmin, ...session })).json()) as { result: { content: { text: string }[] } };
    assert.doesNotMatch(allowed.result.content[0].text, /Blocked by policy/);
    const denied = (await (await post(mcp, { ...call, id: 4 }, { ...demoted, ...session })).json()) as { result: { content: { text: string }[] } };
    assert.equal(denied.result.content[0].text, 'Blocked by policy (rule 1: remote/get-env): Only admins may read the environment.');
  });

  test('key rotation: tokens signed with a new key are accepted at once, without a restart', async () => {
    const before = await idp.token(CI);
    assert.equal((await post(mcp, INIT, { authorization: `Bearer ${before}` })).status, 200);
    const fetchesBefore = idp.jwksFetches();
    const next = await idp.rotate();
    const after = await idp.token(CI);
    assert.equal(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).kid, next.kid);
    const client = await httpClient(mcp, { key: after });
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { message: 'rotated' } })), 'Echo: rotated');
    await client.close();
    assert.ok(idp.jwksFetches() > fetchesBefore, 'the key set was fetched again for the new kid');
    // The old key is still published: its tokens stay good until they expire.
    assert.equal((await post(mcp, INIT, { authorization: `Bearer ${before}` })).status, 200);
  });

  test('the SDK client\'s own OAuth (client credentials) finds the issuer through the gateway\'s metadata', async () => {
    const provider = new ClientCredentialsProvider({ clientId: CI.id, clientSecret: CI.secret, expectedIssuer: idp.issuer, scope: 'mcp' });
    const client = new Client({ name: 'sdk-oauth', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp), { authProvider: provider }));
    assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { message: 'sdk' } })), 'Echo: sdk');
    await client.close();
    const token = provider.tokens()!.access_token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    assert.equal(claims.aud, audience, 'the SDK asked for a token for the gateway\'s resource');
  });

  test('hostile: a huge token, a flood of bad tokens at once, and a token replayed after it expired', async () => {
    const huge = await post(mcp, INIT, { authorization: `Bearer ${'a'.repeat(13_000)}` });
    assert.equal(huge.status, 401);
    assert.match(huge.headers.get('www-authenticate') ?? '', /longer than/);
    // Past Node's header limit the connection is refused before the gateway sees it; it lives on.
    const enormous = await post(mcp, INIT, { authorization: `Bearer ${'a'.repeat(100_000)}` }).then((r) => r.status, () => 0);
    assert.ok(enormous === 431 || enormous === 0, String(enormous));

    let now = Math.floor(Date.now() / 1000);
    const fetches = idp.jwksFetches();
    const bad = await Promise.all(Array.from({ length: 100 }, async (_, i) => {
      const key = await newSigningKey(`random-${i}`, 'ES256');
      return idp.sign({ iss: idp.issuer, aud: audience, client_id: 'ci-bot', scope: 'mcp', exp: now + 60 }, { key });
    }));
    const statuses = await Promise.all(bad.map((t) => post(mcp, INIT, { authorization: `Bearer ${t}` }).then((r) => r.status)));
    assert.deepEqual(new Set(statuses), new Set([401]));
    assert.ok(idp.jwksFetches() - fetches <= 3, `unknown key ids cost at most a few key-set fetches, not one each (${idp.jwksFetches() - fetches})`);

    now = Math.floor(Date.now() / 1000);
    const shortLived = await idp.sign({ iss: idp.issuer, aud: audience, client_id: 'ci-bot', scope: 'mcp', iat: now, exp: now + 1 });
    const first = await post(mcp, INIT, { authorization: `Bearer ${shortLived}` });
    assert.equal(first.status, 200);
    await first.text();
    // exp plus the 5 s clock tolerance has passed: the same token is now refused.
    await new Promise((r) => setTimeout(r, (now + 1 + 5 + 1) * 1000 - Date.now()));
    const replay = await post(mcp, INIT, { authorization: `Bearer ${shortLived}` });
    assert.equal(replay.status, 401);
    assert.match(replay.headers.get('www-authenticate') ?? '', /error="invalid_token", error_description="the token has expired"/);
    assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
  });

  test('gatehouse stdio takes an access token in GATEHOUSE_TOKEN, verified at start', async () => {
    const client = await stdioClient(gw.configFile, 'remote', { GATEHOUSE_TOKEN: await idp.token(INTERN) });
    assert.equal(textOf(await client.callTool({ name: 'get-env', arguments: {} })), 'Blocked by policy (rule 1: remote/get-env): Only admins may read the environment.');
    await client.close();
    const refused = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(NODE, ['src/cli/main.ts', 'stdio', 'remote', '--config', gw.configFile], { cwd: ROOT, env: { ...process.env, GATEHOUSE_TOKEN: 'garbage-token' }, stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.once('exit', (code) => resolve({ code, err }));
    });
    assert.equal(refused.code, 2);
    assert.match(refused.err, /not a JWT/);
  });

  test('gatehouse check --claims: what the policy decides for a token\'s claims', async () => {
    const admin = await gatehouse('check', 'remote/get-env', '--agent', 'ci-bot', '--claims', '{"groups": ["admins"]}', '--config', gw.configFile);
    assert.equal(admin.status, 0, admin.stderr);
    const other = await gatehouse('check', 'remote/get-env', '--agent', 'ci-bot', '--claims', '{"groups": ["interns"]}', '--config', gw.configFile);
    assert.equal(other.status, 1);
    assert.match(other.stdout, /Only admins may read the environment/);
    const bad = await gatehouse('check', 'remote/get-env', '--claims', '[1]', '--config', gw.configFile);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--claims must be a JSON object/);
    // The dashboard's what-if form asks the same question through /api/check.
    const asked = async (claims: unknown) => (await (await fetch(`${gw.url}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ target: 'remote/get-env', agent: 'ci-bot', claims }) })).json()) as { report: { decision: string } };
    assert.equal((await asked({ groups: ['admins'] })).report.decision, 'allow');
    assert.equal((await asked('{"groups": ["interns"]}')).report.decision, 'deny');
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function waitForAudit(gw: RunningGateway, found: (r: ReturnType<typeof readAudit>[number]) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!readAudit(gw.dir).some(found)) {
    if (Date.now() > deadline) throw new Error('the audit record did not appear');
    await new Promise((r) => setTimeout(r, 100));
  }
}
