// The classes of rules added when round 19 joined tuning (issue 14), for servers not yet seen: each class told through
// made-up definitions from other domains (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot } from './helpers/classify.ts';

const schema = (props: Record<string, string>, required: string[] = Object.keys(props)) => ({
  inputSchema: { type: 'object', properties: Object.fromEntries(Object.entries(props).map(([k, t]) => [k, { type: t }])), required },
});

describe('running a project, a game, an editor, a playtest or a benchmark', () => {
  test('running or launching a project, a game or its editor starts it (Execute)', () => {
    is('Execute', 'run_scene', 'Run the Unity project and capture the player log.');
    is('Execute', 'open_ide', 'Launch the level editor for a given project folder.');
    is('Execute', 'play_level', 'Start the game in windowed mode.');
  });
  test('starting a playtest or running benchmarks runs the code or the model under test', () => {
    is('Execute', 'begin_session_test', 'Start playtest with two clients and capture the output.');
    is('Execute', 'bench_model', 'Run latency benchmarks on a deployed model.');
    is('Execute', 'db_bench', 'Run performance benchmarks against the staging database.');
  });
  test('near miss: a project created, a project report run and a benchmark result read stay what they were', () => {
    is('Write', 'new_workspace_project', 'Create a new project in the workspace.');
    is('Read', 'get_benchmark_results', 'Get the results of the last benchmark.');
    is('Read', 'project_report', 'Run a project status report.');
  });
});

describe('training a model and orchestrating work', () => {
  test('training, retraining or fine-tuning a model runs a training job (Execute)', () => {
    is('Execute', 'train_classifier', 'Train a text classifier on the uploaded dataset.');
    is('Execute', 'retrain', 'Retrain the recommendation model with last week\'s events.');
    is('Execute', 'cluster_learning', 'Start distributed model training across the GPU pool.');
  });
  test('orchestrating a task across agents sets them running', () => {
    is('Execute', 'pipeline_orchestrate', 'Orchestrate a multi-step data task across worker agents.');
  });
  test('near miss: a training run\'s status or its history is looked at', () => {
    is('Read', 'model_training_status', 'Check status of a training job.');
    is('Read', 'indexing_progress', 'Show how far the search index build has got.');
  });
});

describe('sandboxes made to run code, devices booted, SQL dumps imported', () => {
  test('creating a code execution sandbox starts a machine that runs code (Execute)', () => {
    is('Execute', 'new_workspace_vm', 'Create a code execution sandbox with Python preinstalled.');
  });
  test('booting a device starts its system, whatever follows the "when" or "then"', () => {
    is('Execute', 'device_up', 'Boot the test phone when needed, then install the build.');
  });
  test('importing a SQL file or dump into a database runs its statements (Execute)', () => {
    is('Execute', 'restore_dump', 'Import a SQL dump into the Postgres database.');
    is('Execute', 'run_sql_import', 'Import SQL script into the reporting database.');
  });
  test('near miss: a CSV or rows imported into a table stay a Write; a sandbox named for files stays a Write', () => {
    is('Write', 'import_csv', 'Import a CSV file into a table.');
    is('Write', 'import_rows', 'Import data into a table from an array of row objects.');
    is('Write', 'create_storage_sandbox', 'Create a sandbox folder for shared files.');
  });
});

describe('paid work posted', () => {
  test('posting a task, a competition or a contest with a pay, prize or bounty amount commits money (Financial)', () => {
    is('Financial', 'publish_gig', 'Post a gig for freelancers to translate a document.', schema({ title: 'string', reward_usd: 'number' }));
    is('Financial', 'open_contest', 'Open a design contest; the best entry wins.', schema({ brief: 'string', prize_amount: 'number' }));
    is('Financial', 'hire_crowd', 'Ask human workers to label 200 images.', schema({ instructions: 'string', budget_usd: 'number' }));
  });
  test('near miss: a to-do task with an estimate or a points budget, or a task without pay, stays a Write', () => {
    is('Write', 'create_todo', 'Create a task in the project.', schema({ title: 'string', estimate_hours: 'number' }));
    is('Write', 'add_story', 'Add a task to the sprint.', schema({ title: 'string', budget: 'number' }));
  });
});

describe('an ad campaign switched on or off, ad sets with their budget', () => {
  test('pausing, resuming, launching or ending a campaign starts or stops its ad spend (Financial)', () => {
    is('Financial', 'campaign_pause', '');
    is('Financial', 'campaign_resume', 'Resume a paused campaign on the ads platform.');
    is('Financial', 'end_promo_campaign', 'End the campaign and stop its promoted listings.');
  });
  test('creating an ad set or an ad group with its own budget commits ad spend', () => {
    is('Financial', 'new_adset', 'Create an ad set in a campaign.', schema({ campaign_id: 'string', daily_budget: 'number' }));
  });
  test('near miss: an email or newsletter campaign paused spends nothing; an ad group with bids only stays a Write', () => {
    is('Write', 'pause_email_campaign', 'Pause an email campaign before it is sent.');
    is('Write', 'newsletter_pause', 'Pause the newsletter campaign for the holidays.');
    is('Write', 'create_ad_group', 'Create an ad group in a campaign.', schema({ campaign_id: 'string', request: 'object' }));
  });
});

