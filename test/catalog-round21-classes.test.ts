// The classes of rules added when round 21 joined tuning (issue 14), for servers not yet seen: each class told through
// made-up definitions from other domains (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot, withSchema as schema } from './helpers/classify.ts';

describe('runs, background tasks and workflows triggered, replayed or queued', () => {
  test('a task triggered, dispatched or run, and a run replayed or retried, set it running (Execute)', () => {
    is('Execute', 'fire_task', 'Trigger a task in the current environment with a JSON payload.');
    is('Execute', 'worker_dispatch', 'Dispatch a task to the worker pool.');
    is('Execute', 'replay_execution', 'Replay a run with the same payload.');
    is('Execute', 'retry_wf', 'Retry a failed workflow.');
  });
  test('a workflow or a build enqueued runs when a worker takes it (Execute)', () => {
    is('Execute', 'enqueue_render', 'Enqueue a workflow on the render farm.');
    is('Execute', 'ci_queue', 'Queue a build for the main branch.');
  });
  test('near miss: a to-do task started, an event or a notification replayed, a task created, are not this', () => {
    isNot('Execute', 'start_todo', 'Start a task: mark it as in progress on the board.');
    is('Write', 'replay_event', 'Replay a webhook event to its subscriber.');
    is('Write', 'replay_alert', 'Replay a notification to the channel.');
    is('Write', 'new_todo', 'Create a task in a project.');
  });
});

describe('studios, editors and CLIs opened or driven; processing run; migrations applied', () => {
  test('opening a studio, an editor or an IDE launches an app (Execute)', () => {
    is('Execute', 'db_studio', 'Open the database studio to browse tables in a local web UI.');
    is('Execute', 'level_editor', 'Open the level editor for the current game project.');
  });
  test('driving a CLI or an editor runs its commands (Execute)', () => {
    is('Execute', 'gcloud_passthrough', 'Drive the gcloud-cli for the selected project.');
    is('Execute', 'ide_control', 'Drive the editor: run or stop the project, reload scripts.');
  });
  test('running processing, said after an adverb, starts it (Execute)', () => {
    is('Execute', 'ingest_inbox', 'Manually run inbox processing for one mailbox.');
  });
  test('migrating a database, a schema or in dev mode applies migrations (Execute)', () => {
    is('Execute', 'schema_migrate_dev', 'Migrate dev: create and apply migrations to the development database.');
    is('Execute', 'db_migrate', 'Migrate the database to the latest version.');
  });
  test('near miss: a file opened in an editor, a car driven, data migrated to another model, a report on processing', () => {
    is('Read', 'open_file', 'Open a file to read its contents.');
    isNot('Execute', 'fleet_drive', 'Drive the delivery route for a vehicle.');
    is('Write', 'move_listings', 'Migrate listings to the inventory model.');
    is('Read', 'processing_stats', 'Get processing statistics for the last day.');
  });
});

describe('an order\'s sub-records are not money; refund claims, store credit and discounts are', () => {
  test('a memo, a label, a receiver, the buyer or an option of an order changes nothing paid (Write/Read)', () => {
    is('Write', 'add_sale_memo', 'Create a memo for a specific order.');
    is('Write', 'edit_ship_to', 'Update the receivers of an order.');
    is('Read', 'get_sale_buyer', 'Retrieve the buyer information for an order.');
    is('Write', 'tag_line_item', 'Add labels to an order item.');
  });
  test('a cancellation or a return request, settled by a refund, is a payment record (Financial)', () => {
    is('Financial', 'claims_new', 'Create cancellation requests for a customer.');
    is('Financial', 'rma_get', 'Retrieve a return request by its claim code.');
    is('Financial', 'rma_reject', 'Reject a return request with a reason.');
  });
  test('store credit listed and points or credits reports are money held (Financial)', () => {
    is('Financial', 'store_credit_list', 'Retrieve a list of credits of the shop.');
    is('Financial', 'loyalty_summary', 'Retrieve a summary report of points for a period.');
  });
  test('a record whose kind may be a discount, and a variant\'s described price, set what is charged (Financial)', () => {
    is('Financial', 'new_perk', 'Create a new perk', schema({ perk_name: { type: 'string' }, perk_type: { type: 'string', enum: ['D', 'G'], description: 'Type of perk (D: discount, G: gift)' } }));
    is('Financial', 'edit_variant', 'Update a product variant.', schema({ variant_id: { type: 'string' }, extra_amount: { type: 'number', description: 'Additional price for the variant' } }, ['variant_id']));
  });
  test('near miss: an order placed, a cancellation policy, credits among a profile\'s fields, a benefit of access', () => {
    is('Financial', 'place_order', 'Place an order for the items in the cart.');
    isNot('Financial', 'get_cancellation_policy', 'Retrieve the cancellation policy settings of the shop.');
    is('Read', 'profile_get', 'Get the user profile with name, plan, credits and email.');
    is('Write', 'grant_access', 'Create a new benefit', schema({ benefit_name: { type: 'string' }, benefit_type: { type: 'string', enum: ['license', 'download'], description: 'Type of benefit: license key or file download' } }));
  });
});

describe('markers and listings taken off a record, lesser actions, advice and record numbers', () => {
  test('a tag, an icon or a decoration image deleted from a product, or a product removed from a category, is a Write', () => {
    is('Write', 'item_tag_delete', 'Delete a specific tag from a product.');
    is('Write', 'remove_listing_badge', 'Remove a badge from a listing.');
    is('Write', 'uncategorize', 'Remove a product from a category.');
  });
  test('an override removed brings back what it hid (Write)', () => {
    is('Write', 'unset_flag_override', 'Remove the flag override for a user, reverting to the default rule.');
  });
  test('a warning in a multi-action tool\'s later action does not outrank its main action', () => {
    is('Write', 'pack_manager', 'Install and update plugin packs. Driven by the `action` parameter:\n- action:"install" — Install a pack by id.\n- action:"remove" — Uninstall a pack. IRREVERSIBLE.');
  });
  test('"you can run shell commands" is advice to the caller, and a script number names a script', () => {
    is('Write', 'rotate_signing_key', 'Rotate the signing key of an endpoint. Prefer the CLI whenever you can run shell commands.');
    is('Read', 'get_storefront_script', 'Retrieve a storefront script tag by its number.', schema({ script_no: { type: 'string' } }, ['script_no']));
  });
  test('near miss: a tag deleted, a record deleted from a collection, a single-action warning, a script run', () => {
    is('Destructive', 'tag_delete', 'Delete a tag from the workspace.');
    is('Destructive', 'rm_doc', 'Delete a record from a collection.');
    is('Destructive', 'drop_rule', 'Delete a routing rule.');
    is('Destructive', 'overwrite_save', 'Save the file, overwriting any existing file. Driven by the `action` parameter:\n- action:"save" — Save it. OVERWRITES the file.\n- action:"lock" — Lock it.');
    is('Execute', 'run_script', 'Run a script on the host.', schema({ script: { type: 'string' } }, ['script']));
  });
});
