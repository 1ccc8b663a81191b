// The checks every HTTP request to an MCP endpoint passes before its body is read: Host and
// Origin (DNS-rebinding protection for a gateway on loopback), and the body size limit.
import type { IncomingMessage, ServerResponse } from 'node:http';

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

export class BodyTimeoutError extends Error {
  readonly code = 'BODY_TIMEOUT';
}

/**
 * Reads the whole body, refusing it as soon as it passes `limit` bytes or takes longer than
 * `deadlineMs` (a client trickling its body must not hold a connection for ever). A refused
 * body is not read further but the connection is kept long enough for the 413/408 to reach
 * the client (a reset would lose it); the caller answers with `connection: close`, and
 * `endRefused` closes the connection after that answer.
 */
export function readBody(req: IncomingMessage, limit: number, deadlineMs = 0): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(`the request body is larger than ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const refuse = (err: Error) => {
      clearTimeout(timer);
      req.removeListener('data', collect);
      req.removeListener('end', done);
      req.on('data', () => undefined); // discarded, so the client can read our answer
      reject(err);
    };
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return refuse(new BodyTooLargeError(`the request body is larger than ${limit} bytes`));
      chunks.push(chunk);
    };
    const done = () => {
      clearTimeout(timer);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    // A body that has already arrived whole (a small POST comes in the packet of its headers,
    // parsed before this runs) has no deadline left to meet: no timer to set and clear.
    if (deadlineMs > 0 && !req.complete) {
      timer = setTimeout(() => refuse(new BodyTimeoutError(`the request body did not arrive within ${deadlineMs / 1000} s`)), deadlineMs);
      timer.unref();
    }
    req.on('data', collect);
    req.on('end', done);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The HTTP status for a body readBody refused (413, 408), or undefined for other errors. */
export function bodyRefusalStatus(err: unknown): 413 | 408 | undefined {
  if (err instanceof BodyTooLargeError) return 413;
  if (err instanceof BodyTimeoutError) return 408;
  return undefined;
}

/** Headers for the answer to a body refused for being slow: the connection is not kept. */
export const CLOSE_AFTER = { connection: 'close' } as const;

/**
 * After answering a refused body: the rest of a too-large body is read and thrown away for a
 * moment, so a client still sending it can read the 413 (closing at once would reset the
 * connection under it and lose the answer); one that has not finished a second after the
 * answer went out is cut off.
 */
export function endRefused(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    if (req.complete) return;
    setTimeout(() => {
      if (!req.complete) req.socket.destroy();
    }, 1000).unref();
  });
}

/** Does the path decode (no bad percent-encoding such as `%zz` or a cut UTF-8 sequence)? */
export function wellEncoded(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
