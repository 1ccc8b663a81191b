// Reads gatehouse.yaml into the validated Config, or throws a ConfigError listing every
// problem with its file, line and column. The only place that parses config.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import { readAgents } from './agents-section.ts';
import { readAuth } from './auth-section.ts';
import { ConfigError, type ConfigIssue } from './errors.ts';
import { readGateway } from './gateway-section.ts';
import { readApprovals } from './approvals-section.ts';
import { readPolicy } from './policy-section.ts';
import { Reader } from './reader.ts';
import { readServers } from './servers-section.ts';
import type { Config } from './types.ts';

export { ConfigError, formatIssue, type ConfigIssue } from './errors.ts';

export const TOP_LEVEL_KEYS = ['gateway', 'servers', 'agents', 'approvals', 'policy', 'auth'] as const;

/** YAML problems after which the structure is still sound enough to check the content. */
const BENIGN_YAML_ERRORS = new Set(['DUPLICATE_KEY']);

export interface LoadOptions {
  /**
   * Which values must resolve (by path, e.g. `servers.github.env.TOKEN`); an unset `${VAR}`
   * elsewhere is a warning and reads as empty. `gatehouse stdio <server>` needs only its server.
   */
  needsOnly?: (path: string) => boolean;
  /** Receives those warnings. */
  warnings?: ConfigIssue[];
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  return loadConfigOutline(file, env, options).config;
}

export function loadConfigOutline(file: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): ConfigOutline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError([{ file, line: 1, column: 1, message: `cannot read the config file: ${why}` }], { unreadable: true });
  }
  return parseConfigOutline(text, file, env, options);
}

export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): Config {
  return parseConfigOutline(text, file, env).config;
}

/**
 * Which keys a config file wrote, at the top and under `gateway:`: a reload compares them with
 * the running config's, so a file cut short (a half-finished write) cannot pass for a new one.
 */
export interface ConfigOutline {
  config: Config;
  /** Top-level sections written in the file (`servers`, `policy`, ...). */
  sections: ReadonlySet<string>;
  /** Keys written under `gateway:` (`admin_token`, `require_auth`, ...). */
  gatewayKeys: ReadonlySet<string>;
}

export function parseConfigOutline(text: string, file: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): ConfigOutline {
  const lines = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const r = new Reader(file, text, lines, doc, env, options.needsOnly);

  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    // yaml's message ends with "at line L, column C:" and an excerpt; the position is ours.
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    r.error({ line: pos.line, column: pos.col }, `YAML: ${message}`);
  }
  const structural = doc.errors.some((e) => !BENIGN_YAML_ERRORS.has(e.code));
  // Nothing but blanks and comments: what `: > gatehouse.yaml` or the first instant of a rewrite
  // leaves. Defaults for everything would drop every server, rule and key the operator wrote.
  if (!structural && r.isNull(doc.contents as Node | null)) {
    throw new ConfigError([{ file, line: 1, column: 1, message: 'the config file is empty (a config needs at least a servers: section)' }], { unreadable: true });
  }
  const configDir = path.dirname(path.resolve(file));
  let config: Config | undefined;
  if (!structural) config = readDocument(r, doc.contents as Node | null, path.resolve(file), configDir);

  if (r.issues.length > 0 || !config) throw new ConfigError(sortIssues(r.issues));
  options.warnings?.push(...sortIssues(r.warnings));
  return { config, sections: keysOf(r, doc.contents as Node | null), gatewayKeys: keysOf(r, sectionNode(r, doc.contents as Node | null, 'gateway')) };
}

function keysOf(r: Reader, node: Node | null): Set<string> {
  const map = r.resolve(node);
  if (!map || !isMap(map)) return new Set();
  return new Set(r.entries(map, '').map((e) => e.key));
}

function sectionNode(r: Reader, root: Node | null, key: string): Node | null {
  const map = r.resolve(root);
  if (!map || !isMap(map)) return null;
  return (map.items.find((pair) => r.scalar(pair.key as Node | null)?.value === key)?.value as Node | null | undefined) ?? null;
}

function readDocument(r: Reader, root: Node | null, absolute: string, configDir: string): Config | undefined {
  const top = r.map(root, 'the config file');
  if (top === undefined) return undefined;
  const entries = r.entries(top, 'the config file');
  r.checkKeys(entries, TOP_LEVEL_KEYS, 'the config file');
  const section = (k: string) => entries.find((e) => e.key === k)?.value ?? null;

  const gateway = readGateway(r, section('gateway'), configDir);
  const servers = readServers(r, section('servers'), configDir);
  const agents = readAgents(r, section('agents'));
  const auth = readAuth(r, section('auth'));
  // Rules are checked against every declared name, so one broken server does not also
  // make every rule that names it an error. With OAuth, agents are also named by tokens.
  const known = {
    servers: declaredNames(r, section('servers')),
    agents: declaredNames(r, section('agents')),
    tokenAgents: entries.some((e) => e.key === 'auth'),
  };
  const approvals = readApprovals(r, section('approvals'));
  const policy = readPolicy(r, section('policy'), known);
  return { file: absolute, gateway, servers, agents, auth, approvals, policy };
}

function declaredNames(r: Reader, node: Node | null): string[] {
  const map = r.resolve(node);
  if (!map || !('items' in map) || !Array.isArray(map.items)) return [];
  const names: string[] = [];
  for (const pair of map.items as { key?: unknown }[]) {
    const key = r.scalar((pair.key ?? null) as Node | null)?.value;
    if (typeof key === 'string' || typeof key === 'number') names.push(String(key));
  }
  return names;
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => a.issue.line - b.issue.line || a.issue.column - b.issue.column || a.order - b.order)
    .map((x) => x.issue);
}
