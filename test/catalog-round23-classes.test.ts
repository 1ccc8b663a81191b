// The classes of rules added when round 23 joined tuning (issue 14), for servers not yet seen: each class told through
// made-up definitions from other domains (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot, withSchema as schema } from './helpers/classify.ts';

describe('runs handed over: prompts to agents that run tools, runs among many actions, collection runs, raw requests tried', () => {
  test('a prompt or a turn handed to an agent that runs code or tools is carried out by it (Execute)', () => {
    is('Execute', 'ask_helper_bot', 'Send a prompt to a coding agent and get its answer. The agent works in a sandbox meant for untrusted code execution.');
    is('Execute', 'next_turn', 'Send a user turn to a research agent session and wait, returning its reply and a tool-use trace.');
  });
  test('near miss: a message to a chat agent that only answers stays a Write', () => {
    is('Write', 'chat_with_bot', 'Send a message to a support agent chat and get the reply text back.');
  });
  test('a tool of many actions over workflows, pipelines or jobs, one of which runs or triggers one, is Execute', () => {
    is('Execute', 'pipelines_tool', 'Manage CI pipelines.', schema({ action: { type: 'string', enum: ['list', 'trigger', 'status'] } }));
    is('Execute', 'job_runs', 'Read and start nightly job runs for a job.', schema({ action: { type: 'string', enum: ['list_runs', 'get_run', 'run'] } }, ['action']));
  });
  test('near miss: its actions only list, create and delete, or run a report, so no run', () => {
    isNot('Execute', 'pipelines_admin', 'Manage CI pipelines.');
    is('Write', 'pipelines_admin', 'Manage CI pipelines.', schema({ action: { type: 'string', enum: ['list', 'create', 'rename'] } }));
    isNot('Execute', 'report_tool', 'Manage sales reports.');
  });
  test('a collection run sends its requests and runs its tests (Execute)', () => {
    is('Execute', 'collection_round', 'Runs a request collection by ID and returns the results of its checks.');
  });
  test('near miss: a collection created or read stays a Write or a Read', () => {
    is('Write', 'new_suite', 'Create a request collection in a workspace.');
    is('Read', 'suite_info', 'Get a request collection by ID.');
  });
  test('a request tried with a method that may write or delete sends it: a raw request (Execute)', () => {
    is('Execute', 'try_endpoint', 'Test an API endpoint and return the status, headers and body.', schema({ method: { type: 'string', enum: ['GET', 'POST', 'DELETE'] }, endpoint: { type: 'string' } }, ['method', 'endpoint']));
  });
  test('near miss: a test limited to GET, or an endpoint\'s docs read, stays a Read', () => {
    is('Read', 'try_endpoint', 'Test an API endpoint and return the status, headers and body.', schema({ method: { type: 'string', enum: ['GET', 'HEAD'] }, endpoint: { type: 'string' } }, ['method', 'endpoint']));
    is('Read', 'endpoint_docs', 'Get the documentation of an API endpoint.', schema({ method: { type: 'string', enum: ['GET', 'POST'] }, path: { type: 'string' } }, ['method', 'path']));
  });
});

