// `gatehouse catalog`: starts each configured server, lists its tools and prints how each one is
// classified (category, risk, required parameters, confidence, rationale), as a table or JSON.
import type { Command } from 'commander';
import { classifyTool, serverNamespace, type ServerContext } from '../catalog/classify.ts';
import { collectCatalog, type ListOptions } from '../catalog/collect.ts';
import path from 'node:path';
import { exportStaticCatalog } from '../catalog/export-html.ts';
import { suggestRule } from '../catalog/suggest.ts';
import { registerQuarantine } from './catalog-quarantine.ts';
import type { Classification, ToolDefinition } from '../catalog/types.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadForCommand, processOutput, type Output } from './validate.ts';

export interface CatalogOptions {
  html?: string;
  config: string;
  server?: string[];
  json?: boolean;
  /** Seconds to wait for one server's tool list. */
  timeout?: number;
}

/** One row of the catalog: where the tool lives, its definition's words, and the verdict. */
export interface CatalogEntry extends Classification {
  server: string;
  tool: string;
  title?: string;
  description: string;
  suggestedRule: string;
}

const RATIONALE_WIDTH = 72;

/** Adds the command; `out` is where it prints (tests pass their own). */
export function register(program: Command, out: Output = processOutput): void {
  const catalog = program
    .command('catalog')
    .description('the tool catalog: classify every tool; review and accept changed tool definitions');
  registerQuarantine(catalog, out);
  catalog
    .command('list', { isDefault: true })
    .description('list every tool of the configured servers with its category, risk, required parameters, confidence and rationale')
    .option('--html <dir>', 'also write a static site: index.html and one page per tool')
    .option('--server <name>', 'only this server (repeatable)', (value: string, prev: string[] = []) => [...prev, value])
    .option('--json', 'print every tool with its evidence, flags and suggested rule, as JSON')
    .option('--timeout <seconds>', 'how long to wait for one server to list its tools', '60')
    .addOption(configOption())
    .action(async (options: { server?: string[]; json?: boolean; timeout?: string; config?: string; html?: string }) => {
      const timeout = Number(options.timeout ?? '60');
      if (!Number.isFinite(timeout) || timeout <= 0) {
        out.stderr(`gatehouse catalog: --timeout must be a positive number of seconds, not ${JSON.stringify(options.timeout)}`);
        process.exitCode = EXIT.usage;
        return;
      }
      process.exitCode = await runCatalog({ ...options, timeout, config: resolveConfigPath(options.config) }, out);
    });
}

/** Runs the command; returns the exit code: ok, no (a server could not be listed), usage (bad config or option). */
export async function runCatalog(options: CatalogOptions, out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const loaded = loadForCommand(options.config, out, env, EXIT.usage);
  if ('exit' in loaded) return loaded.exit;
  const { config } = loaded;
  const unknown = (options.server ?? []).filter((s) => !config.servers.has(s));
  if (unknown.length > 0) {
    const known = [...config.servers.keys()].join(', ') || '(none)';
    out.stderr(`gatehouse catalog: no server named ${unknown.map((s) => JSON.stringify(s)).join(', ')} in ${config.file}; configured: ${known}`);
    return EXIT.usage;
  }

  const listOptions: ListOptions & { only?: string[] } = { only: options.server, timeoutMs: (options.timeout ?? 60) * 1000 };
  const lists = await collectCatalog(config, listOptions);
  const entries: CatalogEntry[] = [];
  let failed = 0;
  for (const list of lists) {
    if (list.error !== undefined) {
      failed++;
      out.stderr(`gatehouse catalog: ${list.server}: ${printable(list.error)}`);
      continue;
    }
    const namespace = serverNamespace(list.tools.map((t) => t.name));
    for (const tool of list.tools) entries.push(entryFor(list.server, tool, { namespace }));
  }

  if (options.html) {
    const pages = lists.flatMap((list) => {
      const namespace = serverNamespace(list.tools.map((t) => t.name));
      return list.tools.map((tool) => ({ server: list.server, tool, classification: classifyTool(tool, { namespace }) }));
    });
    const written = await exportStaticCatalog(pages, path.resolve(options.html), { generatedAt: new Date() });
    out.stderr(`wrote ${written.length} pages to ${path.resolve(options.html)} (open ${written[0]})`);
  }
  if (options.json) out.stdout(JSON.stringify(entries, null, 2));
  else if (entries.length > 0) out.stdout(formatTable(entries).trimEnd());
  else out.stdout('no tools listed');
  return failed > 0 ? EXIT.no : EXIT.ok;
}

export function entryFor(server: string, tool: ToolDefinition, context: ServerContext = {}): CatalogEntry {
  const c = classifyTool(tool, context);
  const entry: CatalogEntry = {
    server,
    tool: tool.name,
    description: typeof tool.description === 'string' ? tool.description : '',
    ...c,
    suggestedRule: suggestRule(server, tool.name, c),
  };
  const title = tool.title ?? tool.annotations?.title;
  if (typeof title === 'string' && title) entry.title = title;
  return entry;
}

const HEADERS = ['SERVER/TOOL', 'CATEGORY', 'RISK', 'REQUIRED', 'CONFIDENCE', 'RATIONALE'];

export function formatTable(entries: readonly CatalogEntry[]): string {
  const rows = entries.map((e) => [
    `${e.server}/${e.tool}`,
    e.category,
    e.risk,
    String(e.requiredParams),
    e.confidence,
    clip(reasonPart(e.rationale), RATIONALE_WIDTH),
  ].map(printable));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  return line(HEADERS) + rows.map(line).join('');
}

/** The rationale without its opening quote of the description: in a table the reason is what matters. */
function reasonPart(rationale: string): string {
  return rationale.replace(/^It says: "[\s\S]*?"\.? (?=It |Nothing )/, '');
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

// Names, descriptions and errors come from upstream servers: no newline may break the table
// and no escape sequence may reach the operator's terminal.
function printable(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
