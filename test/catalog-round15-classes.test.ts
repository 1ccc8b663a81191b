// The classes of rules behind the misses of held-out round 15 (issue 14), each told through made-up
// definitions that share only the class (never a dataset tool's name), and the near misses from other
// domains each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot, withSchema as schema } from './helpers/classify.ts';

describe("an account's balances, budgets and scheduled payments are Financial when read", () => {
  test('accounts read with their balances', () => {
    is('Financial', 'list_accounts', 'List the linked bank and card accounts with their current balances.');
    is('Financial', 'fetch_ledger_accounts', "Fetch the household's accounts with balances.");
  });
  test('near miss: accounts of users, storage or rate-limit balances', () => {
    is('Read', 'list_user_accounts', 'List the user accounts of the workspace with their roles.');
    is('Read', 'get_storage_accounts', 'Get storage accounts with their disk balance across regions.');
  });
  test('a budget read, or its summary, against spending', () => {
    is('Financial', 'get_budget', 'Get the monthly budget of the household.');
    is('Financial', 'list_budgets', 'List budgets with budget vs actual spending by category.');
    is('Financial', 'read_budget_summary', 'Read the budget summary for the quarter.');
  });
  test('near miss: performance, error and token budgets, budget settings, a budget mentioned aside', () => {
    is('Read', 'get_performance_budget', 'Get the performance budget of a web page.');
    is('Read', 'get_error_budget', 'Get the error budget remaining for an SLO.');
    is('Read', 'get_token_budget', 'Get the token budget of the context window.');
    isNot('Financial', 'get_budget_settings', 'Get the budget period and display settings.');
    is('Read', 'get_campaign', 'Get one campaign with its audience, schedule and budget.');
  });
  test('scheduled transactions or payments, named or glossed after the object', () => {
    is('Financial', 'list_scheduled_payments', 'List the scheduled payments of the next month.');
    is('Financial', 'get_upcoming_items', 'Get upcoming items (scheduled transactions) for a date range.');
  });
  test('near miss: scheduled tasks, and a gloss that names no money', () => {
    is('Read', 'list_scheduled_tasks', 'List the scheduled tasks of the server.');
    is('Read', 'get_recurring_events', 'Get recurring events (calendar meetings) for a date range.');
  });
});

describe('an attachment of a payment record is a file, not money', () => {
  test("a transaction's or an invoice's attachments, read or added", () => {
    is('Read', 'list_transaction_attachments', 'List the attachments of a transaction.');
    is('Read', 'get_invoice_attachment', 'Get an invoice attachment by its ID.');
    is('Write', 'add_expense_attachment', 'Add an attachment to an expense for receipt keeping.');
  });
  test('near miss: the transactions and invoices themselves stay Financial', () => {
    is('Financial', 'list_transactions', 'List the transactions of an account.');
    is('Financial', 'get_invoice', 'Get one invoice by its ID.');
  });
});

describe('a database transaction begun is not money', () => {
  test('starting or beginning a transaction', () => {
    is('Write', 'begin_tx', 'Begin a new transaction.');
    is('Write', 'start_transaction', 'Start a transaction.');
  });
  test('near miss: a payment transaction started, a transaction created, stay Financial', () => {
    is('Financial', 'start_payment', 'Start a card payment transaction on the terminal.');
    is('Financial', 'create_transaction', 'Create a new transaction.');
  });
});

describe('browser form input is a Write; waits, checks and new sessions are Read', () => {
  test('selecting an option and checking a box', () => {
    is('Write', 'page_select', 'Select an option from a dropdown.');
    is('Write', 'tick', 'Check a checkbox on the form.');
  });
  test('near miss: selecting rows from a table, checking a status or whether a box is ticked', () => {
    is('Read', 'select_rows', 'Select rows from a table.');
    is('Read', 'check_status', 'Check the status of a deployment.');
    is('Read', 'check_box_state', 'Check if a checkbox is ticked.');
  });
  test('a name that asks a yes-or-no question', () => {
    is('Read', 'element_is_visible', 'Check if an element is visible.');
    is('Read', 'file_has_changed', 'Check whether a file has changed.');
  });
  test('near miss: the verb itself still acts', () => {
    is('Write', 'enable_element', 'Enable a disabled form element.');
  });
  test('waiting for a selector, or for something to complete', () => {
    is('Read', 'wait_for_selector', 'Wait for an element to appear on the page.');
    is('Read', 'wait_for_load', 'Wait for navigation to complete.');
    is('Read', 'poll_export', 'Poll for the export to finish.');
  });
  test('near miss: a read whose purpose is a change is that change', () => {
    is('Write', 'analyze_table', 'Analyze a table to update its index statistics.');
    is('Write', 'project_updater', 'Updates a project.');
  });
  test("opening the agent's own browser session or attaching to a browser", () => {
    is('Read', 'open_session', 'Create a new isolated browser session.');
    is('Read', 'connect_chrome', 'Attach to a running browser over CDP.');
  });
  test('near miss: a chat session, a page in a wiki, a checkout session, attaching a file', () => {
    is('Write', 'create_chat_session', 'Create a new chat session for a user.');
    is('Write', 'create_wiki_page', 'Create a new page in the wiki.');
    is('Financial', 'create_checkout_session', 'Create a checkout session for the browser.');
    is('Write', 'attach_file', 'Attach a file to an issue.');
  });
  test('a PDF saved to a required path', () => {
    is('Write', 'page_pdf', 'Generate a PDF of the current page.', schema({ path: { type: 'string', description: 'File path to save the PDF' } }, ['path']));
  });
  test('near miss: a path read, a path validated', () => {
    is('Read', 'render_pdf', 'Generate a PDF of the current page.', schema({ path: { type: 'string', description: 'Path of the page to render' } }, ['path']));
    is('Read', 'check_path', 'Validate if a path is inside the allowed folders.', schema({ targetPath: { type: 'string', description: 'Target path to validate' } }, ['targetPath']));
  });
});

