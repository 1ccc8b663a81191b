// The classes of rules behind the misses of held-out round 12 (issue 14), each told through made-up
// definitions that share only the class (never a dataset tool's name), and the near misses from other
// domains each class must leave where they were.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { is, objectSchema as schema } from './helpers/classify.ts';

const str = (description = '') => ({ type: 'string', description });

describe('starting a runnable thing (an application, a service, a database service, a server, an endpoint) runs it: Execute', () => {
  test('start, launch or run with a runnable head noun', () => {
    is('Execute', 'app_start', 'Starts an application on the platform.');
    is('Execute', 'start_service', 'Start the service so it begins serving requests.');
    is('Execute', 'redis_start', 'Starts a Redis database on the host.');
    is('Execute', 'launch_instance', 'Launch a compute instance.');
    is('Execute', 'start_worker', 'Start a background worker.');
    is('Execute', 'run_endpoint', 'Send input to a hosted inference endpoint.');
    is('Execute', 'run_sync_endpoint', 'Send input to an endpoint and wait for the output.');
  });
  test('the rationale names the deciding words', () => {
    assert.match(is('Execute', 'db_start', 'Starts a PostgreSQL database.').rationale, /database|postgresql/i);
  });
  test('near miss: starting a timer, a conversation, a recording, a trial or a database transaction runs no code', () => {
    is('Write', 'start_timer', 'Start a countdown timer.');
    is('Write', 'start_conversation', 'Start a new conversation with a contact.');
    is('Read', 'start_recording', 'Start a recording of the current page.');
    is('Write', 'start_trial', 'Start a free trial for the workspace.');
    is('Write', 'begin_transaction', 'Starts a new database transaction and returns its id.');
  });
  test('near miss: stopping, restarting and reloading a service are Writes', () => {
    is('Write', 'app_stop', 'Stops an application on the platform.');
    is('Write', 'service_restart', 'Restarts a service.');
    is('Write', 'service_reload', 'Reloads a service so it re-reads its configuration.');
    is('Write', 'reload_db_config', 'Reloads a MariaDB database configuration.');
  });
  test('near miss: reloading a page stays the browser running a page', () => {
    is('Execute', 'reload_page', 'Reload the current page in the browser.');
  });
});

describe('creating compute that starts running (a pod, a cluster of machines, a serverless endpoint, a server from an OS image): Execute', () => {
  test('pods, clusters of nodes, serverless endpoints', () => {
    is('Execute', 'create_pod', 'Create a pod on a GPU machine.');
    is('Execute', 'new_cluster', 'Create a cluster (three nodes with GPUs).');
    is('Execute', 'create_function_endpoint', 'Create a serverless endpoint for a container image.');
  });
  test('a server or an instance with an OS image parameter boots', () => {
    is('Execute', 'create_server', 'Create a cloud server.', { inputSchema: schema({ name: str(), image: str('OS image, e.g. debian-12') }, ['name']) });
    is('Execute', 'create_instance', 'Create a compute instance.', { inputSchema: schema({ os_id: str('Operating system id') }) });
  });
  test('near miss: a server from a template (a chat community), a cluster of map markers, an API endpoint definition', () => {
    is('Write', 'create_server', 'Create a chat server for a community.', { inputSchema: schema({ name: str(), template: str('Template code') }) });
    is('Write', 'create_server', 'Create a server entry in the inventory.', { inputSchema: schema({ name: str(), ip: str() }) });
    is('Write', 'create_cluster', 'Create a cluster of map markers for a region.');
    is('Write', 'create_keyword_cluster', 'Create a keyword cluster for a topic.');
    is('Write', 'create_endpoint', 'Create an API endpoint definition in the catalog.');
  });
});

describe('a job handed to a queue or an endpoint that workers run: Execute', () => {
  test('adding, submitting, enqueuing or promoting a job', () => {
    is('Execute', 'queue_add', 'Add a job to the queue with a payload.');
    is('Execute', 'submit_task_job', 'Submit a job to an inference endpoint.');
    is('Execute', 'promote', 'Promote a delayed job so it runs now.');
    is('Execute', 'retry_failed', 'Retry a failed job.');
  });
  test('near miss: a job on a job board or in hiring is a record', () => {
    is('Write', 'add_job', 'Add a job posting to the board.');
    is('Write', 'create_job_listing', 'Create a job listing for a vacancy.');
    is('Write', 'promote_job', 'Promote a job listing to featured candidates.');
  });
});

describe('dispatch, boot and spin up start what they name; enqueuing a task hands it to workers', () => {
  test('the verbs with runnable objects', () => {
    is('Execute', 'wf_dispatch', 'Dispatch a workflow run on a branch.');
    is('Execute', 'vm_boot', 'Boot a virtual machine.');
    is('Execute', 'spin_up', 'Spin up a new instance from an image.');
    is('Execute', 'enqueue_task', 'Enqueue a task for the worker pool.');
  });
  test('near miss: dispatching an order or a driver ships goods, booting a user kicks them, spinning a wheel is a game', () => {
    is('Write', 'dispatch_order', 'Dispatch an order to the courier.');
    is('Write', 'dispatch_driver', 'Dispatch a driver to the address.');
    is('Write', 'boot_user', 'Boot a user from the channel.');
    is('Write', 'spin_wheel', 'Spin the prize wheel.');
    is('Write', 'add_todo', 'Add a task to the to-do list.');
  });
});

