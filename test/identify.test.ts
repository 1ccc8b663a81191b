// Who is calling: named agents by their keys, anonymous without one, refused when the
// gateway requires a key or a key is wrong.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AgentDirectory } from '../src/gateway/identify.ts';

const agents = [
  { name: 'ci-runner', key: 'ci-runner-key-0123456789' },
  { name: 'alice-laptop', key: 'alice-laptop-key-0123456' },
];

describe('agent identification', () => {
  test('a known key names its agent; no key is anonymous', () => {
    const dir = new AgentDirectory(agents, false);
    assert.deepEqual(dir.byAuthorization('Bearer alice-laptop-key-0123456'), { agent: 'alice-laptop', auth: 'key', claims: {} });
    assert.deepEqual(dir.byAuthorization('bearer ci-runner-key-0123456789'), { agent: 'ci-runner', auth: 'key', claims: {} });
    assert.deepEqual(dir.byAuthorization(undefined), { agent: 'anonymous', auth: 'anonymous', claims: {} });
  });

  test('a wrong key or another scheme is refused, never downgraded to anonymous', () => {
    const dir = new AgentDirectory(agents, false);
    assert.ok('refused' in dir.byAuthorization('Bearer alice-laptop-key-0123457'));
    assert.ok('refused' in dir.byAuthorization('Basic YWxpY2U6c2VjcmV0'));
  });

  test('with require_auth, a caller without a key is refused', () => {
    const dir = new AgentDirectory(agents, true);
    const refused = dir.byAuthorization(undefined);
    assert.ok('refused' in refused && /requires an API key/.test(refused.refused));
    assert.deepEqual(dir.byKey('ci-runner-key-0123456789'), { agent: 'ci-runner', auth: 'key', claims: {} });
  });
});
