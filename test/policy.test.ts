// The policy engine as SPEC states it: every matching rule applies, the strictest wins, a
// condition that cannot be evaluated denies, tools denied outright are hidden, and the
// texts the agent reads and `gatehouse check` prints.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { DefaultAction, RuleConfig } from '../src/config/types.ts';
import { runCheck } from '../src/cli/check.ts';
import { ConditionError, compileCondition } from '../src/policy/condition.ts';
import { blockedMessage, decisionMeta, rateLimitedMessage } from '../src/policy/describe.ts';
import { compilePolicy } from '../src/policy/engine.ts';
import { compileToolPattern, validateToolPattern } from '../src/policy/tool-pattern.ts';
import type { ToolCall, Verdict } from '../src/policy/types.ts';

type RuleSpec = Omit<RuleConfig, 'index' | 'position'>;

function policy(rules: RuleSpec[], defaultAction: DefaultAction = 'allow') {
  return compilePolicy({
    default: defaultAction,
    riskDefaults: {},
    rules: rules.map((r, i) => ({ ...r, index: i + 1, position: { file: 'gatehouse.yaml', line: i + 1, column: 7 } })),
  });
}

function call(target: string, extra: Partial<ToolCall> = {}): ToolCall {
  const [server, tool] = target.split('/');
  return { server, tool, args: {}, agent: 'anonymous', session: 'session-1', ...extra };
}

/** "action by rule": the short form of a verdict the assertions compare. */
function summary(v: Verdict): string {
  return `${v.action} by ${v.rule.index === 0 ? 'default' : `rule ${v.rule.index}`}`;
}

describe('tool patterns', () => {
  test('a bare name matches that tool on every server; server/tool only on that server', () => {
    const p = policy([{ tool: 'create_api_key', action: 'deny' }, { tool: 'valkey/get', action: 'deny' }]);
    assert.equal(summary(p.decide(call('valkey/create_api_key'))), 'deny by rule 1');
    assert.equal(summary(p.decide(call('amazon-mq/create_api_key'))), 'deny by rule 1');
    assert.equal(summary(p.decide(call('valkey/get'))), 'deny by rule 2');
    assert.equal(summary(p.decide(call('amazon-mq/get'))), 'allow by default');
    assert.equal(summary(p.decide(call('valkey/create_api_keys'))), 'allow by default');
  });

  test('globs in the server part, the tool part, or both', () => {
    const p = policy([
      { tool: 'valkey/delete_*', action: 'deny' },
      { tool: '*/create_*', action: 'deny' },
      { tool: 'amazon-mq/*', action: 'deny' },
      { tool: '{a,b}/get_?', action: 'deny' },
    ]);
    assert.equal(summary(p.decide(call('valkey/delete_key'))), 'deny by rule 1');
    assert.equal(summary(p.decide(call('other/delete_key'))), 'allow by default');
    assert.equal(summary(p.decide(call('other/create_user'))), 'deny by rule 2');
    assert.equal(summary(p.decide(call('amazon-mq/list_brokers'))), 'deny by rule 3');
    assert.equal(summary(p.decide(call('b/get_x'))), 'deny by rule 4');
    assert.equal(summary(p.decide(call('b/get_xy'))), 'allow by default');
    assert.equal(summary(p.decide(call('c/get_x'))), 'allow by default');
  });

  test('a bad pattern is refused with the character it is about', () => {
    assert.deepEqual(validateToolPattern('valkey/[abc'), { message: "'[' is never closed with ']'", offset: 7 });
    assert.deepEqual(validateToolPattern('a/b}'), { message: "'}' has no matching '{'", offset: 3 });
    assert.deepEqual(validateToolPattern('a/b/c'), { message: "a pattern has at most one '/' (server/tool)", offset: 3 });
    assert.equal(validateToolPattern('valkey/delete_*'), undefined);
    assert.throws(() => compileToolPattern('/x'), { code: 'TOOL_PATTERN_INVALID' });
    assert.equal(compileToolPattern('valkey/*').literalServer, 'valkey');
    assert.equal(compileToolPattern('val*/x').literalServer, undefined);
  });
});

