// The `gateway:` section: where to listen, where to store, who may reach the listener, and
// the limits that keep one client from exhausting the process. Every field has a default.
import path from 'node:path';
import type { Node } from 'yaml';
import { readDuration } from './action-section.ts';
import { parseByteSize } from './duration.ts';
import type { Reader } from './reader.ts';
import type { GatewaySettings } from './types.ts';

export const GATEWAY_KEYS = [
  'listen', 'data', 'database', 'redis', 'replica', 'internal_url', 'require_auth', 'admin_token', 'allowed_origins', 'allowed_hosts',
  'max_body_bytes', 'max_sessions', 'max_sessions_per_agent', 'session_idle_timeout', 'audit_arguments', 'request_timeout',
] as const;

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_SESSIONS = 1000;
export const DEFAULT_SESSION_IDLE_TIMEOUT_S = 30 * 60;
/** A client has this long to send a request's headers and body (slow-client protection). */
export const DEFAULT_REQUEST_TIMEOUT_S = 30;

export function readGateway(r: Reader, node: Node | null, configDir: string): GatewaySettings {
  const settings: GatewaySettings = {
    host: DEFAULT_HOST,
    port: DEFAULT_PORT,
    data: path.resolve(configDir, '.gatehouse'),
    requireAuth: false,
    allowedOrigins: [],
    allowedHosts: [],
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    maxSessions: DEFAULT_MAX_SESSIONS,
    sessionIdleTimeoutS: DEFAULT_SESSION_IDLE_TIMEOUT_S,
    requestTimeoutS: DEFAULT_REQUEST_TIMEOUT_S,
    auditArguments: false,
  };
  const entries = r.entries(r.map(node, 'gateway'), 'gateway');
  r.checkKeys(entries, GATEWAY_KEYS, 'gateway');
  for (const { key, value } of entries) {
    const where = `gateway.${key}`;
    switch (key) {
      case 'listen': {
        // `listen: 8787` reads as a number; it is a port.
        const raw = r.numberOrText(value, where);
        if (raw === undefined) break;
        const parsed = parseListen(String(raw));
        if ('error' in parsed) r.error(value, `${where} ${parsed.error}`);
        else Object.assign(settings, parsed);
        break;
      }
      case 'data': {
        const dir = r.string(value, where);
        // Relative to the config file, so the same file works from any working directory.
        if (dir !== undefined) settings.data = path.resolve(configDir, dir);
        break;
      }
      case 'database':
      case 'redis': {
        // URLs may hold passwords: never echoed in a message.
        const url = r.string(value, where);
        if (url === undefined) break;
        if (!isUrl(url)) r.error(value, `${where} must be a URL (e.g. ${key === 'redis' ? 'redis://127.0.0.1:6379' : 'postgres://host/db'})`);
        else if (key === 'database') settings.database = url;
        else settings.redis = url;
        break;
      }
      case 'internal_url': {
        const url = r.string(value, where);
        if (url === undefined) break;
        if (!/^https?:\/\//.test(url) || !isUrl(url)) r.error(value, `${where} must be an http:// URL the other replicas can reach (e.g. http://10.0.0.5:8787)`);
        else settings.internalUrl = url.replace(/\/+$/, '');
        break;
      }
      case 'replica': {
        const name = r.string(value, where);
        if (name === undefined) break;
        if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(name)) r.error(value, `${where} must be 1-64 letters, digits, '.', '_', ':' or '-' (got ${JSON.stringify(name)})`);
        else settings.replica = name;
        break;
      }
      case 'admin_token': {
        const token = r.string(value, where);
        if (token === undefined) break;
        if (token.length < 16) r.error(value, `${where} must be at least 16 characters long`);
        else settings.adminToken = token;
        break;
      }
      case 'require_auth':
      case 'audit_arguments': {
        const flag = r.boolean(value, where);
        if (flag !== undefined) settings[key === 'require_auth' ? 'requireAuth' : 'auditArguments'] = flag;
        break;
      }
      case 'allowed_origins':
      case 'allowed_hosts': {
        const list = r.stringList(value, where);
        if (list !== undefined) settings[key === 'allowed_origins' ? 'allowedOrigins' : 'allowedHosts'] = list;
        break;
      }
      case 'max_body_bytes': {
        const raw = r.numberOrText(value, where);
        if (raw === undefined) break;
        const bytes = parseByteSize(raw);
        if (typeof bytes === 'number') settings.maxBodyBytes = bytes;
        else r.error(value, `${where} ${bytes.error}`);
        break;
      }
      case 'max_sessions':
      case 'max_sessions_per_agent': {
        const raw = r.numberOrText(value, where);
        if (raw === undefined) break;
        const n = Number(raw);
        if (Number.isSafeInteger(n) && n > 0) settings[key === 'max_sessions' ? 'maxSessions' : 'maxSessionsPerAgent'] = n;
        else r.error(value, `${where} must be a whole number greater than 0`);
        break;
      }
      case 'session_idle_timeout': {
        const seconds = readDuration(r, value, where);
        if (seconds !== undefined) settings.sessionIdleTimeoutS = seconds;
        break;
      }
      case 'request_timeout': {
        const seconds = readDuration(r, value, where);
        if (seconds !== undefined) settings.requestTimeoutS = seconds;
        break;
      }
    }
  }
  return settings;
}

/** `host:port`, `port`, or `[ipv6]:port`; the host comes back without brackets. */
export function parseListen(text: string): { host: string; port: number } | { error: string } {
  const usage = `must be "host:port", "port" or "[::1]:port" (got "${text}")`;
  let host = DEFAULT_HOST;
  let portText: string;
  const trimmed = text.trim();
  const v6 = /^\[([0-9A-Fa-f:.%a-zA-Z]+)\]:(\d+)$/.exec(trimmed);
  if (v6) {
    host = v6[1];
    portText = v6[2];
  } else if (/^\d+$/.test(trimmed)) {
    portText = trimmed;
  } else {
    const colon = trimmed.lastIndexOf(':');
    if (colon <= 0) return { error: usage };
    host = trimmed.slice(0, colon);
    portText = trimmed.slice(colon + 1);
    if (host.includes(':')) return { error: `${usage}; put an IPv6 address in brackets, like [::1]:8787` };
    if (!/^[A-Za-z0-9.-]+$/.test(host)) return { error: usage };
  }
  if (!/^\d+$/.test(portText)) return { error: usage };
  const port = Number(portText);
  if (port > 65535) return { error: `has port ${port}; ports go up to 65535` };
  return { host, port };
}

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
