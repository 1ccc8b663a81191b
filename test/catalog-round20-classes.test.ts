// The classes of rules added when round 20 joined tuning (issue 14), for servers not yet seen: each class told through
// made-up definitions from other domains (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot } from './helpers/classify.ts';

const schema = (props: Record<string, string>, required: string[] = Object.keys(props)) => ({
  inputSchema: { type: 'object', properties: Object.fromEntries(Object.entries(props).map(([k, t]) => [k, { type: t }])), required },
});

describe('a debugger running the program on', () => {
  test('stepping over, into or out of code runs the debuggee to its next stop (Execute)', () => {
    is('Execute', 'dbg_next', 'Step over the next statement in the paused thread.');
    is('Execute', 'dbg_in', 'Steps into the function call on the current line.');
    is('Execute', 'dbg_finish', 'Step out of the current frame and stop in the caller.');
    is('Execute', 'dbg_over', 'Step over.');
  });
  test('continuing or resuming execution, restarting the debuggee and hot-swapping code run it on', () => {
    is('Execute', 'go', 'Continue execution until the next breakpoint is hit.');
    is('Execute', 'dbg_resume', 'Resume the paused program.');
    is('Execute', 'dbg_relaunch', 'Restart the debuggee with the same launch arguments.');
    is('Execute', 'jvm_redefine', 'Hot-swap recompiled modules into a running Erlang node.');
  });
  test('attaching or detaching the debugger and opening a debug session are session plumbing (Read)', () => {
    is('Read', 'hook_pid', 'Attach to a running process by PID for debugging.');
    is('Read', 'unhook', 'Detach from the debugged program and let it run.');
    is('Read', 'open_dbg', 'Create a new debug session for a Python script.');
  });
  test('breakpoints removed or cleared are the session\'s own, added back at will (Write)', () => {
    is('Write', 'bp_remove', 'Remove a breakpoint at a file and line.');
    is('Write', 'bp_clear', 'Clear all watchpoints of a source file.');
  });
  test('near miss: a workflow resumed, a guide stepped through, a process attached to a group are not this', () => {
    isNot('Execute', 'resume_flow', 'Resume a paused approval flow.');
    is('Read', 'walkthrough', 'Step through the onboarding guide one page at a time.');
    isNot('Read', 'attach_file', 'Attach a file to a support ticket.');
    is('Write', 'new_chat_session', 'Create a new chat session for the support bot.');
  });
});

describe('jobs handed to a batch system, machines and load created running, scanners run', () => {
  test('submitting a job to a mainframe, an HPC scheduler or "to run" hands it to what runs it (Execute)', () => {
    is('Execute', 'hpc_submit_job', 'Submit a job script to the Slurm cluster.');
    is('Execute', 'submit_job', 'Submit a batch job to run overnight.');
    is('Execute', 'jes_submit', 'Submit a job from a JCL library member.');
  });
  test('creating a scale set of machines boots them; a load-test run created starts sending load', () => {
    is('Execute', 'create_vm_pool', 'Create a virtual machine scale set with three instances.');
    is('Execute', 'start_perf_run', 'Create a stress test run for the checkout endpoint.');
  });
  test('running a CLI tool or a scanner runs it (Execute)', () => {
    is('Execute', 'security_scan', 'Runs the Trivy scanner over the container image.');
    is('Execute', 'lint_cli', 'Run the project linter CLI on the repository.');
  });
  test('near miss: a job application submitted, a test run record in a test plan, a scale setting updated, a scan read', () => {
    isNot('Execute', 'submit_application', 'Submit a job application to the posting.');
    is('Write', 'new_cron_job', 'Create a job in the scheduler.');
    is('Write', 'add_test_run', 'Create a test run in a test plan.');
    is('Write', 'set_autoscale', 'Update the scale settings of a web app.');
    is('Read', 'get_scan_results', 'Get the findings of the last security scan.');
  });
});

describe('payment rails, finance reports, orders closed and prices changed as money', () => {
  test('PIX, boleto, SEPA, ACH and UPI payments, billings and a withdrawal are money (Financial)', () => {
    is('Financial', 'new_boleto', 'Generate a boleto for a customer.', schema({ amount: 'number' }));
    is('Financial', 'list_billings', 'List all billings of the account.');
    is('Financial', 'get_sepa_status', 'Get the status of a SEPA direct debit.');
    is('Financial', 'create_withdraw', 'Create a withdraw to the merchant bank account.', schema({ amount: 'number' }));
    is('Financial', 'upi_collect', 'Create a UPI collect request.', schema({ vpa: 'string', amount: 'number' }));
  });
  test('simulating a payment marks a charge paid (Financial)', () => {
    is('Financial', 'sandbox_simulate_payment', 'Simulate the payment of a charge in test mode.');
  });
  test('a finance report sums what the account was paid (Financial)', () => {
    is('Financial', 'get_finance_report', 'Get the monthly finance report of the store.');
  });
  test('closing or reopening an order and a variant updated with its price change money records (Financial)', () => {
    is('Financial', 'order_close', 'Close a customer order once shipped.');
    is('Financial', 'order_reopen', 'Reopen a closed order.');
    is('Financial', 'edit_sku', 'Update a SKU of a product.', schema({ sku_id: 'string', price: 'number', stock: 'number' }, ['sku_id']));
  });
  test('near miss: finance news, a work order or a ticket closed, a product\'s fields, a simulated query stay what they were', () => {
    is('Read', 'finance_headlines', 'Get the latest finance news headlines.');
    is('Write', 'close_work_order', 'Close a work order once the repair is done.');
    is('Write', 'close_ticket', 'Close a support ticket.');
    is('Write', 'edit_product', 'Update a product of the catalog.', schema({ product_id: 'string', title: 'string' }, ['product_id']));
    is('Read', 'simulate_query', 'Simulate a research query.');
  });
});

describe('the agent\'s own browser and device', () => {
  test('the agent\'s own browser\'s console cleared, viewport set or browser restarted are plumbing (Read)', () => {
    is('Read', 'console_clear', 'Clear the console logs collected from the page.');
    is('Read', 'browser_viewport', 'Set the viewport to 1280 by 720 pixels.');
    is('Read', 'webkit_restart', 'Restart WebKit with a fresh profile.');
  });
  test('a device\'s orientation or its GPS location set is emulation (Read)', () => {
    is('Read', 'set_device_orientation', 'Set the orientation of the emulator to landscape.');
    is('Read', 'sim_set_location', 'Override the GPS location of the simulator.');
  });
  test('near miss: a store\'s location set, a terminal console wiped, a service restarted stay Writes', () => {
    is('Write', 'set_store_location', 'Set the location of a store.');
    is('Write', 'clear_console', 'Clear the terminal console.');
    isNot('Read', 'restart_service', 'Restart the payment service.');
  });
});

describe('reviews, instructions and testers', () => {
  test('running a code review returns findings (Read); instructions returned are a Read', () => {
    is('Read', 'ai_review', 'Run a code review on the staged changes.');
    is('Read', 'install_helper', 'Provide installation instructions for the Terraform CLI.');
    is('Read', 'get_upgrade_guidance', 'Get guidance for upgrading the cluster to the next version.');
  });
  test('removing a tester from a group takes a membership away (Write)', () => {
    is('Write', 'remove_beta_tester', 'Remove a tester from the beta program group.');
  });
  test('near miss: running code is Execute; an install that prints a guide after stays a Write', () => {
    is('Execute', 'run_snippet', 'Run a code snippet in the sandbox.');
    isNot('Read', 'install_package', 'Install a package and then show its usage guide.');
  });
});
