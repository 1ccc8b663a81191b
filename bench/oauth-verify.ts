// What verifying an OAuth access token costs the gateway per request: a real oidc-provider on
// loopback, its JWKS fetched once, then N identifications one at a time: new RS256 tokens,
// a token already verified, an API key, a token refused by its claims. Usage: node bench/oauth-verify.ts [N]
import { performance } from 'node:perf_hooks';
import { TokenVerifier } from '../src/auth/token-verifier.ts';
import { AgentDirectory } from '../src/gateway/identify.ts';
import { startIssuer } from '../test/helpers/oidc.ts';

const n = Number(process.argv[2] ?? 5000);
const audience = 'http://127.0.0.1:8787/mcp';
const client = { id: 'bench-bot', secret: 'bench-bot-secret-0123456789', scope: 'mcp', claims: { groups: ['admins'] } };
const idp = await startIssuer({ audience, clients: [client] });
const verifier = new TokenVerifier({ issuer: idp.issuer, audience, agentClaim: 'client_id', scopes: ['mcp'], resource: audience });
const key = 'bench-agent-key-0123456789';
const agents = new AgentDirectory([{ name: 'bench-key', key }], true, verifier);
const token = await idp.token(client);
await verifier.verify(token); // discovery and the first JWKS fetch

async function measure(label: string, once: () => unknown): Promise<void> {
  for (let i = 0; i < 200; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => (times[Math.floor(p * (times.length - 1))] * 1000).toFixed(0);
  console.log(`${label}: p50 ${q(0.5)} µs, p99 ${q(0.99)} µs over ${n}`);
}

const fresh = await Promise.all(Array.from({ length: n + 200 }, () => idp.sign({ iss: idp.issuer, aud: audience, client_id: 'bench-bot', scope: 'mcp', exp: Math.floor(Date.now() / 1000) + 600, jti: Math.random().toString(36) })));
let next = 0;
await measure('token seen for the first time (RS256 signature checked)', () => agents.byAuthorization(`Bearer ${fresh[next++]}`));
await measure('the same token again (verified-token cache)', () => agents.byAuthorization(`Bearer ${token}`));
await measure('API key', () => agents.byAuthorization(`Bearer ${key}`));
const wrongAudience = await idp.sign({ iss: idp.issuer, aud: 'https://elsewhere.example/mcp', client_id: 'bench-bot', scope: 'mcp', exp: Math.floor(Date.now() / 1000) + 600 });
await measure('token for another audience (refused before the signature)', () => agents.byAuthorization(`Bearer ${wrongAudience}`));
console.log(`JWKS fetches: ${idp.jwksFetches()}`);
await idp.close();
