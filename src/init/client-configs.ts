// Finds the MCP client configs a user already keeps (Claude Desktop, Cursor, VS Code, Claude
// Code) and turns their servers into Gatehouse servers, with secrets lifted out into ${VAR}s.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ClientId = 'claude-desktop' | 'cursor' | 'vscode' | 'claude-code';

export const CLIENT_LABELS: Record<ClientId, string> = {
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code',
  'claude-code': 'Claude Code',
};

/** Where to look; tests point home and cwd at fixture folders. */
export interface DiscoverOptions {
  home: string;
  /** The project folder: project-level configs are read from here. */
  cwd: string;
  /** %APPDATA% (Windows) and $XDG_CONFIG_HOME, when the caller wants them honoured. */
  appData?: string;
  xdgConfigHome?: string;
  /** The gateway's own address: entries already pointing at it are not imported again. */
  gatewayPort?: number;
}

/** One client config file that was found, and what became of each server it declares. */
export interface ClientFile {
  client: ClientId;
  path: string;
  scope: 'user' | 'project';
  entries: ClientEntry[];
  error?: string;
}

export interface ClientEntry {
  /** The server's name in the client's file. */
  clientName: string;
  /** Claude Code's per-project servers in ~/.claude.json: the project they belong to. */
  project?: string;
  /** The Gatehouse server it became, or why it was left out. */
  server?: string;
  skipped?: string;
}

export interface ServerSource {
  client: ClientId;
  file: string;
  clientName: string;
  project?: string;
}

interface ServerCommon {
  name: string;
  sources: ServerSource[];
}
/** Every string is ready for gatehouse.yaml: `${VAR}` references, literal `${` written `$${`. */
export interface ImportedStdioServer extends ServerCommon {
  transport: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Absolute; project-level servers run in their project, as their client runs them. */
  cwd?: string;
}
export interface ImportedRemoteServer extends ServerCommon {
  transport: 'streamable-http' | 'sse';
  url: string;
  headers: Record<string, string>;
}
export type ImportedServer = ImportedStdioServer | ImportedRemoteServer;

/** An environment variable the gateway needs before it starts. */
export interface RequiredVariable {
  name: string;
  server: string;
  /** Where it is used: `env.GITHUB_TOKEN`, `headers.Authorization`, `args[3]`, `url`. */
  field: string;
  /** secret: a literal secret lifted out of a client file; input: a VS Code ${input:...}; environment: the client file already read it from the environment. */
  kind: 'secret' | 'input' | 'environment';
  /** For inputs, the prompt's description. */
  description?: string;
}

