// The gateway's OAuth 2.0 Protected Resource Metadata (RFC 9728), which tells an MCP client
// which authorization server issues tokens for it and which scopes to ask for. Served at
// /.well-known/oauth-protected-resource and at its path-suffixed forms for /mcp and
// /mcp/<server>; all describe the one resource the gateway is (one audience for all servers).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OAuthConfig } from '../config/types.ts';

export const METADATA_PATH = '/.well-known/oauth-protected-resource';

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  bearer_methods_supported: string[];
  resource_name: string;
}

export function protectedResourceMetadata(oauth: OAuthConfig): ProtectedResourceMetadata {
  return {
    resource: oauth.resource,
    authorization_servers: [oauth.issuer],
    ...(oauth.scopes.length > 0 ? { scopes_supported: oauth.scopes } : {}),
    // The header only: a token in a query string ends up in logs.
    bearer_methods_supported: ['header'],
    resource_name: 'Gatehouse MCP gateway',
  };
}

/**
 * Where an endpoint's metadata is, as the `resource_metadata` of a 401: the well-known path
 * inserted between the resource URL's origin and the endpoint's path (RFC 9728 §3.1).
 */
export function metadataUrl(oauth: OAuthConfig, endpointPath: string): string {
  return new URL(METADATA_PATH + endpointPath, new URL(oauth.resource).origin).href;
}

/**
 * Answers a GET for the metadata, for the root form and for `/mcp` or `/mcp/<server>`;
 * false when the path is not one of those (the caller answers 404).
 */
export function handleProtectedResource(req: IncomingMessage, res: ServerResponse, path: string, oauth: OAuthConfig | undefined, hasEndpoint: (server: string) => boolean): boolean {
  if (path !== METADATA_PATH && !path.startsWith(`${METADATA_PATH}/`)) return false;
  const suffix = path.slice(METADATA_PATH.length);
  const known = suffix === '' || suffix === '/mcp' || (suffix.startsWith('/mcp/') && hasEndpoint(safeDecode(suffix.slice('/mcp/'.length))));
  if (!oauth || !known) return false;
  // Public by nature, read by browser-based clients from other origins.
  const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'max-age=300' };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...headers, 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'mcp-protocol-version' }).end();
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, allow: 'GET' }).end(JSON.stringify({ error: 'use GET' }));
    return true;
  }
  res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : JSON.stringify(protectedResourceMetadata(oauth)));
  return true;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\/$/, ''));
  } catch {
    return '';
  }
}