describe('archives extracted and writes that keep a backup are Writes', () => {
  test('extracting or decompressing an archive writes its files', () => {
    is('Write', 'unpack_archive', 'Extracts an archive file.');
    is('Write', 'decompress_tarball', 'Decompress a tarball into a folder.');
  });
  test('near miss: text extracted from a file, metadata of a zip, a string decompressed', () => {
    is('Read', 'extract_text', 'Extract text from a PDF file.');
    is('Read', 'extract_zip_metadata', 'Extract metadata from a zip archive.');
    is('Read', 'decompress_string', 'Decompress a gzip-encoded string.');
  });
  test('a whole-file write, or a replace edit, with a backup on by default', () => {
    const backup = { type: 'boolean', description: 'Back up the existing file', default: true };
    is('Write', 'save_file', 'Writes a file.', schema({ path: { type: 'string' }, content: { type: 'string' }, backup }));
    is('Write', 'edit_parts', 'Edits parts of a file.', schema({ path: { type: 'string' }, mode: { type: 'string', enum: ['replace', 'insert'], default: 'replace' }, backup }));
  });
  test('near miss: the same with the backup off stays Destructive', () => {
    const backup = { type: 'boolean', description: 'Back up the existing file', default: false };
    is('Destructive', 'save_file', 'Writes a file.', schema({ path: { type: 'string' }, content: { type: 'string' }, backup }));
    is('Destructive', 'edit_parts', 'Edits parts of a file.', schema({ path: { type: 'string' }, mode: { type: 'string', enum: ['replace', 'insert'], default: 'replace' }, backup }));
  });
});

describe('a coding agent handed a prompt to execute is Execute', () => {
  test('a prompt to execute, for an agent doing terminal and file operations', () => {
    is('Execute', 'code_agent', 'Coding agent: an assistant for code, file, git and terminal operations.', schema({ prompt: { type: 'string', description: 'The task for the agent to execute.' } }, ['prompt']));
  });
  test('near miss: a question for a docs assistant, a picture for an image agent', () => {
    isNot('Execute', 'docs_helper', 'Docs assistant: answers questions about the terminal app documentation.');
    is('Read', 'ask_docs', 'Docs assistant: answers questions about the terminal app documentation.', schema({ prompt: { type: 'string', description: 'The question to answer.' } }, ['prompt']));
  });
});

describe("positions read for an account, and a title line's offered payment methods", () => {
  test('positions or holdings read with an account parameter are the account\'s', () => {
    is('Financial', 'get_positions', 'Get current positions.', schema({ accountId: { type: 'string' } }));
    is('Financial', 'list_holdings', 'List the holdings.', schema({ account_id: { type: 'string' } }, ['account_id']));
  });
  test('near miss: an element\'s position, job positions without an account', () => {
    is('Read', 'get_element_position', 'Get the position of an element.', schema({ selector: { type: 'string' } }));
    is('Read', 'list_open_positions', 'List open job positions.', schema({ department: { type: 'string' } }));
  });
  test('a title line, then the sentence that says the methods are those enabled or offered', () => {
    is('Read', 'methods_catalog', 'List payment methods\n\nRetrieve all enabled payment methods of the profile.');
    is('Read', 'all_methods', 'List all payment methods\n\nRetrieve all payment methods the platform offers.');
  });
  test("near miss: a title line, then a customer's saved methods", () => {
    is('Financial', 'customer_methods', "List payment methods\n\nRetrieve a customer's saved payment methods.");
  });
});