describe('money documents and money held: estimates, their PDFs, treasury movements, order lines, checkouts', () => {
  test('an estimate standing alone is a quote sent to a client (Financial), read, changed or sent', () => {
    is('Financial', 'fetch_bid_doc', 'Get detailed information about a specific estimate.');
    is('Financial', 'revise_bid_doc', 'Update an existing estimate.');
    is('Financial', 'mail_bid_doc', 'Send an estimate by email.');
  });
  test('near miss: an estimate of something, a cost estimate, and estimating are guesses at a figure', () => {
    isNot('Financial', 'build_time', 'Get an estimate of the build time.');
    isNot('Financial', 'ship_cost', 'Get a shipping cost estimate for a parcel.');
    isNot('Financial', 'doc_count', 'Estimate the number of documents in an index.');
  });
  test('the PDF or the QR code of an invoice or an estimate is that document (Financial)', () => {
    is('Financial', 'doc_pdf', 'Generate a PDF for a receipt.');
    is('Financial', 'doc_code', 'Get the QR code URL for a finalized invoice or document.');
  });
  test('near miss: the PDF of a page or of a delivery guide, the QR code of a network, are not money', () => {
    isNot('Financial', 'page_pdf', 'Generate a PDF for the current page.');
    isNot('Financial', 'wifi_code', 'Get the QR code for a Wi-Fi network.');
    isNot('Financial', 'waybill_pdf', 'Generate a PDF for a delivery guide.');
  });
  test('a treasury or cash movement, and a regularization of a client\'s balance, are money in the books (Financial)', () => {
    is('Financial', 'book_cash', 'Create a cash movement (deposit or withdrawal) for a client.');
    is('Financial', 'client_adjustments', 'List all regularizations for a specific client.');
  });
  test('near miss: stock movements are goods, and a model\'s regularization is no money', () => {
    isNot('Financial', 'move_stock', 'Create a stock movement between warehouses.');
    isNot('Financial', 'tune_model', 'Set the L2 regularization strength of a model.');
  });
  test("an order's item, read with its price, is a sale's line (Financial)", () => {
    is('Financial', 'sale_line', 'Get a specific order item by ID, including product, price and quantity.');
  });
  test("near miss: a market's order book stays a Read", () => {
    isNot('Financial', 'pair_ladder', 'Get the order book for a trading pair, with price levels.');
  });
  test('a tax file or a VAT return exported lists the period\'s invoices and payments (Financial)', () => {
    is('Financial', 'quarter_filing', 'Export the VAT return for a quarter.');
    is('Financial', 'audit_export', 'Export AUD-X (Audit File for Tax) for a specific month.');
  });
  test('near miss: tax rates and tax tables are price lists', () => {
    isNot('Financial', 'rate_table', 'List the tax rates of a country.');
    isNot('Financial', 'duty_table', 'Get the sales tax table for a region.');
  });
  test('a checkout read by its id, or checkouts listed, are payments under way (Financial)', () => {
    is('Financial', 'cart_page', 'Get a specific checkout by ID, including its URL and expiry.');
    is('Financial', 'cart_pages', 'List all checkouts, optionally filtered by store.');
  });
  test('near miss: abandoned checkouts are carts, and the payment methods offered at checkout a catalog', () => {
    isNot('Financial', 'lost_carts', 'List abandoned checkouts with their items.');
    isNot('Financial', 'shop_methods', 'List the payment methods the shop offers at checkout.');
  });
});

describe('what a call pays or earns: paid requests, codes redeemed, spending caps, payment links archived', () => {
  test('a request that pays for itself when the endpoint asks is Financial', () => {
    is('Financial', 'paid_get', 'HTTP request with automatic payment handling. Sends the request and only pays if the endpoint answers 402.');
  });
  test('near miss: asking whether a URL requires payment pays nothing', () => {
    isNot('Financial', 'price_probe', 'Check if a URL requires payment and return its price.');
  });
  test('a code redeemed for credits or a stablecoin pays into the account (Financial)', () => {
    is('Financial', 'claim_code', 'Redeem a promo code for free credits on the account.');
    is('Financial', 'claim_airdrop', 'Redeem a voucher code for USDC on the chain.');
  });
  test('near miss: an invite redeemed to join a workspace moves nothing', () => {
    is('Write', 'join_team', 'Redeem an invite code to join a workspace.');
  });
  test('a cap on what each call may pay, in a currency, is a spending limit (Financial)', () => {
    is('Financial', 'update_prefs', 'Update the agent preferences.', schema({ maxSpend: { type: 'number', description: 'The most USD a single call may pay.' } }));
  });
  test('near miss: a maximum count of results names no currency', () => {
    is('Write', 'update_prefs', 'Update the agent preferences.', schema({ maxAmount: { type: 'number', description: 'The most results a page returns.' } }));
  });
  test('a payment link archived or brought back stops or restarts what can be paid (Financial)', () => {
    is('Financial', 'shelve_link', 'Archive or unarchive a payment link.');
  });
  test('near miss: a project or a note archived stays a Write', () => {
    is('Write', 'shelve_project', 'Archive a project.');
  });
});

