// The classes of rules behind the misses of held-out rounds 4 to 9 (issue 14), each told through a
// real definition from the collected tool lists and through made-up ones that share only the class,
// so a name is never what decides; and the near misses each class must leave alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { classifyTool, type Classification, type ToolDefinition } from '../src/catalog/classify.ts';
import { RISK_ORDER } from '../src/catalog/types.ts';
import { objectSchema as schema } from './helpers/classify.ts';

const DATA = path.resolve(import.meta.dirname, 'data/catalog');

function real(server: string, name: string): ToolDefinition {
  const dump = JSON.parse(readFileSync(path.join(DATA, `${server}.json`), 'utf8')) as { tools: ToolDefinition[] };
  const tool = dump.tools.find((t) => t.name === name);
  assert.ok(tool, `${server}/${name} is in the dataset`);
  return tool;
}
const classify = (name: string, description = '', more: Partial<ToolDefinition> = {}): Classification => classifyTool({ name, description, ...more });
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

describe('round 9: a payments API\'s account records are Financial, its catalog is not', () => {
  test('payment cards of an account, issued or virtual cards, and disabling or linking one', () => {
    const c = classify('cards_list', 'List the cards on file for a customer account.');
    assert.equal(c.category, 'Financial', c.rationale);
    assert.equal(c.risk, 'critical');
    assert.equal(classify('issueVirtualCard', 'Request a virtual card be issued to a cardholder.').category, 'Financial');
    assert.equal(classify('deactivate_card', 'Deactivates a card linked to the account.').category, 'Financial');
    assert.equal(classify('link-card', 'Link a card to an existing customer.').category, 'Financial');
    assert.equal(classify('freeze_card', 'Freeze a card of a customer.').category, 'Financial');
    assert.equal(classify('list_cardholders', 'List cardholders.').category, 'Financial');
  });

  test('other payments APIs\' names for the same records: funding and payment sources, withdrawals, settlements', () => {
    assert.equal(classify('list_funding_sources', 'List the funding sources of a customer.').category, 'Financial');
    assert.equal(classify('get_payment_instrument', 'Get a payment instrument.').category, 'Financial');
    assert.equal(classify('getWithdrawal', 'Get a withdrawal.').category, 'Financial');
    assert.equal(classify('cancelScheduledTransfer', 'Cancel a scheduled transfer.').category, 'Financial');
    assert.equal(classify('revoke_mandate', 'Revoke a mandate.').category, 'Financial');
    assert.equal(classify('list_issuing_authorizations', 'List issuing authorizations.').category, 'Financial');
    assert.equal(classify('get_balance_report', 'Get a balance report.').category, 'Financial');
    assert.equal(classify('close_dispute', 'Close a dispute, accepting the loss.').category, 'Financial');
    assert.equal(classify('revoke_token', 'Revoke an access token.').category, 'Write');
    assert.equal(classify('close_issue', 'Close an issue.').category, 'Write');
  });

  test('a board\'s card, a dashboard\'s card and a card\'s BIN metadata are not payment records', () => {
    assert.equal(classify('list_cards', 'List the cards on a Kanban board column.').category, 'Read');
    assert.equal(classify('archive_card', 'Archive a card on the board.').category, 'Write');
    assert.equal(classify('get_card', 'Get a saved question card from a dashboard.').category, 'Read');
    assert.equal(classify('cards-get-bin', 'Look up metadata for a card number without storing it.').category, 'Read');
  });

  test('bank and funding accounts, and verifying one, are payment records', () => {
    assert.equal(classify('fund-accounts-create', 'Create a fund account for a contact.').category, 'Financial');
    assert.equal(classify('bank_accounts_get_verification', 'Retrieve the status of a verification.').category, 'Financial');
    assert.equal(classify('verify_bank_account', 'Complete the verification of a bank account with two micro-deposit amounts.').category, 'Financial');
  });

  test('fees assessed, residuals, mandates and fee or pricing agreements are records; a fee plan catalog is not', () => {
    assert.equal(classify('list_account_fees', 'List the fees charged to a merchant account.').category, 'Financial');
    assert.equal(classify('get_residual', 'Get a residual paid to a partner.').category, 'Financial');
    assert.equal(classify('listMandates', 'List the direct debit mandates of a customer.').category, 'Financial');
    assert.equal(classify('list_pricing_agreements', 'List the pricing agreements signed by a merchant.').category, 'Financial');
    assert.equal(classify('list_fee_plans', 'List the fee plans available to choose from.').category, 'Read');
    assert.equal(classify('get_gas_fees', 'Get current gas fees on the chain.').category, 'Read');
    assert.equal(classify('get_processing_agreement', 'Get the merchant processing agreement.').category, 'Read');
  });

  test('a sweep of a balance and its config move money; a hyperparameter sweep does not', () => {
    assert.equal(classify('create_sweep_config', 'Create a sweep config that moves a wallet balance to a bank account.').category, 'Financial');
    assert.equal(classify('sweeps_get', 'Get one sweep.').category, 'Financial');
    assert.equal(classify('get_sweep', 'Get a hyperparameter sweep and its runs in a project.').category, 'Read');
  });

  test('a transfer\'s cancellation or reversal, a card\'s authorization are parts of payment records', () => {
    assert.equal(classify('payouts-create-reversal', 'Reverse a payout.').category, 'Financial');
    assert.equal(classify('transfers-list-cancellations', 'Get a list of cancellations for a transfer.').category, 'Financial');
    assert.equal(classify('list_authorizations', 'List card authorizations held on a wallet balance.').category, 'Financial');
    assert.equal(classify('get_authorization_url', 'Get the OAuth authorization URL for the login flow.').category, 'Read');
  });

  test('accepting a dispute or submitting evidence for one decides who keeps the money', () => {
    const c = classify('chargebacks_accept', 'Accepts liability for a chargeback.');
    assert.equal(c.category, 'Financial', c.rationale);
    assert.match(c.rationale, /"chargeback"/);
    assert.equal(classify('submit_dispute_evidence', 'Submit the evidence for a dispute.').category, 'Financial');
    assert.equal(classify('upload_evidence', 'Uploads a file as evidence for a dispute.').category, 'Financial');
  });

  test('a name that opens with its payment resource acts on it; a catalog resource does not', () => {
    const c = classify('payments-update', 'Update the metadata stored on it.');
    assert.equal(c.category, 'Financial', c.rationale);
    assert.match(c.rationale, /opens with the resource it acts on/);
    assert.equal(classify('wallets-get', 'Get details by ID.').category, 'Financial');
    assert.equal(classify('coupons-get', 'Get details by ID.').category, 'Read');
    assert.equal(classify('webhooks-get', 'Get details by ID.').category, 'Read');
  });

  test('the permission it needs names payment records: a schedule of transfers; categories stay Read', () => {
    const c = classify('schedules-list', 'Lists schedules. Requires the `/accounts/{id}/transfers.read` scope.');
    assert.equal(c.category, 'Financial', c.rationale);
    assert.match(c.rationale, /permission it needs/);
    assert.equal(classify('get_schedule', 'Gets a schedule. Needs PAYMENTS_READ.').category, 'Financial');
    assert.equal(classify('list_merchant_categories', 'List the merchant category groups. Requires the `/issued-cards.read` scope.').category, 'Read');
    assert.equal(classify('list_tickets', 'List tickets. Requires the `/accounts/{id}/tickets.read` scope.').category, 'Read');
  });

  test('a config of a money feature is settings; Apple Pay domains and sessions are not payments; a product is catalog', () => {
    assert.equal(classify('transfer-config-get', 'Get the transfer config for an account.').category, 'Read');
    assert.equal(classify('payment-config-update', 'Update the payment configuration of a shop.').category, 'Write');
    assert.equal(classify('google-pay-register-domains', 'Add domains to be registered with Google Pay.').category, 'Write');
    assert.equal(classify('apple-pay-get-domains', 'Get domains registered with Apple Pay.').category, 'Read');
    assert.equal(classify('apple-pay-link-token', 'Connect an Apple Pay token to the account.').category, 'Financial');
    const product = classify('products_create', 'Creates a new product.', { inputSchema: schema({ name: str(), basePrice: str('Base price in cents') }, ['name', 'basePrice']) });
    assert.equal(product.category, 'Write', product.rationale);
    assert.equal(classify('variants_create', 'Create a variant for a product.', { inputSchema: schema({ price: str('Price in cents') }, ['price']) }).category, 'Financial');
  });
});

