// The classes of rules added when round 18 was tuned on again (issue 14), for servers not yet seen: each class told through
// made-up definitions from other domains (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot } from './helpers/classify.ts';

describe('refusing, denying and exploring', () => {
  test('refusing or denying something is a Write, as rejecting it', () => {
    is('Write', 'deny_access_request', 'Deny a pending access request.');
    is('Write', 'refuse_invitation', 'Refuse a workspace invitation.');
    is('Write', 'refuse_deploy_gate', 'Refuse a manual approval gate in a release pipeline.');
  });
  test('near miss: a deny list read stays a read', () => {
    is('Read', 'get_denylist', 'Get the IP deny list of the firewall.');
  });
  test('exploring looks around, as browsing', () => {
    is('Read', 'explore_schema', 'Explore the tables and columns of a database.');
    is('Read', 'explore_site', 'Explore a web page in detail, discovering its links and forms.');
  });
  test('near miss: exploring and deleting still deletes', () => {
    isNot('Read', 'prune_files', 'Explore a folder and delete files older than a week.');
  });
});

describe('fetches, refreshes and syncs started', () => {
  test('triggering a fetch, a refresh or a resync pulls fresh data into the service (a Write)', () => {
    is('Write', 'trigger_bank_fetch', 'Trigger a fetch of the latest data from the bank connection.');
    is('Write', 'start_feed_refresh', 'Start a refresh of the product feed from the supplier.');
  });
  test('a balance refresh moves no money', () => {
    is('Write', 'refresh_wallet', 'Trigger a balance refresh for a linked brokerage account.');
  });
  test('near miss: triggering a build runs it, triggering a payout pays', () => {
    is('Execute', 'trigger_build', 'Trigger a build of the main branch.');
    is('Financial', 'trigger_payout', 'Trigger a payout to the connected account.');
  });
});

describe('asking a model', () => {
  test('running inference or sending a completion request to a model is a Read', () => {
    is('Read', 'llm_infer', 'Run inference on a hosted language model.');
    is('Read', 'ask_model', 'Send a chat completion request to the configured model.');
    is('Read', 'embed_text', 'Create embeddings for a list of sentences.');
  });
  test('near miss: sending a chat message reaches people (a Write)', () => {
    is('Write', 'post_chat', 'Send a chat message to a channel.');
  });
  test('near miss: a batch prediction job runs, an inference endpoint deployed runs', () => {
    is('Execute', 'batch_predict', 'Run a batch prediction job on the cluster.');
    is('Execute', 'ship_model', 'Deploy an inference endpoint for the model.');
  });
});

describe("the agent's own browser", () => {
  test('setting its user agent or stealth mode is how it presents itself (a Read, as emulating)', () => {
    is('Read', 'browser_user_agent', 'Set a custom user agent for the browser page.');
    is('Read', 'toggle_stealth', 'Enable or disable stealth mode for headless browsing.');
  });
  test('near miss: a user agent or a mode with no browser stays a Write', () => {
    is('Write', 'maintenance_mode', 'Enable maintenance mode for the site.');
    is('Write', 'assign_support_agent', 'Set the support agent for a user ticket.');
  });
  test('resetting or restarting its browser or its browser session is plumbing', () => {
    is('Read', 'browser_reset', 'Reset the browser (close it and open a fresh one).');
    is('Read', 'restart_browser', 'Restart the headless browser.');
    is('Read', 'reset_context', 'Reset the browser context and clear its cookies.');
  });
  test('near miss: resetting a database destroys, restarting a server is a Write, a chat session reset is a Write', () => {
    is('Destructive', 'reset_db', 'Reset the database to an empty state.');
    is('Write', 'restart_server', 'Restart the application server.');
    is('Write', 'reset_chat_session', 'Reset the chat session.');
  });
  test('executing gestures on a page is clicking and typing (a Write)', () => {
    is('Write', 'page_do', 'Execute browser actions on page elements by their index.');
  });
  test('near miss: executing a workflow of CI actions runs it', () => {
    is('Execute', 'ci_exec', 'Execute a GitHub Actions workflow on a branch.');
  });
  test('a setup that goes on "and navigate to" the app opens it in the browser', () => {
    is('Execute', 'session_setup', 'Initialize the test session and navigate to the application under test.');
  });
  test('near miss: a setup that writes a config file is a Write', () => {
    is('Write', 'project_setup', 'Initialize the project and write a default config file.');
  });
  test('recording a video of the screen is a look, as a screencast', () => {
    is('Read', 'record_screen', 'Record the screen of the emulator.');
    is('Read', 'capture_video', 'Record a video of the browser page.');
  });
  test('near miss: recording a payment or a time entry', () => {
    is('Financial', 'record_payment', 'Record a payment against an invoice.');
    is('Write', 'record_time', 'Record a time entry on a task.');
  });
});