export interface Discovery {
  /** Every place looked at, found or not. */
  searched: string[];
  files: ClientFile[];
  servers: ImportedServer[];
  variables: RequiredVariable[];
  /** The lifted secrets' values, by variable: never written, only used to start servers for --probe. */
  secretValues: Record<string, string>;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------
// Where each client keeps its config.

interface Candidate {
  client: ClientId;
  path: string;
  scope: 'user' | 'project';
  /** How the servers are laid out in the file. */
  shape: 'mcpServers' | 'vscode-mcp' | 'vscode-settings' | 'claude-json';
}

export function candidateFiles(o: DiscoverOptions): Candidate[] {
  const { home, cwd } = o;
  const macSupport = path.join(home, 'Library', 'Application Support');
  const appDatas = unique([o.appData, path.join(home, 'AppData', 'Roaming')]);
  const configDirs = unique([o.xdgConfigHome, path.join(home, '.config')]);
  const userDirs = (app: string) => [path.join(macSupport, app), ...appDatas.map((d) => path.join(d, app)), ...configDirs.map((d) => path.join(d, app))];
  const list: Candidate[] = [];
  const add = (client: ClientId, file: string, scope: 'user' | 'project', shape: Candidate['shape']) => {
    if (!list.some((c) => c.path === file)) list.push({ client, path: file, scope, shape });
  };
  // Project files first: they are what this folder's clients use.
  add('claude-code', path.join(cwd, '.mcp.json'), 'project', 'mcpServers');
  add('cursor', path.join(cwd, '.cursor', 'mcp.json'), 'project', 'mcpServers');
  add('vscode', path.join(cwd, '.vscode', 'mcp.json'), 'project', 'vscode-mcp');
  add('vscode', path.join(cwd, '.vscode', 'settings.json'), 'project', 'vscode-settings');
  for (const dir of userDirs('Claude')) add('claude-desktop', path.join(dir, 'claude_desktop_config.json'), 'user', 'mcpServers');
  add('cursor', path.join(home, '.cursor', 'mcp.json'), 'user', 'mcpServers');
  for (const app of ['Code', 'Code - Insiders']) {
    for (const dir of userDirs(app)) {
      add('vscode', path.join(dir, 'User', 'mcp.json'), 'user', 'vscode-mcp');
      add('vscode', path.join(dir, 'User', 'settings.json'), 'user', 'vscode-settings');
    }
  }
  add('claude-code', path.join(home, '.claude.json'), 'user', 'claude-json');
  return list;
}

function unique(items: (string | undefined)[]): string[] {
  return [...new Set(items.filter((x): x is string => typeof x === 'string' && x !== ''))];
}

// ---------------------------------------------------------------------------------------
// JSON with comments and trailing commas (VS Code's settings and mcp.json allow both).

export function parseJsonc(text: string): unknown {
  return JSON.parse(stripTrailingCommas(stripComments(text.replace(/^\uFEFF/, ''))));
}

function stripComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      // Newlines are kept so JSON.parse's positions still point at the right line.
      out += text.slice(i, end).replace(/[^\n]/g, ' ');
      i = end - 1;
    } else out += ch;
  }
  return out;
}

function stripTrailingCommas(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (ch === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) out += ' ';
    else out += ch;
  }
  return out;
}

/** Index just past the string literal opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

// ---------------------------------------------------------------------------------------
// Values: each client's `${...}` dialect read into literal text and references.

type Dialect = 'literal' | 'claude-code' | 'cursor' | 'vscode';
type Seg = { text: string } | { env: string; fallback?: string } | { input: string };

const DIALECT: Record<ClientId, Dialect> = { 'claude-desktop': 'literal', 'claude-code': 'claude-code', cursor: 'cursor', vscode: 'vscode' };

interface ValueContext {
  dialect: Dialect;
  home: string;
  workspace: string;
  warn: (message: string) => void;
}

function readValue(raw: string, ctx: ValueContext): Seg[] {
  const segs: Seg[] = [];
  const text = (t: string) => {
    const last = segs[segs.length - 1];
    if (last && 'text' in last) last.text += t;
    else if (t !== '') segs.push({ text: t });
  };
  if (ctx.dialect === 'literal') {
    text(raw);
    return segs;
  }
  let i = 0;
  while (i < raw.length) {
    const open = raw.indexOf('${', i);
    const close = open < 0 ? -1 : raw.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      text(raw.slice(i));
      break;
    }
    text(raw.slice(i, open));
    const inner = raw.slice(open + 2, close);
    const seg = reference(inner, ctx);
    if (seg === undefined) {
      ctx.warn(`'\${${inner}}' is not a variable Gatehouse can carry over; it is kept as literal text`);
      text(raw.slice(open, close + 1));
    } else if (typeof seg === 'string') text(seg);
    else segs.push(seg);
    i = close + 1;
  }
  return segs;
}

/** A reference as a segment, or the text it stands for, or undefined when unknown. */
function reference(inner: string, ctx: ValueContext): Seg | string | undefined {
  if (ctx.dialect === 'claude-code') {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(inner);
    if (!m) return undefined;
    return m[2] === undefined ? { env: m[1] } : { env: m[1], fallback: m[2] };
  }
  const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner);
  if (env) return { env: env[1] };
  const input = /^input:(.+)$/.exec(inner);
  if (input && ctx.dialect === 'vscode') return { input: input[1] };
  switch (inner) {
    case 'userHome':
      return ctx.home;
    case 'workspaceFolder':
      return ctx.workspace;
    case 'workspaceFolderBasename':
      return path.basename(ctx.workspace);
    case 'pathSeparator':
    case '/':
      return path.sep;
  }
  return undefined;
}

