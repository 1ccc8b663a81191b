// The chain when the rate-limit counters cannot answer: it fails closed. The call is not
// forwarded, the agent gets an isError result saying why, and the audit record is written.
//
// A stand-in, said plainly: no counter store that can become unreachable is built yet (the
// Redis store SPEC names is future work), so an object whose acquire() rejects plays that
// store. Everything else is real: the config parser, the compiled policy, the chain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import type { AuditRecord } from '../src/audit/types.ts';
import { parseConfig } from '../src/config/load.ts';
import type { GatewayContext } from '../src/gateway/context.ts';
import { runToolCall } from '../src/gateway/tool-call.ts';
import type { LimitStore } from '../src/limits/types.ts';
import { compilePolicy } from '../src/policy/engine.ts';

test('counters that cannot be read: the call is refused, not forwarded, and recorded', async () => {
  const config = parseConfig([
    'servers:',
    '  valkey: { command: uvx }',
    'policy:',
    '  rules:',
    '    - tool: create_api_key',
    '      action: rate_limit',
    '      rate_limit: { max: 10, window: 60 }',
  ].join('\n'), 'gatehouse.yaml');
  const unreachable: LimitStore = {
    acquire: () => Promise.reject(new Error('redis at 127.0.0.1:6379 did not answer within 1 s')),
    close: async () => {},
  };
  const records: AuditRecord[] = [];
  const context = {
    policy: compilePolicy(config.policy),
    limits: unreachable,
    audit: { record: (r: AuditRecord) => void records.push(r) },
    catalog: { observe() {}, isQuarantined: () => false, facts: () => undefined },
    log: pino({ level: 'silent' }),
    servers: config.servers,
    auditArguments: false,
  } as unknown as GatewayContext;
  let forwarded = 0;
  const reply = await runToolCall(context, {
    call: { server: 'valkey', tool: 'create_api_key', args: {}, agent: 'anonymous', session: 's1' },
    client: { canElicit: false, progress() {}, elicit: () => Promise.reject(new Error('no form')) },
    params: { name: 'create_api_key', arguments: {} },
    forward: () => {
      forwarded++;
      return Promise.reject(new Error('must not be forwarded'));
    },
  });
  assert.equal(forwarded, 0);
  const result = (reply as { result: { isError: boolean; content: { text: string }[]; _meta: Record<string, { action: string }> } }).result;
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /^Blocked \(rule 1: create_api_key\): The rate-limit counters could not be checked \(redis at 127\.0\.0\.1:6379 did not answer within 1 s\), so the call was not forwarded; retry shortly\.$/);
  assert.equal(result._meta['gatehouse/decision'].action, 'deny');
  // The record is written after the reply, in the next turn of the event loop.
  await new Promise((r) => setImmediate(r));
  assert.equal(records.length, 1);
  assert.equal(records[0].decision, 'deny');
  assert.equal(records[0].outcome, 'not_forwarded');
  assert.match(records[0].reason, /rate-limit counters unavailable/);
});
