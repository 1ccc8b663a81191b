// A real OpenID Connect provider for tests (`oidc-provider`, certified), on an ephemeral
// loopback port: client-credentials grants with a resource indicator give real JWT access
// tokens for the gateway's audience. Its signing keys are the test's, so the test can also
// sign tokens by hand (for the bad cases), and rotate them mid-run without a new port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';

export interface TestClient {
  id: string;
  secret: string;
  /** Scopes the client may be granted. */
  scope: string;
  /** Extra claims in its access tokens. */
  claims?: Record<string, unknown>;
}

export interface TestIssuer {
  issuer: string;
  /** The key the provider signs with now (private JWK with its kid). */
  signingKey(): JWK;
  /** How many times the JWKS was fetched (by the gateway). */
  jwksFetches(): number;
  /** A real access token through the client-credentials grant. */
  token(client: TestClient, options?: { scope?: string; resource?: string }): Promise<string>;
  /** A token signed by hand with the provider's current key, or `key` when given. */
  sign(payload: JWTPayload, options?: { key?: JWK; alg?: string; kid?: string }): Promise<string>;
  /** New signing key; the JWKS publishes it first and keeps the old one (as IdPs rotate). */
  rotate(options?: { dropOld?: boolean }): Promise<JWK>;
  close(): Promise<void>;
}

export async function newSigningKey(kid: string, alg = 'RS256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

export async function startIssuer(options: { audience: string; clients: TestClient[]; ttlS?: number }): Promise<TestIssuer> {
  // Idle keep-alive connections are kept longer than any pause in a test, so a client never
  // reuses one the provider is closing at that very moment (ECONNRESET).
  const server: Server = createServer({ keepAliveTimeout: 120_000 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let keys: JWK[] = [await newSigningKey('key-1')];
  let fetches = 0;
  let handler: ReturnType<Provider['callback']>;

  const build = () => {
    const provider = new Provider(issuer, {
      clients: options.clients.map((c) => ({
        client_id: c.id,
        client_secret: c.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: c.scope,
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      jwks: { keys: keys as never },
      scopes: ['mcp', 'other', 'admin'],
      ttl: { ClientCredentials: options.ttlS ?? 300 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => options.audience,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: 'mcp other admin',
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: options.ttlS ?? 300,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => options.clients.find((c) => c.id === token.clientId)?.claims,
    } as never);
    // Quiet: the provider's notices about development defaults are not the test's output.
    provider.on('server_error', () => {});
    handler = provider.callback();
  };
  build();
  server.on('request', (req, res) => {
    if ((req.url ?? '').startsWith('/jwks')) fetches++;
    handler(req, res);
  });

  const privateKey = async (jwk: JWK) => importJWK(jwk, jwk.alg ?? 'RS256');
  return {
    issuer,
    signingKey: () => keys[0],
    jwksFetches: () => fetches,
    async token(client, opts = {}) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: opts.scope ?? 'mcp', resource: opts.resource ?? options.audience }),
      });
      const body = (await res.json()) as { access_token?: string };
      if (!res.ok || !body.access_token) throw new Error(`token request failed: ${res.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async sign(payload, opts = {}) {
      const jwk = opts.key ?? keys[0];
      const alg = opts.alg ?? jwk.alg ?? 'RS256';
      return new SignJWT(payload).setProtectedHeader({ alg, typ: 'at+jwt', kid: opts.kid ?? jwk.kid }).sign(await privateKey(jwk));
    },
    async rotate(opts = {}) {
      const next = await newSigningKey(`key-${keys.length + 1}-${Date.now()}`);
      keys = opts.dropOld ? [next] : [next, ...keys];
      build();
      return next;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
