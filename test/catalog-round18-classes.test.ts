// The classes of rules behind the misses of held-out round 18 (issue 14), each told through made-up definitions that
// share only the class (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot } from './helpers/classify.ts';

describe('builds, test runs, boots and deployments behind other verbs', () => {
  test('building a project, an app or a package runs its build', () => {
    is('Execute', 'compile_android', 'Build Android app.');
    is('Execute', 'make_project', 'Build the project in the current workspace.');
  });
  test('near miss: building a query or a report runs nothing', () => {
    isNot('Execute', 'query_builder', 'Build a search query from filters.');
  });
  test("testing a target or an app runs its test suite", () => {
    is('Execute', 'run_android_tests', 'Test Android target on the emulator.');
  });
  test('near miss: testing a connection stays a read', () => {
    isNot('Execute', 'check_db', 'Test the database connection.');
  });
  test('booting a simulator or an emulator starts it', () => {
    is('Execute', 'emulator_up', 'Boot Android emulator for manual testing.');
  });
  test('creating or resuming a deploy or change order runs a deployment', () => {
    is('Execute', 'continue_rollout', 'Resume host deploy order.');
  });
  test('near miss: reading a deploy order is not money', () => {
    is('Read', 'show_rollout', 'Get host deploy order details.');
  });
  test('near miss: resuming a purchase order stays money', () => {
    is('Financial', 'po_resume', 'Resume a purchase order.');
  });
  test('passing a checkpoint of a pipeline run lets the run go on', () => {
    is('Execute', 'approve_gate', 'Approve a manual checkpoint in a pipeline run.');
  });
  test('near miss: approving a pull request is a Write', () => {
    is('Write', 'approve_pr', 'Approve a pull request.');
  });
  test('starting an agent in a tmux pane starts a sub-agent process', () => {
    is('Execute', 'spawn_worker', 'Create a new agent in a tmux pane.');
  });
  test('near miss: creating an agent record on a platform stays a Write', () => {
    is('Write', 'make_bot', 'Create a new agent with a name and a system prompt.');
  });
});

describe('browser pages', () => {
  test('refreshing the page reloads it', () => {
    is('Execute', 'page_reload', 'Refresh the current page.');
  });
  test('near miss: refreshing a token is not a page load', () => {
    isNot('Execute', 'renew_token', 'Refresh the access token.');
  });
  test('initializing a browser with a URL opens the app under test', () => {
    is('Execute', 'start_web', 'Initialize a browser with a URL.');
  });
  test('near miss: initializing a connection stays plumbing', () => {
    isNot('Execute', 'db_init', 'Initialize connection to the database.');
  });
  test('moving the mouse is a read of the page', () => {
    is('Read', 'pointer_to', 'Move mouse to the given coordinates.');
  });
  test('near miss: moving files stays a Write', () => {
    isNot('Read', 'relocate', 'Move files to another folder.');
  });
});

describe('relations, members and signals', () => {
  test('deleting a relation between two records keeps both', () => {
    is('Write', 'unlink_tasks', 'Delete a relation between two tasks without deleting either task.');
  });
  test('near miss: deleting a record stays Destructive', () => {
    is('Destructive', 'drop_task', 'Delete a task.');
  });
  test('deleting a member removes a membership', () => {
    is('Write', 'kick_from_project', 'Delete a project member.');
  });
  test('near miss: deleting a user stays Destructive', () => {
    is('Destructive', 'erase_user', 'Delete a user account.');
  });
  test('sending a signal to a process may stop it', () => {
    is('Destructive', 'send_process_signal', 'Send a signal (TERM, KILL) to a running process by PID.');
  });
  test('near miss: sending a message stays a Write', () => {
    is('Write', 'notify', 'Send a message to a channel.');
  });
});
