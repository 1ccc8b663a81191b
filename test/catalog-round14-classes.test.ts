// The classes of rules behind the misses of held-out round 14 (issue 14), each told through made-up
// definitions that share only the class (never a dataset tool's name), and the near misses from other
// domains each class must leave where they were.
import { describe, test } from 'node:test';
import { is } from './helpers/classify.ts';


describe("an account's own positions, fills and orders on a market are Financial", () => {
  test('positions beside a market or a ticker', () => {
    is('Financial', 'list_positions', 'Market-level positions for the signed-in member.');
    is('Financial', 'fetch_positions', 'Positions held in each market, with their ticker.');
  });
  test('near miss: an element, a cursor or a marker position stays put', () => {
    is('Read', 'get_element_position', 'Get the position of an element on the page.');
    is('Read', 'get_cursor_position', 'Return the cursor position in the editor.');
  });
  test('amending an order changes a trade', () => {
    is('Financial', 'amend_limit_order', "Amend a resting order's price and size.");
    is('Financial', 'order_amend', 'Amend an open order.');
  });
  test('near miss: amending a commit or a note is a Write', () => {
    is('Write', 'amend_commit', 'Amend the last commit with the staged changes.');
    is('Write', 'amend_note', 'Amend a meeting note.');
  });
  test("waiting for one's own order fill reads the account's fills", () => {
    is('Financial', 'wait_for_fill', 'Wait for your next order fill, or time out.');
  });
  test('near miss: waiting for a page or a job is a Read', () => {
    is('Read', 'wait_for_page', 'Wait for the page to finish loading.');
    is('Read', 'wait_for_job', 'Wait for a build job to finish.');
  });
});

describe("a wallet's staked tokens, payment addresses, a creator's supporters and an order's documents are Financial", () => {
  test('staked tokens of a wallet', () => {
    is('Financial', 'get_staked_tokens', 'Get the staked tokens of a Solana wallet, with unstaking amounts.');
  });
  test('near miss: a staking guide or a pool read stays put', () => {
    is('Read', 'get_staking_docs', 'Get the documentation page about staking.');
  });
  test('payment addresses (UPI VPAs) where payments arrive', () => {
    is('Financial', 'list_payment_addresses', 'List the virtual payment addresses of an account.');
    is('Financial', 'fetch_vpas', 'Fetch all VPAs with pagination.');
  });
  test('near miss: an email, shipping or IP address is no payment', () => {
    is('Read', 'list_email_addresses', 'List the email addresses of a user.');
    is('Read', 'get_shipping_address', 'Get the shipping address of a customer.');
    is('Read', 'list_ip_addresses', 'List the IP addresses of a server.');
  });
  test("a creator's supporters (payments received)", () => {
    is('Financial', 'get_supporters', 'List one-off supporters of the creator, newest first, with amounts and currency.');
  });
  test('near miss: what a tool supports, the supporters of a petition', () => {
    is('Read', 'list_formats', 'List the file formats the converter supports.');
    is('Read', 'list_petition_signers', 'List the supporters who signed a petition.');
  });
  test("an order's documents (invoices, credit notes), listed or downloaded", () => {
    is('Financial', 'list_order_documents', 'List the order documents of a sale: invoices and credit notes.');
    is('Financial', 'get_order_document', 'Fetch one order document as a PDF.');
  });
  test('near miss: documents of a project, the order of documents', () => {
    is('Read', 'list_project_documents', 'List the documents of a project.');
  });
});

describe('public market data and shop plumbing are not Financial', () => {
  test("a fee schedule's changes are public rates", () => {
    is('Read', 'list_fee_changes', 'List the fee changes of a market series.');
  });
  test('near miss: the fees an account was charged stay Financial', () => {
    is('Financial', 'list_account_fees', 'List the fees charged to my account.');
  });
  test('the public trade tape', () => {
    is('Read', 'stream_public_trades', 'Collect live public trades of a market.');
  });
  test('near miss: my own trades stay Financial', () => {
    is('Financial', 'list_my_trades', 'List my trades on the exchange account.');
  });
  test('fulfillment and work orders are work to do', () => {
    is('Read', 'list_fulfillment_orders', 'List the fulfillment orders of the shop.');
    is('Read', 'get_work_orders', 'Get the work orders of a plant.');
  });
  test('near miss: sales and purchase orders stay Financial', () => {
    is('Financial', 'list_purchase_orders', 'List the purchase orders of a company.');
    is('Financial', 'list_orders', 'List the orders of the shop.');
  });
  test('inventory transfers move stock, not money', () => {
    is('Read', 'list_inventory_transfers', 'List the inventory transfers between warehouses.');
  });
  test('near miss: bank transfers stay Financial', () => {
    is('Financial', 'list_bank_transfers', 'List the bank transfers of the account.');
  });
  test('sales channels organize selling', () => {
    is('Read', 'list_sales_channels', 'List the sales channels of the shop with their domains.');
  });
  test('near miss: a sales report stays Financial', () => {
    is('Financial', 'get_sales_report', 'Get the sales report for a month.');
  });
  test('the payment methods a shop offers are a catalog', () => {
    is('Read', 'list_checkout_methods', 'List the payment methods the shop offers at checkout.');
    is('Read', 'list_enabled_methods', 'List the enabled payment methods of the merchant.');
  });
  test("near miss: a customer's saved payment methods stay Financial", () => {
    is('Financial', 'list_customer_payment_methods', "List a customer's saved payment methods.");
  });
});

describe('a code sandbox made to run code is Execute when created', () => {
  test('creating a sandbox or VM to run code', () => {
    is('Execute', 'new_sandbox', 'Create a Linux sandbox to write code and run it.');
    is('Execute', 'create_vm', 'Create a Python VM that runs code.');
  });
  test('near miss: a plain sandbox, a sandbox project, a VM record', () => {
    is('Write', 'create_sandbox', 'Create a new cloud sandbox. Returns its ID.');
    is('Write', 'create_sandbox_account', 'Create a sandbox account for testing payments in a test environment.');
  });
});

describe('serving a website deploys it (Execute)', () => {
  test('serving a static website or site', () => {
    is('Execute', 'serve_site', 'Serve a static website from the workspace and return its URL.');
    is('Execute', 'publish_preview', 'Serve the site at a public URL.');
  });
  test('near miss: a server read, a server record created, a server validated', () => {
    is('Read', 'get_server', 'Get one server by its ID.');
    is('Read', 'validate_server', 'Validate the connection to a server.');
    is('Write', 'rename_server', 'Rename a server.');
  });
});
