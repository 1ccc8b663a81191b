// `gatehouse init`: writes a gatehouse.yaml from the MCP client configs the user already keeps,
// says what it found, and how to point each client at the gateway instead of the servers.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { listServerTools } from '../catalog/collect.ts';
import type { Classification, ToolDefinition } from '../catalog/types.ts';
import { ConfigError, parseConfig } from '../config/load.ts';
import { CLIENT_LABELS, discoverClientConfigs, type ClientFile, type Discovery } from '../init/client-configs.ts';
import { buildConfig, DEFAULT_LISTEN, displayFile, loaderFeatures, probeServers, sourceLabel, type ServerProbe } from '../init/write-config.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';

export interface InitOptions {
  config?: string;
  force?: boolean;
  probe?: boolean;
  dryRun?: boolean;
  /** Where project-level client configs are read (default: the working directory). */
  project?: string;
  /** The home folder to read user-level client configs from (tests; also $GATEHOUSE_INIT_HOME). */
  home?: string;
}

export interface InitIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** What `--probe` uses; tests pass their own. */
export interface InitDeps {
  env?: NodeJS.ProcessEnv;
  classify?: (tool: ToolDefinition) => Classification;
  listTools?: typeof listServerTools;
  now?: Date;
}

export function register(program: Command, io: InitIO = process, deps: InitDeps = {}): void {
  program
    .command('init')
    .description('write a gatehouse.yaml from the MCP client configs on this machine (Claude Desktop, Cursor, VS Code, Claude Code) and show how to point each client at the gateway')
    .addOption(configOption())
    .option('--force', 'overwrite the config file if it exists')
    .option('--probe', 'start each server, list its tools and suggest a rule for each by risk class')
    .option('--dry-run', 'print the config instead of writing it')
    .option('--project <dir>', 'read project-level client configs (.mcp.json, .cursor/, .vscode/) from this folder (default: the working directory)')
    .addOption(new Option('--home <dir>', 'read user-level client configs under this folder instead of the home folder').hideHelp())
    .action(async (options: InitOptions) => {
      process.exitCode = await runInit(options, io, deps);
    });
}

export async function runInit(options: InitOptions, io: InitIO, deps: InitDeps = {}): Promise<number> {
  const say = (text = '') => io.stdout.write(`${text}\n`);
  const fail = (text: string) => io.stderr.write(`gatehouse init: ${text}\n`);
  const env = deps.env ?? process.env;
  const file = resolveConfigPath(options.config);
  if (!options.dryRun && existsSync(file) && !options.force) {
    fail(`${file} already exists; it was not changed. Use --force to replace it, or --config FILE to write elsewhere.`);
    return EXIT.no;
  }

  const overridden = options.home ?? env.GATEHOUSE_INIT_HOME;
  const home = path.resolve(overridden ?? homedir());
  const project = path.resolve(options.project ?? process.cwd());
  const listen = DEFAULT_LISTEN;
  const discovery = discoverClientConfigs({
    home,
    cwd: project,
    // A home given for tests must not pull in the real machine's folders.
    ...(overridden === undefined ? { appData: env.APPDATA, xdgConfigHome: env.XDG_CONFIG_HOME } : {}),
    gatewayPort: Number(listen.split(':').pop()),
  });

  const features = loaderFeatures();
  let probes: ServerProbe[] | undefined;
  if (options.probe && discovery.servers.length > 0) {
    const classify = deps.classify ?? (await loadClassifier());
    if (!classify) fail('--probe needs the tool classifier, which this version does not include yet; writing the risk-class skeleton instead.');
    else {
      io.stderr.write(`Starting ${discovery.servers.length} server(s) to list their tools...\n`);
      const list = deps.listTools ?? listServerTools;
      probes = await probeServers(discovery, file, { listTools: (s) => list(s), classify, env, features });
    }
  }

  const text = buildConfig(discovery, { configFile: file, listen, home, features, ...(probes ? { probes } : {}), now: deps.now ?? new Date() });
  // What init writes must load: with every variable it asks for set, the loader accepts it.
  const placeholders = Object.fromEntries(discovery.variables.map((v) => [v.name, 'placeholder-value-for-init-check']));
  try {
    parseConfig(text, file, { ...placeholders });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    fail(`the config it wrote does not load, which is a bug; it was not saved:\n${err.issues.map((i) => `  ${i.line}:${i.column}: ${i.message}`).join('\n')}`);
    return EXIT.failure;
  }

  if (options.dryRun) io.stdout.write(text);
  else {
    try {
      // `wx` refuses to replace a file that appeared since the check above.
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text, { flag: options.force ? 'w' : 'wx' });
    } catch (err) {
      fail(`cannot write ${file}: ${(err as Error).message}`);
      return (err as NodeJS.ErrnoException).code === 'EEXIST' ? EXIT.no : EXIT.usage;
    }
  }

  const out = options.dryRun ? (t?: string) => io.stderr.write(`${t ?? ''}\n`) : say;
  report(discovery, { file, home, listen, dryRun: options.dryRun === true, probes }, out);
  return EXIT.ok;
}