/** The value as the client would use it, references shown in Gatehouse's form: the identity of a server. */
function canonical(segs: Seg[]): string {
  return segs.map((s) => ('text' in s ? s.text : 'env' in s ? `\${${s.env}}` : `\${input:${s.input}}`)).join('');
}

// ---------------------------------------------------------------------------------------
// Reading one file's entries.

interface Parsed {
  source: ServerSource;
  scope: 'user' | 'project';
  /** The folder the client runs a project's server in. */
  workspace?: string;
  inputs: Map<string, string>;
  stdio?: { command: Seg[]; args: Seg[][]; env: [string, Seg[]][]; cwd?: string };
  remote?: { url: Seg[]; transport: 'streamable-http' | 'sse'; headers: [string, Seg[]][] };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function serverMaps(shape: Candidate['shape'], data: Json, cwd: string): { servers: Json; project?: string; inputs?: unknown }[] {
  switch (shape) {
    case 'mcpServers':
      return isObject(data.mcpServers) ? [{ servers: data.mcpServers }] : [];
    case 'vscode-mcp':
      return isObject(data.servers) ? [{ servers: data.servers, inputs: data.inputs }] : [];
    case 'vscode-settings': {
      const mcp = isObject(data.mcp) ? data.mcp : undefined;
      const servers = isObject(mcp?.servers) ? mcp.servers : isObject(data['mcp.servers']) ? data['mcp.servers'] : undefined;
      return servers ? [{ servers, inputs: mcp?.inputs ?? data['mcp.inputs'] }] : [];
    }
    case 'claude-json': {
      const maps: { servers: Json; project?: string }[] = isObject(data.mcpServers) ? [{ servers: data.mcpServers }] : [];
      if (isObject(data.projects)) {
        // The current project's servers first: they are the ones this user runs here.
        const projects = Object.entries(data.projects).sort(([a], [b]) => Number(b === cwd) - Number(a === cwd));
        for (const [project, settings] of projects) {
          if (isObject(settings) && isObject(settings.mcpServers)) maps.push({ servers: settings.mcpServers, project });
        }
      }
      return maps;
    }
  }
}

function readInputs(inputs: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(inputs)) return out;
  for (const input of inputs) {
    if (isObject(input) && typeof input.id === 'string') out.set(input.id, typeof input.description === 'string' ? input.description : '');
  }
  return out;
}

