// `gatehouse init` as a user meets it: the MCP client configs they already keep (one realistic
// file per client, with secrets, a VS Code input, remote servers and a server two clients share)
// become a gatehouse.yaml that loads, holds no secret, and comes with per-client instructions.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Command } from 'commander';
import type { Classification, ToolDefinition } from '../src/catalog/types.ts';
import { register, type InitDeps } from '../src/cli/init.ts';
import { ConfigError, parseConfig } from '../src/config/load.ts';
import type { Config, RemoteServerConfig, StdioServerConfig } from '../src/config/types.ts';
import { discoverClientConfigs, isSecretValue, parseJsonc, sanitizeName, variableName, type Discovery } from '../src/init/client-configs.ts';
import { buildConfig, yamlString } from '../src/init/write-config.ts';
import { NODE, ROOT } from './helpers/gateway.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/client-configs');
const HOME = path.join(FIXTURES, 'home');
const PROJECT = path.join(FIXTURES, 'project');
const SEED = path.join(ROOT, 'test/fixtures/seed-server.ts');

/** What the user would export before `gatehouse serve`, besides the lifted secrets. */
const USER_ENV = { GITHUB_REMOTE_AUTHORIZATION: 'gh-input', PERPLEXITY_API_KEY: 'pplx-input', EVERYTHING_TOKEN: 'ev-token', CONTEXT7_API_KEY: 'c7-key' };

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-init-'));
  dirs.push(dir);
  return dir;
}
function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
}

function fixtureDiscovery(): Discovery {
  return discoverClientConfigs({ home: HOME, cwd: PROJECT });
}
function fixtureText(d = fixtureDiscovery()): string {
  return buildConfig(d, { configFile: path.join(PROJECT, 'gatehouse.yaml'), home: HOME });
}
function stdio(config: Config, name: string): StdioServerConfig {
  const s = config.servers.get(name);
  assert.ok(s && s.transport === 'stdio', `${name} is a stdio server`);
  return s;
}
function remote(config: Config, name: string): RemoteServerConfig {
  const s = config.servers.get(name);
  assert.ok(s && s.transport !== 'stdio', `${name} is a remote server`);
  return s;
}

