// The classes of rules behind the misses of rounds 10 and 11 (issue 14), each told through made-up
// definitions that share only the class (never a dataset tool's name), and the near misses from other
// domains each class must leave where they were.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { serverNamespace } from '../src/catalog/classify.ts';
import { ToolRegistry } from '../src/catalog/registry.ts';
import { SqliteFingerprintStore } from '../src/catalog/sqlite-fingerprint-store.ts';
import { is, isNot, objectSchema as schema } from './helpers/classify.ts';

const str = (description = '') => ({ type: 'string', description });

describe('a prefix every tool of a server shares is its namespace, not the action', () => {
  const names = ['shell', 'shell_run', 'shell_read_file', 'shell_list_dir', 'shell_get_env', 'shell_info'];
  test('a verb shared by all names, most followed by a verb of their own, is the namespace', () => {
    assert.equal(serverNamespace(names), 'shell');
    is('Read', 'shell_read_file', 'Read a file from the sandbox.', {}, 'shell');
    is('Read', 'shell_info', 'Information about the sandbox configuration.', {}, 'shell');
    is('Execute', 'shell_run', 'Run a command in the sandbox.', {}, 'shell');
  });
  test('without the server (one tool alone) the name still opens with its verb', () => {
    is('Execute', 'shell_info', 'Information about the sandbox configuration.');
  });
  test('near miss: a shared verb that is each tool\'s only verb (get_ before every tool of a read-only server) stays the action', () => {
    assert.equal(serverNamespace(['get_price', 'get_ticker', 'get_candles', 'get_depth']), undefined);
    assert.equal(serverNamespace(['run_query', 'run_script', 'run_notebook']), undefined);
  });
  test('the gateway\'s registry classifies a listed tool with its server\'s namespace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-ns-'));
    const registry = new ToolRegistry(new SqliteFingerprintStore(dir), { trustChanges: () => true, refreshMs: 60_000 });
    try {
      registry.observe('sandbox', names.map((name) => ({ name, description: name === 'shell_read_file' ? 'Read a file from the sandbox.' : 'A sandbox tool.' })));
      assert.equal(registry.get('sandbox', 'shell_read_file')?.classification.category, 'Read');
      assert.equal(registry.get('sandbox', 'shell_run')?.classification.category, 'Execute');
    } finally {
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('near miss: a shared noun (acme_) is no verb, and fewer than three tools say nothing', () => {
    assert.equal(serverNamespace(['acme_get_user', 'acme_delete_user', 'acme_list_users']), undefined);
    assert.equal(serverNamespace(['exec_read', 'exec_write']), undefined);
  });
});

describe('launching or starting a machine runs its system: Execute', () => {
  test('starting a VM, powering on a machine, running a pod, starting a Compose project', () => {
    is('Execute', 'vm_start', 'Start a stopped virtual machine.');
    is('Execute', 'power_on_server', 'Power on a machine by its ID.');
    is('Execute', 'pod_launch', 'Run a pod in the namespace with the given container image.');
    is('Execute', 'start_stack', 'Starts the services of a Docker Compose project on the host.');
  });
  test('creating or setting up a machine from an image or a template', () => {
    is('Execute', 'create_vm', 'Create a new virtual machine.', { inputSchema: schema({ name: str(), image_id: str('Image to install') }, ['name', 'image_id']) });
    is('Execute', 'setup_machine', 'Set up a new machine.', { inputSchema: schema({ template_id: str() }, ['template_id']) });
  });
  test('creating an app from a spec, deploying a function with its code, pulling images to recreate containers', () => {
    is('Execute', 'apps_new', 'Creates an app from a spec that names its source repository.');
    is('Execute', 'put_function', 'Create or update a function in a serverless namespace.', { inputSchema: schema({ name: str(), code: str('The source') }, ['name']) });
    is('Execute', 'stack_refresh', 'Refreshes a stack by pulling the latest images and recreating containers from them.');
  });
  test('an agent that drives a browser or a computer', () => {
    is('Execute', 'computer_use_agent', 'A model that completes tasks in a remote browser on its own.', { inputSchema: schema({ task: str() }, ['task']) });
  });
  test('near misses: a machine stopped or restarted is a Write; a machine created with no image is a Write; a database function defined by SQL is a Write', () => {
    is('Write', 'vm_stop', 'Stop a running virtual machine.');
    is('Write', 'restart_machine', 'Restart a machine.');
    is('Write', 'create_vm_tag', 'Create a tag for virtual machines.', { inputSchema: schema({ name: str() }, ['name']) });
    is('Write', 'create_function', 'Create a function in the database.', { inputSchema: schema({ name: str(), definition: str('SQL body') }, ['name', 'definition']) });
    is('Write', 'create_scheduled_event', 'Create a scheduled event to execute SQL every night.', { inputSchema: schema({ name: str(), sql: str() }, ['name', 'sql']) });
  });
  test('near miss: "machine" as a modifier (machine learning, machine translation) is no machine', () => {
    isNot('Execute', 'mt_run', 'Run machine translation on a text.');
    isNot('Destructive', 'model_rebuild', 'Rebuild the machine learning model.');
  });
  test('near miss: "power" as a noun or in maths is no verb', () => {
    is('Read', 'power', 'Computes a number raised to a power.', { inputSchema: schema({ base: { type: 'number' }, exponent: { type: 'number' } }, ['base', 'exponent']) });
    is('Read', 'get_power_usage', 'Get the power usage of a device.');
  });
});

