// The classes of rules behind the misses of held-out round 13 (issue 14), each told through made-up
// definitions that share only the class (never a dataset tool's name), in several word orders and
// cases, and the near misses from other domains each class must leave where they were.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { is, objectSchema as schema } from './helpers/classify.ts';

const str = (description = '') => ({ type: 'string', description });

describe('value moved from a wallet is Financial', () => {
  test('transferring, sending or bridging tokens, coins, NFTs and ERC-20/721/1155 tokens', () => {
    is('Financial', 'send_tokens', 'Send ERC-20 tokens from your wallet to a recipient address.');
    is('Financial', 'sendCrypto', 'Sends cryptocurrency to another wallet.');
    is('Financial', 'tokenTransfer', 'Transfer SPL tokens to a Solana address.');
    is('Financial', 'transfer_coins', 'Transfer coins to another account on chain.');
    is('Financial', 'nft_send', 'Send an NFT from the connected wallet.');
    is('Financial', 'move_native_token', 'Move native tokens to an address.');
    is('Financial', 'transfer_erc721', 'Transfer an ERC-721 token to a new holder.');
    is('Financial', 'bridge_assets', 'Bridge USDC from one chain to another.');
    is('Financial', 'withdraw_from_vault', 'Withdraw tokens from a DeFi vault.');
  });
  test('the rationale names the asset', () => {
    assert.match(is('Financial', 'gift_nft', 'Transfer an NFT to a friend.').rationale, /nft/i);
  });
  test('approving, raising or revoking a token allowance commits the wallet to spending', () => {
    is('Financial', 'set_allowance', 'Set the allowance of a spender for an ERC20 token.');
    is('Financial', 'revoke_token_approval', 'Revoke a spender allowance for tokens.');
    is('Financial', 'increaseAllowance', 'Increase the amount of tokens a spender may spend.');
    is('Financial', 'approve_spend', 'Approve a router to spend your tokens.', { inputSchema: schema({ spender: str('Spender address'), amount: str() }) });
  });
  test('a signed, state-changing call into a smart contract is a transaction from the wallet', () => {
    is('Financial', 'contract_write', 'Write to a smart contract by calling a state-changing function.');
    is('Financial', 'execute_contract', 'Execute a signed transaction against a smart contract.');
    is('Financial', 'send_transaction', 'Sign and send a transaction from the wallet.');
  });
  test('paying out, funding or releasing a bounty or escrow; accepting an applicant for paid work', () => {
    is('Financial', 'bounty_complete', 'Complete a bounty and rate the work.');
    is('Financial', 'pay_bounty', 'Pay out a bounty to the hunter who solved it.');
    is('Financial', 'fund_escrow', 'Fund the escrow of a job.');
    is('Financial', 'release_escrow', 'Release escrowed funds to the freelancer.');
    is('Financial', 'accept_bounty_applicant', 'Accept an application to a bounty.');
    is('Financial', 'accept_proposal', 'Accept a freelancer proposal for a paid job.');
  });
  test('DeFi: liquidity added or removed, staking rewards claimed, a coin wrapped', () => {
    is('Financial', 'add_liquidity', 'Add liquidity to a DEX pool with two tokens.');
    is('Financial', 'liquidity_remove', 'Remove liquidity from a pool and receive the tokens.');
    is('Financial', 'claim_rewards', 'Claim staking rewards to your wallet.');
    is('Financial', 'wrapNative', 'Wrap ETH into WETH.');
  });
  test('near miss: a course badge, wrapped text, a pool read', () => {
    is('Write', 'claim_reward_badge', 'Claim a reward badge for completing a course.');
    is('Read', 'wrap_text', 'Wrap text at a given width.');
    is('Read', 'get_pool_liquidity', 'Get the liquidity of a pool.');
  });
  test('near miss: a file, a domain or ownership moves no money', () => {
    is('Write', 'transfer_file', 'Transfer a file to another server.');
    is('Write', 'transfer_domain', 'Transfer a domain to another registrar.');
    is('Write', 'transfer_ownership', 'Transfer ownership of a repository to another user.');
    is('Write', 'transfer_contract_ownership', 'Transfer ownership of the token contract to a new admin.');
  });
  test('near miss: an API or access token is not a crypto asset', () => {
    is('Write', 'send_api_token', 'Send the API token to the configured webhook.');
    is('Write', 'update_token', 'Update an access token name and scopes.');
    is('Write', 'move_token', 'Move an auth token to another project.');
  });
  test('near miss: approving a pull request, a view call, a contract document, an applicant with no pay, a lock, a funding rate', () => {
    is('Write', 'approve_pull_request', 'Approve a pull request.');
    is('Read', 'call_view', 'Call a read-only function of a smart contract.');
    is('Read', 'read_contract', 'Read a view function from a smart contract.');
    is('Write', 'draft_contract', 'Write a contract for a new client.');
    is('Write', 'hire_applicant', 'Accept an applicant for a job posting.');
    is('Write', 'release_lock', 'Release a lock held on a resource.');
    is('Read', 'funding_rate', 'Funding rate for a perpetual market.');
    is('Write', 'bridge_interfaces', 'Bridge two network interfaces on the host.');
  });
});