describe('agents and conditions', () => {
  test('a rule with agents applies only to those agents', () => {
    const p = policy([{ tool: 'amazon-mq/*', agents: ['ci-runner'], action: 'deny', reason: 'CI may not touch brokers.' }]);
    assert.equal(summary(p.decide(call('amazon-mq/reboot', { agent: 'ci-runner' }))), 'deny by rule 1');
    assert.equal(summary(p.decide(call('amazon-mq/reboot', { agent: 'alice' }))), 'allow by default');
    assert.equal(summary(p.decide(call('amazon-mq/reboot'))), 'allow by default');
  });

  test('when: true applies the rule, false skips it; the condition sees args, agent, session, server and tool', () => {
    const p = policy([
      { tool: 'valkey/set', when: 'args.key.startsWith("prod:")', action: 'deny', reason: 'Production keys are read-only for agents.' },
      { tool: 'valkey/get', when: 'agent == "alice" && session == "s9" && server == "valkey" && tool == "get"', action: 'deny' },
      { tool: 'valkey/mset', when: 'size(args.keys) > 2 && args.ttl >= 60', action: 'deny' },
    ]);
    const set = p.decide(call('valkey/set', { args: { key: 'prod:users' } }));
    assert.deepEqual(set.action === 'deny' && [set.rule.index, set.reason], [1, 'Production keys are read-only for agents.']);
    assert.equal(summary(p.decide(call('valkey/set', { args: { key: 'dev:users' } }))), 'allow by default');
    assert.equal(summary(p.decide(call('valkey/get', { agent: 'alice', session: 's9' }))), 'deny by rule 2');
    assert.equal(summary(p.decide(call('valkey/get', { agent: 'alice', session: 's8' }))), 'allow by default');
    assert.equal(summary(p.decide(call('valkey/mset', { args: { keys: ['a', 'b', 'c'], ttl: 60 } }))), 'deny by rule 3');
    assert.equal(summary(p.decide(call('valkey/mset', { args: { keys: ['a', 'b', 'c'], ttl: 59.5 } }))), 'allow by default');
  });

  test('a condition that cannot be evaluated counts as a match for deny, approval and limits, and as no match for allow (fail closed)', () => {
    const p = policy([
      { tool: 'valkey/set', when: 'args.key.startsWith("prod:")', action: 'deny' },
      { tool: 'valkey/get', when: 'args.key', action: 'allow' },
    ], 'deny');
    const missing = p.decide(call('valkey/set', { args: {} }));
    assert.equal(missing.action, 'deny');
    assert.equal(missing.rule.index, 1);
    assert.equal(missing.action === 'deny' && missing.reason,
      "rule 1's condition could not be evaluated (No such key: key); the call is denied because the policy cannot decide");
    const wrongType = p.decide(call('valkey/set', { args: { key: 42 } }));
    assert.equal(summary(wrongType), 'deny by rule 1');
    // An allow rule that cannot decide permits nothing: the default (deny here) applies.
    const notBoolean = p.decide(call('valkey/get', { args: { key: 'a string' } }));
    assert.equal(summary(notBoolean), 'deny by default');
    // The same rule still works for well-formed calls afterwards.
    assert.equal(summary(p.decide(call('valkey/get', { args: { key: true } }))), 'allow by rule 2');
  });

  test('== and != with a value of the wrong type fail closed instead of quietly not matching', () => {
    const p = policy([
      { tool: 'pay/refund', when: 'args.amount == 1000', action: 'deny', reason: 'No refunds of 1000.' },
      { tool: 'pay/refund', when: 'args.currency != "EUR"', action: 'require_approval' },
      { tool: 'pay/charge', when: 'args.test == true', action: 'rate_limit', rateLimit: { max: 1, window: 60, scope: 'session' } },
    ], 'allow');
    assert.equal(summary(p.decide(call('pay/refund', { args: { amount: 1000, currency: 'EUR' } }))), 'deny by rule 1');
    const asText = p.decide(call('pay/refund', { args: { amount: '1000', currency: 'EUR' } }));
    assert.equal(summary(asText), 'deny by rule 1');
    assert.match(asText.action === 'deny' ? asText.reason : '', /could not be evaluated \(cannot compare .*wrong type\)/);
    assert.equal(summary(p.decide(call('pay/refund', { args: { amount: 5, currency: 'EUR' } }))), 'allow by default');
    assert.equal(summary(p.decide(call('pay/refund', { args: { amount: 5, currency: 978 } }))), 'require_approval by rule 2');
    assert.equal(summary(p.decide(call('pay/refund', { args: { amount: 5.0, currency: 'USD' } }))), 'require_approval by rule 2');
    const limited = p.decide(call('pay/charge', { args: { test: 'yes' } }));
    assert.equal(summary(limited), 'allow by rule 3');
    assert.equal(limited.action === 'allow' && limited.limits.length, 1);
    // null compares with anything: "absent or null" is a question, not a type error.
    const nullable = policy([{ tool: 't', when: 'args.key == null', action: 'deny' }], 'allow');
    assert.equal(summary(nullable.decide(call('s/t', { args: { key: 'x' } }))), 'allow by default');
    assert.equal(summary(nullable.decide(call('s/t', { args: { key: null } }))), 'deny by rule 1');
  });

  test('a condition with a syntax or type error is refused at compile time with its offset', () => {
    assert.throws(() => compileCondition('args.key +'), (err: unknown) => err instanceof ConditionError && err.offset === 10 && err.summary === 'Unexpected token: EOF');
    assert.throws(() => compileCondition('agent == "x" && nope'), (err: unknown) => err instanceof ConditionError && err.summary === 'Unknown variable: nope' && err.offset === 16);
    assert.throws(() => compileCondition('agent == 1'), /no such overload: string == int/);
    assert.throws(() => compileCondition('agent + "x"'), /gives a string, not true or false/);
  });
});

