// The classes of rules added when round 24 joined tuning (issue 14), for servers not yet seen: each class told through
// made-up definitions from other domains (never a dataset tool's name), and the near misses each class must leave where they were.
import { describe, test } from 'node:test';
import { is, isNot, withSchema as schema } from './helpers/classify.ts';

describe('many actions, labeled by the riskiest: apps launched, deploys, releases through an app store', () => {
  test('a tool of many actions over apps whose choices launch one (by name, or glossed "launch activity") is Execute', () => {
    is('Execute', 'kiosk_apps', 'Kiosk app control: launch, stop, list.', schema({ action: { type: 'string', enum: ['launch', 'stop', 'list'] } }, ['action']));
    is('Execute', 'screen_router', 'Screen routing engine. open: launch activity with a payload. screens: list known screens.', schema({ action: { type: 'string', enum: ['open', 'screens'] } }, ['action']));
  });
  test('near miss: apps only listed, installed or stopped, and a newsletter launched, are no app launched', () => {
    isNot('Execute', 'kiosk_apps', 'Kiosk app control: launch, stop, list.');
    is('Write', 'manage_kiosk_apps', 'Manage kiosk apps: install, stop, list.', schema({ action: { type: 'string', enum: ['install', 'stop', 'list'] } }, ['action']));
    is('Write', 'newsletter_runs', 'Manage newsletter campaigns.', schema({ action: { type: 'string', enum: ['launch', 'list'] } }, ['action']));
  });
  test('hostile: among thousands of choices in a long description, the one glossed as launching is still found, and none glossed finds none', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `pane_${i}`);
    const filler = 'Screen routing engine with many panes. '.repeat(2000);
    is('Execute', 'screen_router', `${filler} pane_4321: launch activity with a payload.`, schema({ action: { type: 'string', enum: many } }, ['action']));
    isNot('Execute', 'screen_router', `${filler} pane_4321: show the pane.`, schema({ action: { type: 'string', enum: many } }, ['action']));
  });
  test('a watch app\'s activity or ability launched starts its code (Execute)', () => {
    is('Execute', 'open_watch_screen', 'Launch a watch app activity with extras.');
  });
  test('near miss: a workout activity started is logged, not launched', () => {
    isNot('Execute', 'log_workout', 'Start an activity for a morning run.');
  });
  test('a tool of many actions one of whose choices deploys is Execute, described or not', () => {
    is('Execute', 'site_releases', '', schema({ operation: { type: 'string', enum: ['list', 'get', 'deploy'] } }, ['operation']));
  });
  test('near miss: its choices only list, get or cancel', () => {
    isNot('Execute', 'site_releases', '');
    is('Write', 'site_releases', '', schema({ operation: { type: 'string', enum: ['list', 'get', 'cancel'] } }, ['operation']));
  });
  test('a tool of many actions over an app store whose choices promote or submit a release is a deploy (Execute)', () => {
    is('Execute', 'tv_listing', 'App store management for the TV app: upload a build, then promote it to a track.', schema({ action: { type: 'string', enum: ['upload', 'promote', 'list_tracks'] } }, ['action']));
  });
  test('near miss: a blog that publishes names no app store', () => {
    is('Write', 'manage_blog_posts', 'Manage blog posts: draft, publish, list.', schema({ action: { type: 'string', enum: ['draft', 'publish', 'list'] } }, ['action']));
  });
});

