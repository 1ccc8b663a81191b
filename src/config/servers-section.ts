// The `servers:` section: each upstream MCP server, a command run over stdio or a URL
// (Streamable HTTP or legacy SSE). Names appear in URLs and tool prefixes, so they are plain.
import path from 'node:path';
import type { Node } from 'yaml';
import type { Reader } from './reader.ts';
import { readDuration } from './action-section.ts';
import type { ServerConfig, ServerTimeouts } from './types.ts';

export const SERVER_KEYS = ['command', 'args', 'env', 'cwd', 'url', 'transport', 'headers', 'trust_changes', 'shared', 'timeout'] as const;
export const TIMEOUT_KEYS = ['handshake', 'call'] as const;
export const SERVER_NAME = /^[A-Za-z0-9_-]+$/;
const STDIO_ONLY = ['args', 'env', 'cwd'];
const REMOTE_ONLY = ['headers'];

export function readServers(r: Reader, node: Node | null, configDir: string): Map<string, ServerConfig> {
  const servers = new Map<string, ServerConfig>();
  for (const { key: name, keyNode, value } of r.entries(r.map(node, 'servers'), 'servers')) {
    const where = `servers.${name}`;
    if (!SERVER_NAME.test(name)) {
      r.error(keyNode, `server name '${name}' may only contain letters, digits, '_' and '-' (it appears in URLs and tool names)`);
    }
    const map = r.map(value, where);
    if (map === undefined) continue;
    const entries = r.entries(map, where);
    r.checkKeys(entries, SERVER_KEYS, where);
    const field = (k: string) => entries.find((e) => e.key === k);
    const command = field('command');
    const url = field('url');
    if (command && url) {
      r.error(keyNode, `${where} has both command (a stdio server) and url (a remote server); keep one`);
      continue;
    }
    if (!command && !url) {
      r.error(keyNode, `${where} needs either command (a server the gateway starts over stdio) or url (a remote server)`);
      continue;
    }
    const misplaced = command ? REMOTE_ONLY : STDIO_ONLY;
    for (const e of entries) {
      if (misplaced.includes(e.key)) {
        r.error(e.keyNode, `${where}.${e.key} applies only to ${command ? 'remote servers (url)' : 'stdio servers (command)'}`);
      }
    }
    const trustEntry = field('trust_changes');
    const trust = trustEntry ? r.boolean(trustEntry.value, `${where}.trust_changes`) : false;
    // Only a server that opted in gets a key, so configs (and handshake caches) stay as they were.
    const sharedEntry = field('shared');
    const shared = sharedEntry ? r.boolean(sharedEntry.value, `${where}.shared`) : false;
    const timeoutEntry = field('timeout');
    const timeouts = timeoutEntry ? readTimeouts(r, timeoutEntry.value, `${where}.timeout`) : undefined;
    const options = { ...(trust ? { trustChanges: true } : {}), ...(shared ? { shared: true } : {}), ...(timeouts ? { timeouts } : {}) };
    const transportEntry = field('transport');
    const transport = transportEntry ? r.string(transportEntry.value, `${where}.transport`) : undefined;

    if (command) {
      if (transport !== undefined && transport !== 'stdio') {
        r.error(transportEntry!.value, `${where}.transport must be stdio for a command server (streamable-http and sse are for url servers)`);
      }
      const cmd = r.string(command.value, `${where}.command`);
      if (cmd !== undefined && cmd.trim() === '') r.error(command.value, `${where}.command is empty`);
      const argsEntry = field('args');
      const args = argsEntry ? r.stringList(argsEntry.value, `${where}.args`) : [];
      const envEntry = field('env');
      // Numbers and booleans in env are kept as written: `VALKEY_PORT: 6379` means "6379".
      const env = envEntry ? r.stringMap(envEntry.value, `${where}.env`, { stringify: true }) : {};
      const cwdEntry = field('cwd');
      const cwd = cwdEntry ? r.string(cwdEntry.value, `${where}.cwd`) : undefined;
      if (cmd === undefined || args === undefined || env === undefined || (cwdEntry && cwd === undefined)) continue;
      servers.set(name, {
        name,
        transport: 'stdio',
        command: cmd,
        args,
        env,
        ...(cwd !== undefined ? { cwd: path.resolve(configDir, cwd) } : {}),
        ...options,
      });
    } else {
      let kind: 'streamable-http' | 'sse' = 'streamable-http';
      if (transport !== undefined) {
        if (transport === 'streamable-http' || transport === 'sse') kind = transport;
        else r.error(transportEntry!.value, `${where}.transport must be streamable-http (the default) or sse, not '${transport}'`);
      }
      // URLs can carry credentials (user:password@, tokens in the query): never echoed.
      const address = r.string(url!.value, `${where}.url`);
      if (address !== undefined && !isHttpUrl(address)) r.error(url!.value, `${where}.url must be an http:// or https:// URL`);
      const headersEntry = field('headers');
      const headers = headersEntry ? r.stringMap(headersEntry.value, `${where}.headers`) : {};
      if (address === undefined || headers === undefined || !isHttpUrl(address)) continue;
      servers.set(name, { name, transport: kind, url: address, headers, ...options });
    }
  }
  return servers;
}

/**
 * `timeout: 45s` sets both; `timeout: { handshake: 10s, call: 5m }` each (the other keeps its
 * default). Positioned errors come from readDuration.
 */
function readTimeouts(r: Reader, node: Node | null, where: string): Partial<ServerTimeouts> | undefined {
  const resolved = r.resolve(node);
  if (resolved && !('items' in resolved)) {
    const both = readDuration(r, node, where);
    return both === undefined ? undefined : { handshakeS: both, callS: both };
  }
  const out: Partial<ServerTimeouts> = {};
  const entries = r.entries(r.map(node, where), where);
  r.checkKeys(entries, TIMEOUT_KEYS, where);
  for (const e of entries) {
    const seconds = TIMEOUT_KEYS.includes(e.key as never) ? readDuration(r, e.value, `${where}.${e.key}`) : undefined;
    if (seconds === undefined) continue;
    if (e.key === 'handshake') out.handshakeS = seconds;
    else out.callS = seconds;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