describe('the strictest rule wins', () => {
  test('any matching deny denies, and the lowest-numbered deny is the rule named', () => {
    const p = policy([
      { tool: 'valkey/*', action: 'allow' },
      { tool: 'create_api_key', action: 'rate_limit', rateLimit: { max: 10, window: 60, scope: 'session' } },
      { tool: '*/create_*', action: 'deny', reason: 'No creating.' },
      { tool: 'valkey/create_api_key', action: 'deny', reason: 'Not here.' },
    ]);
    const v = p.decide(call('valkey/create_api_key'));
    assert.equal(v.action, 'deny');
    assert.equal(v.rule.index, 3);
    assert.equal(v.action === 'deny' && v.reason, 'No creating.');
    assert.deepEqual(v.matched.map((m) => `${m.index}:${m.action}`), ['1:allow', '2:rate_limit', '3:deny', '4:deny']);
  });

  test('an explicit deny beats a condition that failed; a failed allow condition permits nothing', () => {
    const p = policy([
      { tool: 't', when: 'args.missing == 1', action: 'allow' },
      { tool: 't', when: 'args.flag == true', action: 'deny', reason: 'Flagged.' },
    ]);
    const flagged = p.decide(call('s/t', { args: { flag: true } }));
    assert.equal(summary(flagged), 'deny by rule 2');
    assert.equal(flagged.action === 'deny' && flagged.reason, 'Flagged.');
    assert.equal(summary(p.decide(call('s/t', { args: { flag: false } }))), 'allow by default');
  });

  test('every matching rate limit is claimed; the call is allowed subject to them', () => {
    const p = policy([
      { tool: 'create_api_key', action: 'rate_limit', rateLimit: { max: 10, window: 60, scope: 'session' } },
      { tool: '*/create_*', action: 'rate_limit', rateLimit: { max: 100, window: 3600, scope: 'global' } },
      { tool: 'valkey/*', action: 'allow' },
    ]);
    const v = p.decide(call('valkey/create_api_key'));
    assert.equal(summary(v), 'allow by rule 1');
    assert.ok(v.action === 'allow');
    assert.deepEqual(v.limits.map((l) => [l.rule.index, l.max, l.windowS, l.scope]), [[1, 10, 60, 'session'], [2, 100, 3600, 'global']]);
  });

  test('default deny: unmatched calls are denied with a reason; allow and rate_limit rules are explicit permits', () => {
    const p = policy([
      { tool: 'valkey/get', action: 'allow' },
      { tool: 'create_api_key', action: 'rate_limit', rateLimit: { max: 1, window: 1, scope: 'session' } },
    ], 'deny');
    const v = p.decide(call('valkey/set'));
    assert.deepEqual(v.rule, { index: 0, tool: 'default', action: 'deny' });
    assert.equal(v.action === 'deny' && v.reason, 'no rule allows valkey/set and the policy default is deny');
    assert.deepEqual(v.matched, []);
    assert.equal(summary(p.decide(call('valkey/get'))), 'allow by rule 1');
    assert.equal(summary(p.decide(call('amazon-mq/create_api_key'))), 'allow by rule 2');
  });

  test('default allow: an unmatched call is allowed by the default with no limits', () => {
    const v = policy([]).decide(call('any/thing'));
    assert.deepEqual(v, { action: 'allow', rule: { index: 0, tool: 'default', action: 'allow' }, matched: [], limits: [] });
  });

  test('a deny rule without a reason still tells the agent something useful', () => {
    const v = policy([{ tool: 'valkey/flushall', action: 'deny' }]).decide(call('valkey/flushall'));
    assert.equal(v.action === 'deny' && v.reason, 'calls to valkey/flushall are denied by this rule');
  });
});

