// `auth.oauth` as an operator writes it: good settings become the values the verifier uses,
// mistakes are refused at their line and column, and rules may name agents that only tokens name.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { SqliteAuditStore } from '../src/audit/sqlite-store.ts';
import { dataDir, rec } from './helpers/audit-records.ts';
import { ConfigError, parseConfig } from '../src/config/load.ts';
import { bearerChallenge } from '../src/auth/challenge.ts';
import { discoverServerMetadata, discoveryUrls } from '../src/auth/server-metadata.ts';
import { grantedScopes, TokenVerifier } from '../src/auth/token-verifier.ts';
import { AgentDirectory } from '../src/gateway/identify.ts';

const FILE = '/etc/gatehouse/gatehouse.yaml';

function printed(text: string): string[] {
  try {
    parseConfig(text, FILE, {});
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.issues.map((i) => `${i.line}:${i.column}: ${i.message}`);
  }
  assert.fail('the config was accepted');
}

describe('auth.oauth in the config', () => {
  test('issuer, audience, agent_claim (default sub), scopes; the resource is the audience URL', () => {
    const config = parseConfig('auth:\n  oauth:\n    issuer: https://idp.example.com/realms/agents\n    audience: https://gatehouse.example.com/mcp\n    scopes: [mcp, mcp]\n', FILE, {});
    assert.deepEqual(config.auth.oauth, {
      issuer: 'https://idp.example.com/realms/agents',
      audience: 'https://gatehouse.example.com/mcp',
      agentClaim: 'sub',
      scopes: ['mcp'],
      resource: 'https://gatehouse.example.com/mcp',
    });
    const entra = parseConfig('auth:\n  oauth:\n    issuer: https://login.microsoftonline.com/tid/v2.0\n    audience: api://gatehouse\n    agent_claim: azp\n    resource: https://gatehouse.example.com/mcp\n', FILE, {});
    assert.equal(entra.auth.oauth?.resource, 'https://gatehouse.example.com/mcp');
    assert.equal(entra.auth.oauth?.agentClaim, 'azp');
    assert.equal(parseConfig('gateway: {}\n', FILE, {}).auth.oauth, undefined);
  });

  test('mistakes are reported where they are', () => {
    assert.deepEqual(printed('auth:\n  oauth:\n    audience: https://g.example.com/mcp\n'), [
      '2:3: auth.oauth needs an issuer (the authorization server, e.g. https://idp.example.com/realms/agents)',
    ]);
    assert.deepEqual(printed('auth:\n  oauth:\n    issuer: http://idp.example.com\n    audience: https://g.example.com/mcp\n    agent_claim: "a b"\n    scopes: ["mcp tools"]\n    colour: red\n'), [
      '3:13: auth.oauth.issuer must be an https URL (http only on localhost), got \'http://idp.example.com\'',
      '5:18: auth.oauth.agent_claim must be a claim name like sub, client_id or preferred_username (got \'a b\')',
      '6:13: auth.oauth.scopes: \'mcp tools\' is not a scope (one scope per item, no spaces or quotes)',
      "7:5: unknown key 'colour' in auth.oauth; allowed: issuer, audience, agent_claim, scopes, resource",
    ]);
    assert.deepEqual(printed('auth:\n  oauth:\n    issuer: https://idp.example.com?x=1\n    audience: api://gatehouse\n'), [
      '3:13: auth.oauth.issuer must not have a query or fragment (got \'https://idp.example.com?x=1\')',
      '4:15: auth.oauth.audience is not an http(s) URL, so auth.oauth.resource must say at which URL clients reach the gateway (e.g. https://gatehouse.example.com/mcp)',
    ]);
    assert.deepEqual(printed('auth:\n  oauth: {}\n'), [
      '2:3: auth.oauth needs an issuer (the authorization server, e.g. https://idp.example.com/realms/agents)',
      '2:3: auth.oauth needs an audience (what the tokens\' aud must hold, e.g. https://gatehouse.example.com/mcp)',
    ]);
  });

  test('rules may name agents that only tokens name, once auth.oauth is set', () => {
    const rules = 'servers:\n  s: { command: x }\npolicy:\n  rules:\n    - { tool: s/t, agents: [ci-bot], action: deny }\n';
    assert.match(printed(rules).join('\n'), /no agent named 'ci-bot'/);
    const config = parseConfig(`${rules}auth:\n  oauth: { issuer: "https://idp.example.com", audience: "https://g.example.com/mcp" }\n`, FILE, {});
    assert.deepEqual(config.policy.rules[0].agents, ['ci-bot']);
  });
});