async function loadClassifier(): Promise<((tool: ToolDefinition) => Classification) | undefined> {
  // Imported by URL so this command works (without --probe) before the classifier lands.
  const url = new URL('../catalog/classify.ts', import.meta.url);
  if (!existsSync(url)) return undefined;
  const mod = (await import(url.href)) as { classifyTool?: unknown };
  return typeof mod.classifyTool === 'function' ? (mod.classifyTool as (tool: ToolDefinition) => Classification) : undefined;
}

interface ReportContext {
  file: string;
  home: string;
  listen: string;
  dryRun: boolean;
  probes: ServerProbe[] | undefined;
}

function report(d: Discovery, ctx: ReportContext, say: (text?: string) => unknown): void {
  const shown = displayFile(ctx.file, ctx.home);
  if (d.files.length === 0) {
    say('No MCP client config was found. Looked in:');
    for (const p of d.searched) say(`  ${displayFile(p, ctx.home)}`);
  } else {
    say(`Found ${d.files.length} MCP client config${d.files.length === 1 ? '' : 's'}:`);
    for (const f of d.files) {
      say(`  ${sourceLabel(f, ctx.home)}`);
      if (f.error) say(`    not read: ${f.error}`);
      for (const e of f.entries) {
        const where = e.project ? ` (project ${displayFile(e.project, ctx.home)})` : '';
        if (e.skipped) say(`    ${e.clientName}${where}: left out, ${e.skipped}`);
        else {
          const same = d.servers.find((s) => s.name === e.server)!.sources;
          const shared = same.length > 1 && same[0].file !== f.path ? `, the same server as in ${CLIENT_LABELS[same[0].client]}` : '';
          say(`    ${e.clientName}${where} -> server ${e.server}${shared}`);
        }
      }
    }
  }
  for (const w of d.warnings) say(`  note: ${w}`);
  say();
  const names = d.servers.map((s) => s.name);
  say(`${ctx.dryRun ? 'Would write' : 'Wrote'} ${shown}: ${d.servers.length} server${d.servers.length === 1 ? '' : 's'}${names.length ? ` (${names.join(', ')})` : ''}, policy default allow, suggested rules commented out.`);
  if (ctx.probes) {
    const listed = ctx.probes.reduce((n, p) => n + p.tools.length, 0);
    say(`Probed the servers: ${listed} tools classified.`);
    for (const p of ctx.probes) if (p.error) say(`  ${p.server}: tools not listed: ${p.error}`);
  }
  const vars = [...new Set(d.variables.map((v) => v.name))];
  if (vars.length > 0) {
    say(`Secrets were not copied. Set these environment variables where the gateway runs: ${vars.join(', ')}`);
    say('(the file\'s header says which server and setting each one is for).');
  }
  say(`Then: gatehouse validate --config ${shown} && gatehouse serve --config ${shown}`);
  const used = d.files.filter((f) => f.entries.some((e) => e.server));
  if (used.length === 0) return;
  say();
  say(`Point each client at the gateway instead of the servers (all servers at once: http://${ctx.listen}/mcp, tools prefixed <server>__).`);
  say('The servers\' secrets now live in the gateway\'s environment: remove them from the client files.');
  say('Once you add agents, a client sends its key: the header "Authorization": "Bearer <key>" (URL form) or GATEHOUSE_KEY in "env" (command form).');
  for (const f of used) {
    say();
    for (const line of clientInstructions(f, ctx)) say(line);
  }
}