describe('hidden tools', () => {
  const p = policy([
    { tool: 'valkey/delete_*', action: 'deny' },
    { tool: 'amazon-mq/*', agents: ['ci-runner'], action: 'deny' },
    { tool: 'valkey/set', when: 'args.key.startsWith("prod:")', action: 'deny' },
  ]);

  test('a tool denied without condition is hidden, for the agents the rule names', () => {
    assert.equal(p.isHidden('anonymous', 'valkey', 'delete_key'), true);
    assert.equal(p.isHidden('ci-runner', 'amazon-mq', 'reboot_broker'), true);
    assert.equal(p.isHidden('alice', 'amazon-mq', 'reboot_broker'), false);
  });

  test('a conditional deny does not hide the tool under default allow', () => {
    assert.equal(p.isHidden('anonymous', 'valkey', 'set'), false);
    assert.equal(p.isHidden('anonymous', 'valkey', 'get'), false);
  });

  test('under default deny, a tool is hidden unless some rule could permit it for that agent', () => {
    const strict = policy([
      { tool: 'valkey/get', action: 'allow' },
      { tool: 'valkey/set', agents: ['alice'], action: 'allow' },
      { tool: 'valkey/scan', when: 'args.count < 100', action: 'allow' },
      { tool: 'valkey/del', when: 'true', action: 'deny' },
    ], 'deny');
    assert.equal(strict.isHidden('bob', 'valkey', 'get'), false);
    assert.equal(strict.isHidden('bob', 'valkey', 'set'), true);
    assert.equal(strict.isHidden('alice', 'valkey', 'set'), false);
    assert.equal(strict.isHidden('bob', 'valkey', 'scan'), false);
    assert.equal(strict.isHidden('bob', 'valkey', 'del'), true);
    assert.equal(strict.isHidden('bob', 'valkey', 'info'), true);
  });
});

describe('rate limit counter keys', () => {
  const limit = (scope: 'session' | 'agent' | 'global'): RuleSpec => ({ tool: 'create_api_key', action: 'rate_limit', rateLimit: { max: 10, window: 60, scope } });
  const keyOf = (rules: RuleSpec[], c: ToolCall, index = 0) => {
    const v = compilePolicy({ default: 'allow', riskDefaults: {}, rules: rules.map((r, i) => ({ ...r, index: i + 1, position: { file: 'f', line: 1, column: 1 } })) }).decide(c);
    assert.ok(v.action === 'allow');
    return v.limits[index].key;
  };

  test('the key holds the scope: the session, the agent, or nothing', () => {
    const a1 = call('valkey/create_api_key', { agent: 'a', session: 's1' });
    const a2 = call('valkey/create_api_key', { agent: 'a', session: 's2' });
    const b1 = call('valkey/create_api_key', { agent: 'b', session: 's1b' });
    assert.notEqual(keyOf([limit('session')], a1), keyOf([limit('session')], a2));
    assert.match(keyOf([limit('session')], a1), /s1$/);
    assert.equal(keyOf([limit('agent')], a1), keyOf([limit('agent')], a2));
    assert.notEqual(keyOf([limit('agent')], a1), keyOf([limit('agent')], b1));
    assert.equal(keyOf([limit('global')], a1), keyOf([limit('global')], b1));
    assert.notEqual(keyOf([limit('session')], a1), keyOf([limit('agent')], a1));
  });

  test('each server/tool a rule matches has its own counter, as on /mcp/<server>', () => {
    const rule: RuleSpec = { tool: '*/create_*', action: 'rate_limit', rateLimit: { max: 10, window: 60, scope: 'session' } };
    const onValkey = keyOf([rule], call('valkey/create_api_key'));
    assert.notEqual(onValkey, keyOf([rule], call('amazon-mq/create_api_key')));
    assert.notEqual(onValkey, keyOf([rule], call('valkey/create_user')));
    assert.equal(onValkey, keyOf([rule], call('valkey/create_api_key')));
  });

  test('a rule keeps its counter when rules are moved around, and a changed rule gets a new one', () => {
    const c = call('valkey/create_api_key');
    const other: RuleSpec = { tool: 'valkey/get', action: 'deny' };
    assert.equal(keyOf([limit('session')], c), keyOf([other, other, limit('session')], c));
    const changed: RuleSpec = { tool: 'create_api_key', action: 'rate_limit', rateLimit: { max: 11, window: 60, scope: 'session' } };
    assert.notEqual(keyOf([limit('session')], c), keyOf([changed], c));
  });

  test('two identical rules do not share (and double-count) one counter', () => {
    const c = call('valkey/create_api_key');
    assert.notEqual(keyOf([limit('session'), limit('session')], c, 0), keyOf([limit('session'), limit('session')], c, 1));
  });
});

