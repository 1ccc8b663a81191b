// classifyPost (src/downstream/stateless-http.ts) skips the SDK's era classifier for bodies it
// can only route to the stateful era. This checks that it routes every body and header the way
// the SDK's classifier would, as handlePost reads the outcome: stateless for `modern` and for
// rejections past the JSON-RPC shape, stateful for the rest. No gateway needed: both are pure.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import * as sdk from '@modelcontextprotocol/server';
import { classifyInboundRequest, type InboundClassificationOutcome } from '@modelcontextprotocol/server';
import { classifyPost } from '../src/downstream/stateless-http.ts';
import * as era from '../src/mcp/era.ts';
import { PROTOCOL_VERSION_META_KEY } from '../src/mcp/era.ts';

/** The same test handlePost makes of the outcome. */
function route(outcome: InboundClassificationOutcome): 'stateless' | 'stateful' {
  return outcome.kind === 'modern' || (outcome.kind === 'reject' && outcome.rung !== 'jsonrpc-shape') ? 'stateless' : 'stateful';
}

const claim = (version: unknown) => ({ _meta: { [PROTOCOL_VERSION_META_KEY]: version } });
const BODIES: unknown[] = [
  { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add', arguments: { a: 1 } } },
  { jsonrpc: '2.0', id: 'x', method: 'tools/list' },
  { jsonrpc: '2.0', id: 2, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } } },
  { jsonrpc: '2.0', id: 3, method: 'initialize', params: { ...claim('2026-07-28') } },
  { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'add', _meta: { progressToken: 7 } } },
  { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'add', ...claim('2026-07-28') } },
  { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'add', ...claim('2025-11-25') } },
  { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'add', ...claim(42) } },
  { jsonrpc: '2.0', id: 8, method: 'tools/list', params: { _meta: [] } },
  { jsonrpc: '2.0', id: 9, method: 'tools/list', params: [] },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, ...claim('2026-07-28') } },
  { jsonrpc: '2.0', id: 10, result: {} },
  { jsonrpc: '2.0', id: 11, error: { code: -1, message: 'no' } },
  { jsonrpc: '1.0', id: 12, method: 'x' },
  { id: 13, method: 'tools/list', params: { ...claim('2026-07-28') } },
  [],
  [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { jsonrpc: '2.0', method: 'notifications/initialized' }],
  [{ jsonrpc: '2.0', id: 1, method: 'tools/list', params: claim('2026-07-28') }],
  [1, 2],
  null,
  17,
  'tools/list',
];
const HEADERS: (string | undefined)[] = [undefined, '2025-11-25', '2024-11-05', ' 2025-06-18\t', '2026-07-28', ' 2026-07-28', '2099-01-01', '1999-01-01', 'nonsense', ''];

test('classifyPost routes every body and version header as the SDK classifier does', () => {
  let cases = 0;
  for (const body of BODIES) {
    for (const version of HEADERS) {
      const headers: Record<string, string> = version === undefined ? {} : { 'mcp-protocol-version': version };
      const req = { headers } as unknown as IncomingMessage;
      const sdk = classifyInboundRequest({ httpMethod: 'POST', protocolVersionHeader: version, body });
      assert.equal(route(classifyPost(req, body)), route(sdk), `${JSON.stringify(body)} with version header ${JSON.stringify(version)}`);
      cases++;
    }
  }
  assert.equal(cases, BODIES.length * HEADERS.length);
});

test("the gateway's own spelling of the 2026-07-28 _meta keys is the SDK's", () => {
  // era.ts spells them so that the SDK's server package is not loaded at start (memory).
  for (const key of ['CLIENT_CAPABILITIES_META_KEY', 'CLIENT_INFO_META_KEY', 'LOG_LEVEL_META_KEY', 'PROTOCOL_VERSION_META_KEY', 'SERVER_INFO_META_KEY', 'SUBSCRIPTION_ID_META_KEY'] as const) {
    assert.equal(era[key], sdk[key], key);
  }
});