describe('switching a machine off or keeping a copy of it is a Write, not a Read', () => {
  test('power off, power cycle, shutdown', () => {
    is('Write', 'power_off_node', 'Power off a node.');
    is('Write', 'node_power_cycle', 'Power cycle a machine.');
    is('Write', 'shutdown_nodes', 'Shutdown all nodes with a tag.');
  });
  test('a snapshot of a machine or a volume, an image converted into a snapshot, a pull request converted to a draft', () => {
    is('Write', 'take_volume_snapshot', 'Take a snapshot of a volume.');
    is('Write', 'image_convert', 'Convert a backup image to a snapshot.');
    is('Write', 'to_draft', 'Convert a merge request to draft.');
  });
  test('near misses: a page snapshot reads; converting data or an image file returns it', () => {
    is('Read', 'page_snapshot', 'Take a snapshot of the current page.');
    is('Read', 'convert_units', 'Convert a value to another unit.');
    is('Read', 'convert_image', 'Convert an image to PNG.');
  });
});

describe('rebuilding a machine, restoring a saved copy over it, replacing a whole set: Destructive', () => {
  test('rebuild, restore, replace all', () => {
    is('Destructive', 'rebuild_server', 'Rebuild a machine from an image.');
    is('Destructive', 'volume_restore', 'Restore a volume from a snapshot.');
    is('Destructive', 'db_restore', 'Restore a backup to the database.');
    is('Destructive', 'set_acl', 'Replaces all access rules of a policy with the given ones.');
    is('Destructive', 'recover', 'Recover the instance. All data on the disk will be overwritten with the image.');
  });
  test('a file written whole, with no way to append', () => {
    is('Destructive', 'put_file', 'Write content to a file.', { inputSchema: schema({ path: str(), content: str() }, ['path', 'content']) });
  });
  test('near misses: rebuilding an index or an image, restoring a deleted item, replacing text or links, a file appended to', () => {
    is('Write', 'rebuild_index', 'Rebuild the search index.');
    is('Execute', 'rebuild_image', 'Rebuild a container image from its Dockerfile.');
    is('Write', 'restore_item', 'Restore a deleted item from the trash.');
    is('Write', 'replace_text', 'Replace all occurrences of a string in a document.');
    is('Write', 'set_links', 'Replace all links on a ticket.');
    is('Write', 'write_log', 'Write content to a file.', { inputSchema: schema({ path: str(), content: str(), append: { type: 'boolean' } }, ['path', 'content']) });
    is('Write', 'write_note', 'Write a note to the notebook.');
  });
  test('near miss: a hedge every tool of a server carries ("may be irreversible") decides nothing', () => {
    is('Write', 'reaction_delete', 'Remove an emoji reaction from a comment. It changes remote data and may be irreversible.');
  });
});