function clientInstructions(f: ClientFile, ctx: ReportContext): string[] {
  const entries = f.entries.filter((e) => e.server);
  const url = (server: string) => `http://${ctx.listen}/mcp/${server}`;
  const node = process.execPath;
  const main = path.join(import.meta.dirname, 'main.ts');
  const stdioArgs = (server: string) => [main, 'stdio', server, '--config', ctx.file];
  const json = (value: unknown) => JSON.stringify(value, null, 0).replace(/,(?=["{[])/g, ', ').replace(/:(?=["{[])/g, ': ');
  const lines: string[] = [];
  const where = sourceLabel(f, ctx.home);
  const entry = (name: string, value: unknown) => `    ${JSON.stringify(name)}: ${json(value)},`;
  switch (f.client) {
    case 'claude-desktop':
      lines.push(`${where}: it launches commands. Replace these entries under "mcpServers", then restart Claude Desktop:`);
      for (const e of entries) lines.push(entry(e.clientName, { command: node, args: stdioArgs(e.server!) }));
      break;
    case 'cursor':
      lines.push(`${where}: replace these entries under "mcpServers" (URL form):`);
      for (const e of entries) lines.push(entry(e.clientName, { url: url(e.server!) }));
      lines.push('  or, to have Cursor launch the gateway (command form):');
      for (const e of entries) lines.push(entry(e.clientName, { command: node, args: stdioArgs(e.server!) }));
      break;
    case 'vscode': {
      const under = f.path.endsWith('settings.json') ? '"mcp": { "servers": ... }' : '"servers"';
      lines.push(`${where}: replace these entries under ${under} (URL form):`);
      for (const e of entries) lines.push(entry(e.clientName, { type: 'http', url: url(e.server!) }));
      lines.push('  or, to have VS Code launch the gateway (command form):');
      for (const e of entries) lines.push(entry(e.clientName, { type: 'stdio', command: node, args: stdioArgs(e.server!) }));
      break;
    }
    case 'claude-code': {
      lines.push(`${where}: re-register each server with the claude command (URL form):`);
      for (const e of entries) {
        const scope = f.scope === 'project' ? 'project' : e.project ? 'local' : 'user';
        const cd = e.project ? `cd ${sh(e.project)} && ` : '';
        lines.push(`    ${cd}claude mcp remove --scope ${scope} ${sh(e.clientName)} && claude mcp add --scope ${scope} --transport http ${sh(e.clientName)} ${url(e.server!)}`);
      }
      lines.push('  or, to have Claude Code launch the gateway (command form, after the same `claude mcp remove`):');
      for (const e of entries) {
        const scope = f.scope === 'project' ? 'project' : e.project ? 'local' : 'user';
        const cd = e.project ? `cd ${sh(e.project)} && ` : '';
        lines.push(`    ${cd}claude mcp add --scope ${scope} ${sh(e.clientName)} -- ${[node, ...stdioArgs(e.server!)].map(sh).join(' ')}`);
      }
      break;
    }
  }
  return lines;
}

/** A word for a POSIX shell: quoted when it holds anything but safe characters. */
function sh(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