describe('powering on or booting a server, enabling a scheduled task, running what was made: Execute', () => {
  test('power on in any word order, case or inflection, and turn on', () => {
    is('Execute', 'server_power_on', 'Power on the server.');
    is('Execute', 'powerOnServer', 'Powers on a cloud server by ID.');
    is('Execute', 'vm_poweron_action', 'Turn on a virtual machine.');
    is('Execute', 'instance_start_power', 'Powering on an instance.');
    is('Execute', 'boot_instance', 'Boot a stopped instance.');
  });
  test('near miss: powering off is a Write; power in mathematics reads', () => {
    is('Write', 'power_off_server', 'Power off a server.');
    is('Read', 'calculate_power', 'Calculate the power of a number.');
    is('Read', 'matrix_power', 'Raise a matrix to a power.');
  });
  test('enabling a scheduled task or a cron job lets it run by itself', () => {
    is('Execute', 'enable_cron_job', 'Enable a cron job.');
    is('Execute', 'enableSchedule', 'Enables a scheduled task so it runs every hour.');
    is('Execute', 'task_enable', 'Enables a task so that it runs on its schedule.');
    is('Execute', 'activate_crontab', 'Activate a crontab entry.');
  });
  test('running a scheduled task now, or triggering a schedule', () => {
    is('Execute', 'run_task_now', 'Run a scheduled task immediately.');
    is('Execute', 'schedule_trigger', 'Trigger a cron schedule to run now.');
  });
  test('near miss: starting a to-do task', () => {
    is('Write', 'start_task', 'Start a task on the to-do board.');
  });
  test('near miss: enabling a feature flag, a task list or backups runs nothing now', () => {
    is('Write', 'enable_feature_flag', 'Enable a feature flag for an environment.');
    is('Write', 'enable_task_list', 'Enable a task list for a project.');
    is('Write', 'disable_task', 'Disables a task so it no longer runs on its schedule.');
  });
  test('a manager of serverless functions whose actions invoke or deploy', () => {
    const actions = (choices: string[]) => ({ inputSchema: schema({ action: { type: 'string', enum: choices }, name: str() }, ['action']) });
    is('Execute', 'fn_manage', 'Manage serverless functions.', actions(['createFunction', 'updateCode', 'invokeFunction', 'deleteFunction']));
    is('Execute', 'manageLambdas', 'Manage lambda functions.', actions(['create', 'deploy', 'remove']));
    is('Write', 'manage_fns', 'Manage serverless functions.', actions(['create', 'list', 'rename']));
  });
  test('making and running in one call: "X and run/execute"', () => {
    is('Execute', 'generate_tests_and_run', 'Generate and run tests against the local app.');
    is('Execute', 'build_and_run_tests', 'Build the project and run its tests.');
    is('Execute', 'create_and_run_test', 'Create and run a test suite against the app.');
  });
  test('near miss: "configure and evaluate" thresholds runs nothing', () => {
    is('Write', 'thresholds_setup', 'Configures and evaluates alert thresholds.');
  });
  test('opening a page in the user\'s browser', () => {
    is('Execute', 'open_results', 'Open an interactive web dashboard to review results.');
    is('Execute', 'show_in_browser', 'Open the report in the user default browser.');
  });
  test('near miss: opening a file or an issue', () => {
    is('Read', 'open_file', 'Open a file to read it.');
    is('Write', 'open_issue', 'Open an issue on the repository.');
  });
});

describe('resets, detachments and field replacements that lose nothing are Writes', () => {
  test('a hard reset of a machine is a power cycle', () => {
    is('Write', 'hard_reset_vm', 'Hard reset a virtual machine.');
    is('Write', 'instance_reset', 'Resets an instance (power cycle).');
  });
  test('near miss: a factory reset or a database reset wipes', () => {
    is('Destructive', 'factory_reset_server', 'Reset a server to its factory image, wiping its disk.');
    is('Destructive', 'reset_database', 'Reset a database to empty.');
  });
  test('removing one resource from another detaches it; a link between two things is an association', () => {
    is('Write', 'detach_target', 'Remove a target from a target group of a load balancer.');
    is('Write', 'remove_server_from_network', 'Remove a server from a private network.');
    is('Write', 'removeFirewallFromServer', 'Remove a firewall from a server.');
    is('Write', 'edge_remove', 'Remove a connection between two nodes.');
    is('Write', 'remove_relationship', 'Remove a relationship between two entities.');
  });
  test('near miss: a file from a folder or a document from a collection is gone', () => {
    is('Destructive', 'remove_file_from_folder', 'Remove a file from a folder.');
    is('Destructive', 'remove_document_from_collection', 'Remove a document from a collection.');
    is('Destructive', 'delete_graph_relations', 'Delete relations from the knowledge graph.');
  });
  test('a field replaced whole on update, and statistics reset, are Writes', () => {
    is('Write', 'update_access_token', 'Update an API token. Scopes completely replace existing ones.');
    is('Write', 'reset_stats', 'Reset the query statistics of a database.');
    is('Write', 'stats-reset', 'Resets the collected statistics.');
  });
});

describe('writes that replace what was there by default are Destructive', () => {
  test('a file write whose append flag is off unless set', () => {
    is('Destructive', 'files_write', 'Write content to one or more files.', { inputSchema: schema({ path: str(), content: str(), append: { type: 'boolean', default: false } }) });
  });
  test('near miss: appending by default, or refusing to overwrite', () => {
    is('Write', 'file_write_append', 'Write content to a file.', { inputSchema: schema({ path: str(), content: str(), append: { type: 'boolean', default: true } }) });
    is('Write', 'new_file_write', 'Write content to a new file.', { inputSchema: schema({ path: str(), content: str(), overwrite: { type: 'boolean', default: false } }) });
  });
  test('setting or replacing all rules of a set', () => {
    is('Destructive', 'put_group_rules', 'Set the rules of a security group, replacing all existing rules.');
    is('Destructive', 'acl_rules_set', 'Set rules on an access list (overwrites all rules).');
  });
  test('near miss: all occurrences of a string, all labels, all settings', () => {
    is('Write', 'replace_text', 'Replace all occurrences of a string in a file.');
    is('Write', 'set_labels', 'Set labels on an issue (replaces all labels).');
    is('Write', 'set_env', 'Set environment variables, replacing all current settings.');
  });
});