describe('round 9: restores that drop, resets of a head, killing a process are Destructive', () => {
  test('a restore or import that says it is destructive or drops existing objects', () => {
    const c = classify('restore_snapshot', 'Restores a snapshot into the database. This is destructive: it replaces the target.');
    assert.equal(c.category, 'Destructive', c.rationale);
    assert.equal(classify('load_dump', 'Loads a dump and drops existing tables first.').category, 'Destructive');
    assert.equal(classify('import_data', 'Imports rows into a table and is destructive to existing data.').category, 'Destructive');
    assert.equal(classify('import_rows', 'Imports rows into a table. Setting replace true overwrites rows, which is destructive.').category, 'Write');
  });

  test('resetting a branch head or discarding changes; resetting a filter is a Write', () => {
    assert.equal(classify('repo_reset', 'Reset the branch HEAD to a commit.').category, 'Destructive');
    assert.equal(classify('discard_changes', 'Reverts the working copy, discarding all uncommitted changes.').category, 'Destructive');
    assert.equal(classify('reset_filters', 'Reset the filters of the view.').category, 'Write');
  });

  test('a tool that lists, inspects or kills, and changes nothing else, is Destructive; create/update/delete stays a Write', () => {
    const c = classify('proc_tool', 'Lists, inspects, or kills processes on the host.');
    assert.equal(c.category, 'Destructive', c.rationale);
    assert.match(c.rationale, /only change destroys/);
    assert.equal(classify('group_tool', 'Creates, updates, deletes, and inspects named groups.').category, 'Write');
  });
});

