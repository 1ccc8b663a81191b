// The classes of rules added when round 22 joined tuning (issue 14), for servers not yet seen: each class told through
// made-up definitions from other domains (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot, withSchema as schema } from './helpers/classify.ts';

describe('advice to the caller before the description', () => {
  test('leading "When using this tool ..." and "Only omit if ..." paragraphs are skipped: the next paragraph decides', () => {
    is('Execute', 'ship_bundle', 'When using this tool, always use the `fields` parameter to keep the response small.\n\nOnly omit if you need every field.\n\nPromotes a bundle build to production.');
    is('Write', 'clone_course', 'When using this tool, always pass a project id.\n\nDuplicates a course into the same workspace.');
  });
  test('near miss: advice later in the description changes nothing', () => {
    is('Read', 'list_courses', 'Lists courses.\n\nWhen using this tool, always pass a project id.');
  });
});

describe('model runs, test runs and scans, scenes run', () => {
  test('a prediction created or started is a model run (Execute)', () => {
    is('Execute', 'new_forecast_run', 'Create a prediction with the given model version and inputs.');
    is('Execute', 'start_inference', 'Start a prediction on a deployed model.');
  });
  test('near miss: predictions read or asked for stay Reads', () => {
    is('Read', 'list_forecasts', 'List predictions for the account.');
    is('Read', 'get_forecast', 'Get a prediction by its id.');
  });
  test('a tool for testing or exploring web apps, and static or dynamic security testing, run (Execute)', () => {
    is('Execute', 'qa_check', 'Main tool for testing web applications: opens a browser at the URL and walks through its flows.');
    is('Execute', 'site_explorer', 'Tool for exploring web applications and mapping their pages.');
    is('Execute', 'pentest', 'Dynamic security testing for web apps through a headless browser.');
    is('Execute', 'code_scan', 'Static security analysis of a repository. Runs SAST over the source tree.');
  });
  test('near miss: reading test results or a scan report, and a test case written, are not this', () => {
    isNot('Execute', 'get_scan_report', 'Get the report of the last security scan.');
    isNot('Execute', 'list_test_results', 'List the results of a test run.');
    is('Write', 'add_case', 'Create a test case in a suite.');
  });
  test('a scene run or launched plays it (Execute)', () => {
    is('Execute', 'run_level_scene', 'Run a scene in the engine and wait until it is playing.');
  });
  test('near miss: a scene created or saved is a Write', () => {
    isNot('Execute', 'save_level', 'Save the open scene to disk.');
  });
});

describe('memberships billed, pricing plans and checkout configurations are money', () => {
  test('a membership tied to billing, a plan or a price is a subscription (Financial)', () => {
    is('Financial', 'stop_membership', 'Cancels a membership at the end of the current billing period.');
    is('Financial', 'member_plans', 'Lists memberships.', schema({ plan_ids: { type: 'array' } }));
  });
  test('near miss: a team or group membership with no plan, price or billing stays who belongs', () => {
    is('Read', 'team_memberships', 'Lists memberships of a team.');
    isNot('Financial', 'remove_membership', 'Removes a user\'s membership in a group.');
  });
  test('a plan created with a billing period and a price sets what is charged (Financial)', () => {
    is('Financial', 'add_tier', 'Create a new plan.', schema({ name: { type: 'string' }, billing_period: { type: 'integer' }, renewal_price: { type: 'number' } }));
  });
  test('near miss: a plan with no billing period (a project plan, a floor plan) stays a Write', () => {
    is('Write', 'add_roadmap', 'Create a new plan.', schema({ name: { type: 'string' }, start_price: { type: 'number' } }));
  });
  test('a checkout configuration created or read is money, as a checkout session (Financial)', () => {
    is('Financial', 'new_checkout_config', 'Creates a new checkout configuration.');
    is('Financial', 'checkout_configs', 'Lists checkout configurations.');
  });
  test('a signed transaction broadcast or signed moves value (Financial)', () => {
    is('Financial', 'chain_submit', 'Sign and broadcast a transaction on the network.');
  });
  test('near miss: a database transaction or a message broadcast is not money', () => {
    isNot('Financial', 'db_commit', 'Sign off and commit the current database transaction.');
    isNot('Financial', 'announce', 'Broadcast a message to every channel.');
  });
});

describe('not money: marketplace listings and order messages', () => {
  test('a listing with its asking price is an offer for sale (Write)', () => {
    is('Write', 'list_for_sale', 'Create a new marketplace listing.', schema({ item_id: { type: 'integer' }, price: { type: 'number' } }, ['item_id', 'price']));
  });
  test("an order's messages are kept beside the order (Read, Write)", () => {
    is('Read', 'fetch_thread', "Get a list of an order's messages.");
    is('Write', 'post_order_note', 'Send a message for an order to the buyer.');
  });
  test('near miss: an order itself and a price itself stay money', () => {
    is('Financial', 'get_sale', 'Get an order by its id.');
    is('Financial', 'new_price', 'Create a new price for a product.', schema({ unit_amount: { type: 'integer' }, currency: { type: 'string' } }, ['unit_amount', 'currency']));
  });
});

describe('rule 9 removals and saved questions', () => {
  test('an item removed from a wantlist, a folder or a group, and a bookmark or a rating taken off, are Writes', () => {
    is('Write', 'unwant', "Delete a release from a user's wishlist.");
    is('Write', 'ungroup_user', 'Remove a user from a permission group.');
    is('Write', 'unbookmark', 'Remove a bookmark.');
    is('Write', 'unrate', "Deletes the album's rating for a given user.");
  });
  test('near miss: a file deleted from a folder, a group deleted, a record deleted are Destructive', () => {
    is('Destructive', 'rm_file', 'Delete a file from a folder.');
    is('Destructive', 'drop_group', 'Delete a permission group.');
    is('Destructive', 'drop_album', 'Delete an album.');
  });
  test('detaching one thing from another stays a Write though the description says remove ... from', () => {
    is('Write', 'detach_module', 'Removes a module from a course, hiding it from the course\'s students.');
  });
  test('a saved question, a chart or a view created with its SQL keeps the query (Write)', () => {
    is('Write', 'bi_new_chart', 'Create new question/chart', schema({ name: { type: 'string' }, sql: { type: 'string' } }, ['name', 'sql']));
    is('Write', 'mk_view', 'Create a new view in the warehouse', schema({ view_name: { type: 'string' }, select_sql: { type: 'string' } }, ['view_name', 'select_sql']));
  });
  test('near miss: SQL run, or a report created from SQL it runs, stays Execute', () => {
    is('Execute', 'bi_sql', 'Run a SQL query against the warehouse', schema({ sql: { type: 'string' } }, ['sql']));
  });
});
