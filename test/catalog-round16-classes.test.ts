// The classes of rules behind the misses of held-out round 16 (issue 14), each told through made-up
// definitions that share only the class (never a dataset tool's name), and the near misses from other
// domains each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot, withSchema as schema } from './helpers/classify.ts';

describe("an ad campaign's spending, a platform's bill and its spending cap are Financial", () => {
  test("bids, a bidding or ad rate strategy, a campaign's budget changed", () => {
    is('Financial', 'set_keyword_bids', 'Set the bids of keywords in an ad group.');
    is('Financial', 'change_bidding_strategy', 'Change the bidding strategy of a search campaign.');
    is('Financial', 'modify_ad_rate', 'Modify the ad rate of a sponsored listing.');
    is('Financial', 'edit_campaign_budget', 'Edit the campaign budget of a promoted products campaign.');
  });
  test('near miss: a household budget set, a campaign renamed, bids read', () => {
    isNot('Financial', 'update_budget', 'Update the monthly budget for a category.');
    is('Write', 'rename_campaign', 'Rename a campaign.');
    is('Read', 'get_suggested_bids', 'Get suggested bids for keywords.');
  });
  test('a campaign created with a daily budget, a bid or a funding strategy', () => {
    is('Financial', 'create_ads_campaign', 'Create a campaign.', schema({ name: { type: 'string' }, dailyBudget: { type: 'object', properties: { value: { type: 'string' } } } }, ['name']));
    is('Financial', 'copy_campaign', 'Copy a campaign.', schema({ id: { type: 'string' }, request: { type: 'object', properties: { fundingStrategy: { type: 'object' } } } }, ['id']));
  });
  test('near miss: an email campaign created with its audience and subject', () => {
    is('Write', 'create_mail_campaign', 'Create a campaign.', schema({ name: { type: 'string' }, audienceId: { type: 'string' }, subject: { type: 'string' } }, ['name']));
  });
  test("a billing summary, a cost breakdown, actual costs, spending limits", () => {
    is('Financial', 'billing_summary_get', 'Get the billing summary of the team.');
    is('Financial', 'get_costs', 'Get the cost breakdown by service for a month.');
    is('Financial', 'fetch_shipping_costs', 'Fetch the actual costs of delivered parcels.');
    is('Financial', 'read_spend_caps', 'Read the spending limits of the account.');
    is('Financial', 'set_spending_limit', 'Set the monthly spending limit of the team.');
  });
  test('near miss: billing settings, a cost estimate, rate limits, usage', () => {
    is('Read', 'get_billing_settings', 'Get the billing settings of the team.');
    is('Read', 'estimate_query_cost', 'Estimate the cost of a query before running it.');
    is('Read', 'get_rate_limits', 'Get the rate limits of the API key.');
    is('Write', 'set_rate_limit', 'Set the rate limit of an endpoint.');
  });
  test('an offer sent with a discount off the price', () => {
    is('Financial', 'send_buyer_offer', 'Send an offer to watchers of an item.', schema({ items: { type: 'array', items: { type: 'object', properties: { itemId: { type: 'string' }, discountPercentage: { type: 'string' } } } } }, ['items']));
  });
  test('near miss: an offer of a job sent with a message', () => {
    is('Write', 'send_job_offer', 'Send an offer to a candidate.', schema({ candidateId: { type: 'string' }, message: { type: 'string' } }, ['candidateId']));
  });
});

describe('payment, tax, fee, offer and subscription words used in a sense that is no money', () => {
  test('payment policies and a payments program are settings and enrolment', () => {
    is('Read', 'list_payment_policies', 'List the payment policies of the store.');
    is('Write', 'edit_refund_policy', 'Edit the refund policy shown on listings.');
    is('Read', 'payments_program_status', 'Get the payments program status for a marketplace.');
  });
  test('near miss: payments and refunds themselves stay Financial', () => {
    is('Financial', 'list_payments', 'List the payments received this week.');
    is('Financial', 'create_refund', 'Refund a payment.');
  });
  test('sales tax tables are tax rates; fees computed before publishing are a preview', () => {
    is('Read', 'get_tax_table', 'Get the sales tax table for a state.');
    is('Read', 'list_sales_taxes', 'List sales taxes by jurisdiction.');
    is('Read', 'compute_item_fees', 'Get the insertion fees for items before publishing them.');
  });
  test('near miss: a sales report and the fees charged stay Financial', () => {
    is('Financial', 'get_sales_report', 'Get the sales report for last month.');
    is('Financial', 'list_fees', 'List the fees charged to the account.');
  });
  test('withdrawing an offer, a listing or an application', () => {
    is('Write', 'withdraw_published_offer', 'Withdraw a published offer.');
    is('Write', 'withdraw_application', 'Withdraw a job application.');
  });
  test('near miss: withdrawing funds stays Financial', () => {
    is('Financial', 'withdraw', 'Withdraw funds to a bank account.');
    is('Financial', 'withdraw_balance', 'Withdraw the available balance to a wallet.');
  });
  test('subscriptions to notifications, webhooks or topics are settings', () => {
    is('Read', 'list_notification_subscriptions', 'List all notification subscriptions.');
    is('Write', 'create_webhook_subscription', 'Create a webhook subscription for order events.');
    is('Write', 'disable_topic_subscription', 'Disable a topic subscription.');
  });
  test('near miss: a paid subscription stays Financial', () => {
    is('Financial', 'list_subscriptions', 'List the customer subscriptions.');
    is('Financial', 'cancel_subscription', 'Cancel a subscription at the end of its period.');
  });
  test('records awaiting feedback are a work list', () => {
    is('Read', 'get_pending_ratings', 'Get transactions awaiting feedback from the buyer.');
  });
  test('near miss: transactions themselves stay Financial', () => {
    is('Financial', 'get_recent_transactions', 'Get the transactions of the last week.');
  });
});

