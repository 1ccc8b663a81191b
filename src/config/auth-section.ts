// The `auth:` section: how agents may authenticate besides their `agents:` keys. Today one
// kind, `oauth`: access tokens (JWTs) from an OAuth 2.1 / OpenID Connect authorization server.
import type { Node } from 'yaml';
import type { Reader } from './reader.ts';
import type { AuthConfig, OAuthConfig } from './types.ts';

export const AUTH_KEYS = ['oauth'] as const;
export const OAUTH_KEYS = ['issuer', 'audience', 'agent_claim', 'scopes', 'resource'] as const;
export const DEFAULT_AGENT_CLAIM = 'sub';

export function readAuth(r: Reader, node: Node | null): AuthConfig {
  const entries = r.entries(r.map(node, 'auth'), 'auth');
  r.checkKeys(entries, AUTH_KEYS, 'auth');
  const oauthEntry = entries.find((e) => e.key === 'oauth');
  if (!oauthEntry) return {};
  const oauth = readOAuth(r, oauthEntry.value, oauthEntry.keyNode);
  return oauth ? { oauth } : {};
}

function readOAuth(r: Reader, node: Node | null, keyNode: Node): OAuthConfig | undefined {
  const map = r.map(node, 'auth.oauth');
  if (map === undefined) return undefined;
  const entries = r.entries(map, 'auth.oauth');
  r.checkKeys(entries, OAUTH_KEYS, 'auth.oauth');
  const get = (k: string) => entries.find((e) => e.key === k);
  let ok = true;

  const issuerEntry = get('issuer');
  let issuer: string | undefined;
  if (!issuerEntry) {
    r.error(keyNode, 'auth.oauth needs an issuer (the authorization server, e.g. https://idp.example.com/realms/agents)');
    ok = false;
  } else {
    issuer = r.string(issuerEntry.value, 'auth.oauth.issuer');
    const problem = issuer === undefined ? 'skip' : urlProblem(issuer);
    if (problem === 'skip') ok = false;
    else if (problem) {
      r.error(issuerEntry.value, `auth.oauth.issuer ${problem}`);
      ok = false;
    }
  }

  const audienceEntry = get('audience');
  let audience: string | undefined;
  if (!audienceEntry) {
    r.error(keyNode, 'auth.oauth needs an audience (what the tokens\' aud must hold, e.g. https://gatehouse.example.com/mcp)');
    ok = false;
  } else {
    audience = r.string(audienceEntry.value, 'auth.oauth.audience');
    if (audience === '') r.error(audienceEntry.value, 'auth.oauth.audience is empty');
    if (!audience) ok = false;
  }

  let agentClaim = DEFAULT_AGENT_CLAIM;
  const claimEntry = get('agent_claim');
  if (claimEntry) {
    const claim = r.string(claimEntry.value, 'auth.oauth.agent_claim');
    if (claim === undefined) ok = false;
    else if (!/^[A-Za-z0-9_:.-]+$/.test(claim)) {
      r.error(claimEntry.value, `auth.oauth.agent_claim must be a claim name like sub, client_id or preferred_username (got '${claim}')`);
      ok = false;
    } else agentClaim = claim;
  }

  let scopes: string[] = [];
  const scopesEntry = get('scopes');
  if (scopesEntry) {
    const list = r.stringList(scopesEntry.value, 'auth.oauth.scopes');
    if (list === undefined) ok = false;
    else {
      const bad = list.find((s) => s === '' || /[\s"\\]/.test(s));
      if (bad !== undefined) {
        r.error(scopesEntry.value, `auth.oauth.scopes: '${bad}' is not a scope (one scope per item, no spaces or quotes)`);
        ok = false;
      } else scopes = [...new Set(list)];
    }
  }

  // Clients find the gateway's metadata by its resource URL: the audience when it is one.
  let resource: string | undefined;
  const resourceEntry = get('resource');
  if (resourceEntry) {
    resource = r.string(resourceEntry.value, 'auth.oauth.resource');
    const problem = resource === undefined ? 'skip' : urlProblem(resource);
    if (problem === 'skip') ok = false;
    else if (problem) {
      r.error(resourceEntry.value, `auth.oauth.resource ${problem}`);
      ok = false;
    }
  } else if (audience) {
    if (urlProblem(audience) === undefined) resource = audience;
    else {
      r.error(audienceEntry!.value, 'auth.oauth.audience is not an http(s) URL, so auth.oauth.resource must say at which URL clients reach the gateway (e.g. https://gatehouse.example.com/mcp)');
      ok = false;
    }
  }

  if (!ok || !issuer || !audience || !resource) return undefined;
  return { issuer, audience, agentClaim, scopes, resource };
}

/**
 * https, or http on a loopback host (a development authorization server); no query or
 * fragment (RFC 8414 §2 and RFC 9728 §1.2 both forbid them in these identifiers).
 */
function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be a URL (got '${text}')`;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return `must be an https URL (http only on localhost), got '${text}'`;
  if (url.search || url.hash || text.includes('#') || text.includes('?')) return `must not have a query or fragment (got '${text}')`;
  return undefined;
}