function readEntry(name: string, entry: unknown, base: Omit<Parsed, 'source' | 'stdio' | 'remote'> & { source: ServerSource }, ctx: ValueContext): Parsed | string {
  if (!isObject(entry)) return 'not an object';
  if (entry.disabled === true) return 'disabled in the client';
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const type = str(entry.type) ?? str(entry.transport);
  const url = str(entry.url) ?? str(entry.serverUrl) ?? str(entry.httpUrl);
  const command = str(entry.command);
  if (command !== undefined && command.trim() !== '') {
    if (entry.args !== undefined && (!Array.isArray(entry.args) || entry.args.some((a) => typeof a !== 'string' && typeof a !== 'number'))) {
      return 'args is not a list of strings';
    }
    const env = new Map<string, Seg[]>();
    const envFile = str(entry.envFile);
    if (envFile !== undefined) {
      const file = path.resolve(base.workspace ?? ctx.workspace, canonical(readValue(envFile, ctx)));
      for (const [k, v] of readEnvFile(file, ctx.warn)) env.set(k, [{ text: v }]);
    }
    if (isObject(entry.env)) {
      for (const [k, v] of Object.entries(entry.env)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') env.set(k, readValue(String(v), ctx));
      }
    }
    const cwdRaw = str(entry.cwd);
    const workspace = base.scope === 'project' ? base.workspace : undefined;
    const cwd = cwdRaw !== undefined ? path.resolve(base.workspace ?? ctx.workspace, canonical(readValue(cwdRaw, ctx))) : workspace;
    return {
      ...base,
      stdio: {
        command: readValue(command, ctx),
        args: ((entry.args as unknown[] | undefined) ?? []).map((a) => readValue(String(a), ctx)),
        env: [...env],
        ...(cwd !== undefined ? { cwd } : {}),
      },
    };
  }
  if (url !== undefined && url.trim() !== '') {
    let transport: 'streamable-http' | 'sse';
    if (type === 'sse') transport = 'sse';
    else if (type === undefined || type === 'http' || type === 'streamable-http' || type === 'streamableHttp') {
      // Without a type, a URL ending in /sse is the legacy transport, by convention.
      transport = type === undefined && /\/sse\/?(\?|#|$)/.test(url) ? 'sse' : 'streamable-http';
    } else return `unknown transport type '${type}'`;
    const headers = isObject(entry.headers)
      ? Object.entries(entry.headers).filter(([, v]) => typeof v === 'string').map(([k, v]): [string, Seg[]] => [k, readValue(v as string, ctx)])
      : [];
    return { ...base, remote: { url: readValue(url, ctx), transport, headers } };
  }
  return `${name} has neither a command nor a url`;
}

/** KEY=value lines of a dotenv file; quotes around a value are removed. */
function readEnvFile(file: string, warn: (m: string) => void): [string, string][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    warn(`envFile ${file} could not be read; set its variables in the server's env yourself`);
    return [];
  }
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const v = m[2];
    const quoted = /^(["'])(.*)\1$/.exec(v);
    out.push([m[1], quoted ? quoted[2] : v.replace(/\s+#.*$/, '')]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Secrets: what counts as one, and how it is lifted out into a variable.

const SECRET_WORDS = new Set(['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PWD', 'PASS', 'APIKEY', 'KEY', 'CREDENTIAL', 'CREDENTIALS', 'AUTH', 'AUTHORIZATION', 'COOKIE', 'BEARER', 'PAT', 'PRIVATE', 'SIGNATURE', 'DSN', 'SESSION']);
/** Names ending so name a place or an identity, not a secret (`KEY_FILE`, `CLIENT_ID`). */
const NOT_SECRET_TAIL = new Set(['PATH', 'FILE', 'DIR', 'URL', 'URI', 'HOST', 'PORT', 'ID', 'NAME', 'REGION', 'USER', 'USERNAME', 'EMAIL', 'TYPE', 'MODE', 'LEVEL', 'PREFIX']);
const TOKEN_SHAPES = [
  /\b(sk|rk|pk)-[A-Za-z0-9_-]{16,}/, // OpenAI, Anthropic (sk-ant-...), Stripe-like
  /\b(sk|rk)_(live|test)_[A-Za-z0-9]{10,}/, // Stripe
  /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bglpat-[A-Za-z0-9_-]{16,}/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{30,}/, // Google API key
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, // JWT
  /\b(lin_api|ntn|secret|pplx|fc|tvly|xai|gsk|hf)[-_][A-Za-z0-9_-]{16,}/, // Linear, Notion, Perplexity, Firecrawl, Tavily, xAI, Groq, Hugging Face
];

function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
}

export function isSecretName(name: string): boolean {
  const w = words(name);
  if (w.length === 0 || NOT_SECRET_TAIL.has(w[w.length - 1])) return false;
  return w.some((x) => SECRET_WORDS.has(x)) || /apikey|accesskey|secretkey/i.test(name);
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPES.some((re) => re.test(value));
}

function looksRandom(value: string): boolean {
  return value.length >= 24 && /^[A-Za-z0-9_\-+=]+$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

function looksLikePath(value: string): boolean {
  return /^(\/|~[/\\]|\.{1,2}[/\\]|[A-Za-z]:[/\\])/.test(value);
}

/** Whether a literal value of `key` (an env name, a header, a flag) should not be copied. */
export function isSecretValue(key: string | undefined, value: string): boolean {
  if (value.trim() === '') return false;
  if (looksLikeToken(value)) return true;
  if (looksLikePath(value) || /^(true|false|\d{1,6})$/i.test(value)) return false;
  return (key !== undefined && isSecretName(key)) || looksRandom(value);
}

/** An upper-case variable name for `key` of `server`, not repeating the server's name. */
export function variableName(server: string, key: string): string {
  const up = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const s = up(server) || 'SERVER';
  const k = up(key) || 'VALUE';
  // GITHUB_TOKEN of server github, BRAVE_API_KEY of server brave-search: already named for it.
  const first = s.split('_')[0];
  const name = k === s || k.startsWith(`${first}_`) ? k : `${s}_${k}`;
  return /^[0-9]/.test(name) ? `MCP_${name}` : name;
}

/** Literal text as a gatehouse.yaml string: `${` would be read as a reference, so it is `$${`. */
export function escapeLiteral(text: string): string {
  return text.replaceAll('${', () => '$${');
}

class Lifter {
  readonly variables: RequiredVariable[] = [];
  readonly secretValues: Record<string, string> = {};
  readonly #taken: Set<string>;
  readonly #inputs = new Map<string, string>();
  readonly #secrets = new Map<string, string>();

  /** `environmentNames`: variables the client files already reference, never reused for a lifted secret. */
  constructor(environmentNames: Set<string>) {
    this.#taken = new Set(environmentNames);
  }

  #fresh(base: string): string {
    let name = base;
    for (let n = 2; this.#taken.has(name); n++) name = `${base}_${n}`;
    this.#taken.add(name);
    return name;
  }

  /** A variable holding a literal secret; the same secret in two places is one variable. */
  secret(server: string, key: string, field: string, value: string): string {
    let name = this.#secrets.get(value);
    if (name === undefined) {
      name = this.#fresh(variableName(server, key));
      this.#secrets.set(value, name);
      this.secretValues[name] = value;
    }
    this.#note({ name, server, field, kind: 'secret' });
    return `\${${name}}`;
  }

  input(server: string, key: string, field: string, id: string, parsed: Parsed): string {
    const slot = `${parsed.source.file}#${id}`;
    let name = this.#inputs.get(slot);
    if (name === undefined) {
      name = this.#fresh(variableName(server, key));
      this.#inputs.set(slot, name);
    }
    const description = parsed.inputs.get(id);
    this.#note({ name, server, field, kind: 'input', ...(description ? { description } : {}) });
    return `\${${name}}`;
  }

  environment(server: string, field: string, name: string, fallback: string | undefined): string {
    if (fallback !== undefined) return `\${${name}:-${fallback}}`;
    this.#note({ name, server, field, kind: 'environment' });
    return `\${${name}}`;
  }

  #note(v: RequiredVariable): void {
    if (!this.variables.some((x) => x.name === v.name && x.server === v.server && x.field === v.field)) this.variables.push(v);
  }
}

type FieldKind = 'env' | 'header' | 'arg' | 'url' | 'plain';

/** Writes one value for gatehouse.yaml, lifting secrets and inputs into variables. */
function render(segs: Seg[], where: { server: string; key: string; field: string; kind: FieldKind; flag?: string }, parsed: Parsed, lift: Lifter): string {
  const { server, key, field, kind } = where;
  const literal = (text: string): string => {
    if (kind === 'plain') return escapeLiteral(text);
    if (kind === 'header') {
      const scheme = /^(Bearer|Basic|Token|Bot|Apikey)(\s+)(\S.*)$/is.exec(text);
      if (scheme && segs.length === 1) return `${scheme[1]}${scheme[2]}${lift.secret(server, key, field, scheme[3])}`;
    }
    if ((kind === 'env' || kind === 'header') && segs.length === 1 && isSecretValue(key, text)) return lift.secret(server, key, field, text);
    if (kind === 'arg' && segs.length === 1) {
      if (where.flag !== undefined && isSecretValue(where.flag, text)) return lift.secret(server, where.flag, field, text);
      const assigned = /^(--?[A-Za-z][\w-]*=)(.+)$/s.exec(text);
      if (assigned && isSecretValue(assigned[1].replace(/^-+|=$/g, ''), assigned[2])) {
        return `${escapeLiteral(assigned[1])}${lift.secret(server, assigned[1].replace(/^-+|=$/g, ''), field, assigned[2])}`;
      }
    }
    if (kind === 'arg' || kind === 'url') {
      const credentials = liftUrlSecrets(text, (name, value) => lift.secret(server, kind === 'url' ? `url_${name}` : name, field, value));
      if (credentials !== undefined) return credentials;
    }
    if (kind === 'env' || kind === 'header' || kind === 'arg') {
      // A secret inside a longer value: a connection URL's password, `password=...` in a DSN.
      const embedded = liftEmbeddedSecrets(text, (name, value) => lift.secret(server, `${key}_${name}`, field, value));
      if (embedded !== undefined) return embedded;
    }
    if (looksLikeToken(text)) {
      return text.replace(/\S+/g, (word) => (looksLikeToken(word) ? lift.secret(server, key, field, word) : escapeLiteral(word)));
    }
    return escapeLiteral(text);
  };
  return segs
    .map((s) => {
      if ('text' in s) return literal(s.text);
      if ('env' in s) return lift.environment(server, field, s.env, s.fallback === undefined ? undefined : escapeLiteral(s.fallback));
      return lift.input(server, key, field, s.input, parsed);
    })
    .join('');
}

const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** `password=...`, `Pwd=...;`, `token: ...` inside a connection string or an option list. */
const SECRET_ASSIGNMENT = /(^|[\s;,&?])(-{0,2}(?:[A-Za-z_]*[-_])?(?:password|passwd|pwd|pass|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|auth)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;,&]+)/gi;

/**
 * Every URL with credentials and every secret assignment inside a longer text, as variables,
 * the rest kept literal; undefined when there is none.
 */
function liftEmbeddedSecrets(text: string, secret: (name: string, value: string) => string): string | undefined {
  let changed = false;
  let out = '';
  let last = 0;
  const literalPart = (part: string): string => {
    let rest = '';
    let at = 0;
    for (const m of part.matchAll(SECRET_ASSIGNMENT)) {
      const value = m[3].replace(/^(["'])(.*)\1$/s, '$2');
      if (value === '' || value.startsWith('${')) continue;
      const start = m.index + m[1].length + m[2].length + (m[3].length - value.length) / 2;
      rest += escapeLiteral(part.slice(at, start)) + secret(m[2].replace(/^-+|\s*[=:]\s*$/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_'), value);
      at = start + value.length;
      changed = true;
    }
    return rest + escapeLiteral(part.slice(at));
  };
  for (const m of text.matchAll(URL_IN_TEXT)) {
    out += literalPart(text.slice(last, m.index));
    const lifted = liftUrlSecrets(m[0], secret);
    if (lifted !== undefined) changed = true;
    out += lifted ?? literalPart(m[0]);
    last = m.index + m[0].length;
  }
  out += literalPart(text.slice(last));
  return changed ? out : undefined;
}

/** A URL's password and secret-looking query values as variables; undefined when it has none. */
function liftUrlSecrets(text: string, secret: (name: string, value: string) => string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*@)?([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(text);
  if (!m) return undefined;
  let changed = false;
  let userinfo = m[2] ?? '';
  const colon = userinfo.indexOf(':');
  if (colon >= 0 && userinfo.length - 1 > colon + 1) {
    userinfo = `${escapeLiteral(userinfo.slice(0, colon + 1))}${secret('password', userinfo.slice(colon + 1, -1))}@`;
    changed = true;
  } else userinfo = escapeLiteral(userinfo);
  let query = m[4] ?? '';
  if (query !== '') {
    query = `?${query
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return escapeLiteral(pair);
        const name = pair.slice(0, eq);
        const value = pair.slice(eq + 1);
        let decoded = value;
        try {
          decoded = decodeURIComponent(value);
        } catch {}
        if (!isSecretValue(name, decoded)) return escapeLiteral(pair);
        changed = true;
        return `${escapeLiteral(name)}=${secret(name, value)}`;
      })
      .join('&')}`;
  }
  if (!changed) return undefined;
  return `${escapeLiteral(m[1])}${userinfo}${escapeLiteral(m[3])}${query}${escapeLiteral(m[5] ?? '')}`;
}

// ---------------------------------------------------------------------------------------
// Putting it together: read, dedupe, name, render.

const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

export function sanitizeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return clean === '' ? 'server' : clean;
}

const CLIENT_SUFFIX: Record<ClientId, string> = { 'claude-desktop': 'desktop', cursor: 'cursor', vscode: 'vscode', 'claude-code': 'claude-code' };

export function discoverClientConfigs(options: DiscoverOptions): Discovery {
  const warnings: string[] = [];
  const files: ClientFile[] = [];
  const parsed: { entry: ClientEntry; value: Parsed }[] = [];
  const candidates = candidateFiles(options);
  const port = options.gatewayPort ?? 8787;

  for (const c of candidates) {
    if (!existsSync(c.path)) continue;
    const file: ClientFile = { client: c.client, path: c.path, scope: c.scope, entries: [] };
    files.push(file);
    let data: unknown;
    try {
      data = parseJsonc(readFileSync(c.path, 'utf8'));
    } catch (err) {
      file.error = `cannot read it: ${(err as Error).message}`;
      warnings.push(`${c.path}: ${file.error}`);
      continue;
    }
    if (!isObject(data)) continue;
    for (const map of serverMaps(c.shape, data, options.cwd)) {
      const inputs = readInputs(map.inputs);
      const workspace = map.project ?? (c.scope === 'project' ? options.cwd : undefined);
      for (const [clientName, raw] of Object.entries(map.servers)) {
        const entry: ClientEntry = { clientName, ...(map.project ? { project: map.project } : {}) };
        file.entries.push(entry);
        const ctx: ValueContext = {
          dialect: DIALECT[c.client],
          home: options.home,
          workspace: workspace ?? options.cwd,
          warn: (m) => warnings.push(`${c.path} (${clientName}): ${m}`),
        };
        const source: ServerSource = { client: c.client, file: c.path, clientName, ...(map.project ? { project: map.project } : {}) };
        const result = readEntry(clientName, raw, { source, scope: map.project ? 'project' : c.scope, inputs, ...(workspace ? { workspace } : {}) }, ctx);
        if (typeof result === 'string') entry.skipped = result;
        else if (pointsAtGateway(result, port)) entry.skipped = 'already goes through Gatehouse';
        else parsed.push({ entry, value: result });
      }
    }
  }

  // Same command and arguments (or the same URL) in several clients is one server, unless
  // their settings disagree (two accounts of one service are two servers).
  const groups: { key: string; settings: Map<string, string>; members: { entry: ClientEntry; value: Parsed }[] }[] = [];
  for (const p of parsed) {
    const key = identity(p.value);
    const settings = settingsOf(p.value);
    const group = groups.find((g) => g.key === key && compatible(g.settings, settings));
    if (group) {
      group.members.push(p);
      for (const [k, v] of settings) group.settings.set(k, v);
    } else groups.push({ key, settings, members: [p] });
  }

  const taken = new Set<string>();
  const environmentNames = new Set<string>();
  for (const p of parsed) for (const s of allSegs(p.value)) if ('env' in s) environmentNames.add(s.env);
  const lift = new Lifter(environmentNames);
  const servers: ImportedServer[] = [];
  for (const g of groups) {
    const first = g.members[0].value;
    const name = pickName(sanitizeName(first.source.clientName), first.source.client, taken);
    if (!SERVER_NAME.test(name)) throw new Error(`internal: bad server name ${name}`);
    for (const m of g.members) m.entry.server = name;
    servers.push(build(name, g.members.map((m) => m.value), lift));
  }
  return {
    searched: candidates.map((c) => c.path),
    files,
    servers,
    variables: lift.variables,
    secretValues: lift.secretValues,
    warnings,
  };
}

function pickName(base: string, client: ClientId, taken: Set<string>): string {
  let name = base;
  if (taken.has(name)) name = `${base}-${CLIENT_SUFFIX[client]}`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

function identity(p: Parsed): string {
  if (p.stdio) return JSON.stringify(['stdio', canonical(p.stdio.command), ...p.stdio.args.map(canonical)]);
  return JSON.stringify(['remote', canonical(p.remote!.url).replace(/\/+$/, '')]);
}

function settingsOf(p: Parsed): Map<string, string> {
  const pairs = p.stdio ? p.stdio.env : p.remote!.headers;
  return new Map(pairs.map(([k, v]) => [k.toLowerCase(), canonical(v)]));
}

function compatible(a: Map<string, string>, b: Map<string, string>): boolean {
  for (const [k, v] of b) if (a.has(k) && a.get(k) !== v) return false;
  return true;
}

function allSegs(p: Parsed): Seg[] {
  if (p.stdio) return [...p.stdio.command, ...p.stdio.args.flat(), ...p.stdio.env.flatMap(([, v]) => v)];
  return [...p.remote!.url, ...p.remote!.headers.flatMap(([, v]) => v)];
}

function build(name: string, members: Parsed[], lift: Lifter): ImportedServer {
  const first = members[0];
  const sources = members.map((m) => m.source);
  if (first.stdio) {
    const env: Record<string, string> = {};
    for (const m of members) {
      for (const [k, v] of m.stdio!.env) {
        if (!(k in env)) env[k] = render(v, { server: name, key: k, field: `env.${k}`, kind: 'env' }, m, lift);
      }
    }
    const args = first.stdio.args.map((a, i) => {
      const previous = i > 0 ? canonical(first.stdio!.args[i - 1]) : '';
      const flag = /^--?[A-Za-z][\w-]*$/.test(previous) ? previous.replace(/^-+/, '') : undefined;
      return render(a, { server: name, key: flag ?? `arg${i + 1}`, field: `args[${i + 1}]`, kind: 'arg', ...(flag ? { flag } : {}) }, first, lift);
    });
    const cwd = members.map((m) => m.stdio!.cwd).find((c) => c !== undefined);
    return {
      name,
      sources,
      transport: 'stdio',
      command: render(first.stdio.command, { server: name, key: 'command', field: 'command', kind: 'plain' }, first, lift),
      args,
      env,
      ...(cwd !== undefined ? { cwd } : {}),
    };
  }
  const headers: Record<string, string> = {};
  for (const m of members) {
    for (const [k, v] of m.remote!.headers) {
      if (!Object.keys(headers).some((h) => h.toLowerCase() === k.toLowerCase())) {
        headers[k] = render(v, { server: name, key: k, field: `headers.${k}`, kind: 'header' }, m, lift);
      }
    }
  }
  return {
    name,
    sources,
    transport: first.remote!.transport,
    url: render(first.remote!.url, { server: name, key: 'url', field: 'url', kind: 'url' }, first, lift),
    headers,
  };
}

/** An entry that already runs `gatehouse stdio` or calls this gateway's /mcp endpoints. */
function pointsAtGateway(p: Parsed, port: number): boolean {
  if (p.stdio) {
    const words = [canonical(p.stdio.command), ...p.stdio.args.map(canonical)];
    return words.includes('stdio') && words.some((w) => /gatehouse/i.test(w));
  }
  try {
    const u = new URL(canonical(p.remote!.url));
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    return loopback && Number(u.port || 80) === port && /^\/mcp(\/|$)/.test(u.pathname);
  } catch {
    return false;
  }
}