describe('paid tiers and automatic refills', () => {
  test('upgrading or downgrading a tier or a plan changes what the account is charged (Financial)', () => {
    is('Financial', 'account_upgrade', 'Upgrade the account plan.');
    is('Financial', 'change_membership', 'Downgrade the team membership tier.');
  });
  test('configuring an automatic refill or top-up of credits commits to spending', () => {
    is('Financial', 'auto_topup', 'Configure automatic top-up of prepaid credits.');
    is('Financial', 'set_refill', 'Enable auto-refill of the API credit balance.');
  });
  test('near miss: a storage tier or a Helm chart upgraded is not a plan; a refill status read stays a read', () => {
    isNot('Financial', 'upgrade_chart', 'Upgrade a Helm chart release.');
    isNot('Financial', 'change_storage', 'Upgrade the storage tier of a volume.');
    is('Read', 'get_refill_settings', 'Get the auto-refill settings of the coffee machine.');
  });
});

describe('raw requests to a money API', () => {
  test('a raw GET, POST, PUT or PATCH on an accounting, invoicing or billing API is Financial', () => {
    is('Financial', 'books_api_get', 'Bookkeeping API GET - service: accounting/invoice/payroll.', schema({ path: 'string' }));
    is('Financial', 'billing_request', 'Send a POST request to the billing API at the given path.', schema({ path: 'string', body: 'object' }));
  });
  test('near miss: a raw request to a code host\'s or a CMS\'s API stays where it was', () => {
    isNot('Financial', 'forge_api_get', 'API GET - service: repos/issues/pulls.');
    isNot('Financial', 'cms_post', 'Send a POST request to the CMS API.');
  });
});

describe('overwriting a whole source', () => {
  test('replacing the entire source, content or file overwrites it (Destructive)', () => {
    is('Destructive', 'put_template_body', 'Replace entire template body with the given HTML.');
    is('Destructive', 'write_macro', 'Replace the whole macro source with new code.');
  });
  test('near miss: replacing text in a file or lines of a script is an edit', () => {
    is('Write', 'replace_text', 'Replace text in a file.');
    is('Write', 'replace_lines', 'Replace lines 3 to 5 of a script.');
  });
});

describe('the agent\'s own focus, live feeds and simulated input', () => {
  test('setting, moving or removing the focus of an element is a look at the agent\'s own page (Read)', () => {
    is('Read', 'focus_field', 'Set focus on the search field of the form.');
    is('Read', 'unfocus_widget', 'Remove focus from a text input.');
  });
  test('near miss: removing a focus area of a project, or setting focus time, is not this', () => {
    isNot('Read', 'remove_focus_area', 'Remove a focus area from the quarterly plan.');
  });
  test('subscribing to or unsubscribing from a live feed listens to it (Read)', () => {
    is('Read', 'watch_orders', 'Subscribe to real-time order book changes.');
    is('Read', 'stop_listening', 'Unsubscribe from the live log stream.');
  });
  test('near miss: subscribing a contact to a newsletter or a user to a list stays a Write', () => {
    is('Write', 'subscribe_contact', 'Subscribe a contact to the newsletter list.');
    isNot('Read', 'add_subscriber', 'Subscribe to the live webinar as a user with an email.');
  });
  test('simulating mouse, keyboard or touch input sends it to the app (Write)', () => {
    is('Write', 'fake_click', 'Simulate a mouse click at a point of the game window.');
    is('Write', 'send_keys_sim', 'Simulate keyboard input in the emulator.');
  });
  test('near miss: a simulated query or scenario stays a Read', () => {
    is('Read', 'simulate_query', 'Simulate a research query and return sample results.');
  });
});

describe('work items out of a plan, apps put on a device', () => {
  test('removing an issue, a story or a task from a cycle, a sprint or a milestone keeps it (Write)', () => {
    is('Write', 'sprint_remove_story', 'Remove a story from the sprint.');
    is('Write', 'unplan_ticket', 'Remove a ticket from a milestone.');
  });
  test('near miss: removing an issue from the project, or deleting a sprint, removes it', () => {
    is('Destructive', 'delete_sprint', 'Delete a sprint and its settings.');
    is('Destructive', 'purge_issue', 'Remove an issue from the project permanently.');
  });
  test('installing an app on a simulator, a device or from an app bundle puts it there (Write)', () => {
    is('Write', 'sim_install', 'Install an app on the Android emulator.');
    is('Write', 'push_ipa', 'Install an app bundle on a test iPhone.');
  });
  test('near miss: installing an app on a cluster, or a Helm chart, deploys it', () => {
    is('Execute', 'install_app_cluster', 'Install an application on the Kubernetes cluster.');
    is('Execute', 'chart_release_install', 'Install a Helm chart release.');
  });
});

describe('a read that offers an in-place change', () => {
  test('"read X, or replace/dismiss/press/set it" makes the change when asked (Write)', () => {
    is('Write', 'notes_field', 'Read the note text of a contact, or replace its contents with new text.');
    is('Write', 'cookie_banner', 'Inspect, accept, or dismiss the cookie banner of the page.');
    is('Write', 'volume', 'Get the speaker volume or set the volume level.');
  });
  test('near miss: a tab selected or an item published as an alternative, or "or" between nouns, stay where they were', () => {
    is('Read', 'tabs', 'List, create, close, or select a browser tab.');
    is('Read', 'get_labels', 'Get a tag or label by its name.');
  });
});