describe('jobs handed to a cluster or a runner, machines created from an image, playbooks run: Execute', () => {
  test('the classes', () => {
    is('Execute', 'submit_batch', 'Submit a batch job to the cluster.');
    is('Execute', 'job_requeue', 'Requeue a failed job so workers pick it up again.');
    is('Execute', 'runner_start', 'Start a CI runner.');
    is('Execute', 'vm_new', 'Create a virtual machine from an image.');
    is('Execute', 'server_from_snapshot', 'Create a server from a snapshot.');
    is('Execute', 'playbook_run', 'Run an Ansible playbook against hosts.');
  });
  test('near miss: a job application, a job definition, an image made from a server, a document from a template, a playbook written', () => {
    is('Write', 'submit_application', 'Submit a job application to the employer.');
    is('Write', 'define_job', 'Create a job definition with a schedule.');
    is('Write', 'queue_later', 'Queue a job for later.');
    is('Write', 'server_image', 'Create an image from a server.');
    is('Write', 'new_doc', 'Create a document from a template.');
    is('Write', 'playbook_new', 'Create a playbook for incident response.');
  });
});

describe('rebuilding a database or a service, replacing a whole set of keys, moving items where they expire: Destructive', () => {
  test('the classes', () => {
    is('Destructive', 'db_rebuild', 'Rebuilds a Redis database from scratch.');
    is('Destructive', 'put_keys', 'Replace the authorized SSH keys of the account.');
    is('Destructive', 'dead_letter', 'Move expired messages to a dead letter queue with a TTL.');
  });
  test('near miss: rebuilding an index or a site, replacing one key, moving to a dead-letter queue that keeps them', () => {
    is('Write', 'rebuild_index', 'Rebuild the search index of a collection.');
    is('Write', 'rotate_key', 'Replace an API key with a new one.');
    is('Write', 'move_to_dlq', 'Move a message to the dead letter queue for later review.');
  });
});

describe('a cart, a provider link and a connection switch are not data lost nor money', () => {
  test('adding to, removing from and clearing a cart are Writes', () => {
    is('Write', 'cart_add', 'Add a product to the cart.');
    is('Write', 'cart_remove', 'Remove a product from the cart.');
    is('Write', 'empty_basket', 'Clear the whole basket.');
  });
  test('near miss: paying for a cart is Financial; removing a product from the catalog is Destructive', () => {
    is('Financial', 'checkout', 'Pay for the items in the cart with the saved card.');
    is('Destructive', 'remove_product', 'Remove a product from the catalog.');
  });
  test('disconnecting a provider or an account removes a link (Write); disconnecting a session is plumbing', () => {
    is('Write', 'unlink_provider', 'Disconnects a Git provider from a project.');
    is('Read', 'db_disconnect', 'Disconnect from the database.');
  });
  test('switching to another connection is the agent\'s own view; switching a network is a Write', () => {
    is('Read', 'connection_switch', 'Switch to a different connection.');
    is('Write', 'switch_network', 'Switch a server to a different network.');
  });
});

describe('accounting documents and paid deliveries: Financial', () => {
  test('sales quotations and journal entries, read or written', () => {
    is('Financial', 'quotation_new', 'Create a new Quotation for a customer.');
    is('Financial', 'quotations', 'List Quotations.');
    is('Financial', 'journal_entry_new', 'Create a new Journal Entry.');
  });
  test('submitting or cancelling a document that is an order or an invoice', () => {
    is('Financial', 'submit_doc', 'Submit a document (status Draft to Submitted). Works on Sales Invoice, Purchase Order and similar types.');
    is('Financial', 'cancel_doc', 'Cancel a submitted document. Works on Sales Order, Purchase Invoice and similar types.');
  });
  test('skipping or unskipping a paid delivery', () => {
    is('Financial', 'skip_week', 'Skip a delivery week of the meal plan.');
    is('Financial', 'unskip_week', 'Unskip a shipment that was skipped.');
  });
  test('orders, payment entries and supplier quotations; pausing or resuming a paid delivery; a cart item removed stays a Write', () => {
    is('Financial', 'so_new', 'Create a new Sales Order for a customer.');
    is('Financial', 'pay_entry_new', 'Create a Payment Entry against an invoice.');
    is('Financial', 'sq_get', 'Get a Supplier Quotation by name.');
    is('Financial', 'hold_box', 'Pause the next meal box delivery.');
    is('Financial', 'delivery_resume', 'Resume the weekly meal delivery.');
    is('Write', 'remove_item', 'Remove an item from the shopping basket.');
  });
  test('near miss: a stock quotation is market data, a paused song or job is no delivery, an item removed from a catalog is gone', () => {
    is('Read', 'get_stock_quotation', 'Get a stock quotation for a ticker symbol.');
    is('Write', 'pause_song', 'Pause the current song.');
    is('Write', 'pause_job', 'Pause a job.');
    is('Destructive', 'remove_item', 'Remove an item from the catalog.');
  });
  test('near miss: a quotation of an author, a diary journal, a document submitted for review, a skipped song', () => {
    is('Read', 'random_quotation', 'Get a random quotation from a famous author.');
    is('Write', 'journal_entry_add', 'Add a journal entry to my daily diary.');
    is('Write', 'submit_doc', 'Submit a document for review by an editor.');
    is('Write', 'skip_track', 'Skip the current song.');
  });
});