/** Removes the comment marks from the suggested `rules:` block, as a user would. */
function uncommentRules(text: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf('  # rules:');
  assert.ok(start > 0, 'the policy has a commented rules block');
  return lines.map((l, i) => (i >= start && /^ {2}# (rules:| {2})/.test(l) ? l.replace(/^ {2}# /, '  ') : l)).join('\n');
}

describe('reading the client configs', () => {
  test('finds each client\'s file, user and project level, and maps every entry', () => {
    const d = fixtureDiscovery();
    const found = d.files.map((f) => `${f.client}:${f.scope}:${path.relative(FIXTURES, f.path)}`);
    assert.deepEqual(found.sort(), [
      'claude-code:project:project/.mcp.json',
      'claude-code:user:home/.claude.json',
      'claude-desktop:user:home/.config/Claude/claude_desktop_config.json',
      'cursor:project:project/.cursor/mcp.json',
      'cursor:user:home/.cursor/mcp.json',
      'vscode:project:project/.vscode/mcp.json',
      'vscode:user:home/.config/Code/User/settings.json',
    ]);
    assert.deepEqual(d.servers.map((s) => s.name).sort(), [
      'Brave-Search', 'context7', 'everything', 'filesystem', 'github', 'github-remote', 'linear', 'memory', 'perplexity', 'playwright', 'postgres', 'sentry', 'stripe',
    ]);
    const byName = new Map(d.servers.map((s) => [s.name, s]));
    assert.equal(byName.get('linear')!.transport, 'sse', 'a URL ending in /sse without a type is legacy SSE');
    assert.equal(byName.get('context7')!.transport, 'streamable-http');
    assert.equal(byName.get('sentry')!.transport, 'streamable-http', 'Claude Code type http');
    assert.equal(byName.get('github-remote')!.transport, 'streamable-http', 'VS Code type http');

    // The same command and arguments in Claude Desktop and Cursor is one server.
    const github = byName.get('github')!;
    assert.deepEqual(github.sources.map((s) => s.client), ['claude-desktop', 'cursor']);

    const skipped = d.files.flatMap((f) => f.entries.filter((e) => e.skipped).map((e) => `${e.clientName}: ${e.skipped}`));
    assert.deepEqual(skipped.sort(), ['gatehouse: already goes through Gatehouse', 'old-experiment: disabled in the client']);

    // Client variables: VS Code's ${userHome}, Cursor's ${workspaceFolder}; project servers run in their project.
    const memory = byName.get('memory')!;
    assert.ok(memory.transport === 'stdio' && memory.env.MEMORY_FILE_PATH === path.join(HOME, '.mcp/memory.jsonl'));
    const playwright = byName.get('playwright')!;
    assert.ok(playwright.transport === 'stdio' && playwright.args.includes(`${PROJECT}/.playwright`));
    assert.ok(playwright.transport === 'stdio' && playwright.cwd === PROJECT);
    const stripe = byName.get('stripe')!;
    assert.ok(stripe.transport === 'stdio' && stripe.cwd === '/home/alice/code/shop', 'per-project servers of ~/.claude.json run in their project');
    assert.ok(byName.get('filesystem')!.transport === 'stdio' && !('cwd' in byName.get('filesystem')!));
    assert.deepEqual(d.warnings, []);
  });

  test('never copies a secret: literal ones become ${VAR}s named after the server and key', () => {
    const d = fixtureDiscovery();
    const text = fixtureText(d);
    const literals = ['ghp_example_not_a_real_token_0001', 'example-brave-key-0004', 's3cr3t-pg-pass', 'example-sentry-token-0003', 'example-stripe-key-not-real-0002'];
    assert.deepEqual(Object.values(d.secretValues).sort(), [...literals].sort());
    for (const secret of literals) assert.ok(!text.includes(secret), `${secret} is not in the file`);
    assert.ok(!text.includes('${input:'), 'VS Code input references are replaced');

    const kinds = Object.fromEntries(d.variables.map((v) => [v.name, `${v.kind} ${v.server}.${v.field}`]));
    assert.deepEqual(kinds, {
      GITHUB_PERSONAL_ACCESS_TOKEN: 'secret github.env.GITHUB_PERSONAL_ACCESS_TOKEN',
      BRAVE_API_KEY: 'secret Brave-Search.env.BRAVE_API_KEY',
      POSTGRES_PASSWORD: 'secret postgres.args[3]',
      SENTRY_AUTHORIZATION: 'secret sentry.headers.Authorization',
      STRIPE_API_KEY: 'secret stripe.args[4]',
      GITHUB_REMOTE_AUTHORIZATION: 'input github-remote.headers.Authorization',
      PERPLEXITY_API_KEY: 'input perplexity.env.PERPLEXITY_API_KEY',
      EVERYTHING_TOKEN: 'environment everything.env.UPSTREAM_TOKEN',
      CONTEXT7_API_KEY: 'environment context7.headers.CONTEXT7_API_KEY',
    });
    assert.match(text, /^ {6}Authorization: "Bearer \$\{SENTRY_AUTHORIZATION\}"/m, 'the scheme stays, the token goes');
    assert.match(text, /"postgresql:\/\/app:\$\{POSTGRES_PASSWORD\}@db\.internal:5432\/shop"/);
    assert.match(text, /"--api-key=\$\{STRIPE_API_KEY\}"/);
    assert.match(text, /BRAVE_REGION: "de"$/m, 'values that are not secret are kept');
    // The header lists what to set and why.
    assert.match(text, /^# {3}PERPLEXITY_API_KEY +servers\.perplexity\.env\.PERPLEXITY_API_KEY \(VS Code input "Perplexity API key"\)$/m);
    assert.match(text, /^# {3}Claude Desktop ~\/\.config\/Claude\/claude_desktop_config\.json: filesystem, github, Brave Search -> Brave-Search, postgres$/m);
  });

  test('the file loads, and with the variables set every server reads back as its client had it', () => {
    const d = fixtureDiscovery();
    const text = fixtureText(d);
    const config = parseConfig(text, path.join(PROJECT, 'gatehouse.yaml'), { ...d.secretValues, ...USER_ENV });
    assert.equal(config.gateway.host, '127.0.0.1');
    assert.equal(config.gateway.port, 8787);
    assert.equal(config.policy.default, 'allow');
    assert.equal(config.policy.rules.length, 0, 'suggestions are only comments');
    assert.equal(config.agents.length, 0);
    assert.equal(config.servers.size, 13);

    assert.equal(stdio(config, 'github').env.GITHUB_PERSONAL_ACCESS_TOKEN, 'ghp_example_not_a_real_token_0001');
    assert.deepEqual(stdio(config, 'postgres').args, ['-y', '@modelcontextprotocol/server-postgres', 'postgresql://app:s3cr3t-pg-pass@db.internal:5432/shop']);
    assert.deepEqual(stdio(config, 'stripe').args, ['-y', '@stripe/mcp', '--tools=all', '--api-key=example-stripe-key-not-real-0002']);
    assert.deepEqual(stdio(config, 'Brave-Search').env, { BRAVE_API_KEY: 'example-brave-key-0004', BRAVE_REGION: 'de', NOTE: 'costs ${5} a month: "pro" plan # not a comment' });
    assert.deepEqual(stdio(config, 'everything').env, { LOG_LEVEL: 'info', UPSTREAM_TOKEN: 'ev-token' });
    assert.equal(stdio(config, 'everything').cwd, PROJECT);
    assert.deepEqual(remote(config, 'sentry').headers, { Authorization: 'Bearer example-sentry-token-0003' });
    assert.deepEqual(remote(config, 'github-remote').headers, { Authorization: 'Bearer gh-input' });
    assert.equal(remote(config, 'linear').transport, 'sse');
    assert.equal(remote(config, 'context7').url, 'https://mcp.context7.com/mcp');
  });

  test('without the variables, the loader names each one that is missing', () => {
    const text = fixtureText();
    assert.throws(
      () => parseConfig(text, 'gatehouse.yaml', {}),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const messages = err.issues.map((i) => i.message).join('\n');
        for (const name of ['GITHUB_PERSONAL_ACCESS_TOKEN', 'POSTGRES_PASSWORD', 'GITHUB_REMOTE_AUTHORIZATION', 'EVERYTHING_TOKEN']) {
          assert.match(messages, new RegExp(`environment variable ${name} is not set`));
        }
        return true;
      },
    );
  });

  test('the suggested rules by risk class load once uncommented', () => {
    const d = fixtureDiscovery();
    const text = fixtureText(d);
    assert.match(text, /^ {2}# {3}Destructive {2}deletes or overwrites beyond easy recovery {7}Critical {2}deny$/m);
    const config = parseConfig(uncommentRules(text), 'gatehouse.yaml', { ...d.secretValues, ...USER_ENV });
    assert.deepEqual(config.policy.rules.map((r) => r.action).slice(0, 2), ['deny', 'deny']);
    assert.ok(config.policy.rules.some((r) => r.action === 'rate_limit' && r.rateLimit?.max === 10 && r.rateLimit.window === 60));
  });

  test('names are sanitized and kept apart; one command with different settings is two servers', () => {
    const home = tempDir();
    const project = tempDir();
    writeJson(path.join(home, '.config/Claude/claude_desktop_config.json'), {
      mcpServers: {
        'my server (prod)': { command: 'node', args: ['a.js'] },
        git: { command: 'uvx', args: ['mcp-server-git'], env: { GIT_AUTHOR: 'alice' } },
        true: { command: 'node', args: ['t.js'] },
        '1234': { command: 'node', args: ['n.js'] },
      },
    });
    writeJson(path.join(home, '.cursor/mcp.json'), {
      mcpServers: {
        'my-server-prod': { command: 'node', args: ['b.js'] },
        git: { command: 'uvx', args: ['mcp-server-git'], env: { GIT_AUTHOR: 'bob' } },
        'git-2': { command: 'uvx', args: ['mcp-server-git'], env: { GIT_AUTHOR: 'alice', EXTRA: '1' } },
      },
    });
    const d = discoverClientConfigs({ home, cwd: project });
    const names = d.servers.map((s) => `${s.name}<-${s.sources.map((x) => `${x.client}:${x.clientName}`).join('+')}`);
    // (JSON objects list integer-like keys first.)
    assert.deepEqual(names, [
      '1234<-claude-desktop:1234',
      'my-server-prod<-claude-desktop:my server (prod)',
      'git<-claude-desktop:git+cursor:git-2',
      'true<-claude-desktop:true',
      'my-server-prod-cursor<-cursor:my-server-prod',
      'git-cursor<-cursor:git',
    ]);
    const text = buildConfig(d, { configFile: path.join(project, 'gatehouse.yaml') });
    assert.match(text, /^ {2}"true":$/m, 'a name YAML would read as a boolean is quoted');
    const config = parseConfig(text, path.join(project, 'gatehouse.yaml'), {});
    assert.deepEqual([...config.servers.keys()], ['1234', 'my-server-prod', 'git', 'true', 'my-server-prod-cursor', 'git-cursor']);
    assert.deepEqual(stdio(config, 'git').env, { GIT_AUTHOR: 'alice', EXTRA: '1' });
  });

  test('any value from a client file is written so that it reads back unchanged', () => {
    const home = tempDir();
    const nasty = ['quote " and \\ backslash', 'line\nbreak', '# hash', 'key: value', '- dash', '*star', '&anchor', '!tag', '{flow}', '[seq]', 'tab\tx', 'null', 'true', '0755', 'café ☕ \u2028 sep', 'a${HOME}b', 'ends with $', '$${x}', "'single'", ''];
    writeJson(path.join(home, '.config/Claude/claude_desktop_config.json'), {
      mcpServers: { odd: { command: 'node "x".js', args: nasty, env: Object.fromEntries(nasty.map((v, i) => [`V${i}`, v])) } },
    });
    const d = discoverClientConfigs({ home, cwd: tempDir() });
    const config = parseConfig(buildConfig(d, { configFile: path.join(home, 'g.yaml') }), path.join(home, 'g.yaml'), { HOME: '/wrong' });
    const odd = stdio(config, 'odd');
    assert.equal(odd.command, 'node "x".js');
    assert.deepEqual(odd.args, nasty);
    assert.deepEqual(Object.values(odd.env), nasty);
    assert.equal(yamlString('\u0085'), '"\\u0085"');
  });

  test('JSON with comments and trailing commas, as VS Code allows', () => {
    assert.deepEqual(parseJsonc('// head\n{ "a": "http://x/*y*/", /* c */ "b": [1, 2,], "c": "\\"//\\"", }\n'), { a: 'http://x/*y*/', b: [1, 2], c: '"//"' });
    assert.deepEqual(parseJsonc('\uFEFF{"a": ",}"}'), { a: ',}' });
    assert.throws(() => parseJsonc('{ "a": }'), SyntaxError);
  });

  test('what counts as a secret', () => {
    const openai = `sk-${'a1B2'.repeat(6)}`;
    assert.ok(isSecretValue('OPENAI_API_KEY', 'anything-here'));
    assert.ok(isSecretValue('UNRELATED', openai), 'a token shape is a secret under any name');
    assert.ok(isSecretValue('X', 'Zx81kQp0vN3mR7tY2wE5uI9oA4sD6f'), 'a long random value is treated as one');
    assert.ok(isSecretValue('DB_PASSWORD', 'hunter2'));
    assert.ok(!isSecretValue('GOOGLE_APPLICATION_CREDENTIALS', '/home/alice/creds.json'), 'a path is not a secret');
    assert.ok(!isSecretValue('CLIENT_ID', 'my-app'));
    assert.ok(!isSecretValue('VALKEY_HOST', '127.0.0.1'));
    assert.ok(!isSecretValue('VALKEY_PORT', '6379'));
    assert.ok(!isSecretValue('API_TOKEN', ''));
    assert.equal(variableName('github', 'GITHUB_TOKEN'), 'GITHUB_TOKEN');
    assert.equal(variableName('amazon-mq', 'Authorization'), 'AMAZON_MQ_AUTHORIZATION');
    assert.equal(variableName('1password', 'token'), 'MCP_1PASSWORD_TOKEN');
    assert.equal(sanitizeName('  ~~~ '), 'server');

    // A token only recognisable by its shape, inside an argument and a URL.
    const home = tempDir();
    writeJson(path.join(home, '.cursor/mcp.json'), {
      mcpServers: {
        ai: { command: 'npx', args: ['ai-mcp', `--header=Authorization: Bearer ${openai}`] },
        web: { url: `https://mcp.example.com/mcp?apiKey=${openai}&region=eu` },
      },
    });
    const d = discoverClientConfigs({ home, cwd: tempDir() });
    const text = buildConfig(d, { configFile: path.join(home, 'g.yaml') });
    assert.ok(!text.includes(openai));
    const config = parseConfig(text, path.join(home, 'g.yaml'), d.secretValues);
    assert.equal(stdio(config, 'ai').args[1], `--header=Authorization: Bearer ${openai}`);
    assert.equal(remote(config, 'web').url, `https://mcp.example.com/mcp?apiKey=${openai}&region=eu`);
  });
});

/** Runs `gatehouse init ...args` through commander and returns what it printed and its exit code. */
async function init(args: string[], deps: InitDeps = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('gatehouse').exitOverride();
  register(program, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } }, { env: {}, ...deps });
  const before = process.exitCode;
  try {
    await program.parseAsync(['init', ...args], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), out, err };
  } finally {
    process.exitCode = before;
  }
}

describe('gatehouse init', () => {
  test('writes gatehouse.yaml, says what it found and how to point each client at the gateway', async () => {
    const file = path.join(tempDir(), 'gatehouse.yaml');
    const { code, out, err } = await init(['--config', file, '--home', HOME, '--project', PROJECT]);
    assert.equal(code, 0, err);
    const d = fixtureDiscovery();
    parseConfig(readFileSync(file, 'utf8'), file, { ...d.secretValues, ...USER_ENV });

    assert.match(out, /^Found 7 MCP client configs:$/m);
    assert.match(out, /^ {2}Claude Desktop ~\/\.config\/Claude\/claude_desktop_config\.json$/m);
    assert.match(out, /^ {4}github -> server github, the same server as in Claude Desktop$/m);
    assert.match(out, /^ {4}gatehouse: left out, already goes through Gatehouse$/m);
    assert.match(out, /^Wrote .*gatehouse\.yaml: 13 servers \(/m);
    assert.match(out, /Set these environment variables where the gateway runs: .*GITHUB_PERSONAL_ACCESS_TOKEN/);
    for (const secret of Object.values(d.secretValues)) assert.ok(!out.includes(secret), 'no secret is printed');

    // Claude Desktop launches commands: the `gatehouse stdio <server>` form.
    const stdioArgs = (server: string) => JSON.stringify([path.join(ROOT, 'src/cli/main.ts'), 'stdio', server, '--config', file]).replace(/,/g, ', ');
    assert.ok(out.includes(`    "github": {"command": ${JSON.stringify(process.execPath)}, "args": ${stdioArgs('github')}},`), out);
    assert.ok(out.includes(`    "Brave Search": {"command": ${JSON.stringify(process.execPath)}, "args": ${stdioArgs('Brave-Search')}},`));
    // Cursor and VS Code: the URL form, and the command form as an alternative.
    assert.ok(out.includes('    "linear": {"url": "http://127.0.0.1:8787/mcp/linear"},'));
    assert.ok(out.includes('    "memory": {"type": "http", "url": "http://127.0.0.1:8787/mcp/memory"},'));
    assert.ok(out.includes(`    "perplexity": {"type": "stdio", "command": ${JSON.stringify(process.execPath)}, "args": ${stdioArgs('perplexity')}},`));
    assert.match(out, /VS Code ~\/\.config\/Code\/User\/settings\.json: replace these entries under "mcp": \{ "servers": \.\.\. \}/);
    // Claude Code: the claude command, at the scope the server was registered with.
    assert.ok(out.includes('claude mcp add --scope user --transport http sentry http://127.0.0.1:8787/mcp/sentry'));
    assert.ok(out.includes('claude mcp add --scope project --transport http everything http://127.0.0.1:8787/mcp/everything'));
    assert.ok(out.includes('cd /home/alice/code/shop && claude mcp remove --scope local stripe && claude mcp add --scope local --transport http stripe http://127.0.0.1:8787/mcp/stripe'));
    assert.ok(out.includes(`claude mcp add --scope user sentry -- ${process.execPath} ${path.join(ROOT, 'src/cli/main.ts')} stdio sentry --config ${file}`));
    for (const client of ['Claude Desktop', 'Cursor', 'VS Code', 'Claude Code']) {
      assert.match(out, new RegExp(`^${client}( \\(project\\))? .*: (it launches|replace|re-register)`, 'm'), `instructions for ${client}`);
    }
  });

  test('never overwrites a file without --force', async () => {
    const file = path.join(tempDir(), 'gatehouse.yaml');
    writeFileSync(file, 'mine: true\n');
    const refused = await init(['--config', file, '--home', HOME, '--project', PROJECT]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /already exists; it was not changed\. Use --force to replace it/);
    assert.equal(readFileSync(file, 'utf8'), 'mine: true\n');

    const forced = await init(['--config', file, '--home', HOME, '--project', PROJECT, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(readFileSync(file, 'utf8'), /^servers:$/m);
  });

  test('--dry-run prints the file and writes nothing; GATEHOUSE_INIT_HOME points at the home folder', async () => {
    const file = path.join(tempDir(), 'gatehouse.yaml');
    const { code, out, err } = await init(['--config', file, '--project', PROJECT, '--dry-run'], { env: { GATEHOUSE_INIT_HOME: HOME } });
    assert.equal(code, 0, err);
    assert.ok(!existsSync(file));
    assert.match(out, /^# gatehouse\.yaml, written by `gatehouse init`/);
    assert.match(out, /^ {2}sentry:$/m, 'user-level configs were read from GATEHOUSE_INIT_HOME');
    assert.match(err, /^Would write /m);
  });

  test('with no client config, writes a loadable starting point and says where it looked', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gatehouse.yaml');
    const { code, out } = await init(['--config', file, '--home', path.join(dir, 'home'), '--project', path.join(dir, 'project')]);
    assert.equal(code, 0);
    assert.match(out, /^No MCP client config was found\. Looked in:$/m);
    assert.match(out, /claude_desktop_config\.json$/m);
    const config = parseConfig(readFileSync(file, 'utf8'), file, {});
    assert.equal(config.servers.size, 0);
  });

  test('--probe lists each server\'s tools and suggests a commented rule for each by risk class', async () => {
    const dir = tempDir();
    const project = path.join(dir, 'project');
    writeJson(path.join(project, '.mcp.json'), {
      mcpServers: {
        seed: { command: NODE, args: [SEED], env: { SEED_TOKEN: 'example-seed-secret-value' } },
        broken: { command: path.join(dir, 'no-such-command') },
      },
    });
    const classify = (tool: ToolDefinition): Classification => {
      const table: Record<string, [Classification['category'], Classification['risk']]> = {
        create_api_key: ['Write', 'medium'],
        delete_key: ['Destructive', 'critical'],
        crash: ['Execute', 'high'],
      };
      const [category, risk] = table[tool.name] ?? ['Read', 'low'];
      return {
        category, risk, requiredParams: 0, confidence: tool.description ? 'high' : 'low',
        rationale: `Test rationale for ${tool.name}: it\n# would do things.`,
        evidence: [{ source: 'name', text: tool.name.split('_')[0], points: category }],
        flags: tool.description ? [] : ['empty-description'],
      };
    };
    const file = path.join(dir, 'gatehouse.yaml');
    const { code, out, err } = await init(['--config', file, '--home', path.join(dir, 'home'), '--project', project, '--probe'], { classify, env: { PATH: process.env.PATH } });
    assert.equal(code, 0, err);
    assert.match(out, /^Probed the servers: 7 tools classified\.$/m);
    assert.match(out, /^ {2}broken: tools not listed: /m);
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes('example-seed-secret-value'));
    assert.match(text, /^ {2}# {3}# seed\/create_api_key: Write, Medium risk, 0 required parameters, low confidence\. Flags: empty-description\.$/m);
    assert.match(text, /^ {2}# {3}# {3}Test rationale for create_api_key: it # would do things\.$/m, 'a rationale cannot break out of its comment');
    assert.match(text, /^ {2}# {3}# {3}Evidence: name "delete"$/m);
    assert.match(text, /^ {2}# Low risk, allowed by `default: allow` with no rule: seed\/get, seed\/set, seed\/echo, seed\/rug_pull$/m);
    assert.match(text, /^ {2}# Not probed: broken: /m);
    // Strictest first: critical, then high, then medium.
    assert.ok(text.indexOf('seed/delete_key"') < text.indexOf('seed/crash"') && text.indexOf('seed/crash"') < text.indexOf('seed/create_api_key"'));

    const env = { SEED_TOKEN: 'x' } as NodeJS.ProcessEnv;
    const d = discoverClientConfigs({ home: path.join(dir, 'home'), cwd: project });
    Object.assign(env, d.secretValues);
    const config = parseConfig(uncommentRules(text), file, env);
    const rules = config.policy.rules.map((r) => `${r.tool} ${r.action}${r.rateLimit ? ` ${r.rateLimit.max}/${r.rateLimit.window}` : ''}`);
    assert.deepEqual(rules.filter((r) => !r.startsWith('seed/crash')), ['seed/delete_key deny', 'seed/create_api_key rate_limit 10/60']);
    assert.match(config.policy.rules.find((r) => r.tool === 'seed/delete_key')!.reason!, /not allowed from agents/);
  });
});

const CLASSIFIER = path.join(ROOT, 'src/catalog/classify.ts');

describe('gatehouse init --probe with the real classifier', () => {
  test('classifies the seed case as SPEC says and suggests its rate limit', { skip: !existsSync(CLASSIFIER) && 'src/catalog/classify.ts is not in this version yet' }, async () => {
    const dir = tempDir();
    const project = path.join(dir, 'project');
    writeJson(path.join(project, '.mcp.json'), { mcpServers: { valkey: { command: NODE, args: [SEED] } } });
    const file = path.join(dir, 'gatehouse.yaml');
    const { code, err } = await init(['--config', file, '--home', path.join(dir, 'home'), '--project', project, '--probe'], { env: { PATH: process.env.PATH } });
    assert.equal(code, 0, err);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^ {2}# {3}# valkey\/create_api_key: Write, Medium risk, 0 required parameters, (low|medium) confidence\./m);
    const config = parseConfig(uncommentRules(text), file, {});
    const rule = config.policy.rules.find((r) => r.tool === 'valkey/create_api_key');
    assert.equal(rule?.action, 'rate_limit');
    assert.deepEqual([rule?.rateLimit?.max, rule?.rateLimit?.window], [10, 60]);
  });
});