describe('ledgers, splits, commissions, checkouts, renewals and billing history are payment records: Financial', () => {
  test('a store\'s credit ledger: accounts, credit and debit entries, freezing one', () => {
    is('Financial', 'ledger_accounts', 'List customer credit accounts.');
    is('Financial', 'ledger_entries', 'List the credit and debit history of an account.');
    is('Financial', 'lock_ledger_account', 'Freeze an account to block new transactions.');
  });
  test('revenue splits, commissions, a checkout session, MRR, billing history, auto-renewal', () => {
    is('Financial', 'new_split', 'Create a revenue split for a product.');
    is('Financial', 'partner_commissions', 'List the commissions of a partner.');
    is('Financial', 'get_checkout', 'Retrieve a checkout session by ID.');
    is('Financial', 'store_totals', 'Retrieve store totals including revenue and MRR.');
    is('Financial', 'invoices_past', 'List billing history.');
    is('Financial', 'renewal_off', 'Disable auto-renewal for a subscription.');
  });
  test('a title line, then the sentence that names the payment record', () => {
    is('Financial', 'stats', 'Get stats\n\nGet totals of your orders and subscriptions.');
  });
  test('near misses: usage credits, an abandoned checkout, a billing address, a string split, a certificate renewal, a frozen row', () => {
    is('Read', 'credit_balance', 'Get the API credit usage balance of the account.');
    is('Read', 'abandoned_carts', 'List abandoned checkouts.');
    is('Read', 'get_billing_address', 'Get the billing address of the user.');
    is('Read', 'split_text', 'Returns a text split into sentences.');
    is('Write', 'cert_renewal_off', 'Disable auto-renewal for a certificate.');
    is('Write', 'freeze_row', 'Freeze the first row of a sheet.');
    is('Read', 'title_only', 'Screen a prompt\n\nEvaluate a prompt against the content policy.');
  });
});

describe('git and database housekeeping are Writes', () => {
  test('unstaging, removing a remote, stashing, listing or creating branches', () => {
    is('Write', 'vcs_unstage', 'Removes a file from the staging area.');
    is('Write', 'remote_remove', 'Removes a remote from the git repository.');
    is('Write', 'vcs_stash', 'Stashes the current changes.');
    is('Write', 'vcs_branches', 'Lists all branches or creates a new branch.');
  });
  test('optimizing or flushing tables, resetting to a default value, a link made, a webhook tested, events ingested', () => {
    is('Write', 'tune_table', 'Optimize tables to reclaim space.');
    is('Write', 'tables_flush', 'Flush tables to disk.');
    is('Write', 'reset_dns_name', 'Reset the host name to its default value.');
    is('Write', 'portal_link', 'Generate a customer portal link.');
    is('Write', 'hook_check', 'Test a webhook by sending it a sample event.');
    is('Write', 'send_events', 'Ingest usage events.');
  });
  test('near misses: deleting a remote repository or a file, flushing a cache, killing a query, a prompt optimized, code repaired, a slug generated, a plumbing list', () => {
    is('Destructive', 'repo_delete', 'Delete a remote repository.');
    is('Destructive', 'remove_upload', 'Remove a file from the server.');
    is('Destructive', 'flush_cache_all', 'Flush the whole cache.');
    is('Destructive', 'stop_query', 'Kill a running query or connection.');
    is('Read', 'prompt_tune', 'Optimize a prompt for clarity.');
    is('Read', 'fix_sql', 'Repair a SQL query and suggest a fix.');
    is('Read', 'slugify', 'Generate a URL slug from a title.');
    is('Read', 'tabs', 'List, create, close, or select a browser tab.');
    is('Read', 'users_and_comments', 'Lists issues and comments of a project.');
    is('Destructive', 'docs_remove', 'Remove documents from the search index.');
    is('Read', 'file_link', 'Generate a presigned download URL for a file.');
    is('Read', 'end_browser', 'Kill the browser process.');
  });
});
