// The classes of rules behind the misses of held-out round 17 (issue 14), each told through made-up definitions that
// share only the class (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot } from './helpers/classify.ts';

describe('a query, a migration or a page gesture behind another verb', () => {
  test("exporting a saved query's results runs the query", () => {
    is('Execute', 'export_question_results', "Export a saved question's query results as CSV.");
  });
  test('near miss: exporting logs or a finished job stays a read', () => {
    is('Read', 'export_audit_logs', 'Export the audit logs of the workspace as JSON.');
  });
  test("merging or rebasing a database branch runs its migrations", () => {
    is('Execute', 'merge_db_branch', 'Merges migrations from a preview branch into the main database.');
    is('Execute', 'rebase_preview', 'Rebases a preview branch on main. This will run any pending migrations from main on it.');
  });
  test('near miss: a Git merge or rebase with no migration', () => {
    isNot('Execute', 'merge_pull_request', 'Merge a pull request into its base branch.');
  });
  test('an action on the page (a click, typing) is a gesture', () => {
    is('Write', 'page_act', 'Perform one action on the page (e.g. click a button).');
  });
  test('near miss: running a workflow action stays Execute', () => {
    is('Execute', 'run_action', 'Run an action of a CI workflow.');
  });
});

describe('money figures, and reference data that is not money', () => {
  test('an expense report is a claim for money spent', () => {
    is('Financial', 'employee_expense_reports', 'Lists the expense reports of an employee.');
  });
  test('near miss: a report of notifications, an expense default', () => {
    isNot('Financial', 'get_notification_reports', 'Get the notification reports of the week.');
    isNot('Financial', 'expenses_defaults', 'Returns the defaults used to fill in an expense form.');
  });
  test('a report or simulation glossed by margin or revenue', () => {
    is('Financial', 'project_simulation', "Get the financial simulation (margin, revenue, costs) of a project.");
    is('Financial', 'reporting_clients', 'Reporting of clients (revenue, margin, activity).');
  });
  test("near miss: an opportunity's forecast, a report of activity", () => {
    isNot('Financial', 'opportunity_simulation', 'Get the simulation (margin, costs) of an opportunity.');
    isNot('Financial', 'reporting_staff', 'Reporting of staff (occupancy, activity).');
  });
  test('a display order is an arrangement, not a purchase order', () => {
    is('Write', 'reorder_columns', 'Change the display order of columns in a view.');
    is('Financial', 'update_order', 'Update the shipping address of an order.');
  });
  test("a card of a table or a query is no payment card", () => {
    isNot('Financial', 'get_card_fields', "Get the fields of a card's query table.");
  });
});

describe('links, relations, favourites and caches', () => {
  test('deleting a public or sharing link revokes a URL others hold', () => {
    is('Destructive', 'delete_report_public_link', 'Remove the public sharing link of a report.');
  });
  test('near miss: deleting a reaction stays an association', () => {
    is('Write', 'delete_reaction', 'Delete a reaction from a comment.');
  });
  test('removing an item from a dashboard or from favourites keeps the item', () => {
    is('Write', 'remove_chart_from_dashboard', 'Remove a chart from a dashboard.');
    is('Write', 'unstar_board', 'Remove a board from favourites.');
  });
  test('near miss: removing a file stays Destructive', () => {
    is('Destructive', 'remove_file', 'Remove a file from the disk.');
  });
  test('connecting and disconnecting related records are Writes; deleting relations between records too', () => {
    is('Write', 'link_entries', 'Connects related entries to a relation field.');
    is('Write', 'unlink_entries', 'Disconnects related entries from a relation field.');
    is('Write', 'delete_product_relations', 'Delete product relations by product ID.');
  });
  test("near miss: a knowledge graph's relations are its data; connecting to a database is plumbing", () => {
    is('Destructive', 'delete_relations', 'Delete multiple relations from the knowledge graph.');
    is('Read', 'connect_db', 'Connect to a database.');
  });
  test("request interception in the agent's own browser is plumbing", () => {
    is('Read', 'set_interception', 'Enable request interception for a tab.');
  });
  test('near miss: enabling request logging on a gateway stays a Write', () => {
    is('Write', 'enable_logging', 'Enable request logging for an API gateway.');
  });
  test('derived transformations of stored assets are new assets', () => {
    is('Write', 'make_derivatives', 'Generate derived transformations for existing assets.');
  });
  test('near miss: generated text stays a read', () => {
    is('Read', 'generate_summary', 'Generate a summary of a document.');
  });
  test('discarding a cache (in the name or the lead clause) is a Write', () => {
    is('Write', 'discard_column_values', 'Discard cached column values for a view.');
  });
  test('near miss: discarding a draft stays Destructive', () => {
    is('Destructive', 'discard_draft', 'Discard a draft of a post.');
  });
  test("'create or reuse' a browser session is plumbing", () => {
    is('Read', 'session_create', 'Create or reuse a remote browser session and set it as active.');
  });
  test('near miss: creating a checkout session stays money', () => {
    is('Financial', 'create_checkout_session', 'Create a checkout session for a customer.');
  });
  test('a gloss that says what the call updates makes it a Write', () => {
    is('Write', 'rescan_values', 'Rescan distinct values of a column (updates filter suggestions).');
  });
  test('near miss: a gloss of what is returned leaves a read', () => {
    is('Read', 'scan_values', 'Scan distinct values of a column (returns a list).');
  });
});

describe('accented words are whole words', () => {
  test('"connecté" is not the verb connect, and an opening "À" is a letter', () => {
    is('Read', 'app_current_user', "Récupère les informations de l'utilisateur actuellement connecté (profil, permissions).");
    is('Read', 'guide_candidates', "À partir d'une mission, la liste ordonnée des appels à faire.");
  });
  test('near miss: an unknown English imperative stays a Write; an English verb in the name still decides', () => {
    is('Write', 'frobnicate_widget', 'Frobnicate the widget.');
    is('Destructive', 'records_delete', "Supprime définitivement l'enregistrement.");
  });
});

describe('a tool that asks the user to confirm', () => {
  test('asking the user to confirm a cost is a question put, not a change', () => {
    is('Read', 'confirm_terms', 'Ask the user to confirm their understanding of the terms of a new workspace. Returns an ID to pass on.');
  });
  test('near miss: confirming a booking stays a Write', () => {
    is('Write', 'confirm_booking', 'Confirm a pending booking for a guest.');
  });
});
