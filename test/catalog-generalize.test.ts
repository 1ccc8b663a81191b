// The classifier's rules as classes, on definitions written for the test (none is a held-out
// server's): public market data against an account's orders, names with no verb, the money words
// of accounting, payroll and brokerage, and a description that says the call is paid for. Each
// decision's rationale names the words that decided it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyTool, type Classification, type ToolDefinition } from '../src/catalog/classify.ts';
import { objectSchema as schema } from './helpers/classify.ts';

const classify = (name: string, description = '', more: Partial<ToolDefinition> = {}): Classification =>
  classifyTool({ name, description, ...more });

describe('public market data is Read; an account\'s orders and trades are Financial', () => {
  test('order flow, a trading pair and recent public trades of a pair read market data', () => {
    for (const [name, description] of [
      ['get_order_flow', 'Get the order flow of a trading pair over a time window'],
      ['trading_pair', 'Trading pairs listed on an exchange, with their base and quote assets'],
      ['recent_trades', 'Recent public trades of a market symbol'],
      ['order_book_depth', 'Market depth of the order book for a symbol'],
    ]) {
      const c = classify(name, description);
      assert.equal(c.category, 'Read', `${name}: ${c.rationale}`);
    }
  });

  test('the account\'s own orders, trades and positions are payment records', () => {
    for (const [name, description] of [
      ['get_open_orders', 'Get your open orders on the exchange'],
      ['list_account_trades', 'List the trades of your account for a symbol'],
      ['get_positions', 'Get current positions of the brokerage account'],
    ]) {
      const c = classify(name, description);
      assert.equal(c.category, 'Financial', `${name}: ${c.rationale}`);
      assert.equal(c.risk, 'critical');
    }
  });

  test('placing a market order is still a trade (a market order is not market data)', () => {
    assert.equal(classify('place_market_order', 'Place a market order on an exchange').category, 'Financial');
  });

  test('a page element\'s position is not a trading position', () => {
    assert.equal(classify('get_element_position', 'Get the position of an element on the page').category, 'Read');
  });
});

describe('a name with no verb', () => {
  test('nouns only, nothing that changes: Read, flagged, and the rationale says why', () => {
    const c = classify('coin_ticker_panel', 'Real-time ticker data of a coin across exchanges', { inputSchema: schema({ symbol: { type: 'string' } }, ['symbol']) });
    assert.equal(c.category, 'Read', c.rationale);
    assert.ok(c.flags.includes('no-action-found'), 'still flagged for review');
    assert.equal(c.confidence, 'low');
    assert.match(c.rationale, /name made of nouns/);
    assert.match(c.rationale, /"coin ticker panel"/);
  });

  test('an unknown verb that opens the description stays a Write: "Retweet a tweet", "Frobnicate the widget"', () => {
    assert.equal(classify('x_retweet', 'Retweet a tweet by its ID').category, 'Write');
    assert.equal(classify('widget_frobnicate', 'Frobnicate the widget').category, 'Write');
  });

  test('a required content parameter, a change word or no description keeps it a Write', () => {
    assert.equal(classify('widget_payload', 'Widget payload for the dashboard', { inputSchema: schema({ content: { type: 'string' } }, ['content']) }).category, 'Write');
    assert.equal(classify('widget_sync', 'Widget state, created on demand').category, 'Write');
    assert.equal(classify('widget_state', '').category, 'Write');
  });

  test('a name of payment nouns is Financial, not a fallback read', () => {
    assert.equal(classify('wallet_info', 'Information about the payment wallet and its USDC balance').category, 'Financial');
  });
});

describe('the money words of accounting, payroll, brokerage and commerce', () => {
  test('quotes, payslips, bank statements and chargebacks are payment records', () => {
    for (const [name, description] of [
      ['list_quotes', 'List all sales quotes'],
      ['create_quote', 'Create a quote for a customer'],
      ['get_payslip', 'Get a payslip of an employee'],
      ['get_bank_statement', 'Get a bank statement for a date range'],
      ['list_chargebacks', 'List chargebacks'],
      ['authorize_payment', 'Authorize a card payment'],
      ['analyze_transactions', 'Analyze transactions of the last month'],
    ]) {
      const c = classify(name, description);
      assert.equal(c.category, 'Financial', `${name}: ${c.rationale}`);
    }
  });

  test('not money: a SQL statement, a quote tweet, a file transfer', () => {
    assert.notEqual(classify('explain_statement', 'Explain an SQL statement').category, 'Financial');
    assert.notEqual(classify('get_quote_tweets', 'Get the quote tweets of a tweet').category, 'Financial');
    assert.notEqual(classify('list_transfers', 'List file transfers of the project').category, 'Financial');
  });
});

describe('a description that says the call is paid for', () => {
  test('"paid automatically from the wallet" and "requires USDC payment" make it Financial', () => {
    const fetchPaid = classify('paid_fetch', 'Fetch a URL. If the endpoint asks for it, it will be paid automatically from the wallet.');
    assert.equal(fetchPaid.category, 'Financial', fetchPaid.rationale);
    assert.match(fetchPaid.rationale, /paid automatically from the wallet/);
    assert.equal(classify('name_register', 'Register a name. Requires USDC payment on the chain.').category, 'Financial');
  });

  test('a payment method parameter is not a payment', () => {
    assert.notEqual(classify('create_customer', 'Create a customer. Requires a payment method ID for later charges.').category, 'Financial');
  });
});

describe('from rounds 4 and 5, once measured (classes, on definitions written for the test)', () => {
  test('creating a service from a repository or an image deploys code: Execute, and says so', () => {
    const c = classify('app_create_from_git', 'Create a new app from a GitHub repository');
    assert.equal(c.category, 'Execute', c.rationale);
    assert.match(c.rationale, /"from a github"/);
    const bySchema = classify('create_app', 'Create a new app', { inputSchema: schema({ repo: { type: 'string', description: 'Repository URL to deploy from' } }, ['repo']) });
    assert.equal(bySchema.category, 'Execute', bySchema.rationale);
    assert.match(bySchema.rationale, /`repo` parameter/);
    // Updating a service's settings is not a deployment, even with a folder "to deploy from".
    assert.equal(classify('update_app', 'Update an app', { inputSchema: schema({ rootDir: { type: 'string', description: 'Folder to deploy from' } }) }).category, 'Write');
  });

  test('typing into a PTY runs what is typed; resizing it is the agent\'s own view', () => {
    assert.equal(classify('tty_input', 'Write input to a PTY session. Sends keystrokes.').category, 'Execute');
    assert.equal(classify('tty_resize', 'Resize a PTY session terminal').category, 'Read');
  });

  test('asking whether a call costs money pays nothing; a count of orders is no payment record; a trading alert is an alert', () => {
    assert.equal(classify('probe_url', 'Check if a URL requires USDC payment and get the requirements.').category, 'Read');
    assert.equal(classify('get_invoices_count', 'Get the number of invoices').category, 'Read');
    assert.equal(classify('create_alert', 'Create a new trading alert on a price').category, 'Write');
    assert.equal(classify('list_payment_gateways', 'List payment gateways').category, 'Read');
  });
});