describe('destroying: a many-action tool whose only change is a delete, and contents replaced whole', () => {
  test('actions that only look, and one delete, make a Destructive tool', () => {
    is('Destructive', 'build_logs', 'Manage build logs: get, list, or delete.', schema({ action: { type: 'string', enum: ['get', 'list', 'delete'] } }));
  });
  test('near miss: a create among them, or a console cleared, is no such tool', () => {
    isNot('Destructive', 'build_logs_admin', 'Manage build logs.');
    is('Write', 'build_logs_admin', 'Manage build logs.', schema({ action: { type: 'string', enum: ['get', 'create', 'delete'] } }));
    is('Read', 'page_console', 'Get page console logs or clear the console.', schema({ action: { type: 'string', enum: ['get_logs', 'clear'] } }, ['action']));
  });
  test('the contents of a record replaced whole lose what it held (Destructive)', () => {
    is('Destructive', 'put_board', 'Replaces the contents of a board with the cards sent.');
  });
  test('near miss: one value replaced, or text matches replaced, stay Writes', () => {
    is('Write', 'retitle_board', 'Replace the title of a board.');
    isNot('Destructive', 'find_swap', 'Replace text matches in a note.');
  });
});

describe('looks and plumbing: assertions, emulated GPS, mocks removed, apps from a local file, participles, advice on when to call', () => {
  test('an assertion checks what is on screen and changes nothing (Read)', () => {
    is('Read', 'expect_label', 'Assert a label is shown on the screen.');
  });
  test('near miss: typing the expected text into a field is a Write', () => {
    is('Write', 'fill_label', 'Type text into the label field.');
  });
  test('the GPS an emulator reports, set, is an emulation (Read)', () => {
    is('Read', 'fake_position', 'Set GPS on the Android emulator.');
  });
  test("near miss: a store's location set is its record changed", () => {
    is('Write', 'store_position', "Set the store's address.");
  });
  test('a name ending in "selector" beside page elements is a CSS selector looked up, not a tool that selects', () => {
    is('Read', 'css_selector', 'Find the first page element matching a selector.');
  });
  test('near miss: a selector tool with no page elements about it still selects', () => {
    is('Write', 'region_selector', 'Select a region for the account.');
  });
  test('a mock or a stub removed lets the real answer back (Write)', () => {
    is('Write', 'remove_stub', 'Remove a specific HTTP stub rule by ID.');
  });
  test('near miss: a mock server others call, removed, is Destructive', () => {
    is('Destructive', 'drop_mock_host', 'Remove a mock server.');
  });
  test('an app installed from a local file is put on a device (Write)', () => {
    is('Write', 'sideload', 'Install an application from a local file path.');
  });
  test('near miss: an application installed on a cluster is deployed (Execute)', () => {
    is('Execute', 'cluster_install', 'Install an application on the cluster.');
  });
  test("a name's participle that the description repeats before a noun is a kind of thing, not the action", () => {
    is('Read', 'shared_folder_status', 'Get the sync state of a shared folder: idle, syncing or offline.');
  });
  test('near miss: a participle the description does not repeat as a modifier still acts', () => {
    is('Write', 'archived_notes', 'Archive the given notes.');
  });
  test('a leading "Run this tool first when ..." says when to call it; the next sentence says what it does', () => {
    is('Read', 'tool_catalog', 'IMPORTANT: Run this tool first when a tool you need is missing. Returns the tools enabled in each tool set.');
  });
  test('near miss: "use this tool to run ..." says what it does', () => {
    is('Execute', 'host_shell', 'Use this tool to run a shell command on the host.');
  });
});
