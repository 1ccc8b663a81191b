// The authorization server's metadata, discovered from its issuer: RFC 8414
// (/.well-known/oauth-authorization-server) first, then OpenID Connect Discovery
// (/.well-known/openid-configuration), in the orders the MCP authorization spec lists for an
// issuer with and without a path. What the gateway needs from it is the JWKS URL.

export interface ServerMetadata {
  issuer: string;
  jwks_uri: string;
  token_endpoint?: string;
  authorization_endpoint?: string;
  scopes_supported?: string[];
}

export class DiscoveryError extends Error {
  readonly code = 'OAUTH_DISCOVERY_FAILED';
}

/** Metadata documents are small; a bigger answer is not one. */
const MAX_METADATA_BYTES = 256 * 1024;

/** The discovery URLs for `issuer`, in the order they are tried. */
export function discoveryUrls(issuer: string): URL[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  const at = (p: string) => new URL(p, url.origin);
  if (path === '') return [at('/.well-known/oauth-authorization-server'), at('/.well-known/openid-configuration')];
  return [
    at(`/.well-known/oauth-authorization-server${path}`),
    at(`/.well-known/openid-configuration${path}`),
    at(`${path}/.well-known/openid-configuration`),
  ];
}

/**
 * The first discovery document that answers and names this very issuer (RFC 8414 §3.3: a
 * document for another issuer must not be used, or a compromised path could swap the keys).
 */
export async function discoverServerMetadata(issuer: string, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<ServerMetadata> {
  const doFetch = options.fetch ?? fetch;
  const problems: string[] = [];
  for (const url of discoveryUrls(issuer)) {
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    } catch (err) {
      problems.push(`${url.href}: ${(err as Error).message}`);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      problems.push(`${url.href}: HTTP ${res.status}`);
      continue;
    }
    const text = await res.text();
    if (text.length > MAX_METADATA_BYTES) {
      problems.push(`${url.href}: the document is larger than ${MAX_METADATA_BYTES} bytes`);
      continue;
    }
    let doc: Partial<ServerMetadata>;
    try {
      doc = JSON.parse(text) as Partial<ServerMetadata>;
    } catch {
      problems.push(`${url.href}: not JSON`);
      continue;
    }
    if (doc === null || typeof doc !== 'object') {
      problems.push(`${url.href}: not a JSON object`);
      continue;
    }
    if (doc.issuer !== issuer) {
      problems.push(`${url.href}: names the issuer ${JSON.stringify(doc.issuer)}, not ${JSON.stringify(issuer)}`);
      continue;
    }
    if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//.test(doc.jwks_uri)) {
      problems.push(`${url.href}: has no jwks_uri`);
      continue;
    }
    return doc as ServerMetadata;
  }
  throw new DiscoveryError(`cannot discover the authorization server ${issuer}: ${problems.join('; ')}`);
}