describe('round 9: builds and chosen commands run; DDL, transaction ends, fetch, pull and checkout are Writes', () => {
  test('building an image runs its Dockerfile; building a report does not', () => {
    assert.equal(classify('image_build', 'Build a container image from a Dockerfile.').category, 'Execute');
    assert.notEqual(classify('report_build', 'Build a report of the week.').category, 'Execute');
  });

  test('a required command picked from a list with a shell or a run in it is Execute', () => {
    const tool = { inputSchema: schema({ command: { type: 'string', enum: ['up', 'down', 'status'] } }, ['command']) };
    assert.equal(classify('env', 'Environment management', tool).category, 'Execute');
    const quiet = { inputSchema: schema({ command: { type: 'string', enum: ['status', 'logs'] } }, ['command']) };
    assert.notEqual(classify('env', 'Environment management', quiet).category, 'Execute');
  });

  test('DDL given for the table the name creates or alters is a Write; a free SQL runner is Execute', () => {
    const q = { inputSchema: schema({ sql: str('The CREATE/ALTER TABLE SQL statement') }, ['sql']) };
    assert.equal(classify('create_table', 'Create a table using a CREATE TABLE statement.', q).category, 'Write');
    assert.equal(classify('alter_index', 'Alter an index with SQL.', q).category, 'Write');
    assert.equal(classify('run_sql', 'Runs a SQL statement.', q).category, 'Execute');
  });

  test('committing or rolling back a transaction is a Write, whatever the verb in the name', () => {
    const c = classify('exec_rollback', 'Rolls back an open database transaction by its ID.', { inputSchema: schema({ txId: str() }, ['txId']) });
    assert.equal(c.category, 'Write', c.rationale);
    assert.equal(classify('execute_commit', 'Commit the transaction.').category, 'Write');
  });

  test('fetch or pull from a remote writes the local clone; fetching a page reads', () => {
    assert.equal(classify('repo_fetch', 'Fetch refs from the upstream remote.').category, 'Write');
    assert.equal(classify('repo_pull', 'Pull changes from a remote repository into the current branch.').category, 'Write');
    assert.equal(classify('fetch_page', 'Fetch a web page from a URL.').category, 'Read');
    assert.equal(classify('get_pull_request', 'Get a pull request.').category, 'Read');
  });

  test('checkout of a branch is a Write; a shop\'s checkout stays Financial', () => {
    assert.equal(classify('vcs_checkout', 'Switch to a branch or restore files in the working tree.').category, 'Write');
    assert.equal(classify('checkout', 'Checkout the cart and pay for it.').category, 'Financial');
  });
});
