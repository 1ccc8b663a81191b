// The config loader as an operator meets it: a good file becomes the right values, and a
// broken one is refused with every problem, each at its line and column, and no secrets.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig, parseConfig, type ConfigIssue } from '../src/config/load.ts';
import type { RemoteServerConfig, StdioServerConfig } from '../src/config/types.ts';
import { runValidate } from '../src/cli/validate.ts';

const FILE = '/etc/gatehouse/gatehouse.yaml';
const ENV = {
  MQ_MCP_TOKEN: 'mq-token-secret-value',
  CI_RUNNER_KEY: 'ci-runner-key-0123456789',
  ALICE_KEY: 'alice-key-0123456789abcdef',
};

function issuesOf(text: string, env: NodeJS.ProcessEnv = ENV): ConfigIssue[] {
  try {
    parseConfig(text, FILE, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
    assert.equal(err.code, 'CONFIG_INVALID');
    return err.issues;
  }
  assert.fail('the config was accepted');
}

/** Issues as `line:column: message`, the way they are printed, for exact comparisons. */
function printed(text: string, env: NodeJS.ProcessEnv = ENV): string[] {
  return issuesOf(text, env).map((i) => `${i.line}:${i.column}: ${i.message}`);
}

const EXAMPLE = `gateway:
  listen: 0.0.0.0:9090
  data: ./state
servers:
  valkey:
    command: uvx
    args: ["awslabs.valkey-mcp-server@latest"]
    env: { VALKEY_HOST: 127.0.0.1, VALKEY_PORT: 6379, DEBUG: true }
    cwd: ./work
  amazon-mq:
    url: https://mq-mcp.internal.example/mcp
    headers: { Authorization: "Bearer \${MQ_MCP_TOKEN}" }
  legacy:
    url: http://127.0.0.1:9000/sse
    transport: sse
agents:
  ci-runner: { key: "\${CI_RUNNER_KEY}" }
  alice-laptop: { key: "\${ALICE_KEY}" }
policy:
  default: deny
  rules:
    - tool: create_api_key
      action: rate_limit
      rate_limit: { max: 10, window: 60 }
    - tool: "valkey/delete_*"
      action: deny
      reason: Deleting keys is not allowed from agents.
    - tool: valkey/set
      when: 'args.key.startsWith("prod:")'
      action: deny
      reason: Production keys are read-only for agents.
    - tool: "amazon-mq/*"
      agents: [ci-runner, anonymous]
      action: rate_limit
      rate_limit: { max: 5, window: 1h30m, scope: agent }
`;

describe('a valid config', () => {
  const config = parseConfig(EXAMPLE, FILE, ENV);

  test('gateway settings are read, with defaults for what is not written', () => {
    assert.equal(config.file, FILE);
    assert.equal(config.gateway.host, '0.0.0.0');
    assert.equal(config.gateway.port, 9090);
    // Relative to the config file's directory, not the working directory.
    assert.equal(config.gateway.data, '/etc/gatehouse/state');
    assert.equal(config.gateway.requireAuth, false);
    assert.equal(config.gateway.auditArguments, false);
    assert.equal(config.gateway.maxBodyBytes, 4 * 1024 * 1024);
    assert.equal(config.gateway.maxSessions, 1000);
    assert.equal(config.gateway.sessionIdleTimeoutS, 1800);
    assert.deepEqual(config.gateway.allowedOrigins, []);
    assert.equal(config.gateway.adminToken, undefined);
  });

  test('servers: stdio with env values as text and cwd resolved; remote with headers from the environment', () => {
    assert.deepEqual([...config.servers.keys()], ['valkey', 'amazon-mq', 'legacy']);
    const valkey = config.servers.get('valkey') as StdioServerConfig;
    assert.equal(valkey.transport, 'stdio');
    assert.equal(valkey.command, 'uvx');
    assert.deepEqual(valkey.args, ['awslabs.valkey-mcp-server@latest']);
    assert.deepEqual(valkey.env, { VALKEY_HOST: '127.0.0.1', VALKEY_PORT: '6379', DEBUG: 'true' });
    assert.equal(valkey.cwd, '/etc/gatehouse/work');
    const mq = config.servers.get('amazon-mq') as RemoteServerConfig;
    assert.equal(mq.transport, 'streamable-http');
    assert.equal(mq.url, 'https://mq-mcp.internal.example/mcp');
    assert.deepEqual(mq.headers, { Authorization: 'Bearer mq-token-secret-value' });
    assert.equal((config.servers.get('legacy') as RemoteServerConfig).transport, 'sse');
  });

  test('agents get their keys from the environment', () => {
    assert.deepEqual(config.agents, [
      { name: 'ci-runner', key: ENV.CI_RUNNER_KEY },
      { name: 'alice-laptop', key: ENV.ALICE_KEY },
    ]);
  });

  test('rules keep their number, pattern, settings and the position of their tool key', () => {
    assert.equal(config.policy.default, 'deny');
    const [first, second, third, fourth] = config.policy.rules;
    assert.deepEqual(first, {
      index: 1,
      tool: 'create_api_key',
      action: 'rate_limit',
      rateLimit: { max: 10, window: 60, scope: 'session' },
      position: { file: FILE, line: 22, column: 7 },
    });
    assert.equal(second.reason, 'Deleting keys is not allowed from agents.');
    assert.deepEqual(second.position, { file: FILE, line: 25, column: 7 });
    assert.equal(third.when, 'args.key.startsWith("prod:")');
    assert.deepEqual(fourth.agents, ['ci-runner', 'anonymous']);
    assert.deepEqual(fourth.rateLimit, { max: 5, window: 5400, scope: 'agent' });
  });

  test('an empty file, or one of blanks and comments, is refused; a bare servers: section takes every default', () => {
    for (const text of ['', '\n  \n', '# nothing yet\n', '---\n']) {
      assert.throws(() => parseConfig(text, FILE, {}), (err: ConfigError) => {
        assert.equal(err.unreadable, true);
        assert.deepEqual(err.issues.map((i) => `${i.line}:${i.column}: ${i.message}`), ['1:1: the config file is empty (a config needs at least a servers: section)']);
        return true;
      });
    }
    const empty = parseConfig('servers: {}\n', FILE, {});
    assert.equal(empty.servers.size, 0);
    assert.equal(empty.gateway.host, '127.0.0.1');
    assert.equal(empty.gateway.port, 8787);
    assert.equal(empty.gateway.data, '/etc/gatehouse/.gatehouse');
    assert.equal(empty.policy.default, 'allow');
    assert.deepEqual(empty.policy.rules, []);
  });

  test('listen accepts a port, host:port and [ipv6]:port; sizes and durations take units', () => {
    const read = (gateway: string) => parseConfig(`gateway:\n${gateway}`, FILE, {}).gateway;
    assert.deepEqual([read('  listen: 9000').host, read('  listen: 9000').port], ['127.0.0.1', 9000]);
    assert.deepEqual([read('  listen: "[::1]:8080"').host, read('  listen: "[::1]:8080"').port], ['::1', 8080]);
    assert.equal(read('  max_body_bytes: 1MiB').maxBodyBytes, 1024 * 1024);
    assert.equal(read('  session_idle_timeout: 10m').sessionIdleTimeoutS, 600);
    assert.equal(read('  session_idle_timeout: 45').sessionIdleTimeoutS, 45);
    const full = read('  require_auth: true\n  audit_arguments: true\n  admin_token: 0123456789abcdef0123\n  allowed_hosts: [gw.example]\n  max_sessions: 5');
    assert.deepEqual([full.requireAuth, full.auditArguments, full.adminToken, full.allowedHosts, full.maxSessions], [true, true, '0123456789abcdef0123', ['gw.example'], 5]);
  });

  test('an anchor can be reused for two servers', () => {
    const config = parseConfig('servers:\n  a: &node { command: node, args: [a.js] }\n  b: *node\n', FILE, {});
    assert.equal((config.servers.get('b') as StdioServerConfig).command, 'node');
  });
});

describe('environment variables', () => {
  test('${VAR:-default} uses the default when unset, and $${ is a literal ${', () => {
    const config = parseConfig('servers:\n  s:\n    command: "${CMD:-node}"\n    args: ["$${HOME}", "${ARG}"]\n', FILE, { ARG: 'x' });
    const s = config.servers.get('s') as StdioServerConfig;
    assert.equal(s.command, 'node');
    assert.deepEqual(s.args, ['${HOME}', 'x']);
  });

  test('a missing variable is named, with where it is used, at the ${ that uses it', () => {
    assert.deepEqual(printed('agents:\n  ci-runner: { key: "k-${CI_RUNNER_KEY}" }\n', {}), [
      '2:24: environment variable CI_RUNNER_KEY is not set (used in agents.ci-runner.key)',
    ]);
  });
});

describe('errors, each with its position', () => {
  test('an unknown key names the keys allowed there', () => {
    assert.deepEqual(printed('servers:\n  valkey:\n    comand: uvx\n    command: uvx\n'), [
      "3:5: unknown key 'comand' in servers.valkey; allowed: command, args, env, cwd, url, transport, headers, trust_changes, shared, timeout",
    ]);
    assert.deepEqual(printed('gateway: {}\npolicies: {}\n'), ["2:1: unknown key 'policies' in the config file; allowed: gateway, servers, agents, approvals, policy, auth"]);
  });

  test('shared must be a boolean', () => {
    assert.deepEqual(printed('servers:\n  valkey: { command: uvx, shared: sometimes }\n'), ['2:35: servers.valkey.shared must be true or false']);
  });

  test('YAML syntax errors are reported at their position', () => {
    const issues = issuesOf('servers:\n  valkey: { command: uvx\npolicy:\n  default: deny\n');
    assert.ok(issues.length >= 1);
    assert.match(issues[0].message, /^YAML: /);
    assert.equal(issues[0].file, FILE);
    assert.equal(issues[0].line, 3);
  });

  test('a duplicate key is an error', () => {
    assert.deepEqual(printed('policy:\n  default: deny\n  default: allow\n').map((l) => l.slice(0, 4)), ['3:3:']);
  });

  test('a realistic broken file: every error is reported, in file order', () => {
    const text = `gateway:
  listen: localhost:99999
  max_sesions: 10
  session_idle_timeout: 10 minutes
servers:
  valkey:
    command: uvx
    url: https://valkey.example/mcp
  amazon-mq:
    url: https://mq.example/mcp
    transport: websocket
  "my server":
    command: node
agents:
  ci-runner: { key: "\${CI_RUNNER_KEY}" }
  anonymous: { key: "0123456789abcdef0123" }
policy:
  default: risk
  rules:
    - tool: valky/delete_*
      action: deny
    - tool: "valkey/[abc"
      action: deny
    - tool: valkey/set
      when: 'args.key.startsWith("prod:") &&'
      action: deny
    - tool: create_api_key
      action: rate_limit
    - tool: amazon-mq/reboot_broker
      action: require_approval
      approval: { timeout: 10m, mode: later }
    - tool: get
      action: allow
      agents: [ci-runer]
      rate_limit: { max: 3, window: 60 }
    - tool: list
      acton: deny
`;
    assert.deepEqual(printed(text, {}), [
      '2:11: gateway.listen has port 99999; ports go up to 65535',
      "3:3: unknown key 'max_sesions' in gateway; allowed: listen, data, database, redis, replica, internal_url, require_auth, admin_token, allowed_origins, allowed_hosts, max_body_bytes, max_sessions, max_sessions_per_agent, session_idle_timeout, audit_arguments, request_timeout",
      '4:25: gateway.session_idle_timeout must be a duration: a number of seconds, or a string like "30s", "10m", "1h", "1h30m"',
      '6:3: servers.valkey has both command (a stdio server) and url (a remote server); keep one',
      "11:16: servers.amazon-mq.transport must be streamable-http (the default) or sse, not 'websocket'",
      "12:3: server name 'my server' may only contain letters, digits, '_' and '-' (it appears in URLs and tool names)",
      '15:22: environment variable CI_RUNNER_KEY is not set (used in agents.ci-runner.key)',
      "16:3: 'anonymous' is reserved for callers without a key; choose another agent name",
      "20:13: rule 1 tool 'valky/delete_*': no server named 'valky'; servers: valkey, amazon-mq, my server",
      "22:21: rule 2 tool 'valkey/[abc' is not a valid pattern: '[' is never closed with ']'",
      '25:45: rule 3 when is not a valid CEL condition: Unexpected token: EOF',
      '28:15: rule 4 has action rate_limit but no rate_limit: { max, window } to say how many calls per how many seconds',
      "31:39: rule 5 approval.mode must be one of auto, hold, elicit, async (got 'later')",
      "34:16: rule 6 agents: no agent named 'ci-runer'; agents: ci-runner, anonymous",
      '35:7: rule 6 has rate_limit, which applies only to action: rate_limit (the action is allow)',
      '36:7: rule 7 needs an action: one of allow, deny, rate_limit, require_approval',
      "37:7: unknown key 'acton' in rule 7 (policy.rules); allowed: tool, action, reason, agents, when, rate_limit, approval",
    ]);
  });

  test('the error message lists every issue as file:line:column: message', () => {
    try {
      parseConfig('policy:\n  default: maybe\n  rules: 3\n', FILE, {});
      assert.fail('accepted');
    } catch (err) {
      assert.equal((err as Error).message, [
        `${FILE}:2:12: policy.default must be allow, deny or risk (got 'maybe')`,
        `${FILE}:3:10: policy.rules must be a list`,
      ].join('\n'));
    }
  });

  test('a CEL error points at the character inside the expression, however the YAML quotes it', () => {
    const rule = (when: string) => `servers:\n  s: { command: x }\npolicy:\n  rules:\n    - tool: s/t\n      action: deny\n      when: ${when}\n`;
    assert.deepEqual(printed(rule('args.x +* 2 == 1')), ['7:21: rule 1 when is not a valid CEL condition: Unexpected token: MULTIPLY']);
    assert.deepEqual(printed(rule(`'args.x == ''a'' && nope'`)), ['7:33: rule 1 when is not a valid CEL condition: Unknown variable: nope']);
    assert.deepEqual(printed(rule('"args.x == \\"a\\" && nope"')), ['7:33: rule 1 when is not a valid CEL condition: Unknown variable: nope']);
    assert.deepEqual(printed(rule('|\n        args.x == 1 &&\n          nope')), ['9:11: rule 1 when is not a valid CEL condition: Unknown variable: nope']);
    assert.deepEqual(printed(rule('"\\"text\\""')), ['7:14: rule 1 when is not a valid CEL condition: the condition gives a string, not true or false']);
  });

  test('bad tool patterns say what is wrong and where', () => {
    const rule = (tool: string) => `policy:\n  rules:\n    - tool: ${tool}\n      action: deny\n`;
    assert.deepEqual(printed(rule('"*/get_{a,b"')), ["3:20: rule 1 tool '*/get_{a,b' is not a valid pattern: '{' is never closed with '}'"]);
    assert.deepEqual(printed(rule('a/b/c')), ["3:16: rule 1 tool 'a/b/c' is not a valid pattern: a pattern has at most one '/' (server/tool)"]);
    assert.deepEqual(printed(rule('"*/"')), ["3:15: rule 1 tool '*/' is not a valid pattern: the tool part after '/' is empty (use 'server/*' for every tool)"]);
    assert.equal(parseConfig(rule('"*/get_{a,b}"'), FILE, {}).policy.rules[0].tool, '*/get_{a,b}');
  });

  test('servers need exactly one of command and url; remote-only and stdio-only fields stay on their side', () => {
    assert.deepEqual(printed('servers:\n  empty: { args: [x] }\n  remote:\n    url: ftp://x\n    env: { A: b }\n'), [
      '2:3: servers.empty needs either command (a server the gateway starts over stdio) or url (a remote server)',
      '4:10: servers.remote.url must be an http:// or https:// URL',
      '5:5: servers.remote.env applies only to stdio servers (command)',
    ]);
  });

  test('rate limits check max, window and scope', () => {
    assert.deepEqual(printed('policy:\n  rules:\n    - tool: t\n      action: rate_limit\n      rate_limit: { max: 0, window: soon, scope: planet }\n'), [
      '5:26: rule 1 rate_limit.max must be a whole number greater than 0',
      '5:37: rule 1 rate_limit.window must be a duration: a number of seconds, or a string like "30s", "10m", "1h", "1h30m"',
      "5:50: rule 1 rate_limit.scope must be one of session, agent, global (got 'planet')",
    ]);
    assert.deepEqual(printed('policy:\n  rules:\n    - tool: t\n      action: rate_limit\n      rate_limit: { window: 60 }\n'), [
      '5:7: rule 1 rate_limit needs max: the number of calls allowed per window',
    ]);
  });

  test('require_approval takes approval settings, with defaults when absent', () => {
    const config = parseConfig('policy:\n  rules:\n    - { tool: t, action: require_approval }\n    - { tool: u, action: require_approval, approval: { timeout: 2m, mode: async, ttl: 10m } }\n', FILE, {});
    assert.deepEqual(config.policy.rules[0].approval, { timeout: 600, mode: 'auto', ttl: 3600 });
    assert.deepEqual(config.policy.rules[1].approval, { timeout: 120, mode: 'async', ttl: 600 });
  });

  test('approvals: approvers with tokens and a signed webhook', () => {
    const config = parseConfig('approvals:\n  webhook: { url: "http://127.0.0.1:9/hook", secret: "0123456789abcdef-secret" }\n  approvers:\n    alice: { token: "alice-approver-token-01" }\n', FILE, {});
    assert.deepEqual(config.approvals, { webhook: { url: 'http://127.0.0.1:9/hook', secret: '0123456789abcdef-secret' }, approvers: [{ name: 'alice', token: 'alice-approver-token-01' }] });
    const issues = issuesOf('approvals:\n  webhook: { url: ftp://x }\n  approvers:\n    bob: { token: short }\n');
    assert.deepEqual(issues.map((i) => i.message), [
      'approvals.webhook needs url and secret (the shared secret its signatures are made with)',
      'approvals.approvers.bob.token must be at least 16 characters without spaces',
    ]);
    assert.ok(!issues.some((i) => i.message.includes('short')), 'the token is not echoed');
  });

  test('risk defaults are validated even though they only apply with default: risk', () => {
    assert.deepEqual(printed('policy:\n  risk_defaults:\n    low: allow\n    extreme: deny\n    medium: { action: rate_limit }\n'), [
      "4:5: unknown key 'extreme' in policy.risk_defaults; allowed: low, medium, high, critical",
      '5:23: policy.risk_defaults.medium has action rate_limit but no rate_limit: { max, window } to say how many calls per how many seconds',
    ]);
    const ok = parseConfig('policy:\n  risk_defaults:\n    low: allow\n    medium: { action: rate_limit, rate_limit: { max: 10, window: 60 } }\n', FILE, {});
    assert.deepEqual(ok.policy.riskDefaults, { low: { action: 'allow' }, medium: { action: 'rate_limit', rateLimit: { max: 10, window: 60, scope: 'session' } } });
  });
});

describe('secrets never appear in an error', () => {
  test('short, duplicate and whitespace keys, a short admin token, and bad values next to headers are reported without their values', () => {
    const secrets = {
      SHARED: 'shared-secret-key-0123456789',
      SHORT: 'tiny-secret',
      TOKEN: 'adm-secret',
      HEADER: 'header-secret-value',
      DB: 'postgres://user:db-password-secret@',
    };
    const text = `gateway:
  admin_token: "\${TOKEN}"
  database: "\${DB}:5432"
servers:
  r:
    url: "https://user:url-password-secret@/x y"
    headers: { Authorization: "\${HEADER}", X-Count: 3 }
agents:
  a: { key: "\${SHARED}" }
  b: { key: "\${SHARED}" }
  c: { key: "\${SHORT}" }
  d: { key: "spaced secret key 0123456789" }
`;
    const issues = issuesOf(text, secrets);
    const all = issues.map((i) => i.message).join('\n');
    assert.equal(issues.length, 7, all);
    assert.match(all, /gateway\.database must be a URL/);
    assert.match(all, /servers\.r\.url must be an http:\/\/ or https:\/\/ URL/);
    assert.match(all, /agents\.b\.key is the same key as agents\.a\.key/);
    assert.match(all, /agents\.c\.key is too short; an agent key must be at least 16 characters/);
    assert.match(all, /agents\.d\.key contains whitespace/);
    assert.match(all, /servers\.r\.headers\.X-Count must be a string/);
    assert.match(all, /gateway\.admin_token must be at least 16 characters long/);
    for (const secret of [...Object.values(secrets), 'url-password-secret', 'spaced secret key', 'db-password-secret']) {
      assert.ok(!all.includes(secret), `an error message contains '${secret}'`);
    }
  });
});

describe('loadConfig and gatehouse validate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-config-test-'));

  test('an unreadable file is one issue at 1:1 saying why, marked unreadable', () => {
    const missing = path.join(dir, 'missing.yaml');
    assert.throws(() => loadConfig(missing, {}), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.unreadable, true);
      assert.deepEqual(err.issues, [{ file: missing, line: 1, column: 1, message: 'cannot read the config file: no such file' }]);
      return true;
    });
  });

  test('validate prints a one-line summary for a good file and exits 0', () => {
    const file = path.join(dir, 'good.yaml');
    writeFileSync(file, EXAMPLE);
    const out: string[] = [];
    const err: string[] = [];
    const code = runValidate(file, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, ENV);
    assert.equal(code, 0);
    assert.deepEqual(err, []);
    assert.deepEqual(out, [`${file} is valid: 3 servers, 2 agents, 4 rules`]);
  });

  test('validate prints every error as file:line:column: message on stderr and exits 1; an unreadable file exits 2', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'policy:\n  default: maybe\nextra: 1\n');
    const err: string[] = [];
    const out = { stdout: () => assert.fail('nothing goes to stdout'), stderr: (t: string) => err.push(t) };
    assert.equal(runValidate(file, out, {}), 1);
    assert.deepEqual(err, [
      `${file}:2:12: policy.default must be allow, deny or risk (got 'maybe')`,
      `${file}:3:1: unknown key 'extra' in the config file; allowed: gateway, servers, agents, approvals, policy, auth`,
    ]);
    assert.equal(runValidate(path.join(dir, 'nope.yaml'), { stdout: () => {}, stderr: () => {} }, {}), 2);
  });
});

describe('the replica keys of gateway:', () => {
  test('replica and internal_url are read; bad ones are reported where they are', () => {
    const ok = parseConfig('gateway:\n  database: postgres://db/gh\n  replica: gw-a.1\n  internal_url: http://10.0.0.5:8787/\n', FILE, ENV);
    assert.equal(ok.gateway.replica, 'gw-a.1');
    assert.equal(ok.gateway.internalUrl, 'http://10.0.0.5:8787');
    assert.equal(ok.gateway.database, 'postgres://db/gh');
    const issues = issuesOf('gateway:\n  replica: "two words"\n  internal_url: ftp://x\n');
    const all = issues.map((i) => `${i.line}: ${i.message}`).join('\n');
    assert.match(all, /^2: gateway\.replica must be 1-64 letters/m);
    assert.match(all, /^3: gateway\.internal_url must be an http:\/\/ URL/m);
  });
});
