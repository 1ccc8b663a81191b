// The classes of rules behind the misses of held-out rounds 4 to 8 (issue 14), each told through a
// real definition from the collected tool lists and through made-up ones that share only the class,
// so a name is never what decides; and the near misses each class must leave alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { classifyTool, type Classification, type ToolDefinition } from '../src/catalog/classify.ts';
import { RISK_ORDER } from '../src/catalog/types.ts';

const DATA = path.resolve(import.meta.dirname, 'data/catalog');

function real(server: string, name: string): ToolDefinition {
  const dump = JSON.parse(readFileSync(path.join(DATA, `${server}.json`), 'utf8')) as { tools: ToolDefinition[] };
  const tool = dump.tools.find((t) => t.name === name);
  assert.ok(tool, `${server}/${name} is in the dataset`);
  return tool;
}
const classify = (name: string, description = '', more: Partial<ToolDefinition> = {}): Classification => classifyTool({ name, description, ...more });
const schema = (properties: Record<string, object>, required: string[] = []) => ({ type: 'object', properties, required });
const str = (description = '') => ({ type: 'string', description });

describe('a raw API request (the caller writes the method and the path) runs any endpoint', () => {
  test('postgrestRequest, an HTTP request against a database API, is Execute and says which parameters decided', () => {
    const c = classifyTool(real('postgrest', 'postgrestRequest'));
    assert.equal(c.category, 'Execute', c.rationale);
    assert.match(c.rationale, /`method` and `path` parameters let the caller send any request/);
  });

  test('the same shape under another name and API is Execute too', () => {
    const c = classify('call_endpoint', 'Sends a request to the Acme REST API.', { inputSchema: schema({ method: str('HTTP method: GET, POST, PUT or DELETE'), url: str() }, ['method', 'url']) });
    assert.equal(c.category, 'Execute', c.rationale);
  });

  test('a generic call into a payments API (Square make_api_request) is Financial, naming the payment word', () => {
    const c = classifyTool(real('square', 'make_api_request'));
    assert.equal(c.category, 'Financial', c.rationale);
    assert.equal(c.risk, 'critical');
    assert.match(c.rationale, /generic call into a payments API/);
  });

  test('a tool that only reads about a method (type info, a check of a URL) stays Read', () => {
    assert.equal(classifyTool(real('square', 'get_type_info')).category, 'Read');
    assert.equal(classifyTool(real('conway-terminal', 'x402_check')).category, 'Read');
  });

  test('an optional method does not make a tool a raw request', () => {
    const c = classify('create_webhook', 'Create a webhook for the API.', { inputSchema: schema({ url: str(), method: str('HTTP method to call with') }, ['url']) });
    assert.equal(c.category, 'Write', c.rationale);
  });
});

describe('code that is only converted is not run', () => {
  test('sqlToRest (converts SQL to a request) is Read, with its risk raised by the SQL it takes', () => {
    const c = classifyTool(real('postgrest', 'sqlToRest'));
    assert.equal(c.category, 'Read', c.rationale);
    assert.notEqual(c.risk, 'low');
    assert.match(c.rationale, /"convert" works on the code it is given/);
  });

  test('validating a query is Read; running one is still Execute', () => {
    const q = schema({ sql: str('SQL statement') }, ['sql']);
    assert.equal(classify('check_sql', 'Validates a SQL statement without running it.', { inputSchema: q }).category, 'Read');
    assert.equal(classify('run_sql', 'Runs a SQL statement.', { inputSchema: q }).category, 'Execute');
  });
});

describe('a report of sales or revenue is money', () => {
  test('woo_reports_sales ("Get sales report") is Financial', () => {
    const c = classifyTool(real('woocommerce', 'woo_reports_sales'));
    assert.equal(c.category, 'Financial', c.rationale);
    assert.match(c.rationale, /"sales"/);
  });

  test('a revenue report is Financial; a report of notifications or of stock is not', () => {
    assert.equal(classify('revenue_report', 'Get the revenue report for a month.').category, 'Financial');
    assert.notEqual(classify('notification_report', 'Get the notification report.').category, 'Financial');
    assert.notEqual(classifyTool(real('woocommerce', 'woo_reports_stock')).category, 'Financial');
  });
});

describe('running a list of operations that includes a deploy deploys', () => {
  test('netlify-deploy-services-updater ("run ... operations deploy-site") is Execute', () => {
    const c = classifyTool(real('netlify', 'netlify-deploy-services-updater'));
    assert.equal(c.category, 'Execute', c.rationale);
    assert.ok(RISK_ORDER.indexOf(c.risk) >= RISK_ORDER.indexOf('high'));
  });

  test('running operations with no deploy among them stays a Write', () => {
    assert.equal(classifyTool(real('netlify', 'netlify-project-services-updater')).category, 'Write');
  });
});

describe('a parameter that names or filters code carries none (round 7)', () => {
  test('Cloudflare settings keyed by `scriptName` (a Worker\'s name) are Reads and Writes, not Execute', () => {
    assert.equal(classifyTool(real('cloudflare', 'env_var_list')).category, 'Read');
    assert.equal(classifyTool(real('cloudflare', 'secret_put')).category, 'Write');
    assert.equal(classifyTool(real('cloudflare', 'version_get')).category, 'Read');
  });

  test('a `command_pattern` filter over a history is a search, not a command', () => {
    assert.equal(classifyTool(real('shell-mako', 'command_history_query')).category, 'Read');
  });

  test('a cron expression is a schedule, not code', () => {
    const c = classify('schedule_job', 'Update the schedule of a job.', { inputSchema: schema({ jobName: str(), cronExpression: str('Cron expression, e.g. */5 * * * *') }, ['jobName', 'cronExpression']) });
    assert.equal(c.category, 'Write', c.rationale);
  });

  test('the code itself still decides: a required `script` or `command` is Execute', () => {
    assert.equal(classifyTool(real('selenium', 'execute_script')).category, 'Execute');
    assert.equal(classifyTool(real('shell-mako', 'shell_execute')).category, 'Execute');
    const c = classify('upload', 'Upload a worker.', { inputSchema: schema({ script: str('The JavaScript code of the worker') }, ['script']) });
    assert.equal(c.category, 'Execute', c.rationale);
  });
});

