// The classifier on SPEC's widened Execute and Financial, told through the misses a new user met on
// real npm servers (issue 14): each real definition is read from the collected tool lists, and each
// rule's rationale must name the words that decided it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { classifyTool, type Classification, type ToolDefinition } from '../src/catalog/classify.ts';
import { RISK_ORDER } from '../src/catalog/types.ts';
import { objectSchema as schema } from './helpers/classify.ts';

const DATA = path.resolve(import.meta.dirname, 'data/catalog');

/** One tool exactly as its server listed it (test/data/catalog/<server>.json). */
function real(server: string, name: string): ToolDefinition {
  const dump = JSON.parse(readFileSync(path.join(DATA, `${server}.json`), 'utf8')) as { tools: ToolDefinition[] };
  const tool = dump.tools.find((t) => t.name === name);
  assert.ok(tool, `${server}/${name} is in the dataset`);
  return tool;
}

const classify = (name: string, description = '', more: Partial<ToolDefinition> = {}): Classification =>
  classifyTool({ name, description, ...more });
const riskRank = (c: Classification) => RISK_ORDER.indexOf(c.risk);

describe('a database transaction is not money', () => {
  test('pg_execute_sql ("transaction support") is Execute, and says why "transaction" was not money', () => {
    const c = classifyTool(real('postgres-henkey', 'pg_execute_sql'));
    assert.equal(c.category, 'Execute', c.rationale);
    assert.equal(c.risk, 'high');
    assert.match(c.rationale, /"transaction" here is a database transaction \(beside "sql"/);
  });

  test('a read-only SQL tool that runs "inside a read-only transaction" is Execute, not Financial', () => {
    const c = classify('query', 'Run one read-only SQL statement. It runs inside an engine-enforced read-only transaction.', { inputSchema: schema({ sql: { type: 'string' } }, ['sql']) });
    assert.equal(c.category, 'Execute', c.rationale);
  });

  test('committing a database transaction is a Write; a payment transaction is still money', () => {
    assert.equal(classify('commit_transaction', 'Commit the open database transaction.').category, 'Write');
    assert.equal(classify('create_transaction', 'Create a new transaction for a customer.').category, 'Financial');
    assert.equal(classify('list_transactions', 'List transactions in the billing account.').category, 'Financial');
  });
});

describe('trading and orders are Financial', () => {
  for (const name of ['place-market-order', 'place-futures-market-order']) {
    test(`${name} (it places a real trade) is Financial, critical, with its action found`, () => {
      const c = classifyTool(real('ccxt', name));
      assert.equal(c.category, 'Financial', c.rationale);
      assert.equal(c.risk, 'critical');
      assert.ok(!c.flags.includes('no-action-found'), c.flags.join(','));
      assert.match(c.rationale, /"[Pp]lace (?:futures )?market order/);
    });
  }

  test('setting leverage or margin for futures trading is Financial; margin on a page is not', () => {
    assert.equal(classifyTool(real('ccxt', 'set-leverage')).category, 'Financial');
    assert.equal(classifyTool(real('ccxt', 'set-margin-mode')).category, 'Financial');
    assert.equal(classify('set_margin', 'Set the margin of the PDF page.').category, 'Write');
  });

  test('public market data (tickers, order books, public trades, candles) stays Read', () => {
    for (const name of ['get-ticker', 'get-orderbook', 'get-trades', 'get-ohlcv', 'get-funding-rates']) {
      const c = classifyTool(real('ccxt', name));
      assert.equal(c.category, 'Read', `${name}: ${c.rationale}`);
      assert.equal(c.risk, 'low');
    }
  });
});

describe('reading payment records is Financial, critical (the catalog reference; no exception)', () => {
  const reads: [string, string, string][] = [
    ['list_charges', 'List charges for a customer.', 'charges'],
    ['list_invoices', 'Fetch a list of invoices.', 'invoices'],
    ['get_refund', 'Retrieve a refund by its ID.', 'refund'],
    ['list_payouts', 'List payouts to the bank account.', 'payouts'],
    ['get_subscription', 'Retrieve a subscription by its ID.', 'subscription'],
    ['retrieve_balance', 'Retrieve the account balance.', 'balance'],
  ];
  for (const [name, description, word] of reads) {
    test(`${name} → Financial, critical; the rationale names "${word}"`, () => {
      const c = classify(name, description, { annotations: { readOnlyHint: true } });
      assert.equal(c.category, 'Financial', c.rationale);
      assert.equal(c.risk, 'critical', 'a read-only hint does not lower it');
      assert.equal(c.confidence, 'high', 'the read-only hint agrees: it reads');
      assert.match(c.rationale, new RegExp(`^It says: .* It reads payment records: .* with "${word}" reads payment records`));
    });
  }

  test('real reads: Stripe list_payment_intents, Paddle list_transactions, an exchange account balance', () => {
    assert.equal(classifyTool(real('stripe', 'list_payment_intents')).category, 'Financial');
    assert.equal(classifyTool(real('paddle', 'list_transactions')).category, 'Financial');
    assert.equal(classifyTool(real('ccxt', 'account-balance')).category, 'Financial');
  });

  test('catalog records and usage meters are not payment records', () => {
    for (const [server, name] of [['stripe', 'list_prices'], ['stripe', 'list_products'], ['stripe', 'list_coupons'], ['paddle', 'list_discount_groups'], ['firecrawl', 'firecrawl_credit_usage']]) {
      assert.equal(classifyTool(real(server, name)).category, 'Read', `${server}/${name}`);
    }
    assert.equal(classify('list_notification_settings', 'List invoice notification settings.').category, 'Read');
  });
});

describe('what starts something running is Execute', () => {
  const cases: [string, string][] = [
    ['trigger_workflow', 'Trigger a workflow run on a branch.'],
    ['run_pipeline', 'Run a new pipeline for the project.'],
    ['rerun_job', 'Rerun a failed job.'],
    ['deploy_site', 'Deploy the site to production.'],
    ['launch_container', 'Launch a container from an image.'],
    ['execute_job', 'Execute a job by name.'],
    ['run_monitor', 'Run a monitor check now.'],
    ['run_audit', 'Run an accessibility audit of the current page.'],
    ['evaluate', 'Evaluate JavaScript in the page.'],
    ['navigate', 'Navigate to a URL.'],
    ['go_back', 'Go back to the previous page.'],
    ['open_page', 'Open a new tab and load a URL.'],
    ['install_helm_chart', 'Install a Helm chart release.'],
    ['sync_application', 'Sync the application to its target revision.'],
  ];
  for (const [name, description] of cases) {
    test(`${name} → Execute; the rationale says which words set it running`, () => {
      const c = classify(name, description);
      assert.equal(c.category, 'Execute', c.rationale);
      assert.ok(riskRank(c) >= RISK_ORDER.indexOf('high'), c.risk);
      assert.match(c.rationale, /SPEC counts as Execute|runs code|caller/, c.rationale);
    });
  }

  test('a real CI trigger and real browser navigation: CircleCI run_pipeline, Puppeteer navigate, DevTools new_page', () => {
    const run = classifyTool(real('circleci', 'run_pipeline'));
    assert.equal(run.category, 'Execute');
    assert.match(run.rationale, /"run" with "pipeline" sets a pipeline running/);
    const nav = classifyTool(real('puppeteer', 'puppeteer_navigate'));
    assert.equal(nav.category, 'Execute');
    assert.match(nav.rationale, /"navigate" with "url" makes the browser load a page/i);
    assert.equal(classifyTool(real('chrome-devtools', 'new_page')).category, 'Execute');
  });

  test('a report, a backup, a task and opening a file are not Execute', () => {
    assert.equal(classify('run_report', 'Run the monthly report.').category, 'Read');
    assert.equal(classify('start_backup', 'Start a backup of the volume.').category, 'Write');
    assert.equal(classify('open_file', 'Open a file to read it.').category, 'Read');
    assert.equal(classify('switch_tab', 'Switch to another tab.').category, 'Read');
  });

  test('typing into a live shell runs it: interact_with_process is Execute', () => {
    const c = classifyTool(real('desktop-commander', 'interact_with_process'));
    assert.equal(c.category, 'Execute', c.rationale);
    assert.match(c.rationale, /Send input to an existing terminal/);
  });
});

describe('file writes behind an output path', () => {
  test('pg_export_table_data (required outputPath) is a Write, and says so by the parameter name', () => {
    const c = classifyTool(real('postgres-henkey', 'pg_export_table_data'));
    assert.equal(c.category, 'Write', c.rationale);
    assert.notEqual(c.risk, 'low');
    assert.match(c.rationale, /`outputPath` parameter names where it writes a file/);
  });

  test('output_file, destination folder and a download directory make a read a Write', () => {
    const outFile = classify('get_report', 'Get the report.', { inputSchema: schema({ id: { type: 'string' }, output_file: { type: 'string', description: 'Where to write the report' } }, ['id', 'output_file']) });
    assert.equal(outFile.category, 'Write', outFile.rationale);
    const dest = classify('fetch_logs', 'Fetch the logs.', { inputSchema: schema({ destination: { type: 'string', description: 'Folder path to save the logs in' } }, ['destination']) });
    assert.equal(dest.category, 'Write', dest.rationale);
    const download = classify('download_data', 'Download usage data as CSV.', { inputSchema: schema({ params: { type: 'object', properties: { outputDir: { type: 'string' } } } }) });
    assert.equal(download.category, 'Write', download.rationale);
  });

  test('a destination address is not a file; an optional save path only raises a read to medium', () => {
    assert.equal(classifyTool(real('google-maps', 'maps_directions')).category, 'Read');
    const shot = classify('take_screenshot', 'Take a screenshot.', { inputSchema: schema({ filePath: { type: 'string', description: 'A path to save the screenshot to instead of attaching it' } }) });
    assert.equal(shot.category, 'Read');
    assert.equal(shot.risk, 'medium');
    assert.match(shot.rationale, /optional `filePath` parameter writes a file/);
  });
});

describe('annotations only raise risk; shell and page code are ranked consistently', () => {
  test('browser_close marked destructiveHint is not left Read/low', () => {
    const c = classifyTool(real('playwright', 'browser_close'));
    assert.ok(!(c.category === 'Read' && c.risk === 'low'), `${c.category}/${c.risk}`);
    assert.match(c.rationale, /destructiveHint: true/);
  });

  test('browser_navigate marked destructiveHint is Execute, raised by the hint, never lowered', () => {
    const c = classifyTool(real('playwright', 'browser_navigate'));
    assert.equal(c.category, 'Execute');
    assert.equal(c.risk, 'critical');
    const bare = classify('browser_navigate', 'Navigate to a URL', { annotations: { readOnlyHint: true } });
    assert.equal(bare.risk, 'high', 'a read-only hint does not lower navigation');
  });

  test('run_command (any shell command) is at least as risky as browser_evaluate', () => {
    const shell = classify('run_command', 'Run a shell command and return its output.', { inputSchema: schema({ command: { type: 'string' } }, ['command']) });
    const page = classifyTool(real('playwright', 'browser_evaluate'));
    assert.equal(shell.category, 'Execute');
    assert.equal(page.category, 'Execute');
    assert.equal(shell.risk, 'critical', shell.rationale);
    assert.ok(riskRank(shell) >= riskRank(page), `${shell.risk} < ${page.risk}`);
    assert.match(shell.rationale, /"command" means it runs commands on the server's own machine/);
    // JavaScript in a page with no hint stays at the class's own risk.
    assert.equal(classifyTool(real('puppeteer', 'puppeteer_evaluate')).risk, 'high');
  });

  test('a write whose mode defaults to "rewrite" overwrites: Destructive, and the rationale names the parameter', () => {
    const c = classifyTool(real('desktop-commander', 'write_file'));
    assert.equal(c.category, 'Destructive', c.rationale);
    assert.match(c.rationale, /`mode` parameter defaults to "rewrite"/);
  });
});
