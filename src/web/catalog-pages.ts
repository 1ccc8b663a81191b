// The tool catalog as HTML: an index of every tool (grouped by server, filterable) and one page
// per tool that answers what a reader of a tool catalog asks: what it does, what kind of action
// it is and how risky, which parameters it needs, why it needs a policy, the evidence from its
// definition, how sure the classification is, and the gatehouse.yaml to paste to rate-limit,
// block or hold it. On the running gateway a page also shows what only the gateway knows: the
// rule in force for the tool and its recent calls.
//
// Pages are whole, self-contained documents (inline CSS, one small inline script that only
// enhances: filtering and copy buttons; everything reads and works without it). Every piece of
// text from a tool definition goes through the escaping `html` template.
import { createHash } from 'node:crypto';
import type { AuditRecord } from '../audit/types.ts';
import type { Category, Classification, Confidence, Evidence, EvidenceSource, ToolDefinition } from '../catalog/types.ts';
import { CATEGORY_RISK, RISK_ORDER } from '../catalog/types.ts';
import type { RiskClass } from '../config/types.ts';
import { compileToolPattern } from '../policy/tool-pattern.ts';
import { html, join, raw, type HtmlValue, type SafeHtml } from './html.ts';

// ---------------------------------------------------------------------------------------------
// Inputs

/** One tool of one server, with what the classifier concluded about it. */
export interface CatalogEntry {
  server: string;
  tool: ToolDefinition;
  classification: Classification;
}

/** A rule of the policy that applies to the tool, as the running gateway reports it. */
export interface LiveRule {
  /** 1-based position in `policy.rules` (0 for the policy default or a risk default). */
  index: number;
  /** The rule's tool pattern as written (`valkey/create_api_key`, `create_api_key`, `valkey/*`). */
  tool: string;
  /** `allow`, `deny`, `rate_limit`, `require_approval`, or what the policy default does. */
  action: string;
  reason?: string;
  /** Where it is written, e.g. `gatehouse.yaml:14:7`. */
  position?: string;
}

/** What only the running gateway knows about a tool; absent in a static export. */
export interface LiveToolFacts {
  /**
   * The policy as it applies to this tool now: a one-line summary (e.g. "Rate-limited: 10 calls
   * per 60 s per session (rule 1)") and the rules that match it. `null` when no rule names the
   * tool, so its calls get the policy default.
   */
  ruleInForce: { summary: string; rules: LiveRule[] } | null;
  /** Its most recent calls, newest first. */
  recentCalls: AuditRecord[];
}

export interface CatalogFilter {
  server?: string;
  category?: string;
  risk?: string;
  /** Free text, matched against tool names and descriptions. */
  q?: string;
}

export interface CatalogPageOptions {
  /**
   * Where the catalog's root is, as the page links to it. Served: `/catalog/` (the default).
   * Static export: a relative path, `./` from the index and `../` from a tool page.
   */
  linkBase?: string;
  /** A static export: links end in `.html`, and the live facts are said to be on the gateway. */
  staticExport?: boolean;
  /** A static export: each tool's file relative to the root (default `staticToolPath`). */
  toolPath?: (server: string, tool: string) => string;
  /** The index: the filter to start with (the served page passes its query string). */
  filter?: CatalogFilter;
  /** A tool page: the other servers that have a tool of the same name. */
  alsoOn?: string[];
  /** The address clients reach the gateway at, for examples (default http://127.0.0.1:8787). */
  gatewayUrl?: string;
  /** When the tool lists were read; shown in the footer. */
  generatedAt?: Date;
}

// ---------------------------------------------------------------------------------------------
// Words

const CATEGORIES: readonly Category[] = ['Read', 'Write', 'Execute', 'Destructive', 'Financial'];

const CATEGORY_MEANING: Record<Category, string> = {
  Read: 'reads or lists, and changes nothing',
  Write: 'creates or modifies, reversibly',
  Execute: 'runs code, commands or queries chosen by the caller',
  Destructive: 'deletes or overwrites beyond easy recovery',
  Financial: 'moves money or commits to spending',
};

/** Why a tool of this category deserves a rule: what goes wrong when nobody decides. */
const CATEGORY_STAKES: Record<Category, string> = {
  Read:
    'Reading changes nothing, so most operators allow it. What it returns still lands in the agent’s context, and from there it can travel to anything else the agent can call; when the data is sensitive, a rate limit bounds how much a looping or manipulated agent can pull out, and an agents list keeps it to the agents that need it.',
  Write:
    'Every call changes state that somebody has to notice and undo when it was wrong. An agent that retries or loops can make hundreds of changes in a minute; a rate limit caps that burst and leaves ordinary use alone.',
  Execute:
    'Its effect is whatever the caller asks for: the code, command or query is chosen at call time, so the same tool can read secrets, change data or reach other systems. Its name cannot tell you the worst case. Hold calls for a person, or allow only the argument shapes you expect with a when condition.',
  Destructive:
    'One wrong call deletes or overwrites something that cannot easily be brought back, and an agent that misunderstood its task, or was steered by text it read, will make that call with full confidence. Agents should not run it unless a person agrees first, or at all.',
  Financial:
    'A mistaken call costs money at once and may not be reversible: refunds, charges and purchases go out to other parties. A person should approve each call, or agents should not have it.',
};

const RISK_LABEL: Record<RiskClass, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** SPEC's risk_defaults: what each risk class suggests when nothing else is known. */
type Suggested = 'allow' | 'rate_limit' | 'require_approval' | 'deny';
const SUGGESTED: Record<RiskClass, Suggested> = {
  low: 'allow',
  medium: 'rate_limit',
  high: 'require_approval',
  critical: 'deny',
};
const SUGGESTED_WORDS: Record<Suggested, string> = {
  allow: 'allow it',
  rate_limit: 'rate-limit it',
  require_approval: 'hold each call for approval',
  deny: 'deny it to agents',
};

const CONFIDENCE_LABEL: Record<Confidence, string> = { high: 'High', medium: 'Medium', low: 'Low' };

const SOURCE_LABEL: Record<EvidenceSource, string> = {
  name: 'Name',
  title: 'Title',
  description: 'Description',
  annotations: 'Annotation',
  schema: 'Input schema',
};

const DECISION_LABEL: Record<string, string> = {
  allow: 'allowed',
  deny: 'denied',
  rate_limited: 'rate-limited',
  approval_pending: 'awaiting approval',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
};
const DECISION_TONE: Record<string, string> = {
  allow: 'good',
  approved: 'good',
  deny: 'bad',
  rejected: 'bad',
  rate_limited: 'warn',
  approval_pending: 'info',
  expired: 'neutral',
};

const OUTCOME_LABEL: Record<string, string> = {
  ok: 'ok',
  tool_error: 'tool error',
  error: 'error',
  unavailable: 'server unavailable',
  timeout: 'timed out',
  cancelled: 'cancelled',
  not_forwarded: 'not forwarded',
  unknown: 'unknown (the gateway stopped first)',
};

function titleCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `poisoning:hidden-instructions` → `hidden instructions`. */
function flagWords(flag: string): string {
  const rest = flag.includes(':') ? flag.slice(flag.indexOf(':') + 1) : flag;
  return rest.replace(/[-_]+/g, ' ').trim();
}

function poisoningFlags(c: Classification): string[] {
  return c.flags.filter((f) => f.startsWith('poisoning'));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// Links and file names

const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8787';

interface Links {
  index: string;
  tool(entry: CatalogEntry): string;
  server(server: string): string;
}

function links(options: CatalogPageOptions): Links {
  const staticExport = options.staticExport === true;
  const base = options.linkBase ?? (staticExport ? './' : '/catalog/');
  const index = staticExport ? `${base}index.html` : base;
  const toolPath = options.toolPath ?? staticToolPath;
  return {
    index,
    tool: (e) => (staticExport ? base + toolPath(e.server, e.tool.name) : `${base}${encodeURIComponent(e.server)}/${encodeURIComponent(e.tool.name)}`),
    server: (s) => `${index}#${encodeURIComponent(serverAnchor(s))}`,
  };
}

function serverAnchor(server: string): string {
  return `server-${server.replace(/\s/g, '_')}`;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 8);
}