describe('the pieces of the resource server', () => {
  test('discovery tries RFC 8414 then OpenID Connect, path inserted and appended', () => {
    assert.deepEqual(discoveryUrls('https://idp.example.com').map(String), [
      'https://idp.example.com/.well-known/oauth-authorization-server',
      'https://idp.example.com/.well-known/openid-configuration',
    ]);
    assert.deepEqual(discoveryUrls('https://kc.example.com/realms/agents').map(String), [
      'https://kc.example.com/.well-known/oauth-authorization-server/realms/agents',
      'https://kc.example.com/.well-known/openid-configuration/realms/agents',
      'https://kc.example.com/realms/agents/.well-known/openid-configuration',
    ]);
  });

  test('discovery falls back to OpenID Connect, and refuses a document naming another issuer', async () => {
    // A stand-in for an identity provider's discovery endpoints only (oauth.test.ts runs a real
    // provider): one that, like Entra ID, answers only at <issuer>/.well-known/openid-configuration.
    const served: string[] = [];
    let issuer = '';
    let claimed = '';
    const idp = createServer((req, res) => {
      served.push(req.url ?? '');
      if (req.url === '/tenant/v2.0/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: claimed, jwks_uri: `${issuer}/keys` }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', () => r()));
    issuer = `http://127.0.0.1:${(idp.address() as { port: number }).port}/tenant/v2.0`;
    try {
      claimed = issuer;
      const metadata = await discoverServerMetadata(issuer);
      assert.equal(metadata.jwks_uri, `${issuer}/keys`);
      assert.deepEqual(served, ['/.well-known/oauth-authorization-server/tenant/v2.0', '/.well-known/openid-configuration/tenant/v2.0', '/tenant/v2.0/.well-known/openid-configuration']);
      claimed = 'https://evil.example.com';
      await assert.rejects(discoverServerMetadata(issuer), /names the issuer "https:\/\/evil.example.com"/);
    } finally {
      idp.close();
    }
  });

  test('scopes come from scope (a string) or scp (a string or a list)', () => {
    assert.deepEqual([...grantedScopes({ scope: 'mcp  tools' })], ['mcp', 'tools']);
    assert.deepEqual([...grantedScopes({ scp: 'mcp' })], ['mcp']);
    assert.deepEqual([...grantedScopes({ scp: ['mcp', 7] })], ['mcp']);
    assert.deepEqual([...grantedScopes({})], []);
  });

  test('a challenge never carries a character outside a quoted-string\'s', () => {
    assert.equal(bearerChallenge({ resourceMetadata: 'https://g/.well-known/oauth-protected-resource', error: 'invalid_token', description: 'bad "x"\\\n\u00e9' }),
      'Bearer resource_metadata="https://g/.well-known/oauth-protected-resource", error="invalid_token", error_description="bad ?x????"');
  });

  test('with OAuth on and require_auth off, no credentials is anonymous; a bad bearer is refused', async () => {
    const oauth = { issuer: 'https://idp.invalid', audience: 'https://g.example.com/mcp', agentClaim: 'sub', scopes: [], resource: 'https://g.example.com/mcp' };
    const dir = new AgentDirectory([{ name: 'k', key: 'k-key-0123456789abcdef' }], false, new TokenVerifier(oauth));
    assert.deepEqual(await dir.byAuthorization(undefined, '/mcp/s'), { agent: 'anonymous', auth: 'anonymous', claims: {} });
    assert.deepEqual(await dir.byAuthorization('Bearer k-key-0123456789abcdef'), { agent: 'k', auth: 'key', claims: {} });
    const refused = await dir.byAuthorization('Bearer junk', '/mcp/s');
    assert.ok('refused' in refused);
    assert.equal(refused.status, 401);
    assert.equal(refused.challenge, 'Bearer resource_metadata="https://g.example.com/.well-known/oauth-protected-resource/mcp/s", error="invalid_token", error_description="the token is not a JWT, nor an API key this gateway knows"');
    const basic = await dir.byAuthorization('Basic dXNlcjpwYXNz', '/mcp');
    assert.ok('refused' in basic && basic.challenge === 'Bearer resource_metadata="https://g.example.com/.well-known/oauth-protected-resource/mcp"');
  });
});

describe('the audit record says how the agent authenticated', () => {
  test('a version-1 audit file is upgraded in place: old records keep no auth, new ones carry it', async () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    // The schema a gateway before OAuth wrote, with one record in it.
    const old = new DatabaseSync(`${dir}/audit.db`);
    old.exec(`CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, request_id TEXT NOT NULL, agent TEXT NOT NULL,
      session TEXT NOT NULL, server TEXT NOT NULL, tool TEXT NOT NULL, decision TEXT NOT NULL, rule TEXT NOT NULL, reason TEXT NOT NULL,
      gateway_ms REAL NOT NULL, upstream_ms REAL, outcome TEXT NOT NULL, args_digest TEXT NOT NULL, args TEXT);
      INSERT INTO audit (time, request_id, agent, session, server, tool, decision, rule, reason, gateway_ms, upstream_ms, outcome, args_digest, args)
      VALUES (1, 'old', 'ci-runner', 's', 'v', 't', 'allow', 'default', '', 0.1, 1, 'ok', 'd', NULL);
      PRAGMA user_version = 1;`);
    old.close();
    const store = new SqliteAuditStore(dir);
    await store.insertBatch([rec({ requestId: 'new', agent: 'ci-bot', auth: 'oauth' })]);
    const records = await store.query({});
    await store.close();
    assert.equal(records.find((r) => r.requestId === 'old')!.auth, undefined);
    assert.equal(records.find((r) => r.requestId === 'new')!.auth, 'oauth');
  });
});