describe("the user's browser, and what is fetched and kept", () => {
  test("a page opened in the user's browser, or the browser opened to sign in, is Execute (rule 3)", () => {
    is('Execute', 'show_console', 'Opens the billing console (https://console.example.test/home) in your default browser.');
    is('Execute', 'grid_sign_on', 'Sign in to the test grid (opens browser, waits for a token, keeps it).');
  });
  test('near miss: a saved report opened and read back stays a Read', () => {
    is('Read', 'report_open', 'Opens the saved report and returns its rows.');
  });
  test('content fetched and persisted in a knowledge base or an index is stored (Write)', () => {
    is('Write', 'grab_docs', 'Downloads a page, persists it in a searchable knowledge base and returns a preview.');
  });
  test('near miss: a search of the knowledge base stores nothing', () => {
    is('Read', 'kb_lookup', 'Searches the knowledge base and returns matching chunks.');
  });
  test('a cache warmed is filled ahead of time (Write)', () => {
    is('Write', 'shop_cache_warm', 'Pre-warm cache with essential storefront data.');
  });
  test('near miss: a warm standby\'s status read stays a Read', () => {
    is('Read', 'standby_state', "Get the warm standby replica's status.");
  });
  test("a port-forward the server opened, removed, is session plumbing (Read)", () => {
    is('Read', 'tunnel_close', 'Remove the port-forward opened to the TV for debugging.');
  });
  test("near miss: a firewall's port-forward rule removed is not plumbing", () => {
    isNot('Read', 'drop_nat_rule', 'Remove a port-forward rule from the firewall.');
  });
});

describe('money bought, issued and merely named: numbers purchased, assets minted, wallet addresses, throughput', () => {
  test('a create whose parameter says what it creates is purchased commits the account to its price (Financial)', () => {
    is('Financial', 'add_fax_line', 'Create a dedicated fax line.', schema({ number: { type: 'string', description: 'The fax number to purchase, in E.164 format.' } }));
  });
  test('near miss: an item added to a shopping list, "the item to buy", is a note', () => {
    is('Write', 'add_grocery', 'Add an item to the shopping list.', schema({ item: { type: 'string', description: 'The item to buy.' } }));
  });
  test('an NFT minted or a token deployed on a chain issues a digital asset from the wallet (Financial)', () => {
    is('Financial', 'issue_badge', 'Mint a new NFT badge for an attendee on the Polygon chain.');
    is('Financial', 'coin_factory', 'Deploy a new fungible token on the Base blockchain with its initial supply.');
  });
  test('near miss: an access token minted is a credential, and a smart contract deployed a deploy', () => {
    is('Write', 'issue_jwt', 'Mint an access token for a service account.');
    is('Execute', 'ship_contract', 'Deploy a smart contract to the chain.');
  });
  test("a wallet's address, and transactions counted per second, are no money records (Read)", () => {
    is('Read', 'relay_address', 'Get the wallet address of the relay service.');
    is('Read', 'rollup_speed', 'Get the current transactions per second of the rollup network.');
  });
  test("near miss: a wallet's balance, and transactions per account, are", () => {
    is('Financial', 'relay_funds', 'Get the wallet balance of the relay service.');
    is('Financial', 'ledger_moves', 'List transactions per account for the month.');
  });
});

describe('reports and names read as changes: figures over a period, REST-style names, audits that look', () => {
  test('a figure over a recent period is a report read back (Read), whatever word opens it', () => {
    is('Read', 'dock_waiting_time', 'Queue waiting time at the dock (avg and max in minutes) over the last N days.');
  });
  test('near miss: a report scheduled over a period is a Write', () => {
    is('Write', 'schedule_digest', 'Schedule a report of average sales over the last week.');
  });
  test('a name whose first verb is the resource the lead acts on (`deploy-get`: "Get a deploy") reads by the second', () => {
    is('Read', 'pipeline-deploy-get', 'Get a deploy by its id.');
    is('Read', 'mail-forward-get', 'Get a forward by its id.');
  });
  test('near miss: a lead that opens with the first verb keeps it', () => {
    is('Write', 'commit_push', 'Commit and push the staged changes.');
  });
  test('an SEO or accessibility audit returns its findings to the caller (Read, rule 11)', () => {
    is('Read', 'signup_page_review', 'Perform an accessibility audit of the signup page and return the findings.');
    is('Read', 'shop_seo_review', 'Perform a comprehensive SEO audit of the storefront.');
  });
  test('near miss: a security audit probes the app (Execute)', () => {
    is('Execute', 'app_pentest', 'Perform a security audit of the web app.');
  });
});