describe('what the agent reads', () => {
  test('a denial names the rule and gives the reason', () => {
    assert.equal(blockedMessage({ index: 2, tool: 'valkey/delete_*', action: 'deny' }, 'Deleting keys is not allowed from agents.'),
      'Blocked by policy (rule 2: valkey/delete_*): Deleting keys is not allowed from agents.');
    assert.equal(blockedMessage({ index: 0, tool: 'default', action: 'deny' }, 'no rule allows valkey/set and the policy default is deny'),
      'Blocked by policy (policy default): No rule allows valkey/set and the policy default is deny.');
  });

  test('a rate limit says how many calls per how long, in which scope, and when to retry', () => {
    const rule = { index: 1, tool: 'create_api_key', action: 'rate_limit' as const };
    const claim = (scope: 'session' | 'agent' | 'global') => ({ rule, key: 'k', max: 10, windowS: 60, scope });
    assert.equal(rateLimitedMessage('create_api_key', claim('session'), 23), 'Rate limit reached for create_api_key: 10 calls per 60 s in this session; retry in 23 s.');
    assert.equal(rateLimitedMessage('create_api_key', claim('agent'), 5), 'Rate limit reached for create_api_key: 10 calls per 60 s for this agent; retry in 5 s.');
    assert.equal(rateLimitedMessage('create_api_key', claim('global'), 1), 'Rate limit reached for create_api_key: 10 calls per 60 s across all agents; retry in 1 s.');
  });

  test('_meta["gatehouse/decision"] carries the same facts', () => {
    assert.deepEqual(decisionMeta('deny', { index: 2, tool: 'valkey/delete_*', action: 'deny' }, 'No.'), { action: 'deny', rule: '2: valkey/delete_*', reason: 'No.' });
    assert.deepEqual(decisionMeta('rate_limited', { index: 0, tool: 'default', action: 'allow' }, 'x', { retryAfterS: 23 }), { action: 'rate_limited', rule: 'default', reason: 'x', retry_after_s: 23 });
  });
});

describe('gatehouse check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-check-test-'));
  const config = path.join(dir, 'gatehouse.yaml');
  writeFileSync(config, `servers:
  valkey: { command: uvx }
agents:
  ci-runner: { key: ci-runner-key-0123456789 }
policy:
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
`);
  const run = async (target: string, options: { args?: string; agent?: string; json?: boolean } = {}) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCheck({ config, target, ...options }, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) }, {});
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  };

  test('a denied call exits 1 with the text the agent would read and the rules that matched, with their place', async () => {
    const r = await run('valkey/delete_key');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Blocked by policy \(rule 2: valkey\/delete_\*\): Deleting keys is not allowed from agents\./);
    assert.match(r.stdout, /rule 2: valkey\/delete_\* \(deny\) at .*gatehouse\.yaml:10:7/);
  });

  test('an allowed call exits 0 and names the rate limits it is subject to', async () => {
    const r = (await run('valkey/create_api_key', { agent: 'ci-runner' }));
    assert.equal(r.code, 0);
    assert.match(r.stdout, /allow, subject to rate limits: 10 calls per 60 s per session \(rule 1: create_api_key\)/);
  });

  test('--args feeds conditions; --json prints a machine-readable object', async () => {
    const r = (await run('valkey/set', { args: '{"key":"prod:1"}', json: true }));
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.decision, 'deny');
    assert.equal(report.rule, '3: valkey/set');
    assert.deepEqual(report.matched.map((m: { index: number }) => m.index), [3]);
    assert.equal((await run('valkey/set', { args: '{"key":"dev:1"}' })).code, 0);
  });

  test('bad input exits 2 with a clear message: unknown agent, bad --args, not server/tool', async () => {
    assert.deepEqual([(await run('valkey/get', { agent: 'bob' })).code, (await run('valkey/get', { agent: 'bob' })).stderr], [2, "gatehouse check: no agent named 'bob'; agents: ci-runner, anonymous"]);
    const badJson = (await run('valkey/get', { args: '{x' }));
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /^gatehouse check: --args is not valid JSON/);
    assert.equal((await run('valkey/get', { args: '[1]' })).code, 2);
    assert.equal((await run('valkey')).code, 2);
  });
});
