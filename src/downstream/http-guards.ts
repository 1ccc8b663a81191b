// The checks every HTTP request to an MCP endpoint passes before its body is read: Host and
// Origin (DNS-rebinding protection for a gateway on loopback), and the body size limit.
import type { IncomingMessage } from 'node:http';

export interface HostPolicy {
  /** Host names (no port) accepted in Host and Origin; empty means any host. */
  hostnames: Set<string>;
  /** Whole origins accepted besides those of the accepted host names. */
  origins: Set<string>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

/**
 * On loopback only loopback names are accepted (a rebinding page's Host is its own domain);
 * on another address, the operator's allowed_hosts plus the address itself; bound to every
 * interface with no allowed_hosts, any Host is accepted (there is no name to check against).
 */
export function hostPolicy(listenHost: string, allowedHosts: string[], allowedOrigins: string[]): HostPolicy {
  const hostnames = new Set<string>();
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '[::]';
  if (isLoopback(listenHost)) for (const name of LOOPBACK_NAMES) hostnames.add(name);
  else if (!wildcard || allowedHosts.length > 0) {
    for (const name of LOOPBACK_NAMES) hostnames.add(name);
    if (!wildcard) hostnames.add(listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost);
  }
  for (const host of allowedHosts) hostnames.add(host.toLowerCase());
  return { hostnames, origins: new Set(allowedOrigins.map((o) => o.replace(/\/$/, '').toLowerCase())) };
}

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** Why the request is refused, or undefined when Host and Origin are acceptable. */
export function hostOrOriginProblem(req: IncomingMessage, policy: HostPolicy): string | undefined {
  const host = req.headers.host;
  if (policy.hostnames.size > 0) {
    if (!host) return 'the Host header is missing';
    if (!policy.hostnames.has(hostnameOf(host))) return `the Host ${JSON.stringify(host)} is not accepted by this gateway`;
  }
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null' && policy.hostnames.size === 0) return undefined;
  const normalized = origin.replace(/\/$/, '').toLowerCase();
  if (policy.origins.has(normalized)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return `the Origin ${JSON.stringify(origin)} is not a URL`;
  }
  if (policy.hostnames.size === 0 || policy.hostnames.has(parsed.hostname.toLowerCase())) return undefined;
  return `the Origin ${JSON.stringify(origin)} is not accepted by this gateway`;
}

export class BodyTooLargeError extends Error {
  readonly code = 'BODY_TOO_LARGE';
}

/** Reads the whole body, refusing it as soon as it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(`the request body is larger than ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(`the request body is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