describe('explaining or diagnosing a query is not running it (round 7)', () => {
  test('analyze_query ("Analyzes a SQL query using EXPLAIN") is Read with its risk raised', () => {
    const c = classifyTool(real('mysql-berthojoris', 'analyze_query'));
    assert.equal(c.category, 'Read', c.rationale);
    assert.notEqual(c.risk, 'low');
  });

  test('a reading verb whose object is data, not the query, still runs the query it is given', () => {
    const c = classify('analyze_data', 'Analyze traffic data with a SQL query you write.', { inputSchema: schema({ sql: str('SQL to run') }, ['sql']) });
    assert.equal(c.category, 'Execute', c.rationale);
  });
});

describe('database transactions, subscription plans and billing plans (round 7)', () => {
  test('begin_transaction ("Starts a new database transaction") is not money', () => {
    assert.notEqual(classifyTool(real('mysql-berthojoris', 'begin_transaction')).category, 'Financial');
  });

  test('reading subscription plans (a price list) is Read; reading a subscription is Financial', () => {
    assert.equal(classifyTool(real('paypal', 'list_subscription_plans')).category, 'Read');
    assert.equal(classifyTool(real('paypal', 'show_subscription_details')).category, 'Financial');
  });

  test('changing a billing plan (what is charged) is Financial; a billing address is not money', () => {
    assert.equal(classifyTool(real('paypal', 'update_plan')).category, 'Financial');
    assert.notEqual(classify('update_billing_address', 'Update the billing address of a customer.').category, 'Financial');
  });
});

describe('verbs read with their objects (round 7)', () => {
  test('activating a workflow sets it running on its triggers: Execute; deactivating is a Write', () => {
    const c = classifyTool(real('n8n', 'activate-workflow'));
    assert.equal(c.category, 'Execute', c.rationale);
    assert.match(c.rationale, /"activate" with "workflow"/);
    assert.equal(classifyTool(real('n8n', 'deactivate-workflow')).category, 'Write');
    assert.equal(classify('activate_alert', 'Activate an alert.').category, 'Write');
  });

  test('"queue" before a plainer verb is a noun: queue_list reads, queue_create writes', () => {
    assert.equal(classifyTool(real('cloudflare', 'queue_list')).category, 'Read');
    assert.equal(classifyTool(real('cloudflare', 'queue_create')).category, 'Write');
    assert.equal(classify('enqueue_job', 'Queue a job for later.').category, 'Write');
  });

  test('managing the browser\'s own windows and tabs is Read; "alter" a view is a Write', () => {
    assert.equal(classifyTool(real('selenium', 'window')).category, 'Read');
    assert.equal(classifyTool(real('mysql-berthojoris', 'alter_view')).category, 'Write');
  });
});

describe('round 8: pipelines, associations, accounts and tagged descriptions', () => {
  test('a pipeline created for a branch runs (Execute); a pipeline schedule created is a Write', () => {
    assert.equal(classifyTool(real('gitlab-zereight', 'create_pipeline')).category, 'Execute');
    assert.equal(classifyTool(real('gitlab-zereight', 'create_pipeline_schedule')).category, 'Write');
    assert.equal(classifyTool(real('gitlab-zereight', 'play_pipeline_jobs')).category, 'Execute');
    assert.equal(classifyTool(real('gitlab-zereight', 'take_ownership_pipeline_schedule')).category, 'Write');
  });

  test('deleting a link between two issues is a Write; deleting the issue is Destructive', () => {
    assert.equal(classifyTool(real('gitlab-zereight', 'delete_issue_link')).category, 'Write');
    assert.equal(classifyTool(real('gitlab-zereight', 'delete_issue')).category, 'Destructive');
    assert.equal(classify('delete_short_link', 'Delete a short link.').category, 'Destructive');
  });

  test('bank (Plaid) and crypto exchange accounts are payment records; a chart of accounts is not', () => {
    assert.equal(classifyTool(real('lunchmoney', 'get_all_plaid_accounts')).category, 'Financial');
    assert.equal(classifyTool(real('lunchmoney', 'get_all_synced_crypto')).category, 'Financial');
    assert.equal(classifyTool(real('xero', 'list-accounts')).category, 'Read');
  });

  test('setting an account\'s balance is Financial', () => {
    const c = classifyTool(real('lunchmoney', 'create_manual_account'));
    assert.equal(c.category, 'Financial', c.rationale);
    assert.match(c.rationale, /`balance` parameter/);
  });

  test('a tag before the first sentence is skipped to find the verb', () => {
    assert.equal(classifyTool(real('mysql-berthojoris', 'plan_seed_data')).category, 'Read');
    assert.equal(classify('x', '🌱 SEEDER: Deletes every seeded row.').category, 'Destructive');
  });

  test('a look whose purpose is a change is a Write; "assigned to the authenticated user" is not a purpose', () => {
    assert.equal(classifyTool(real('mysql-berthojoris', 'analyze_table')).category, 'Write');
    assert.equal(classifyTool(real('gitlab-zereight', 'my_issues')).category, 'Read');
  });
});