describe('sessions, reports and commands named by the head noun', () => {
  test("starting a session is the agent's own plumbing, whatever modifies it", () => {
    is('Read', 'start_shell_session', 'Start an interactive shell session on the host and return its id.');
    is('Read', 'begin_debug_session', 'Begin a new code debugging session.');
  });
  test('near miss: a checkout session is a payment under way; a script started runs', () => {
    is('Financial', 'start_checkout', 'Start a checkout session for the cart.');
    is('Execute', 'start_script', 'Start a Python script on the worker.');
  });
  test('running or executing a report (a query report) reads it back', () => {
    is('Read', 'exec_sales_report', 'Execute a saved query report with filters.');
    is('Read', 'run_cost_analysis', 'Run a SQL analysis of slow tables.');
  });
  test('near miss: executing the query itself runs it', () => {
    is('Execute', 'exec_report_query', 'Execute the report query against the warehouse.');
  });
  test('a tool that generates the text of a command runs nothing, whatever its name says', () => {
    is('Read', 'restore_volume', 'Generate the command for restoring a volume from a backup.');
    is('Read', 'deploy_stack', 'Build the CLI command that deploys the stack.');
  });
  test('near miss: generating and running the command runs it; a dump created is a Write', () => {
    is('Execute', 'backup_now', 'Generate and run the backup command.');
    is('Write', 'create_dump', 'Create a dump of the database in the backups folder.');
  });
});

describe('associations and settings taken away', () => {
  test('deleting a reviewer or an assignee takes a person off a record (a Write)', () => {
    is('Write', 'mr_delete_reviewer', 'Delete a reviewer from a merge request.');
    is('Write', 'card_delete_assignee', 'Delete an assignee of a card.');
  });
  test('near miss: deleting a user or a label deletes it', () => {
    is('Destructive', 'delete_user', 'Delete a user account.');
    is('Destructive', 'delete_label', 'Delete a label from the repository.');
  });
  test('removing an exposed port takes an association away (a Write)', () => {
    is('Write', 'container_remove_port', 'Remove an exposed port from a container.');
  });
  test('near miss: deleting a network port resource deletes it', () => {
    is('Destructive', 'delete_network_port', 'Delete a network port.');
  });
  test('clearing defaults or a setting unsets it (a Write)', () => {
    is('Write', 'clear_defaults', 'Clear the saved defaults for the current profile.');
    is('Write', 'cli_clear_setting', 'Clear the default region setting.');
  });
  test('near miss: clearing data or a table destroys it', () => {
    is('Destructive', 'clear_table', 'Clear all rows of a table.');
  });
});

describe('participles and approvals', () => {
  test('a description opening with a past participle before a noun describes records, not an action', () => {
    is('Read', 'maintenance_history', 'Scheduled/historical maintenance windows by region.');
    isNot('Destructive', 'trash_items', 'Deleted files in the trash, with their sizes and dates.');
  });
  test('near miss: a description opening with the verb itself acts', () => {
    is('Write', 'plan_post', 'Schedules a post for later.');
    is('Destructive', 'bin_purge', 'Delete files in the trash.');
  });
  test('a name opening with a participle before a noun takes the verb after them', () => {
    is('Read', 'archived_projects_list', 'Projects archived last year, with their owners.');
    is('Read', 'deleted_messages_get', '');
  });
  test('near miss: a participle that is the name\'s only verb keeps its reading', () => {
    is('Write', 'mark_as_archived', 'Marks a project archived.');
  });
  test('approving a deployment or a workflow run that waits lets it run', () => {
    is('Execute', 'env_approve', 'Approve or reject a pending production deployment.');
    is('Execute', 'approve_run', 'Approve a pending workflow run from a fork.');
  });
  test('near miss: approving a pull request or an expense report is no run', () => {
    is('Write', 'approve_pr', 'Approve a pull request.');
    isNot('Execute', 'approve_report', 'Approve an expense report.');
  });
  test('executing a search reads, as running one', () => {
    is('Read', 'exec_search', 'Execute a search over the indexed logs.');
  });
});