/**
 * A name made safe as one path segment on any file system: letters, digits, `.`, `_` and `-`
 * kept, anything else replaced; when the name had to change (or is too long or reserved) a
 * hash of the original is appended, so two names never end up as the same file.
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '_');
  const ok = cleaned === name && name.length > 0 && name.length <= 100 && !WINDOWS_RESERVED.test(name);
  return ok ? name : `${cleaned.slice(0, 80) || 'tool'}-${shortHash(name)}`;
}

/** A tool's page in a static export, relative to the export's root: `<server>/<tool>.html`. */
export function staticToolPath(server: string, tool: string): string {
  return `${safeFileName(server)}/${safeFileName(tool)}.html`;
}

/**
 * Every entry's file in a static export. Names that differ only in case (which collide on
 * case-insensitive file systems, `listItems` and `ListItems`) get a hash so each has its own file.
 */
export function staticToolPaths(entries: readonly CatalogEntry[]): Map<CatalogEntry, string> {
  const paths = new Map<CatalogEntry, string>();
  const taken = new Set<string>(['index.html']);
  for (const entry of entries) {
    let path = staticToolPath(entry.server, entry.tool.name);
    if (taken.has(path.toLowerCase())) {
      path = `${safeFileName(entry.server)}/${safeFileName(entry.tool.name)}-${shortHash(entry.server, entry.tool.name)}.html`;
    }
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = path.replace(/(-\d+)?\.html$/, `-${n}.html`);
    taken.add(path.toLowerCase());
    paths.set(entry, path);
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// gatehouse.yaml snippets

const GLOB_CHARS = /[*?[\]{}()!+@\\]/g;

/** The `tool:` pattern that names exactly this tool, and a note when no pattern can. */
export function rulePattern(server: string | undefined, tool: string): { pattern: string; exact: boolean } {
  const escaped = tool.replace(GLOB_CHARS, (ch) => `\\${ch}`).replace(/\s/g, '?');
  const pattern = server === undefined ? escaped : `${server}/${escaped}`;
  try {
    const compiled = compileToolPattern(pattern);
    return { pattern, exact: compiled.matches(server ?? 'any-server', tool) && !/\s/.test(tool) };
  } catch {
    return { pattern, exact: false };
  }
}

const YAML_RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A YAML scalar: plain when that reads back as the same string, else double-quoted. */
export function yamlString(text: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(text) && !YAML_RESERVED.test(text)) return text;
  if (/^[A-Za-z][A-Za-z0-9 _.,;()'’-]*[A-Za-z0-9.)]$/.test(text) && !YAML_RESERVED.test(text) && !/ #|: /.test(text)) return text;
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A line of YAML with an optional trailing comment (comments are aligned and dimmed). */
type YamlLine = string | readonly [code: string, comment: string];

interface Snippet {
  id: string;
  label: string;
  text: string;
  markup: SafeHtml;
}

const COMMENT_COLUMN = 44;

function snippet(id: string, label: string, lines: readonly YamlLine[]): Snippet {
  // Trailing comments line up after the longest commented line that fits; a line too long for
  // that gets its comment on a line of its own above it.
  const fits = (code: string) => code.length + 2 <= COMMENT_COLUMN;
  const commented = lines.filter((l): l is readonly [string, string] => typeof l !== 'string' && l[0].trim() !== '' && fits(l[0]));
  const column = Math.max(0, ...commented.map(([code]) => code.length + 2));
  const rendered: { text: string; markup: SafeHtml }[] = [];
  for (const line of lines) {
    if (typeof line === 'string') {
      rendered.push({ text: line, markup: html`${line}` });
      continue;
    }
    const [code, comment] = line;
    const indent = /^ */.exec(code)![0];
    if (code.trim() === '' || !fits(code)) {
      rendered.push({ text: `${indent}# ${comment}`, markup: html`${indent}<span class="c"># ${comment}</span>` });
      if (code.trim() !== '') rendered.push({ text: code, markup: html`${code}` });
      continue;
    }
    const pad = ' '.repeat(Math.max(1, column - code.length));
    rendered.push({ text: `${code}${pad}# ${comment}`, markup: html`${code}${pad}<span class="c"># ${comment}</span>` });
  }
  return {
    id,
    label,
    text: rendered.map((r) => r.text).join('\n') + '\n',
    markup: join(
      rendered.map((r) => r.markup),
      '\n',
    ),
  };
}

/** The snippets a tool page offers, exposed so the CLI and tests can use the same words. */
export interface ToolSnippets {
  enforce: Snippet;
  risk: Snippet;
  rateLimit: Snippet;
  block: Snippet;
  approval: Snippet;
  server: Snippet;
}

function denyReasonFor(tool: string): string {
  return `Agents may not call ${tool}; ask an operator.`;
}

function ruleHead(server: string, tool: string, comment?: string): YamlLine[] {
  const { pattern, exact } = rulePattern(server, tool);
  const head: YamlLine[] = ['policy:', '  rules:'];
  const line = `    - tool: ${yamlString(pattern)}`;
  if (!exact) head.push(['    ', `no pattern names ${JSON.stringify(tool)} exactly; this one is the closest`]);
  head.push(comment ? [line, comment] : line);
  return head;
}

export function toolSnippets(entry: CatalogEntry): ToolSnippets {
  const { server } = entry;
  const tool = entry.tool.name;
  const c = entry.classification;
  const suggested = poisoningFlags(c).length > 0 ? 'deny' : SUGGESTED[c.risk];
  const denyReason = denyReasonFor(tool);
  const actionLines = (action: Suggested): YamlLine[] => {
    switch (action) {
      case 'allow':
        return ['      action: allow'];
      case 'rate_limit':
        return ['      action: rate_limit', ['      rate_limit: { max: 10, window: 60 }', '10 calls per 60 s, per agent session']];
      case 'require_approval':
        return ['      action: require_approval', ['      approval: { timeout: 10m }', 'a person has 10 minutes to decide']];
      case 'deny':
        return ['      action: deny', `      reason: ${yamlString(denyReason)}`];
    }
  };
  const bare = rulePattern(undefined, tool).pattern;
  return {
    enforce: snippet('snippet-enforce', 'Suggested rule', [
      ...ruleHead(server, tool, `${RISK_LABEL[c.risk]} risk: ${SUGGESTED_WORDS[suggested]}`),
      ...actionLines(suggested),
    ]),
    risk: snippet('snippet-risk', 'Rules by risk class', [
      'policy:',
      ['  default: risk', 'a tool no rule names gets its class’s action'],
      '  risk_defaults:',
      ...RISK_ORDER.map((r): YamlLine => {
        const code = {
          low: '    low: allow',
          medium: '    medium: { action: rate_limit, rate_limit: { max: 10, window: 60 } }',
          high: '    high: require_approval',
          critical: '    critical: deny',
        }[r];
        return r === c.risk ? [code, `${tool} (${RISK_LABEL[r]})`] : code;
      }),
    ]),
    rateLimit: snippet('snippet-rate-limit', 'Rate limit', [
      ...ruleHead(server, tool),
      ...actionLines('rate_limit'),
      ['      ', 'scope: agent counts per agent, scope: global across all agents'],
    ]),
    block: snippet('snippet-block', 'Block', [...ruleHead(server, tool), ...actionLines('deny')]),
    approval: snippet('snippet-approval', 'Require approval', [...ruleHead(server, tool), ...actionLines('require_approval')]),
    server: snippet('snippet-server', 'Name the server in a rule', [
      ...ruleHead(server, tool, `${tool} on ${server} only`),
      '      action: allow',
      ['    ', `tool: ${yamlString(bare)} would match it on every server,`],
      ['    ', `tool: ${yamlString(`${server}/*`)} every tool of ${server}`],
    ]),
  };
}

function snippetFigure(s: Snippet): SafeHtml {
  return html`<figure class="snippet">
<figcaption><span><span class="file">gatehouse.yaml</span> · ${s.label}</span><button type="button" class="copy" data-copy="${s.id}" hidden>Copy</button></figcaption>
<pre tabindex="0"><code id="${s.id}">${s.markup}</code></pre>
</figure>`;
}

// ---------------------------------------------------------------------------------------------
// Reading a definition

interface Param {
  name: string;
  type: string;
  required: boolean;
  description: string;
  details: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function schemaType(schema: unknown, depth = 0): string {
  if (!isObject(schema) || depth > 4) return 'any';
  if ('const' in schema) return JSON.stringify(schema.const);
  const type = schema.type;
  const one = (t: unknown): string => {
    if (t === 'array') {
      const items = schema.items;
      return items === undefined ? 'array' : `array of ${schemaType(items, depth + 1)}`;
    }
    if (t === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
    return typeof t === 'string' ? t : 'any';
  };
  if (typeof type === 'string') return one(type);
  if (Array.isArray(type)) return type.map(one).join(' or ');
  for (const key of ['anyOf', 'oneOf'] as const) {
    const alts = schema[key];
    if (Array.isArray(alts) && alts.length > 0) return [...new Set(alts.map((a) => schemaType(a, depth + 1)))].join(' or ');
  }
  if (Array.isArray(schema.enum)) return 'enum';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop() || 'any';
  if (isObject(schema.properties)) return 'object';
  return 'any';
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The top-level parameters of an input schema, required ones first, in schema order. */
export function schemaParameters(schema: object | undefined): Param[] {
  if (!isObject(schema)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const props = isObject(schema.properties) ? schema.properties : {};
  const params: Param[] = Object.entries(props).map(([name, s]) => {
    const details: string[] = [];
    if (isObject(s)) {
      if (Array.isArray(s.enum)) details.push(`one of ${s.enum.map((v) => short(v)).join(', ')}`);
      if ('default' in s) details.push(`default ${short(s.default)}`);
      if (typeof s.minimum === 'number') details.push(`at least ${s.minimum}`);
      if (typeof s.maximum === 'number') details.push(`at most ${s.maximum}`);
    }
    return {
      name,
      type: schemaType(s),
      required: required.has(name),
      description: isObject(s) && typeof s.description === 'string' ? s.description : '',
      details,
    };
  });
  // Required names the schema does not describe still count.
  for (const name of required) {
    if (!(name in props)) params.push({ name, type: 'any', required: true, description: '', details: ['not described in the schema'] });
  }
  return params.sort((a, b) => Number(b.required) - Number(a.required));
}

// Characters that do not show but can carry instructions to a model (zero-width, bidi
// controls, Unicode tags): made visible wherever a definition's text is shown.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\u{e0000}-\u{e007f}]/gu;

/** Text from a definition, escaped, with invisible characters shown as `U+200B` markers. */
export function visibleText(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    const code = `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    parts.push(html`${text.slice(last, match.index)}<span class="invisible" title="invisible character ${code}">${code}</span>`);
    last = match.index + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return join(parts, '');
}

function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}

function firstSentence(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  const sentence = end > 0 && end < max ? flat.slice(0, end + 1) : flat;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

// ---------------------------------------------------------------------------------------------
// Pieces of markup

function riskBadge(risk: RiskClass): SafeHtml {
  return html`<span class="badge risk-${risk}">${RISK_LABEL[risk]}</span>`;
}

function categoryBadge(category: Category): SafeHtml {
  return html`<span class="badge cat">${category}</span>`;
}

function confidenceBadge(confidence: Confidence): SafeHtml {
  return html`<span class="badge conf conf-${confidence}">${CONFIDENCE_LABEL[confidence]}</span>`;
}

function code(text: string): SafeHtml {
  return html`<code>${text}</code>`;
}

function utcTime(ms: number): SafeHtml {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return html`${String(ms)}`;
  const iso = d.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC</time>`;
}

function ms(value: number): string {
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 10) return `${value.toFixed(1)} ms`;
  if (value < 10_000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(1)} s`;
}

function page(title: string, body: SafeHtml, options: CatalogPageOptions, bodyClass: string): string {
  const index = links(options).index;
  const generated = options.generatedAt
    ? html` · tool lists read ${utcTime(options.generatedAt.getTime())}`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="${CATALOG_CSP_META}">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${raw(CSS)}</style>
</head>
<body class="${bodyClass}">
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="wrap"><a class="brand" href="${index}"><span class="mark" aria-hidden="true">◆</span> Gatehouse <span class="sub">tool catalog</span></a></div></header>
${body}
<footer class="site"><div class="wrap"><p>Classified by Gatehouse from each tool’s own definition: its name, description, annotations and input schema${generated}. Categories and risk classes follow the table in the Gatehouse contract.</p></div></footer>
<div id="live-status" class="vh" role="status" aria-live="polite"></div>
<script>${raw(SCRIPT)}</script>
</body>
</html>
`.value;
}

// ---------------------------------------------------------------------------------------------
// The tool page

/** One tool's page, as a whole HTML document. */
export function renderToolPage(entry: CatalogEntry, live?: LiveToolFacts, options: CatalogPageOptions = {}): string {
  const l = links(options);
  const { server, tool, classification: c } = entry;
  const name = tool.name;
  const description = (tool.description ?? '').trim();
  const params = schemaParameters(tool.inputSchema);
  const snippets = toolSnippets(entry);
  const poison = poisoningFlags(c);
  const baseRisk = CATEGORY_RISK[c.category];
  const raised = RISK_ORDER.indexOf(c.risk) > RISK_ORDER.indexOf(baseRisk);
  const gatewayUrl = (options.gatewayUrl ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '');
  const endpoint = `${gatewayUrl}/mcp/${encodeURIComponent(server)}`;
  const prefixed = `${server}__${name}`;
  const { exact } = rulePattern(server, name);
  const suggested: Suggested = poison.length > 0 ? 'deny' : SUGGESTED[c.risk];
  const paramHeading = `Parameters: ${c.requiredParams} required`;

  const toc: [string, string][] = [
    ['what', 'What it does'],
    ['parameters', paramHeading],
    ['why-policy', 'Why it needs a policy'],
    ['evidence', 'Evidence from its definition'],
    ['confidence', 'Confidence'],
    ['live', 'On this gateway now'],
    ['enforce', 'Enforce a policy'],
    ['risk', 'What risk it is'],
    ['rate-limit', 'Rate-limit it'],
    ['block', 'Block it'],
    ['approval', 'Require approval'],
    ['server', 'Which server provides it'],
  ];

  const annotations = tool.annotations
    ? Object.entries(tool.annotations).filter(([k, v]) => k !== 'title' && typeof v === 'boolean')
    : [];
  const nameEvidence = c.evidence.filter((e) => e.source === 'name');

  const what = html`<section id="what" aria-labelledby="what-h">
<h2 id="what-h">What it does</h2>
${
  description === ''
    ? html`<div class="note empty"><p><strong>The server gives no description for ${code(name)}.</strong> An agent deciding whether to call it sees only its name and its input schema, and so does this catalog: what this page says is read from those alone, which is why the confidence is lowered.</p>
${nameEvidence.length > 0 ? html`<p>Read from its name: ${join(nameEvidence.map((e) => html`${e.points}`), ' ')}</p>` : ''}</div>`
    : html`<blockquote class="description${hasInvisible(description) ? ' has-invisible' : ''}" cite="#evidence"><p>${visibleText(description)}</p></blockquote>
<p class="muted small">The description exactly as the server sends it to agents${hasInvisible(description) ? ', with its invisible characters made visible' : ''}.</p>`
}
${tool.title && tool.title !== name ? html`<p>Its display title is <q>${visibleText(tool.title)}</q>.</p>` : ''}
${
  annotations.length > 0
    ? html`<p>The server annotates it: ${join(
        annotations.map(([k, v]) => code(`${k}: ${String(v)}`)),
        ', ',
      )}. Annotations come from the server and are only trusted to raise the risk class, never to lower it.</p>`
    : ''
}
</section>`;

  const parameters = html`<section id="parameters" aria-labelledby="parameters-h">
<h2 id="parameters-h">${paramHeading}</h2>
${
  params.length === 0
    ? html`<p>${code(name)} takes no parameters: an agent can call it with nothing but its name, so nothing in the arguments limits what a call does.</p>`
    : html`<p>${plural(params.length, 'parameter')} in its input schema, ${c.requiredParams === 0 ? 'none of them required' : `${c.requiredParams} required`}.${c.requiredParams === 0 ? ' A call with no arguments at all is valid.' : ''}</p>
<div class="table-wrap"><table class="params">
<caption class="vh">Parameters of ${name}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
<tbody>
${params.map(
  (p) => html`<tr><th scope="row" data-label="Name"><code>${visibleText(p.name)}</code></th><td data-label="Type"><code>${p.type}</code></td><td data-label="Required">${p.required ? html`<span class="req">required</span>` : html`<span class="muted">optional</span>`}</td><td data-label="Description">${p.description ? visibleText(p.description) : html`<span class="muted">No description.</span>`}${p.details.length > 0 ? html` <span class="muted small">(${p.details.join('; ')})</span>` : ''}</td></tr>
`,
)}</tbody></table></div>`
}
</section>`;

  const why = html`<section id="why-policy" aria-labelledby="why-policy-h">
<h2 id="why-policy-h">Why it needs a policy</h2>
${c.rationale.trim() ? html`<p>${c.rationale}</p>` : ''}
<p>${CATEGORY_STAKES[c.category]}</p>
${
  raised
    ? html`<p>Its risk class is ${riskBadge(c.risk)}, above the ${RISK_LABEL[baseRisk]} a ${c.category} tool usually carries: something in its definition raised it${poison.length > 0 ? ' (text in its description aimed at the model)' : ''}; the evidence below says what.</p>`
    : ''
}
<p>Suggested: <strong>${SUGGESTED_WORDS[suggested]}</strong>${poison.length > 0 ? ' until its definition has been reviewed' : ''}. <a href="#enforce">How to enforce a policy on it</a>.</p>
</section>`;

  const evidence = html`<section id="evidence" aria-labelledby="evidence-h">
<h2 id="evidence-h">Evidence from its definition</h2>
${
  c.evidence.length === 0
    ? html`<p>Nothing in its definition pointed clearly one way; the classification falls back on the tool’s name as a whole.</p>`
    : html`<p>The exact words in its definition that decided the classification, and what each indicates.</p>
<ol class="evidence">
${c.evidence.map((e: Evidence) => html`<li><span class="src src-${e.source}">${SOURCE_LABEL[e.source] ?? e.source}</span> <code class="quote">${visibleText(e.text)}</code> <span class="points">${e.points}</span></li>
`)}</ol>`
}
</section>`;

  const confidenceReasons: HtmlValue[] = [];
  if (c.flags.includes('empty-description')) confidenceReasons.push(html`the server gives no description, so only the name and the schema speak for it`);
  for (const f of c.flags.filter((f) => f.startsWith('conflict'))) confidenceReasons.push(html`signals in the definition disagree (${flagWords(f)})`);
  if (poison.length > 0) confidenceReasons.push(html`the description carries text aimed at the model rather than at you`);
  const otherFlags = c.flags.filter((f) => f !== 'empty-description' && !f.startsWith('conflict') && !f.startsWith('poisoning'));
  const confidence = html`<section id="confidence" aria-labelledby="confidence-h">
<h2 id="confidence-h">Confidence</h2>
<p>${confidenceBadge(c.confidence)} ${
    c.confidence === 'high'
      ? 'The name, the description and the schema agree on what this tool does.'
      : confidenceReasons.length > 0
        ? html`Lowered because ${join(confidenceReasons, '; and ')}.`
        : 'Lowered: few signals in its definition point clearly one way.'
  }</p>
${c.confidence !== 'high' ? html`<p>Check the category against what the tool really does on ${code(server)} before relying on the suggested rule; a rule you write names the tool directly and does not depend on the classification.</p>` : ''}
${otherFlags.length > 0 ? html`<p class="small">Other notes: ${join(otherFlags.map((f) => code(f)), ', ')}.</p>` : ''}
</section>`;

  const check = `gatehouse check ${server}/${name}`;
  const audit = `gatehouse audit --server ${server} --tool ${name}`;
  const liveSection = live
    ? html`<section id="live" aria-labelledby="live-h">
<h2 id="live-h">On this gateway now</h2>
<h3 id="rule-in-force">The rule in force</h3>
${
  live.ruleInForce === null
    ? html`<p>No rule in the policy names ${code(name)}: its calls get the policy default. Add one of the rules below to decide for it.</p>`
    : html`<p class="summary">${live.ruleInForce.summary}</p>
${
  live.ruleInForce.rules.length > 0
    ? html`<div class="table-wrap"><table class="rules">
<caption class="vh">Rules that match ${name}</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Pattern</th><th scope="col">Action</th><th scope="col">Reason</th><th scope="col">Where</th></tr></thead>
<tbody>
${live.ruleInForce.rules.map(
  (r) => html`<tr><th scope="row" data-label="Rule">${r.index === 0 ? 'default' : `rule ${r.index}`}</th><td data-label="Pattern"><code>${r.tool}</code></td><td data-label="Action"><code>${r.action}</code></td><td data-label="Reason">${r.reason ?? html`<span class="muted">none</span>`}</td><td data-label="Where">${r.position ? html`<code>${r.position}</code>` : html`<span class="muted">—</span>`}</td></tr>
`,
)}</tbody></table></div>`
    : ''
}`
}
<p class="small muted">What a given call would get: <code>${check} --agent NAME --args '{…}'</code></p>
<h3 id="recent-calls">Recent calls</h3>
${
  live.recentCalls.length === 0
    ? html`<p>No calls to ${code(name)} recorded yet.</p>`
    : html`<div class="table-wrap"><table class="calls">
<caption class="vh">Recent calls of ${name}, newest first</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Agent</th><th scope="col">Decision</th><th scope="col">Rule</th><th scope="col">Reason</th><th scope="col">Latency</th></tr></thead>
<tbody>
${live.recentCalls.map(
  (r) => html`<tr><td data-label="Time">${utcTime(r.time)}</td><td data-label="Agent">${r.agent}</td><td data-label="Decision"><span class="badge tone-${DECISION_TONE[r.decision] ?? 'neutral'}">${DECISION_LABEL[r.decision] ?? r.decision}</span></td><td data-label="Rule">${r.rule ? html`<code>${r.rule}</code>` : html`<span class="muted">—</span>`}</td><td data-label="Reason">${r.reason || html`<span class="muted">—</span>`}</td><td data-label="Latency" class="latency">${r.upstreamMs === null ? '' : html`<span>server ${ms(r.upstreamMs)}</span><br>`}<span>gateway ${ms(r.gatewayMs)}</span><br><span class="muted small">${OUTCOME_LABEL[r.outcome] ?? r.outcome}</span></td></tr>
`,
)}</tbody></table></div>
<p class="small muted">Every call: <code>${audit}</code></p>`
}
</section>`
    : html`<section id="live" aria-labelledby="live-h">
<h2 id="live-h">On this gateway now</h2>
<p>${options.staticExport ? 'This is a static copy of the catalog.' : 'This page was rendered without the gateway’s live facts.'} The rule in force for ${code(name)} and its recent calls with their decisions appear on the running gateway’s page for it, ${code(`/catalog/${server}/${name}`)}. From a shell: ${code(check)} shows what the policy would decide, and ${code(audit)} lists its calls.</p>
</section>`;

  const questions = html`<section id="questions" aria-labelledby="questions-h">
<h2 id="questions-h">Questions about ${name}</h2>

<section id="enforce" aria-labelledby="enforce-h" class="qa">
<h3 id="enforce-h">How do I enforce a policy on ${name}?</h3>
<ol>
<li>${code(server)} is registered under ${code('servers:')} in your ${code('gatehouse.yaml')} (it is on the gateway that produced this catalog).</li>
<li>Add a rule for it under ${code('policy.rules')}. The rule below follows its risk class; the sections after it show each action. A running gateway reloads the file when it changes.</li>
<li>Point your MCP client at ${code(endpoint)} instead of at the server (or launch ${code(`gatehouse stdio ${server}`)}). Every call is decided before it reaches ${code(server)}, and recorded.</li>
<li>Check what a call would get: ${code(check)}.</li>
</ol>
${snippetFigure(snippets.enforce)}
${exact ? '' : html`<p class="small">Its name holds characters a rule pattern cannot express exactly; the pattern above is the closest. Test it with ${code(check)}.</p>`}
</section>

<section id="risk" aria-labelledby="risk-h" class="qa">
<h3 id="risk-h">What risk is ${name}?</h3>
<p>${categoryBadge(c.category)} ${riskBadge(c.risk)} It is a ${c.category} tool: it ${CATEGORY_MEANING[c.category]}. ${c.category} tools carry the ${RISK_LABEL[baseRisk]} risk class${
    raised ? html`; this one is raised to ${RISK_LABEL[c.risk]} by its definition` : ''
  }. With ${code('policy.default: risk')}, every tool that no rule names gets the action of its risk class:</p>
${snippetFigure(snippets.risk)}
<details class="legend"><summary>All categories and risk classes</summary>
<table class="legend-table"><thead><tr><th scope="col">Category</th><th scope="col">Meaning</th><th scope="col">Risk class</th></tr></thead><tbody>
${CATEGORIES.map((cat) => html`<tr${cat === c.category ? raw(' class="current"') : ''}><th scope="row">${cat}</th><td>${titleCase(CATEGORY_MEANING[cat])}</td><td>${riskBadge(CATEGORY_RISK[cat])}</td></tr>`)}
</tbody></table></details>
</section>

<section id="rate-limit" aria-labelledby="rate-limit-h" class="qa">
<h3 id="rate-limit-h">How do I rate-limit ${name}?</h3>
<p>Give it a rule with ${code('action: rate_limit')} and a ${code('rate_limit')} block. With ${code('max: 10')} and ${code('window: 60')}, at most 10 calls proceed in any 60 seconds, counted per agent session; the window slides, so the limit resets by itself. Only calls that proceed are counted. The eleventh call gets an error result the model can read, such as:</p>
<p class="agent-says"><samp>Rate limit reached for ${name}: 10 calls per 60 s in this session; retry in 23 s.</samp></p>
${snippetFigure(snippets.rateLimit)}
</section>

<section id="block" aria-labelledby="block-h" class="qa">
<h3 id="block-h">How do I block ${name}?</h3>
<p>Give it a rule with ${code('action: deny')} and a ${code('reason')}. The agent gets a policy-violation error carrying your reason, never a hang, and a tool denied for every call of an agent disappears from that agent’s tool list. Add ${code('agents: [name]')} to block it for some agents only, or a ${code('when')} condition to block only some arguments.</p>
<p class="agent-says"><samp>Blocked by policy (rule 1: ${rulePattern(server, name).pattern}): ${denyReasonFor(name)}</samp></p>
${snippetFigure(snippets.block)}
</section>

<section id="approval" aria-labelledby="approval-h" class="qa">
<h3 id="approval-h">How do I require approval before ${name} runs?</h3>
<p>Give it a rule with ${code('action: require_approval')}. Each call is held until a person approves or rejects it (in the dashboard, or with ${code('gatehouse approvals')}); after the ${code('timeout')} it expires, and the agent is told what happened.</p>
${snippetFigure(snippets.approval)}
</section>

<section id="server" aria-labelledby="server-h" class="qa">
<h3 id="server-h">Which server provides ${name}?</h3>
<p>${code(name)} is a tool of ${code(server)}, a server registered in this gateway’s ${code('gatehouse.yaml')}. Clients reach it through the gateway at ${code(endpoint)} under its own name, or on the combined endpoint ${code(`${gatewayUrl}/mcp`)} as ${code(prefixed)}${prefixed.length > 128 ? ' (shortened there to fit 128 characters)' : ''}. <a href="${l.server(server)}">Every tool of ${server}</a>.</p>
${
  options.alsoOn && options.alsoOn.length > 0
    ? html`<p>A tool named ${code(name)} is also on ${join(
        options.alsoOn.map((s) => html`<a href="${l.tool({ server: s, tool: { name }, classification: c })}"><code>${s}</code></a>`),
        ', ',
      )}. A rule with the bare name ${code(rulePattern(undefined, name).pattern)} covers it on every server; ${code(rulePattern(server, name).pattern)} only this one.</p>`
    : ''
}
${snippetFigure(snippets.server)}
</section>
</section>`;

  const poisonAlert =
    poison.length > 0
      ? html`<section class="alert" id="poisoning" aria-labelledby="poisoning-h">
<h2 id="poisoning-h"><span aria-hidden="true">⚠</span> Its definition tries to instruct the model</h2>
<p>The description of ${code(name)} contains text written for the AI model rather than for you: ${join(
          poison.map((f) => html`<strong>${flagWords(f) || f}</strong>`),
          ', ',
        )}. An agent reads tool descriptions as guidance and may follow it. Gatehouse raised its risk class to ${RISK_LABEL[c.risk]} because of this.</p>
<p>Read the <a href="#what">description as quoted</a> and the <a href="#evidence">evidence</a>; until the server is reviewed, <a href="#block">block the tool</a>.</p>
</section>`
      : '';

  const body = html`<main id="main" class="wrap">
<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="${l.index}">Catalog</a></li><li><a href="${l.server(server)}">${server}</a></li><li aria-current="page">${name}</li></ol></nav>
<header class="tool-head">
<p class="eyebrow">Tool on <code>${server}</code></p>
<h1><code>${visibleText(name)}</code></h1>
${tool.title && tool.title !== name ? html`<p class="subtitle">${visibleText(tool.title)}</p>` : ''}
<dl class="facts">
<div><dt>Server</dt><dd><a href="${l.server(server)}"><code>${server}</code></a></dd></div>
<div><dt>Category</dt><dd>${categoryBadge(c.category)}</dd></div>
<div><dt>Risk class</dt><dd>${riskBadge(c.risk)}</dd></div>
<div><dt>Parameters</dt><dd><a href="#parameters">${c.requiredParams} required</a></dd></div>
<div><dt>Confidence</dt><dd><a href="#confidence" class="plain">${confidenceBadge(c.confidence)}</a></dd></div>
</dl>
</header>
${poisonAlert}
<div class="layout">
<div class="content">
${what}
${parameters}
${why}
${evidence}
${confidence}
${liveSection}
${questions}
</div>
<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">On this page</h2><ol>
${toc.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}
</ol></nav>
</div>
</main>`;

  return page(`${name} on ${server}: ${c.category}, ${RISK_LABEL[c.risk]} risk · Gatehouse catalog`, body, options, 'tool-page');
}

// ---------------------------------------------------------------------------------------------
// The index

function matches(entry: CatalogEntry, f: CatalogFilter): boolean {
  if (f.server && entry.server !== f.server) return false;
  if (f.category && entry.classification.category !== f.category) return false;
  if (f.risk && entry.classification.risk !== f.risk) return false;
  if (f.q) {
    const q = f.q.trim().toLowerCase();
    if (q && !searchText(entry).includes(q)) return false;
  }
  return true;
}

function searchText(entry: CatalogEntry): string {
  return `${entry.server}/${entry.tool.name} ${entry.tool.title ?? ''} ${entry.tool.description ?? ''}`.replace(/\s+/g, ' ').toLowerCase();
}

/** The catalog's index, as a whole HTML document: every tool grouped by server. */
export function renderCatalogIndex(entries: readonly CatalogEntry[], options: CatalogPageOptions = {}): string {
  const l = links(options);
  const filter = options.filter ?? {};
  const servers: string[] = [];
  const byServer = new Map<string, CatalogEntry[]>();
  for (const e of entries) {
    let list = byServer.get(e.server);
    if (!list) byServer.set(e.server, (list = []));
    if (!servers.includes(e.server)) servers.push(e.server);
    list.push(e);
  }
  for (const list of byServer.values()) list.sort((a, b) => (a.tool.name < b.tool.name ? -1 : a.tool.name > b.tool.name ? 1 : 0));

  const count = (pred: (e: CatalogEntry) => boolean) => entries.filter(pred).length;
  const shown = count((e) => matches(e, filter));
  const poisoned = count((e) => poisoningFlags(e.classification).length > 0);
  const lowConfidence = count((e) => e.classification.confidence === 'low');

  const select = (name: string, label: string, values: readonly { value: string; text: string }[], current: string | undefined) =>
    html`<div class="field"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"><option value="">All</option>${values.map(
      (v) => html`<option value="${v.value}"${v.value === current ? raw(' selected') : ''}>${v.text}</option>`,
    )}</select></div>`;

  const form = html`<form id="filters" class="filters" role="search" aria-label="Filter tools" method="get" action="${l.index}"${options.staticExport ? raw(' hidden') : ''}>
${select('server', 'Server', servers.map((s) => ({ value: s, text: `${s} (${byServer.get(s)!.length})` })), filter.server)}
${select('category', 'Category', CATEGORIES.map((cat) => ({ value: cat, text: `${cat} (${count((e) => e.classification.category === cat)})` })), filter.category)}
${select('risk', 'Risk class', RISK_ORDER.map((r) => ({ value: r, text: `${RISK_LABEL[r]} (${count((e) => e.classification.risk === r)})` })), filter.risk)}
<div class="field grow"><label for="f-q">Search</label><input id="f-q" name="q" type="search" value="${filter.q ?? ''}" placeholder="name or description" autocomplete="off"></div>
<div class="field actions"><button type="submit" data-apply>Apply</button><a class="reset" href="${l.index}">Clear</a></div>
</form>
<p id="filter-count" class="muted small" aria-live="polite">${shown === entries.length ? `Showing all ${plural(entries.length, 'tool')}.` : `Showing ${shown} of ${plural(entries.length, 'tool')}.`}</p>`;

  const row = (e: CatalogEntry) => {
    const c = e.classification;
    const description = (e.tool.description ?? '').trim();
    const poison = poisoningFlags(c).length > 0;
    return html`<tr data-tool data-server="${e.server}" data-category="${c.category}" data-risk="${c.risk}" data-search="${searchText(e)}"${matches(e, filter) ? '' : raw(' hidden')}>
<th scope="row" data-label="Tool"><a href="${l.tool(e)}"><code>${visibleText(e.tool.name)}</code></a>${poison ? html` <span class="badge tone-bad">⚠ instructs the model</span>` : ''}<span class="desc">${description ? visibleText(firstSentence(description)) : html`<em>No description from the server.</em>`}</span></th>
<td data-label="Category">${categoryBadge(c.category)}</td>
<td data-label="Risk">${riskBadge(c.risk)}</td>
<td data-label="Required" class="num">${c.requiredParams}</td>
<td data-label="Confidence">${confidenceBadge(c.confidence)}</td>
</tr>
`;
  };

  const groups = servers.map((s) => {
    const list = byServer.get(s)!;
    const visible = list.some((e) => matches(e, filter));
    const anchor = serverAnchor(s);
    return html`<section class="server" id="${anchor}" data-server-group aria-labelledby="${anchor}-h"${visible ? '' : raw(' hidden')}>
<h2 id="${anchor}-h"><code>${s}</code> <span class="count">${plural(list.length, 'tool')}</span></h2>
<div class="table-wrap"><table class="tools">
<caption class="vh">Tools of ${s}</caption>
<thead><tr><th scope="col">Tool</th><th scope="col">Category</th><th scope="col">Risk</th><th scope="col" class="num">Required params</th><th scope="col">Confidence</th></tr></thead>
<tbody>
${list.map(row)}</tbody></table></div>
</section>`;
  });

  const body = html`<main id="main" class="wrap">
<header class="index-head">
<h1>Tool catalog</h1>
<p class="lead">${plural(entries.length, 'tool')} on ${plural(servers.length, 'server')}, each classified by what kind of action it is and how risky, from its own definition. Open a tool for the evidence and the rule to paste.</p>
<ul class="stats" aria-label="Number of tools by risk class and warning">
${RISK_ORDER.map((r) => html`<li>${riskBadge(r)} <strong>${count((e) => e.classification.risk === r)}</strong></li>`)}
${poisoned > 0 ? html`<li><span class="badge tone-bad">⚠ instructs the model</span> <strong>${poisoned}</strong></li>` : ''}
${lowConfidence > 0 ? html`<li><span class="badge conf conf-low">Low confidence</span> <strong>${lowConfidence}</strong></li>` : ''}
</ul>
</header>
${entries.length === 0 ? html`<p class="note">No tools: no server is registered, or none could be listed.</p>` : form}
${servers.length > 1 ? html`<nav class="jump" aria-label="Servers"><span class="muted">Servers:</span> ${join(servers.map((s) => html`<a href="#${encodeURIComponent(serverAnchor(s))}"><code>${s}</code></a>`), ' ')}</nav>` : ''}
${groups}
<p id="no-match" class="note"${shown === 0 && entries.length > 0 ? '' : raw(' hidden')}>No tool matches these filters. <a href="${l.index}">Show all tools</a>.</p>
<details class="legend"><summary>What the categories and risk classes mean</summary>
<table class="legend-table"><thead><tr><th scope="col">Category</th><th scope="col">Meaning</th><th scope="col">Risk class</th></tr></thead><tbody>
${CATEGORIES.map((cat) => html`<tr><th scope="row">${cat}</th><td>${titleCase(CATEGORY_MEANING[cat])}</td><td>${riskBadge(CATEGORY_RISK[cat])}</td></tr>`)}
</tbody></table>
<p class="small">A tool’s risk class may be raised above its category’s by its annotations, by parameters such as <code>force</code> or <code>recursive</code>, or by a description that tries to instruct the model. Confidence is lower when the description is empty or the signals disagree.</p>
</details>
</main>`;

  return page('Tool catalog · Gatehouse', body, options, 'index-page');
}

// ---------------------------------------------------------------------------------------------
// Style and script (constants, so their hashes can go in a Content-Security-Policy)

const CSS = `
:root{--bg:#fff;--fg:#1c2128;--muted:#57606a;--surface:#f6f8fa;--surface2:#eef1f4;--border:#d0d7de;--link:#0a58b8;--focus:#0a58b8;--code:#f3f4f6;
--low-bg:#dcfce7;--low-fg:#14532d;--low-bd:#86efac;--med-bg:#fef3c7;--med-fg:#713f12;--med-bd:#f5c542;--high-bg:#ffedd5;--high-fg:#7c2d12;--high-bd:#fdba74;--crit-bg:#fee2e2;--crit-fg:#7f1d1d;--crit-bd:#fca5a5;--info-bg:#dbeafe;--info-fg:#1e3a8a;--info-bd:#93c5fd;
--alert-bg:#fff1f0;--alert-bd:#d1242f}
@media (prefers-color-scheme:dark){:root{--bg:#0f1419;--fg:#e6edf3;--muted:#9ea8b3;--surface:#161b22;--surface2:#1c232c;--border:#30363d;--link:#79b8ff;--focus:#79b8ff;--code:#1c232c;
--low-bg:#0f2e1c;--low-fg:#86efac;--low-bd:#166534;--med-bg:#33260a;--med-fg:#fcd34d;--med-bd:#854d0e;--high-bg:#3a1d0b;--high-fg:#fdba74;--high-bd:#9a3412;--crit-bg:#3b1212;--crit-fg:#fca5a5;--crit-bd:#991b1b;--info-bg:#122447;--info-fg:#93c5fd;--info-bd:#1e40af;
--alert-bg:#2d1214;--alert-bd:#f85149}}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:76rem;margin:0 auto;padding:0 1.25rem}
a{color:var(--link);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:3px}
code,samp,pre,kbd{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:.875em}
:not(pre)>code{background:var(--code);border:1px solid var(--border);border-radius:4px;padding:.05em .3em;overflow-wrap:anywhere}
h1,h2,h3{line-height:1.25;margin:0 0 .6rem}
h1{font-size:clamp(1.5rem,1.1rem + 2vw,2.1rem)}
h1 code{font-size:inherit;background:none!important;border:0!important;padding:0!important;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin-top:2.25rem;padding-top:.25rem}
h3{font-size:1.08rem;margin-top:1.6rem}
h2 code{font-size:.95em}
p,ol,ul,blockquote,figure,table,details{margin:0 0 1rem}
.muted{color:var(--muted)}.small{font-size:.875rem}
.vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:.5rem;top:-3rem;background:var(--bg);padding:.5rem .75rem;border:2px solid var(--focus);z-index:10}
.skip:focus{top:.5rem}
header.site{border-bottom:1px solid var(--border);background:var(--surface)}
header.site .wrap{padding-top:.7rem;padding-bottom:.7rem}
.brand{font-weight:700;color:var(--fg);text-decoration:none;font-size:1.05rem}
.brand .mark{color:var(--link)}.brand .sub{font-weight:400;color:var(--muted)}
footer.site{border-top:1px solid var(--border);margin-top:3rem;color:var(--muted);font-size:.875rem}
footer.site .wrap{padding-top:1rem;padding-bottom:2rem}
main{padding-top:1.5rem;padding-bottom:1rem}
.badge{display:inline-block;border:1px solid var(--border);background:var(--surface2);color:var(--fg);border-radius:999px;padding:.05rem .6rem;font-size:.8125rem;font-weight:600;line-height:1.5;white-space:nowrap;vertical-align:.05em}
.risk-low,.tone-good{background:var(--low-bg);color:var(--low-fg);border-color:var(--low-bd)}
.risk-medium,.tone-warn{background:var(--med-bg);color:var(--med-fg);border-color:var(--med-bd)}
.risk-high{background:var(--high-bg);color:var(--high-fg);border-color:var(--high-bd)}
.risk-critical,.tone-bad{background:var(--crit-bg);color:var(--crit-fg);border-color:var(--crit-bd)}
.tone-info{background:var(--info-bg);color:var(--info-fg);border-color:var(--info-bd)}
.cat{background:var(--bg)}
.conf{font-weight:500;background:var(--bg)}
.conf-low{border-style:dashed}
.crumbs ol{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem;font-size:.9rem;color:var(--muted)}
.crumbs li+li::before{content:"/";margin-right:.25rem;color:var(--muted)}
.crumbs [aria-current]{overflow-wrap:anywhere}
.eyebrow{margin:0 0 .25rem;color:var(--muted);font-size:.9rem}
.subtitle{margin-top:-.3rem;color:var(--muted);font-size:1.1rem}
.facts{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:.6rem;margin:1.1rem 0 0}
.facts>div{background:var(--surface);border:1px solid var(--border);border-radius:8px;padding:.55rem .8rem}
.facts dt{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
.facts dd{margin:.2rem 0 0;font-weight:600;overflow-wrap:anywhere}
.facts a.plain{text-decoration:none}
.alert{margin-top:1.5rem;border:2px solid var(--alert-bd);background:var(--alert-bg);border-radius:8px;padding:1rem 1.2rem}
.alert h2{margin-top:0;color:var(--fg)}
.alert p:last-child{margin-bottom:0}
.layout{display:block}
.toc{display:none}
@media (min-width:62rem){.layout{display:grid;grid-template-columns:minmax(0,1fr) 15rem;gap:3rem}
.toc{display:block;position:sticky;top:1rem;align-self:start;font-size:.9rem;margin-top:2.25rem;border-left:2px solid var(--border);padding-left:1rem}
.toc h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 0 .5rem;padding:0}
.toc ol{list-style:none;padding:0;margin:0}.toc li{margin:.3rem 0}.toc a{text-decoration:none}.toc a:hover{text-decoration:underline}}
.content{min-width:0}
.content p,.content ol,.content .note,.content blockquote,.content .snippet,.content details,.content .params{max-width:50rem}
section[id]{scroll-margin-top:1rem}
.description{margin:0 0 .4rem;border-left:4px solid var(--border);background:var(--surface);padding:.75rem 1rem;border-radius:0 6px 6px 0}
.description p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.invisible{font:600 .72em ui-monospace,monospace;background:var(--crit-bg);color:var(--crit-fg);border:1px solid var(--crit-bd);border-radius:3px;padding:0 .2em;margin:0 .1em}
.note{background:var(--surface);border:1px solid var(--border);border-radius:8px;padding:.8rem 1rem}
.note p:last-child{margin-bottom:0}
.table-wrap{overflow-x:auto;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.94rem}
th,td{text-align:left;vertical-align:top;padding:.55rem .7rem;border-bottom:1px solid var(--border)}
thead th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom-width:2px;white-space:nowrap}
tbody th{font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
.req{font-weight:600}
.calls time,.calls td[data-label=Rule] code,.latency span{white-space:nowrap}
.evidence{list-style:none;padding:0;counter-reset:ev}
.evidence li{display:grid;grid-template-columns:8.5rem minmax(0,1fr);gap:.2rem 1rem;padding:.7rem 0;border-bottom:1px solid var(--border)}
.evidence .src{grid-row:span 2;font-size:.8rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;padding-top:.15rem}
.evidence .quote{justify-self:start;white-space:pre-wrap}
.evidence .points{color:var(--fg)}
.qa{border-top:1px solid var(--border);margin-top:1.5rem}
.qa h3{margin-top:1.25rem}
.agent-says{border-left:4px solid var(--border);padding:.35rem .8rem;background:var(--surface);border-radius:0 6px 6px 0}
.agent-says samp{white-space:pre-wrap;overflow-wrap:anywhere}
.snippet{margin:0 0 1.25rem;border:1px solid var(--border);border-radius:8px;overflow:hidden;background:var(--surface)}
.snippet figcaption{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.35rem .5rem .35rem .85rem;border-bottom:1px solid var(--border);font-size:.82rem;color:var(--muted)}
.snippet .file{font-family:ui-monospace,monospace;color:var(--fg)}
.snippet pre{margin:0;padding:.85rem 1rem;overflow-x:auto;line-height:1.5;font-size:.95rem;background:var(--bg)}
.snippet .c{color:var(--muted)}
button,select,input{font:inherit;color:inherit}
button,.reset{border:1px solid var(--border);background:var(--bg);border-radius:6px;padding:.3rem .75rem;cursor:pointer;font-size:.875rem;line-height:1.5}
button:hover{background:var(--surface2)}
.copy{min-height:2rem}
details.legend{margin-top:1.5rem;border:1px solid var(--border);border-radius:8px;padding:.6rem 1rem}
details.legend summary{cursor:pointer;font-weight:600}
details.legend[open] summary{margin-bottom:.6rem}
.legend-table tr.current th,.legend-table tr.current td{background:var(--surface)}
.index-head{padding-top:.75rem}
.tools{table-layout:fixed}
.tools thead th:nth-child(1){width:46%}.tools thead th:nth-child(2){width:14%}.tools thead th:nth-child(3){width:12%}.tools thead th:nth-child(4){width:14%}.tools thead th:nth-child(5){width:14%}
.tools th[scope=row] a code{background:none;border:0;padding:0;font-size:.95rem}
.index-head .lead{font-size:1.08rem;max-width:46rem}
.stats{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;padding:0;margin:0 0 1.25rem}
.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;background:var(--surface);border:1px solid var(--border);border-radius:8px;padding:.85rem 1rem;margin:0 0 .5rem}
.field{display:flex;flex-direction:column;gap:.25rem;min-width:9rem}
.field.grow{flex:1 1 14rem}
.field label{font-size:.8rem;font-weight:600;color:var(--muted)}
.field select,.field input{border:1px solid var(--border);background:var(--bg);border-radius:6px;padding:.4rem .55rem;min-height:2.5rem;width:100%}
.field.actions{flex-direction:row;align-items:center;gap:.5rem;min-width:auto}
.reset{text-decoration:none;color:var(--link)}
.jump{display:flex;flex-wrap:wrap;gap:.4rem .8rem;margin:.5rem 0 0;font-size:.9rem}
.server h2{display:flex;align-items:baseline;gap:.75rem;flex-wrap:wrap}
.server .count{font-size:.9rem;font-weight:400;color:var(--muted)}
.tools th[scope=row] a{font-weight:600}
.tools .desc{display:block;font-weight:400;color:var(--muted);font-size:.875rem;margin-top:.15rem;overflow-wrap:anywhere}
.tools tbody tr:hover{background:var(--surface)}
@media (max-width:48rem){
.wrap{padding:0 1rem}
.facts{grid-template-columns:repeat(2,minmax(0,1fr))}
.facts>div:first-child{grid-column:1/-1}
.tools thead,.params thead,.calls thead,.rules thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.tools tr,.params tr,.calls tr,.rules tr{display:block;border-bottom:1px solid var(--border);padding:.5rem 0}
.tools th,.tools td,.params th,.params td,.calls th,.calls td,.rules th,.rules td{display:block;position:relative;border:0;padding:.2rem 0 .2rem 7.25rem;min-height:1.9rem}
.tools th[scope=row],.params th[scope=row],.rules th[scope=row]{padding-left:0;padding-bottom:.35rem}
.tools td::before,.params td::before,.calls td::before,.rules td::before{content:attr(data-label);position:absolute;left:0;top:.35rem;width:6.75rem;font-size:.78rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.num{text-align:left}
.tools tr{padding:.6rem 0}
.tools td{display:inline-block;padding:.15rem 1rem .15rem 0;min-height:0}
.tools td::before{position:static;display:inline;margin-right:.4rem;width:auto}
.evidence li{grid-template-columns:minmax(0,1fr)}
.evidence .src{grid-row:auto}
.field{min-width:calc(50% - .5rem);flex:1 1 calc(50% - .5rem)}
}
@media print{header.site,.toc,.copy,.filters,.skip{display:none!important}}
`;

// Filtering on the index (live, from the form and the URL) and copy buttons on snippets. The
// page is complete without it: all tools listed, filters submit to the server, snippets selectable.
const SCRIPT = `(function(){
var status=document.getElementById('live-status');
function say(t){if(status){status.textContent='';setTimeout(function(){status.textContent=t},30)}}
var form=document.getElementById('filters');
if(form){
form.hidden=false;
var apply=form.querySelector('[data-apply]');if(apply)apply.hidden=true;
var rows=[].slice.call(document.querySelectorAll('tr[data-tool]'));
var groups=[].slice.call(document.querySelectorAll('[data-server-group]'));
var count=document.getElementById('filter-count'),none=document.getElementById('no-match');
var keys=['server','category','risk','q'];
var params=new URLSearchParams(location.search);
keys.forEach(function(k){var v=params.get(k);if(v!==null&&form.elements[k])form.elements[k].value=v});
var run=function(update){
var s=form.elements.server.value,c=form.elements.category.value,r=form.elements.risk.value,q=form.elements.q.value.trim().toLowerCase();
var shown=0;
rows.forEach(function(tr){var d=tr.dataset;var ok=(!s||d.server===s)&&(!c||d.category===c)&&(!r||d.risk===r)&&(!q||d.search.indexOf(q)>=0);tr.hidden=!ok;if(ok)shown++});
groups.forEach(function(g){g.hidden=!g.querySelector('tr[data-tool]:not([hidden])')});
var text=shown===rows.length?'Showing all '+rows.length+(rows.length===1?' tool.':' tools.'):'Showing '+shown+' of '+rows.length+(rows.length===1?' tool.':' tools.');
if(count)count.textContent=text;
if(none)none.hidden=shown>0;
if(update){try{var p=new URLSearchParams();keys.forEach(function(k){var v=form.elements[k].value;if(v)p.set(k,v)});var qs=p.toString();history.replaceState(null,'',qs?'?'+qs:location.pathname)}catch(e){}}
};
form.addEventListener('input',function(){run(true)});
form.addEventListener('change',function(){run(true)});
form.addEventListener('submit',function(e){e.preventDefault();run(true)});
var reset=form.querySelector('.reset');
if(reset)reset.addEventListener('click',function(e){e.preventDefault();keys.forEach(function(k){form.elements[k].value=''});run(true);say('Filters cleared.')});
run(false);
}
[].slice.call(document.querySelectorAll('button[data-copy]')).forEach(function(b){
var target=document.getElementById(b.getAttribute('data-copy'));if(!target)return;
b.hidden=false;b.setAttribute('aria-label','Copy '+(b.parentNode.textContent||'snippet').replace('Copy','').trim());
b.addEventListener('click',function(){
var text=target.textContent;
var done=function(){b.textContent='Copied';say('Copied to the clipboard.');setTimeout(function(){b.textContent='Copy'},1600)};
var select=function(){var range=document.createRange();range.selectNodeContents(target);var sel=getSelection();sel.removeAllRanges();sel.addRange(range);b.textContent='Press Ctrl+C';say('Snippet selected; press Ctrl+C or Command+C to copy.')};
if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(text).then(done,select);else select();
});
});
})();`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** For a `<meta>` tag: only this page's own style and script run; nothing is fetched. */
const CATALOG_CSP_META = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'self'`;

/** The same policy as an HTTP header for the served pages (a header can also forbid framing). */
export const CATALOG_CSP = `${CATALOG_CSP_META}; frame-ancestors 'none'`;