describe('migrations applied, builds promoted, code tested and commands a connection runs are Execute', () => {
  test('completing or applying a database migration', () => {
    is('Execute', 'finish_migration', 'Complete a database migration on the main branch.');
    is('Execute', 'apply_schema_migration', 'Apply a migration to the database.');
  });
  test('near miss: creating a migration, a completed task', () => {
    isNot('Execute', 'create_migration', 'Create a new migration file.');
    is('Write', 'complete_task', 'Complete a task in the project.');
  });
  test('promoting a deployment or a build to production', () => {
    is('Execute', 'promote_build', 'Promote a build to production.');
    is('Execute', 'promote_preview', 'Promote the preview deployment to live.');
  });
  test('near miss: promoting a user, promoting a deployment to another stage', () => {
    is('Write', 'promote_member', 'Promote a member to admin.');
  });
  test('testing code given as a parameter runs it', () => {
    is('Execute', 'test_edge_function', 'Test an edge function locally.', schema({ code: { type: 'string', description: 'The function source' }, request: { type: 'object' } }, ['code']));
  });
  test('near miss: testing a connection or a webhook', () => {
    is('Read', 'test_connection', 'Test the connection to the database.', schema({ host: { type: 'string' } }, ['host']));
    is('Write', 'test_webhook', 'Send a test event to a webhook.');
  });
  test('a connection that then executes the command it is given', () => {
    is('Execute', 'ssh_open_with_command', 'Connect to a host over SSH, then execute a startup command in the shell.',
      schema({ host: { type: 'string' }, startupCommand: { type: 'string', description: 'Command to run after login' } }, ['host']));
  });
  test('near miss: a connection with no command run', () => {
    is('Read', 'ssh_open', 'Connect to a host over SSH.', schema({ host: { type: 'string' }, port: { type: 'number' } }, ['host']));
  });
});

describe('files sent to a remote path, taken to a local path, links and enrolment, retired tools', () => {
  test('an upload to a required remote path overwrites it', () => {
    is('Destructive', 'sftp_put', 'Upload a file over SFTP.', schema({ localPath: { type: 'string' }, remotePath: { type: 'string' } }, ['localPath', 'remotePath']));
  });
  test('near miss: an upload to a bucket, an upload that can refuse to overwrite', () => {
    is('Write', 'put_object', 'Upload a file to a bucket.', schema({ bucket: { type: 'string' }, key: { type: 'string' }, file: { type: 'string' } }, ['bucket', 'key']));
    is('Write', 'sftp_put_safe', 'Upload a file over SFTP.', schema({ remotePath: { type: 'string' }, overwrite: { type: 'boolean', default: false } }, ['remotePath']));
  });
  test('a download to a required local path writes that file', () => {
    is('Write', 'sftp_get', 'Download a file over SFTP.', schema({ remotePath: { type: 'string' }, localPath: { type: 'string' } }, ['remotePath', 'localPath']));
  });
  test('near miss: a download returned to the caller', () => {
    is('Read', 'download_report', 'Download a report.', schema({ reportId: { type: 'string' } }, ['reportId']));
  });
  test('connecting a repository or an integration links it', () => {
    is('Write', 'link_repo', 'Connect a new Git repository to a project.');
    is('Write', 'connect_integration', 'Connect an integration to the workspace.');
  });
  test('near miss: connecting to a host or a database is session plumbing', () => {
    is('Read', 'connect_db', 'Connect to the database server.');
  });
  test('opting in or out of a program, revising and ending a listing', () => {
    is('Write', 'opt_in_program', 'Opt in to a partner program.', schema({ programType: { type: 'string' } }, ['programType']));
    is('Write', 'opt_out', 'Opt out of the loyalty program.');
    is('Write', 'revise_item', 'Revise an existing listing.');
    is('Write', 'end_item', 'End an active listing.');
  });
  test('near miss: a program that runs, end-to-end encryption, ending a session', () => {
    is('Execute', 'launch_program', 'Run a program on the host.', schema({ program: { type: 'string', description: 'Path of the executable to run' } }, ['program']));
    is('Read', 'end_to_end_check', 'Verify an end-to-end encrypted token.');
    is('Read', 'end_session', 'End the browser session.');
  });
  test('ending a session and generating its output is a Write', () => {
    is('Write', 'stop_recording_session', 'End a recording session and save the script file.');
  });
  test('building an OAuth consent URL for the user to open', () => {
    is('Read', 'oauth_url', 'Generate the OAuth authorization URL for user consent.');
  });
  test('near miss: a portal link the server keeps', () => {
    is('Write', 'portal_link', 'Generate a customer portal link.');
  });
  test('testing by sending a message delivers it', () => {
    is('Write', 'test_subscription', 'Test a subscription by sending a test message.');
  });
  test('a retired tool labelled DECOMMISSIONED is read by its name', () => {
    is('Read', 'get_compliance_issues', 'DECOMMISSIONED: the compliance API was shut down. This tool always fails.');
  });
  test('near miss: decommissioning a server', () => {
    is('Destructive', 'retire_server', 'Decommission a server and wipe its disks.');
  });
  test('killing a background job the agent started', () => {
    is('Write', 'kill_bg', 'Kill a background process by name.');
    is('Write', 'stop_tracked', 'Terminate a tracked background process by PID.');
  });
  test('near miss: killing a process or a query', () => {
    is('Destructive', 'kill_pid', 'Terminate a running process by PID.');
    is('Destructive', 'kill_query', 'Kill a running query.');
  });
});
