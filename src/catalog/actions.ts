// Finds the action a tool performs from the lead clause of its description, and what a verb means
// with its object (for the name too, in name-action.ts): `run_query` and `run_report` differ only in the noun.
import {
  ASSOCIATION_NOUNS, BROWSER_WORDS, DEPLOY_OBJECTS, EXEC_OBJECTS, HARMLESS_CLEAR, HARMLESS_RESET,
  AMBIGUOUS_VERBS as AMBIGUOUS, LIGHT_VERBS, MACHINES, MARKET_DATA, NAVIGATION_WORDS, NEUTRAL_VERBS, OPEN_CREATES, PLUMBING_NOUNS, READ_OBJECTS,
  RESOLVE_SETTLES, RUN_OBJECTS, SELECT_READS, VERBS, VIEW_NOUNS, WRITE_OBJECTS,
} from './lexicon.ts';
import { financialObject, headPhrase, paymentRecord, walletAsset, type Skipped } from './money.ts';
import type { Category, EvidenceSource } from './types.ts';
import { baseForms, leadClause, leadGloss, textWords, titledBodyWords } from './words.ts';

const CATEGORIES: Category[] = ['Read', 'Write', 'Execute', 'Destructive', 'Financial'];

/** An action found in one place of the definition. */
export interface Action {
  category: Category;
  source: EvidenceSource;
  /** The exact words: the verb and the object that decided its meaning. */
  text: string;
  /** Lower-case base verb (`delete`), or the noun for noun-only names. */
  verb: string;
  /** Words after the verb, lower-case: what it acts on. */
  objects: string[];
  points: string;
  /** 4: a plain verb in the name; 3: an ambiguous one or the description's lead verb; 2: nouns only. */
  strength: number;
  /** A sentence for the rationale when a rule of SPEC's table decided, naming the words that did. */
  note?: string;
}

type Meaning = { category: Category; points: string; note?: string };

/** The category a verb has on its own, in base form, or undefined for an unknown word. */
export function verbCategory(word: string): Category | undefined {
  for (const form of baseForms(word)) {
    for (const c of CATEGORIES) if (VERBS[c].has(form)) return c;
  }
  return undefined;
}

export function baseVerb(word: string): string | undefined {
  return baseForms(word).find((f) => CATEGORIES.some((c) => VERBS[c].has(f)) || LIGHT_VERBS.has(f) || NEUTRAL_VERBS.has(f));
}

export const has = (words: readonly string[], set: ReadonlySet<string>) => words.some((w) => baseForms(w).some((f) => set.has(f)));
const first = (words: readonly string[], set: ReadonlySet<string>) => words.find((w) => baseForms(w).some((f) => set.has(f)));

/**
 * Write verbs that act on money when their object is a money word (update_subscription). Others
 * stay Write: toggling "subscription updates" or committing a database transaction moves nothing.
 */
export const MONEY_VERBS = new Set(['claim', 'amend', 'launch', 'create', 'add', 'insert', 'update', 'modify', 'edit', 'set', 'put', 'post', 'patch', 'issue', 'apply',
  // Signing or broadcasting a transaction ("sign and broadcast a transaction") sends it to the chain, where its value moves.
  'finalize', 'submit', 'send', 'sign', 'broadcast', 'approve', 'reject', 'confirm', 'complete', 'pause', 'resume', 'renew', 'upgrade', 'downgrade', 'change',
  'schedule', 'replace', 'extend', 'retry', 'reactivate', 'activate', 'mark', 'accept', 'record', 'make', 'place', 'process', 'new', 'generate',
  'authorize', 'allocate', 'duplicate', 'copy', 'clone', 'import', 'reverse', 'split', 'register', 'upsert', 'save', 'write', 'publish',
  // Disabling or linking a card, a bank account or a payment link changes what can be paid with, as cancelling does.
  'disable', 'deactivate', 'enable', 'link', 'unlink', 'request', 'upload', 'freeze', 'unfreeze', 'revoke',
  // Releasing escrowed funds or a held payment pays it out; raising or lowering a balance or a limit changes money held.
  'release', 'increase', 'decrease',
  // Archiving a payment link or a price (or bringing it back) stops it being payable, or lets it be paid again, as disabling does.
  'archive', 'unarchive']);
/** A dispute or chargeback: acting on one (accepting it, submitting evidence) decides who keeps the money. */
const DISPUTES = new Set(['dispute', 'disputes', 'chargeback', 'chargebacks']);

/** What a verb means with this object, in this context (the name's and the lead clause's words). */
export function interpret(verb: string, objects: string[], context: readonly string[]): Meaning | undefined {
  const skipped: Skipped[] = [];
  const meaning = interpretWords(verb, objects, context, skipped);
  // "transaction support" beside SQL: say why it was not read as money.
  if (meaning && meaning.category !== 'Financial' && skipped.length > 0 && !meaning.note) {
    const s = skipped[0];
    meaning.note = `"${s.word}" here is a database transaction (beside ${s.because.map((w) => `"${w}"`).join(', ')}), not money.`;
  }
  return meaning;
}

export const READS_RECORDS = new Set(['get', 'list', 'read', 'fetch', 'retrieve', 'search', 'find', 'lookup', 'show', 'describe', 'view', 'inspect', 'export', 'download', 'browse', 'query',
  'analyze', 'analyse', 'wait', 'await', 'summarize', 'summarise', 'aggregate', 'track', 'monitor', 'watch', 'poll', 'check', 'calculate', 'compute', 'print', 'display', 'return']);

function interpretWords(verb: string, objects: string[], context: readonly string[], skipped: Skipped[]): Meaning | undefined {
  const obj = (set: ReadonlySet<string>) => has(objects, set);
  const around = (set: ReadonlySet<string>) => has(objects, set) || has(context, set);
  const head = headPhrase(objects);
  const money = financialObject(head, context, skipped);
  // Only for the rationale: a database "transaction" further on ("with transaction support").
  if (!money) financialObject(objects, context, skipped);
  // Closing, accepting or contesting a dispute: before the verbs' own readings (close is session plumbing elsewhere).
  if ((verbCategory(verb) === 'Write' || verb === 'resolve') && has(objects, DISPUTES)) {
    const what = first(objects, DISPUTES)!;
    return { category: 'Financial', points: `acts on a ${what}`, note: `"${verb}" on a "${what}" (accepting it or contesting it with evidence) decides whether the payment is returned, so it is Financial.` };
  }
  // "migrate dev", "migrate deploy", "migrate the database up", "migrate a schema to the latest version": migrations are
  // applied, their DDL run against a database (migrating listings, users or data to another model or host is a Write).
  const migrated = verb === 'migrate' ? first(clauseHead(headPhrase(objects)).slice(0, 3), MIGRATED_TARGETS) : undefined;
  if (migrated) return { category: 'Execute', points: `migrates a ${migrated}: its migrations run`, note: `"${verb}" with "${migrated}" applies pending migrations, running their DDL against the database, which SPEC counts as Execute (as applying a migration).` };
  // "Replay a run: create a new run of the same task", "retry a failed workflow", "enqueue a workflow", "trigger a task in
  // the project", "dispatch a task to a worker": what is run again, queued or triggered is a run, a task (in a job's
  // sense), a workflow, a pipeline, a job or a build, which starts running (replaying an event, a notification or a
  // webhook delivery resends it; a to-do task is created, started or completed, never triggered, replayed or queued).
  const rerun = RUN_AGAIN.has(verb) ? runAgain(verb, objects) : undefined;
  if (rerun) return { category: 'Execute', points: `${verb}s a ${rerun}: it runs`, note: `"${verb}" with "${rerun}" sets a ${rerun} running (again, or through a queue its workers take from), which SPEC counts as Execute; a run, a background task, a workflow or a build triggered, replayed or queued runs its code.` };
  // "Add a new job to the queue", "submit a job to a serverless endpoint", "promote a delayed job": workers run it.
  const queued = queuedJob(verb, objects, context);
  if (queued) return queued;
  // "Create a new agent in a new tmux pane", "start an agent in a terminal": a sub-agent process is started and works on
  // its own (an agent record defined on a platform, with no process or pane, stays a Write).
  const spawned = AGENT_STARTS.has(verb) && SUB_AGENTS.has(headPhrase(objects).at(-1) ?? '') ? first(objects, AGENT_HOSTS) : undefined;
  if (spawned) return { category: 'Execute', points: `starts an agent in a ${spawned}`, note: `"${verb}" an "agent" in a "${spawned}" starts a sub-agent process that runs and acts on its own, which SPEC counts as Execute.` };
  // "Send a signal (INT, TERM, KILL) to a remote process", "signal a process": a signal ends or interrupts a running
  // process, and what it held in memory is lost (sending a signal to a user or a channel is a message).
  const signalled = (verb === 'send' && (objects[0] === 'signal' || objects[1] === 'signal')) || verb === 'signal' ? first([...objects, ...context], SIGNALLED_PROCESSES) : undefined;
  if (signalled) return { category: 'Destructive', points: `signals a ${signalled}: it may stop it`, note: `"${verb}" a signal to a "${signalled}" (TERM, KILL) stops or interrupts the running process, losing its work in progress, which SPEC counts as Destructive (as killing it).` };
  // "Resume VM deploy order", "create change order": an order to deploy or change a release is carried out by the
  // delivery platform as it is created or resumed, a deployment run (reading or cancelling one is not).
  const order = ORDER_RUNS.has(verb) && !money ? head.findIndex((w, k) => k > 0 && (w === 'order' || w === 'orders') && DEPLOY_ORDERS.has(head[k - 1])) : -1;
  if (order > 0) return { category: 'Execute', points: `${verb}s a ${head[order - 1]} order: a deployment run`, note: `"${verb}" with "${head[order - 1]} order" sets the delivery platform deploying (an order to deploy or change a release), which SPEC counts as Execute.` };
  // "Set focus on a specific element", "remove focus from an element", "move input focus to screen coordinates": the
  // keyboard focus moves on the agent's own page or screen, as hovering; nothing is typed or changed.
  const focused = FOCUS_MOVES.has(verb) && (objects[0] === 'focus' || objects[1] === 'focus') ? first(objects.slice(0, 8), FOCUS_TARGETS) : verb === 'blur' || verb === 'unfocus' ? first(objects.slice(0, 3), FOCUS_TARGETS) : undefined;
  if (focused) return { category: 'Read', points: `moves the focus on the agent's own ${focused}`, note: `"${verb}" the focus of an "${focused}" moves the keyboard focus on the agent's own page or screen, as hovering does; nothing is typed or changed, so it is a Read.` };
  // "Subscribe to real-time database changes", "unsubscribe from an execution stream": the agent starts or stops listening
  // to a live feed; no one's data or subscription changes (a contact subscribed to a newsletter, a plan subscribed to, do).
  const listened = (verb === 'subscribe' || verb === 'unsubscribe') && (objects[0] === 'to' || objects[0] === 'from') ? first(objects.slice(1, 5), LIVE_FEEDS) : undefined;
  if (listened && !has(objects, NOT_FEEDS)) return { category: 'Read', points: `listens to a ${listened} feed`, note: `"${verb}" ${objects[0]} a "${listened}" feed starts or stops the agent listening to live changes, as watching them; nothing is changed for anyone, so it is a Read.` };
  // "Simulate mouse input in the viewport", "simulate a key press": the input reaches the app as a real click or key would
  // (a simulated research query or a scenario run stays a Read).
  const input = verb === 'simulate' ? first(objects.slice(0, 3), SIMULATED_INPUT) : undefined;
  if (input) return { category: 'Write', points: `sends ${input} input to the app`, note: `"${verb}" with "${input}" sends input the app acts on, as a click or typing does: a Write, not a look.` };
  // "Close an open order, marking it as fulfilled", "reopen a previously closed order": a sale's record changes state, what
  // is owed and refunded for it with it (closing a work order, a fulfillment order or a ticket is not this).
  const closedOrder = (verb === 'close' || verb === 'reopen') && ORDERS_CLOSED.has(clauseHead(head).slice(0, 4).at(-1) ?? '') ? paymentRecord(clauseHead(head).slice(0, 4)) : undefined;
  if (closedOrder) return { category: 'Financial', points: `${verb}s an ${closedOrder}: a sale's record`, note: `"${verb}" with "${closedOrder}" changes the state of a customer's order, a payment record (what was sold, paid and may be refunded), which SPEC's Financial covers, as cancelling one.` };
  // "Simulate the payment of a QR code charge (development mode)", "simulate a payment": the charge is marked paid, a change to
  // its payment record (a simulated query or input is not this).
  const simulatedPayment = verb === 'simulate' ? objects.slice(0, 4).filter((w) => PAID_WORDS.has(w)).at(-1) : undefined;
  if (simulatedPayment) return { category: 'Financial', points: `simulates a ${simulatedPayment}: the charge is marked paid`, note: `"${verb}" with "${simulatedPayment}" marks a charge paid as if the customer had paid it (in test mode), a change to a payment record, which SPEC's Financial covers.` };
  // "Change the screen orientation of the device", "override the GPS location reported by the device", "set viewport
  // dimensions": what the agent's own device or browser reports is emulated, as emulating a screen size; no one's data changes.
  const emulated = EMULATING.has(verb) ? emulatedView(objects, context) : undefined;
  if (emulated) return { category: 'Read', points: `emulates the ${emulated} of the agent's own device or browser`, note: `"${verb}" with "${emulated}" changes only what the agent's own device or browser reports or shows (an emulation, as resizing its window); no one's data changes, so it is a Read.` };
  // "Remove an issue from a cycle", "remove a story from the sprint": the work item leaves the plan and stays in the project.
  const planned = (verb === 'remove' || verb === 'delete' || verb === 'detach') ? plannedItem(objects, context) : undefined;
  if (planned) return { category: 'Write', points: `takes a ${planned[0]} out of a ${planned[1]}`, note: `"${verb}" a "${planned[0]}" from a "${planned[1]}" takes it out of that plan (added back at will); the ${planned[0]} itself stays, so it is a Write.` };
  // "Installs an app bundle (.app or .ipa) on the iOS Simulator", "install an app binary from a local path": the app is put
  // on a device or a simulator, as copying a file; launching it is another call (installing an app on a cluster deploys it).
  // "Install an application from a local file path": the app comes from a package file on this machine, put on a device.
  const device = (verb === 'install' || verb === 'reinstall') && has(objects.slice(0, 3), APPS_INSTALLED) ? first([...objects.slice(0, 8), ...context], INSTALL_TARGETS) ?? first(objects.slice(0, 4), APP_FILES) ?? first(context.slice(0, 8), APP_FILES) ?? localFile(objects.slice(0, 8)) ?? localFile(context.slice(0, 10)) : undefined;
  if (device) return { category: 'Write', points: `puts an app on a device (${device})`, note: `"${verb}" with "app" and "${device}" puts the app on a device or a simulator, as copying it there; it does not start it (launching it does), so it is a Write.` };
  // "Pause campaign", "resume a campaign", "launch the campaign", "end campaign": an ad campaign's spending stops or starts
  // with it (an email, newsletter or SMS campaign spends nothing and stays a Write).
  const switched = CAMPAIGN_SWITCHES.has(verb) && CAMPAIGNS_SPENDING.has(head.slice(0, 4).at(-1) ?? '') && !has([...objects, ...context], UNPAID_CAMPAIGNS) ? head.slice(0, 4).at(-1) : undefined;
  if (switched) return { category: 'Financial', points: `${verb}s a ${switched}'s spending`, note: `"${verb}" with "${switched}" starts or stops what the campaign spends on ads, a commitment of the account's money, so it is Financial (an email campaign's is not).` };
  // "Upgrade user tier", "downgrade the plan": a paid tier or plan changes what the account is charged.
  const tier = TIER_CHANGES.has(verb) ? first(head.slice(0, 4), PAID_TIERS) : undefined;
  if (tier && !has(head.slice(0, 4), UNPAID_TIERS)) return { category: 'Financial', points: `${verb}s a paid ${tier}`, note: `"${verb}" with "${tier}" moves the account to another paid ${tier}, which changes what it is charged: Financial (a storage tier or a Helm chart upgraded is not this).` };
  // "Configure automatic credit refill settings", "enable auto top-up of the balance": credits are bought on their own
  // whenever the balance runs low, a standing commitment to spend.
  const refill = verbCategory(verb) === 'Write' || verb === 'configure' ? first(objects.slice(0, 5), REFILLS) : undefined;
  if (refill && (has(objects.slice(0, 6), REFILLED) || has(context, REFILLED))) return { category: 'Financial', points: `sets a ${refill} of credits`, note: `"${verb}" with "${refill}" of "${first([...objects, ...context], REFILLED)}" buys credits automatically whenever the balance runs low, a standing commitment to spend: Financial.` };
  // "Imports SQL file into a MySQL database", "load a SQL dump": the file's statements run against the database (a CSV
  // or rows imported into a table stay a Write).
  const dump = (verb === 'import' || verb === 'load') ? sqlDump(objects) : undefined;
  if (dump) return { category: 'Execute', points: `runs a ${dump}'s statements`, note: `"${verb}" with "${dump}" runs the statements the file holds against the database (any SQL, DROP included), which SPEC counts as Execute.` };
  // "Approve/pass a manual checkpoint in a pipeline run", "pass a release stage validation": the held run goes on to
  // its next jobs (a build, a deploy), so passing the gate runs them.
  const gate = PASSING_GATES.has(verb) && !money ? first([...objects, ...context], GATES) : undefined;
  const gated = gate ? first([...objects, ...context], GATED_RUNS) : undefined;
  if (gate && gated) return { category: 'Execute', points: `passes a ${gated} ${gate}: the run goes on`, note: `"${verb}" a "${gate}" of a "${gated}" lets the held run go on to its next jobs (builds, deploys), which SPEC counts as Execute.` };
  // "Approve or reject a protected-environment deployment", "approve a pending workflow run": the deployment or run waits
  // for the approval and goes ahead on it (approving a pull request or a deployment request form stays a Write).
  const held = APPROVING.has(verb) && !money ? heldRun(head) : undefined;
  if (held) return { category: 'Execute', points: `lets a waiting ${held} go ahead`, note: `"${verb}" with "${held}" lets a deployment or a run that waits for approval go ahead and run, which SPEC counts as Execute (as passing a pipeline checkpoint).` };
  const value = walletValue(verb, objects, context);
  if (value) return value;
  // "Update the bidding strategy", "update a campaign budget", "update the ad rate strategy": an ad campaign's bids and
  // budget set what the advertising platform charges for each click or sale it brings (a household budget is a plan).
  const adSpend = AD_SPEND_VERBS.has(verb) && !money ? adSpendObject(head) : undefined;
  if (adSpend) return { category: 'Financial', points: `changes an ad campaign's ${adSpend}: what is spent on ads`, note: `"${verb}" with "${adSpend}" changes an advertising campaign's ${adSpend}, what the platform charges for its ads (per click or per sale), so it commits money: Financial.` };
  // "Enable request interception for a tab", "set request interception": the agent's own browser holds back or edits
  // the requests its pages make (blocking images, adding headers); no one's data changes, as setting the viewport.
  if (INTERCEPT_VERBS.has(verb) && has(objects.slice(0, 3), INTERCEPTION)) return { category: 'Read', points: `${verb}s request interception in the agent's own browser`, note: `"${verb}" with "${first(objects, INTERCEPTION)}" changes how the agent's own browser handles the requests its pages make (blocking or adding headers): session plumbing that changes no one's data, so a Read.` };
  // "Generate mysqldump command for backing up database", "build the CLI command that deploys the stack": the text of a
  // command is made and returned for the caller to run; nothing is run or changed.
  const command = COMMAND_MAKING.has(verb) && !money ? commandText(head) : undefined;
  if (command) return { category: 'Read', points: `${verb}s the text of a command`, note: `"${verb}" with "${command}" makes the text of a command and returns it for the caller to run; nothing runs, so it is a Read.` };
  // "Run inference on a model", "send a chat completion request to a model": the model computes an answer for the caller,
  // as a calculation; nothing is stored or sent to anyone (a batch inference job or an endpoint deployed stays what it is).
  // "Create a prediction for the model version and inputs you provide": a prediction created is a model run, started on
  // the platform's hardware (and billed), whose output is fetched or sent to a webhook later; asking for one is a look.
  if (PREDICTION_STARTS.has(verb) && !money && PREDICTIONS.has(clauseHead(head).slice(0, 3).at(-1) ?? '')) return { category: 'Execute', points: `${verb}s a prediction: a model run`, note: `"${verb}" with "prediction" starts a model run on the platform's hardware, which SPEC counts as Execute (as a training or a job started); getting or listing predictions is a look.` };
  const asked = ASKING_VERBS.has(verb) && !money ? modelRequest(head) : undefined;
  if (asked) return { category: 'Read', points: `asks a model for ${asked}`, note: `"${verb}" with "${asked}" asks a model to compute an answer that is returned to the caller; nothing is stored, sent to people or run, so it is a Read (as a calculation).` };
  // "Set a custom User Agent for the browser", "enable stealth mode for undetected browsing": how the agent's own browser
  // presents itself to sites, as emulating a device; no one's data changes.
  const disguise = DISGUISING.has(verb) ? browserDisguise(objects, context) : undefined;
  if (disguise) return { category: 'Read', points: `sets the agent's own browser's ${disguise}`, note: `"${verb}" with "${disguise}" changes how the agent's own browser presents itself to sites (as emulating a device or a user agent): session plumbing that changes no one's data, so a Read.` };
  // "Redeem an invite code for free USDC", "redeem a gift card": a code is turned into money or credits paid into the
  // account (redeeming an invite to join a workspace moves nothing).
  const redeemed = verb === 'redeem' ? walletAsset(objects, context) ?? financialObject(objects, context) ?? first(objects.slice(0, 6), REDEEMED_VALUE) : undefined;
  if (redeemed) return { category: 'Financial', points: `redeems a code for ${redeemed}`, note: `"${verb}" with "${redeemed}" turns a code into money or credits paid into the account, a payment received, which SPEC's Financial covers.` };
  // "Mint a new NFT in a collection", "deploy a new SPL token on the blockchain": a digital asset is issued on a chain from
  // the wallet, which pays for it and holds it (a JWT or an access token minted, or a smart contract deployed, issue no asset).
  const issued = verb === 'mint' || verb === 'deploy' ? walletAsset(objects, context) : undefined;
  if (issued) return { category: 'Financial', points: `${verb}s a ${issued} on a chain`, note: `"${verb}" with "${issued}" issues a digital asset on a chain from the wallet, which pays the fees and holds what is issued: money moved, which SPEC's Financial covers.` };
  switch (verb) {
    case 'export': case 'download': {
      // "Export a card's query results as CSV", "download a saved question's results": the query behind them runs
      // again to produce them (exporting a log, a report file or the results of a finished job reads what is stored).
      const q = objects.slice(0, 5).findIndex((w) => QUERY_WORDS.has(w));
      if (q >= 0 && RESULTS.has(objects[q + 1] ?? '') && !money) return { category: 'Execute', points: `${verb}s ${objects[q]} results: the query runs`, note: `"${verb}" with "${objects[q]} ${objects[q + 1]}" runs the saved query to produce its results in the format asked, which SPEC counts as Execute (a query run), not a read of stored data.` };
      break;
    }
    case 'merge': case 'rebase': {
      // "Merges migrations and edge functions from a development branch to production": a database branch's migrations run.
      const migration = first(objects.slice(0, 4), MIGRATIONS);
      if (migration && !money) return { category: 'Execute', points: `${verb}s ${migration}: their SQL runs`, note: `"${verb}" with "${migration}" applies a branch's migrations to the other database, running their SQL, which SPEC counts as Execute (as applying a migration).` };
      break;
    }
    case 'complete': case 'apply': case 'finish': case 'finalize': {
      // "Complete a database migration ... applied to the main branch", "apply a migration": its SQL runs on the database.
      const migration = first(head.slice(0, 4), MIGRATIONS);
      if (migration && !money) return { category: 'Execute', points: `applies a ${migration}: its SQL runs`, note: `"${verb}" with "${migration}" applies the migration to the database, running its SQL statements, which SPEC counts as Execute (a create-migration only writes a file).` };
      break;
    }
    case 'promote': {
      // "Promote a deployment to production": that build goes live and serves traffic, a deploy to production.
      const to = objects.indexOf('to');
      const build = first(objects.slice(0, to > 0 ? to : 3), PROMOTED_BUILDS);
      if (build && to > 0 && has(objects.slice(to + 1, to + 3), LIVE_TARGETS)) return { category: 'Execute', points: `promotes a ${build} to ${objects[to + 1]}: a deploy`, note: `"${verb}" with "${build}" to "${first(objects.slice(to + 1), LIVE_TARGETS)}" puts that build live, serving traffic, a deploy to production, which SPEC counts as Execute.` };
      break;
    }
    case 'withdraw': case 'retract': {
      // "Withdraw a published offer", "withdraw an application": a listing or a proposal is taken back, no money moves.
      const taken = first(head.slice(0, 4), RETRACTED);
      if (taken && !money && !has(objects, WITHDRAWN_MONEY)) return { category: 'Write', points: `withdraws a ${taken}`, note: `"${verb}" with "${taken}" takes back an offer, a listing or an application (it is no longer live); it moves no money (withdrawing funds or a balance does), so it is a Write.` };
      break;
    }
    case 'open':
      // "Open Prisma Studio to view data", "open the level editor": a studio, an editor or an IDE opened is an app launched,
      // a process that runs the project's code and serves its UI (a file or a tab opened in one is a look).
      if (APPS_OPENED.has(clauseHead(headPhrase(objects)).slice(0, 3).at(-1) ?? '')) return runs(verb, clauseHead(headPhrase(objects)).slice(0, 3).at(-1)!);
      if (obj(OPEN_CREATES)) return { category: 'Write', points: 'opens something others see' };
      // "Open an interactive web dashboard", "open the report in the user's browser": a browser loads and runs a page.
      if (has(objects.slice(0, 5), WEB_VIEWS) && has([...objects, ...context], WEB_OPENERS)) return navigation(verb, objects);
      return obj(NAVIGATION_WORDS) ? navigation(verb, objects) : { category: 'Read', points: 'opens to look' };
    case 'navigate': case 'visit': case 'reload':
      // "Reloads an application", "reload the MySQL configuration": the service re-reads its settings (a Write, as restarting).
      if (verb === 'reload' && has(headPhrase(objects).slice(0, 4), RELOADED) && !around(NAVIGATION_WORDS) && !around(BROWSER_WORDS)) {
        const what = first(objects, RELOADED)!;
        return { category: 'Write', points: `reloads a ${what}`, note: `"${verb}" with "${what}" makes a running service re-read its configuration or restart, a state change like restarting: a Write, not a look.` };
      }
      return objects.length === 0 || around(NAVIGATION_WORDS) || around(BROWSER_WORDS) ? navigation(verb, objects) : { category: 'Read', points: 'moves around to look' };
    case 'refresh':
      // "Refresh the current page", "refresh the browser tab": the browser reloads the page and runs its code again, as reloading it.
      if (REFRESHED_PAGES.has(headPhrase(objects).slice(0, 4).at(-1) ?? '')) return navigation(verb, objects);
      break;
    case 'initialise': case 'setup':
      if (opensAppUnderTest(objects, context)) return navigation(verb, objects);
      break;
    case 'go':
      return around(NAVIGATION_WORDS) || around(BROWSER_WORDS) ? navigation(verb, objects) : { category: 'Read', points: 'moves around to look' };
    case 'switch': case 'focus':
      // "Switch to a different connection": which of its own connections the agent uses.
      // "focus_field", "focus element": the keyboard focus lands on an element of the agent's own page, as hovering.
      if (verb === 'focus' && has(objects.slice(0, 3), FOCUS_TARGETS)) return { category: 'Read', points: `focuses an ${first(objects, FOCUS_TARGETS)} of the agent's own page`, note: `"${verb}" with "${first(objects, FOCUS_TARGETS)}" moves the keyboard focus on the agent's own page or screen, as hovering does; nothing is typed or changed, so it is a Read.` };
      return has(objects.slice(0, 3), VIEW_NOUNS) || has(objects.slice(0, 3), CONNECTIONS) ? { category: 'Read', points: 'switches the agent\'s own view' } : { category: 'Write', points: `${verb}es it` };
    case 'install': case 'upgrade': case 'sync':
      if (has(objects.slice(0, 3), DEPLOY_OBJECTS)) {
        const what = [...objects.slice(0, 3)].reverse().find((w) => has([w], DEPLOY_OBJECTS));
        return { category: 'Execute', points: `deploys a ${what}`, note: `"${verb} ${what}" deploys: it sets an application running where it runs, which SPEC counts as Execute.` };
      }
      break;
    case 'delete': case 'del':
      if (unpinned(verb, objects)) return unpinned(verb, objects);
      if (unmarked(verb, objects)) return unmarked(verb, objects);
      if (overridden(verb, objects)) return overridden(verb, objects);
      // A reaction, or a link between two things, is an association: deleting it is undone by adding it back.
      // "Delete the dashboard's public link", "delete a sharing link": a URL handed to others stops working, and a new one
      // has another address, so those who hold it lose it for good (Destructive, not an association).
      if (publicLink(objects)) return { category: 'Destructive', points: `deletes a ${publicLink(objects)} link others hold`, note: `"${verb}" with "${publicLink(objects)} link" revokes a URL that was handed out: everyone holding it loses access, and a new link has a new address, so it is Destructive.` };
      // "Delete asset relations": the link between two assets goes, both assets stay.
      // "Delete a resource member", "delete project members": a membership goes, the user and the resource stay (a Write, as
      // removing a collaborator); deleting a user or an account stays Destructive.
      // "Delete a reviewer from a pull request", "delete an assignee": a person's part in the record goes, the person and the record stay.
      if (PEOPLE_ROLES.has(ownPhrase(objects).at(-1) ?? '')) return { category: 'Write', points: `takes a ${ownPhrase(objects).at(-1)} off a record`, note: `"${verb}" with "${ownPhrase(objects).at(-1)}" takes a person's part in a record away (added back by assigning or requesting them again); the person and the record stay, so it is a Write.` };
      if (MEMBERS.has(headPhrase(objects).at(-1) ?? '')) return { category: 'Write', points: 'removes a membership, not data', note: `"${verb}" with "${headPhrase(objects).at(-1)}" takes someone's membership away; the user and what they belonged to both remain (added back by adding the member again): a Write.` };
      // "Delete a relation between two work items", "delete work item relation record": the same, said by "between" or "relation record".
      if (relationHead(objects) && !has([...objects, ...context], GRAPHS)) return { category: 'Write', points: 'removes a relation between records, not data', note: `"${verb}" with "${headPhrase(objects).at(-1)}" removes a link between records that both remain (added back by relating them again): a Write.` };
      if (has(objects.slice(0, 3), REACTIONS) || REACTIONS.has(headPhrase(objects).at(-1) ?? '') || (objects.slice(1, 3).some((w) => w === 'link' || w === 'links') && !has(objects.slice(0, 1), LINK_THINGS))) {
        return { category: 'Write', points: 'removes an association, not data' };
      }
      break;
    case 'record': {
      // "Record sim video", "record the screen": a video of what the agent's own screen or page shows, as a screencast (recording a payment or a time entry is not this).
      const filmed = !money ? first(headPhrase(objects).slice(0, 4), FILMED) : undefined;
      if (filmed) return { category: 'Read', points: `records a ${filmed} of what is shown`, note: `"${verb}" with "${filmed}" records what the screen or the page shows, as a screencast: it looks and changes nothing, so it is a Read.` };
      break;
    }
    case 'serve': {
      // "Serve a static website from the sandbox": the site is deployed and reachable at a URL.
      const site = first(objects.slice(0, 4), SERVED_SITES);
      if (site) return { category: 'Execute', points: `serves a ${site}`, note: `"${verb}" with "${site}" deploys the site and sets it running where others reach it, which SPEC counts as Execute.` };
      break;
    }
    case 'create': case 'new': {
      // "Create or reuse a browser session": the second verb ("or reuse", "or get") is an alternative; the object follows it.
      if (REUSED.has(objects[0] ?? '') && objects.length > 1) objects = objects.slice(1);
      // "Create a new isolated browser session", "new browser context": the agent's own browser to drive, session plumbing
      // (as opening a tab); a checkout session is a payment under way and is not this.
      // "Create or reuse a browser session and set it as active": "browser session" opens the object though more follows it.
      const b = objects.slice(0, 4).findIndex((w) => BROWSERS.has(w));
      const own = OWN_BROWSING.has(headPhrase(objects).at(-1) ?? '') ? headPhrase(objects).at(-1) : b >= 0 && OWN_BROWSING.has(objects[b + 1] ?? '') ? objects[b + 1] : undefined;
      if (!money && own && has([...headPhrase(objects), ...context], BROWSERS)) {
        return { category: 'Read', points: `opens the agent's own browser ${own}: session plumbing`, note: `"${verb}" with "browser" and "${own}" opens a browser for the agent to drive, which changes no one's data: session plumbing (Read), as opening a tab.` };
      }
      // "Create a new debugging session", "new debug session in attach mode": the agent's own debugger session, which later
      // calls start and step (session plumbing, as opening a browser session).
      const debugSession = SESSIONS_OPENED.has(headPhrase(objects).slice(0, 4).at(-1) ?? '') ? first(headPhrase(objects).slice(0, 4), DEBUGGING) : undefined;
      if (!money && debugSession) return { category: 'Read', points: `opens the agent's own ${debugSession} session: session plumbing`, note: `"${verb}" with "${debugSession} session" opens a debugger session the agent's later calls use; nothing runs until one starts or steps the program, so it is session plumbing (Read).` };
      // "Create a virtual machine scale set for running identical VM instances": its machines boot at once, as a VM created.
      const scaleSet = scaleSetOf(objects);
      if (scaleSet) return { category: 'Execute', points: `creates a ${scaleSet}: its machines boot`, note: `"${verb}" with "${scaleSet}" creates a group of machines that boot and run at once (as launching a VM), which SPEC counts as Execute.` };
      // "Create or update a load test run execution": a load-test run starts sending traffic at the test's endpoint when created.
      const loadRun = loadTestRun(objects);
      if (loadRun) return { category: 'Execute', points: `starts a ${loadRun} run`, note: `"${verb}" with "${loadRun}" and "run" starts the test running against its target when created, as triggering a job, which SPEC counts as Execute (a test run record in a test plan is a Write).` };
      // "Create a code sandbox (a Linux VM) to write code and run it": a machine starts, built to run the caller's code.
      if (has(headPhrase(objects).slice(0, 8), SANDBOXES) && [...objects, ...context].some((w) => SANDBOX_RUNS.has(w)) && has(objects, SANDBOX_CODE)) {
        return { category: 'Execute', points: 'launches a code sandbox', note: `"${verb}" with a "${first(objects, SANDBOXES)}" made to run code starts a machine that runs what the caller writes, as launching a machine: Execute.` };
      }
      // "Create a new pipeline for a branch": a pipeline created on a ref runs at once.
      const p = objects.findIndex((w) => w === 'pipeline' || w === 'pipelines');
      if (p >= 0 && p < 2 && (objects[p + 1] === 'for' || objects[p + 1] === 'on') && has(objects.slice(p + 2, p + 5), REFS)) return runs(verb, objects[p]);
      // "Create a service from a GitHub repository / a Docker image": it builds and runs that code.
      // "Create a pod", "an instant cluster (multiple pods)", "a serverless endpoint": containers start on machines at once.
      const launched = launchedCompute(objects) ?? bootedFromImage(objects);
      if (launched) return { category: 'Execute', points: `creates a ${launched}: containers start running`, note: `"${verb}" with "${launched}" schedules containers that start running at once (a launch, as starting a container), which SPEC counts as Execute.` };
      const from = objects.indexOf('from');
      if (from > 0 && has(objects.slice(0, from), DEPLOYABLE) && has(objects.slice(from + 1, from + 4), CODE_SOURCES)) {
        const source = first(objects.slice(from + 1, from + 4), CODE_SOURCES)!;
        return { category: 'Execute', points: `deploys code from a ${source}`, note: `"${verb}" with "from a ${source}" builds and starts that code as a running service, which SPEC counts as Execute (a deployment).` };
      }
      break;
    }
    case 'retry':
      if (obj(RUN_OBJECTS)) return runs(verb, first(objects, RUN_OBJECTS)!);
      break;
    case 'restore': {
      // "Restore a droplet from a backup", "restore a snapshot to the database": a saved copy goes back over what is there now.
      const copy = first(objects.slice(0, 8), SAVED_COPIES);
      if (copy) return { category: 'Destructive', points: `restores a ${copy} over what is there`, note: `"${verb}" with "${copy}" puts a saved copy back over the machine or database as it is now, so what changed since is lost: SPEC counts overwriting as Destructive.` };
      break;
    }
    case 'replace':
      // "Replace registered SSH public keys": every key of the set is swapped for those sent, the rest are gone.
      if (keySet(objects)) return { category: 'Destructive', points: 'replaces the whole set of keys', note: `"${verb}" with "${keySet(objects)}" (plural) replaces the registered set: keys not sent are removed, which SPEC counts as Destructive (overwriting).` };
      // "Replace entire script source", "replace the whole file content": what was there is overwritten at once, not edited.
      if (WHOLE.has(objects[0] ?? '') && has(objects.slice(1, 4), WHOLE_TEXTS)) return { category: 'Destructive', points: `overwrites the ${objects[0]} ${first(objects.slice(1, 4), WHOLE_TEXTS)}`, note: `"${verb} ${objects[0]}" with "${first(objects.slice(1, 4), WHOLE_TEXTS)}" overwrites all of it with what is sent, the former text lost, which SPEC counts as Destructive (overwriting; replacing text in it is an edit).` };
      // "Replaces all firewall rules in a group": the whole set goes, what was there is not kept.
      if (objects[0] === 'all' && !TEXT_MATCHES.has(objects[1] ?? '') && !has(objects.slice(1, 4), ASSOCIATION_NOUNS)) return { category: 'Destructive', points: 'replaces the whole set', note: `"${verb} all ${objects[1] ?? ''}" replaces every one of them at once, discarding the ones there now, which SPEC counts as Destructive (overwriting).` };
      break;
    case 'convert': {
      // "Convert a pull request to draft", "convert an image (backup) to a snapshot": a stored record changes kind.
      const to = objects.indexOf('to');
      if (to > 0 && STORED_KINDS.has(objects[to + 1] ?? '')) return { category: 'Write', points: `turns a stored record into a ${objects[to + 1]}`, note: `"${verb} ... to ${objects[to + 1]}" changes what a stored record is (into a ${objects[to + 1]}); it does not only return converted data, so it is a Write.` };
      break;
    }
    case 'test':
      // "Sends a test event to the webhook": the endpoint receives a delivery.
      if (has(objects.slice(0, 3), WEBHOOKS)) return { category: 'Write', points: 'sends a test event to a webhook', note: `"${verb}" with "${first(objects, WEBHOOKS)}" delivers an event to the endpoint, as replaying one does: a Write.` };
      // "Test a notification subscription by sending a test message": the means names the action, a delivery.
      if (objects.some((w, k) => w === 'by' && TEST_DELIVERIES.has(objects[k + 1] ?? ''))) return { category: 'Write', points: 'tests it by sending something', note: `"${verb} ... by ${objects[objects.indexOf('by') + 1]}" says how it tests: it sends a message or an event that is delivered, a Write, as sending a webhook a test event.` };
      // "Test macOS target", "test on iOS sim", "test a Swift package": the project's test suite is built and run.
      if (has(headPhrase(objects).slice(0, 4), TESTED_PROJECTS)) {
        const what = first(headPhrase(objects).slice(0, 4), TESTED_PROJECTS)!;
        return { category: 'Execute', points: `runs the tests of a ${what}`, note: `"${verb}" with "${what}" builds the project and runs its test suite, code the project holds, which SPEC counts as Execute (testing a connection runs nothing).` };
      }
      break;
    case 'optimize': case 'optimise':
      // "Optimize tables to reclaim unused space" rewrites them; "optimize a prompt" returns a better one.
      return has(objects.slice(0, 3), DB_OBJECTS) ? { category: 'Write', points: 'rewrites a table or an index' } : { category: 'Read', points: 'suggests improvements' };
    case 'repair':
      // "Diagnoses SQL query errors" under a "repair_query" name: a fix suggested for code, not a change made.
      if (has(objects.slice(0, 3), CODE_TEXT)) return { category: 'Read', points: 'suggests a fix for code' };
      break;
    case 'flush':
      // MySQL's FLUSH TABLES, PRIVILEGES or LOGS write out and reopen; flushing a cache or a database empties it.
      if (has(objects.slice(0, 2), FLUSH_WRITES)) return { category: 'Write', points: 'writes out and reopens', note: `"${verb}" with "${first(objects, FLUSH_WRITES)}" writes what is buffered to disk and reopens it; nothing is emptied, so it is a Write.` };
      break;
    case 'freeze': case 'unfreeze':
      // "Freeze an account to prevent new transactions": what the account may pay or be paid changes.
      if (has(objects.slice(0, 3), ACCOUNTS) && has([...objects, ...context], MONEY_MOVES)) return { category: 'Financial', points: `${verb}s an account's transactions`, note: `"${verb}" an "account" to stop or allow its "${first([...objects, ...context], MONEY_MOVES)}" changes what money it can move, so it is Financial.` };
      break;
    case 'power': {
      // "Power on a droplet" boots its system; "power off", "power cycle" switch it off or restart it.
      const state = objects[0];
      // A server or an instance powered on is a machine too (a chat server has no power).
      const machine = first([...objects, ...context], MACHINES) ?? first([...objects, ...context], HOSTS_BOOTED);
      if ((state === 'on' || state === 'up') && machine) return { category: 'Execute', points: `powers on a ${machine}: boots its system`, note: `"${verb} ${state}" with "${machine}" boots the machine's system and what it runs, which SPEC counts as Execute (as starting a container).` };
      return { category: 'Write', points: `powers it ${state}` };
    }
    case 'train': case 'retrain': case 'finetune': case 'fine-tune':
      // "Train a neural network with custom configuration", "fine-tune a model on a dataset": a training job runs the model's code over the data.
      return { category: 'Execute', points: `${verb}s a model: a training job runs`, note: `"${verb}" sets a training job running, which runs the model's code over the data for as long as it takes (compute the account pays for), so SPEC counts it as Execute.` };
    case 'orchestrate':
      // "Orchestrate a complex task across swarm agents": the agents are set working on it, each running on its own.
      return { category: 'Execute', points: 'sets agents or steps running on a task', note: `"${verb}" sets agents or the steps of a workflow running on the task, each acting on its own, which SPEC counts as Execute (as running a workflow).` };
    case 'deploy': case 'redeploy': case 'rerun':
      return runs(verb, first(objects, RUN_OBJECTS) ?? first(objects, DEPLOY_OBJECTS) ?? (verb === 'rerun' ? 'job' : 'deployment'));
    case 'close': case 'stop': case 'end': case 'quit': case 'exit':
      // "end-to-end encryption": an adjective, not the verb.
      if (verb === 'end' && objects[0] === 'to' && objects[1] === 'end') return undefined;
      // "End a code generation session and generate the test file": what it makes on the way out is a change.
      const ending = [...objects, ...context];
      const and = ending.findIndex((w, k) => w === 'and' && k > 0 && SESSION_OUTPUTS.has(ending[k + 1] ?? ''));
      if (around(PLUMBING_NOUNS) && and > 0) {
        const made = baseForms(ending[and + 1])[0] ?? ending[and + 1];
        return { category: 'Write', points: `${verb}s a session and ${made}s its output`, note: `"${verb}" a session "and ${made}" its result: closing the session is plumbing, but the file or record it ${made}s from it is a change, so it is a Write.` };
      }
      return around(PLUMBING_NOUNS)
        ? { category: 'Read', points: `${verb}s the agent's own ${first(objects, PLUMBING_NOUNS) ?? first(context, PLUMBING_NOUNS)}: session plumbing` }
        : { category: 'Write', points: `${verb}s something` };
    case 'initialize': case 'init': case 'establish':
      // "Initialize connection to the instance": connecting, session plumbing.
      if (has(objects.slice(0, 2), CONNECTIONS)) return { category: 'Read', points: 'opens the agent\'s own connection: session plumbing' };
      if (verb !== 'establish' && opensAppUnderTest(objects, context)) return navigation(verb, objects);
      break;
    case 'manage':
      // "Manages browser windows and tabs": the agent's own view.
      if (has(objects.slice(0, 4), OWN_TABS)) return { category: 'Read', points: 'manages the agent\'s own tabs and windows' };
      break;
    case 'activate': case 'enable': {
      // "Activate a workflow: this will enable it to run": it runs on its triggers from then on.
      const what = first(objects.slice(0, 3), AUTOMATIONS);
      if (what) return { category: 'Execute', points: `sets a ${what} running on its triggers`, note: `"${verb}" with "${what}" sets the ${what} running whenever its triggers fire, which SPEC counts as Execute.` };
      // "Enables a task so it runs on its schedule", "enable a cron job": from then on it runs by itself (a feature flag does not).
      const task = first(objects.slice(0, 3), SCHEDULED_THINGS) ?? (has(objects.slice(0, 3), TASKS) && has([...objects, ...context], SCHEDULE_WORDS) ? first(objects, TASKS) : undefined);
      if (task) return { category: 'Execute', points: `sets a scheduled ${task} running`, note: `"${verb}" with "${task}"${has(objects, SCHEDULED_THINGS) ? '' : ` and "${first([...objects, ...context], SCHEDULE_WORDS)}"`} lets the ${task} run on its schedule from then on, which SPEC counts as Execute (as activating a workflow).` };
      break;
    }
    case 'disconnect':
      if (has(objects.slice(0, 6), RELATIONS) && !has(objects.slice(0, 3), CONNECTIONS)) return { category: 'Write', points: `${verb}s related records`, note: `"${verb}" with "${first(objects, RELATIONS)}" unlinks records from one another, a stored association that both records outlive: a Write, not session plumbing.` };
      // "Disconnects Git provider configuration from an application": an association is removed, not the agent's own connection.
      if (has(headPhrase(objects).slice(0, 4), PROVIDERS) && !has(objects.slice(0, 3), CONNECTIONS)) return { category: 'Write', points: 'removes a link to a provider', note: `"${verb}" with "${first(objects, PROVIDERS)}" removes a stored link to an outside provider or account (an association, added back by connecting again): a Write, not session plumbing.` };
      return { category: 'Read', points: 'session plumbing: changes no data' };
    case 'connect': case 'reconnect': case 'logout': case 'ping': case 'authenticate': case 'login':
      // "Connect a new Git repository", "connect an integration to a project": a stored link to a provider is added (as disconnecting removes one).
      // "Connects related entries to a relation field": records are linked to one another, a stored association.
      if (verb === 'connect' && has(objects.slice(0, 6), RELATIONS) && !has(objects.slice(0, 3), CONNECTIONS)) return { category: 'Write', points: `${verb}s related records`, note: `"${verb}" with "${first(objects, RELATIONS)}" links records to one another (or unlinks them), a stored association that both records outlive: a Write, not session plumbing.` };
      if (verb === 'connect' && has(headPhrase(objects).slice(0, 4), LINKED_PROVIDERS) && !has(objects.slice(0, 3), CONNECTIONS)) return { category: 'Write', points: 'adds a link to a provider', note: `"${verb}" with "${first(objects, LINKED_PROVIDERS)}" stores a link between a project and an outside repository or integration (an association, removed by disconnecting): a Write, not session plumbing.` };
      return { category: 'Read', points: 'session plumbing: changes no data' };
    case 'terminate': case 'kill':
      // "Kill a background process by name", "stop a tracked background process": a job the agent itself started in the
      // background (with its run-in-background tool) is stopped, as cancelling one; nothing of anyone else's is lost.
      if (has(objects.slice(0, 3), BACKGROUND)) return { category: 'Write', points: `${verb}s a background job the agent started`, note: `"${verb}" with "${first(objects, BACKGROUND)}" stops a process the agent itself started in the background, as cancelling its own job: a Write (a running process or query of others is Destructive).` };
      // "Kill a running query or connection": another session's work is stopped, whatever the connection word says.
      if (has(objects.slice(0, 3), OTHERS_WORK)) return { category: 'Destructive', points: `${verb}s a running ${first(objects, OTHERS_WORK)}` };
      return around(PLUMBING_NOUNS) ? { category: 'Read', points: 'ends the agent\'s own session' } : { category: 'Destructive', points: `${verb}s it for good` };
    case 'drop':
      return around(BROWSER_WORDS) ? { category: 'Write', points: 'drops onto a page element' } : { category: 'Destructive', points: 'drops it for good' };
    case 'select':
      // "Select an option from a dropdown": a form's choice is picked ("from" names the control, not a table read).
      if (has(objects.slice(0, 3), FORM_CHOICES)) return { category: 'Write', points: 'picks an option on a form', note: `"${verb}" with "${first(objects.slice(0, 3), FORM_CHOICES)}" picks a choice in a form on the page, which the page may submit: a Write, as filling a field.` };
      if (obj(SELECT_READS)) return { category: 'Read', points: 'selects data to read' };
      if (has(objects.slice(0, 2), VIEW_SWITCHES)) return { category: 'Read', points: 'switches the agent\'s own view' };
      return { category: 'Write', points: 'chooses an option on the page' };
    case 'extract': case 'decompress':
      // "Extracts an archive file", "decompress a tarball into a folder": its files are written out to disk (a Write);
      // "extract text from a PDF" or "metadata from a zip" reads (the archive is not the head of the object).
      if (ARCHIVES.has(headPhrase(objects).slice(0, 4).filter((w) => w !== 'file' && w !== 'files').at(-1) ?? '')) return { category: 'Write', points: 'writes an archive\'s files out to disk', note: `"${verb}" with "${first(headPhrase(objects), ARCHIVES)}" unpacks the archive's files onto disk, creating or replacing files there: a Write, not a read of its contents.` };
      break;
    case 'attach':
      // "Attach to a browser", "attach to a running session": connecting to the agent's own browser or session, as connect.
      if (objects[0] === 'to' && (has(objects.slice(1, 4), BROWSERS) || has(objects.slice(1, 4), PLUMBING_NOUNS))) return { category: 'Read', points: 'connects to the agent\'s own browser or session: session plumbing' };
      if (objects[0] === 'to' && debuggerHook(verb, objects, context)) return debuggerHook(verb, objects, context);
      break;
    case 'detach':
      // "Detach from the debugged process without terminating it": the debugger lets go; the program runs on as it was.
      if (objects[0] === 'from' && debuggerHook(verb, objects, context)) return debuggerHook(verb, objects, context);
      break;
    case 'check':
      // "Check a checkbox or radio button": ticking a form control sets its value (a Write), as clicking it does.
      if (objects[0] !== 'if' && objects[0] !== 'whether' && has(objects.slice(0, 2), CHECKABLE)) return { category: 'Write', points: 'ticks a checkbox on the page', note: `"${verb}" with "${first(objects.slice(0, 2), CHECKABLE)}" ticks a form control, setting a value the page may submit: a Write, as clicking it.` };
      break;
    case 'resize':
      // The agent's own view: a browser window or a terminal session's rows and columns.
      return around(BROWSER_WORDS) || around(TERMINAL_VIEWS) ? { category: 'Read', points: 'resizes the agent\'s own window' } : { category: 'Write', points: 'resizes it' };
    case 'remove': case 'unregister':
      // "Remove an HDC port-forward created for inspection": a port-forward the server opened for the agent, taken down, is
      // session plumbing, as stopping one (a router's port-forwarding rule or a port-forward rule removed is a setting, and stays).
      if (portForward(objects)) return { category: 'Read', points: 'takes down the agent\'s own port-forward: session plumbing', note: `"${verb}" with "port-forward" takes down a tunnel the server opened for the agent, as closing a session or stopping a port-forward: session plumbing that changes no one's data, so a Read.` };
      // "Remove a network mock rule": a mock or a stub the agent set up to answer in the network's place comes off, and
      // the real network answers again; set again at will, nothing is lost (a mock server others call is not this).
      if (has(ownPhrase(objects).slice(0, 3), MOCKS) && !has(objects.slice(0, 4), MOCK_SERVERS)) return { category: 'Write', points: `removes a ${first(objects, MOCKS)}: the real answer comes back`, note: `"${verb}" with "${first(objects, MOCKS)}" takes off a stand-in answer the agent set up (the real one comes back, and the mock is set again at will), as removing an override: a Write.` };
      if (unpinned(verb, objects)) return unpinned(verb, objects);
      if (unmarked(verb, objects)) return unmarked(verb, objects);
      if (overridden(verb, objects)) return overridden(verb, objects);
      if (publicLink(objects)) return { category: 'Destructive', points: `removes a ${publicLink(objects)} link others hold`, note: `"${verb}" with "${publicLink(objects)} link" revokes a URL that was handed out: everyone holding it loses access, and a new link has a new address, so it is Destructive.` };
      {
        // "Remove a card from a dashboard", "remove a dashboard from favourites": the item stays where it is kept; only its
        // place in the dashboard, collection or list of favourites goes (added back as easily).
        const from = objects.indexOf('from');
        const holder = from > 0 && from < 4 ? first(objects.slice(from + 1, from + 4), REFERENCE_HOLDERS) : undefined;
        if (holder) return { category: 'Write', points: `takes an item off a ${holder}`, note: `"${verb} ... from" a "${holder}" takes the item off it; the item itself is kept and can be put back, so it is a Write.` };
      }
      // "Remove a meal from the cart": what is in a cart can be added back; nothing is bought or lost.
      // A name's bare "remove_item" counts when the description's lead says the item is in a cart.
      if ((objects.includes('from') && has(objects.slice(objects.indexOf('from') + 1, objects.indexOf('from') + 4), CARTS)) || has(headPhrase(objects).slice(0, 3), CARTS) || (has(objects.slice(0, 2), CART_ITEMS) && has(context, CARTS))) return { category: 'Write', points: 'takes an item out of a cart', note: `"${verb}" with "${first(objects, CARTS)}" takes an item out of a shopping cart; it can be added back and nothing is paid, so it is a Write.` };
      // "Removes a file from the staging area" unstages it; "removes a remote" drops a name from the repository's config.
      if (objects.includes('from') && (has(objects.slice(objects.indexOf('from') + 1, objects.indexOf('from') + 4), STAGING) || (objects.slice(objects.indexOf('from') + 1, objects.indexOf('from') + 3).includes('index') && has(context, GIT)))) return { category: 'Write', points: 'unstages: removes from the staging area', note: `"${verb} ... from the ${first(objects, STAGING)}" takes a change out of what the next commit will hold; the file and its changes stay, so it is a Write.` };
      if (headPhrase(objects).slice(0, 2).includes('remote') && has(context, GIT)) return { category: 'Write', points: 'removes a remote from the repository\'s config', note: `"${verb}" with "remote" beside "git" drops a remote's name and URL from the local repository's config; nothing on the remote is deleted, so it is a Write.` };
      // "Remove a firewall from servers", "remove a target from a load balancer": both stay, only the link between them goes.
      {
        const from = objects.indexOf('from');
        if (from > 0 && from < 4 && has(objects.slice(0, from), ATTACHABLE) && has(objects.slice(from + 1, from + 4), ATTACH_HOSTS)) {
          return { category: 'Write', points: 'detaches one resource from another', note: `"${verb} ${first(objects.slice(0, from), ATTACHABLE)} from" a "${first(objects.slice(from + 1), ATTACH_HOSTS)}" detaches one resource from another; both remain and the link can be added back, so it is a Write (an association).` };
        }
        // "Remove a connection between two nodes": a link between two things, as an edge.
        if (objects.slice(0, 3).includes('between')) return { category: 'Write', points: 'removes a link between two things', note: `"${verb} ... between" two things removes the link between them, which can be added back; both things stay, so it is a Write (an association).` };
      }
      // Only the object itself counts ("remove a label" vs "remove all documents ... from"), or a role ("as owner").
      return has(objects.slice(0, 3), ASSOCIATION_NOUNS) || objects.slice(0, 4).includes('as') ? { category: 'Write', points: 'removes an association, not data' } : { category: 'Destructive', points: 'removes it' };
    case 'discard':
      // "Discard cached field values": a cache is rebuilt from the data it copies, nothing is lost.
      if (has(objects.slice(0, 3), CACHED) || has(context.slice(context.lastIndexOf(verb) + 1, context.lastIndexOf(verb) + 3), CACHED)) return { category: 'Write', points: 'discards a cache that is rebuilt', note: `"${verb}" with "${first(objects, CACHED)}" drops copies the system computes again from the data; nothing is lost, so it is a Write.` };
      break;
    case 'clear':
      // "Clear session defaults for the active profile", "clear the default region setting": a setting is unset (set again at will), no data goes.
      if (SETTINGS_CLEARED.has(headPhrase(objects).slice(0, 4).at(-1) ?? '')) return { category: 'Write', points: 'unsets a setting', note: `"${verb}" with "${headPhrase(objects).slice(0, 4).at(-1)}" unsets stored settings, which can be set again; no data is lost, so it is a Write.` };
      if (has(objects.slice(0, 4), CARTS)) return { category: 'Write', points: 'empties a cart', note: `"${verb}" with "${first(objects, CARTS)}" empties a shopping cart; its items can be added back and nothing is paid, so it is a Write.` };
      if (has(objects.slice(0, 4), PLUMBING_NOUNS)) return { category: 'Read', points: `clears the agent's own ${first(objects, PLUMBING_NOUNS)}: session plumbing` };
      // "Clear collected console messages", "clear the console log": what the agent's own browser or session collected
      // for it to read is emptied, as closing a view; the page and its data stay.
      if (objects.slice(0, 3).includes('console') && has(objects.slice(0, 4), CONSOLE_OUTPUTS)) return { category: 'Read', points: 'clears the agent\'s own console view', note: `"${verb}" with "console ${first(objects, CONSOLE_OUTPUTS)}" empties what the agent's own browser or session collected for it to read; the page and anyone's data stay, so it is session plumbing (Read).` };
      return obj(HARMLESS_CLEAR) ? { category: 'Write', points: 'clears something that is rebuilt' } : { category: 'Destructive', points: 'clears data away' };
    case 'restart':
      // "Restart the browser", "restart the browser session": the agent's own browser, closed and opened again (session plumbing).
      if (ownBrowser(objects, context)) return ownBrowserReset(verb, objects);
      break;
    case 'reset':
      // "Reset the browser session (close and restart browser)": the agent's own browser starts afresh, as closing and opening it.
      if (ownBrowser(objects, context)) return ownBrowserReset(verb, objects);
      // "Reset current HEAD": moving a branch back discards commits and changes.
      if (has(objects.slice(0, 3), GIT_HEADS)) return { category: 'Destructive', points: 'resets a branch head: commits and changes are discarded', note: `"${verb}" with "${first(objects, GIT_HEADS)}" moves a branch back, discarding commits or uncommitted changes, which SPEC counts as Destructive.` };
      // "Reset the hostname to its default value": a setting goes back to its default.
      if ([...objects, ...context].some((w, i, all) => (w === 'default' || w === 'defaults') && /^(?:value|values|setting|settings|configuration)$/.test(all[i + 1] ?? ''))) return { category: 'Write', points: 'resets a setting to its default' };
      // "Reset a server (hard)": a power cycle of a machine, as a reboot; what its disk holds stays (a factory reset or a reinstall does not).
      if ((machineIn(headPhrase(objects).slice(0, 3)) || has(headPhrase(objects).slice(0, 3), HOSTS_BOOTED)) && !has(objects, WIPING_RESETS)) {
        const host = machineIn(headPhrase(objects).slice(0, 3)) ?? first(objects, HOSTS_BOOTED)!;
        return { category: 'Write', points: `power-cycles a ${host}`, note: `"${verb}" with "${host}" power-cycles the machine, as a reboot: what its disk holds is kept, so it is a Write, not a wipe.` };
      }
      return has(objects.slice(0, 3), HARMLESS_RESET) || objects.length === 0 ? { category: 'Write', points: 'resets a setting' } : { category: 'Destructive', points: 'resets data' };
    case 'generate':
      if (money) return { category: 'Financial', points: `generates a ${money}` };
      // "Generate a PDF for an invoice": the document of a payment record, as the record itself (a page's PDF is not this).
      {
        const rendered = renderedRecord(objects, context);
        if (rendered) return { ...readsPayments(verb, rendered), points: `generates the document of a payment record (${rendered})` };
      }
      if (has(objects, CREDENTIAL)) return { category: 'Write', points: 'generates credentials' };
      // "Generate an image from a text prompt", "generate derived transformations for existing assets": a new image or
      // asset is made and stored in the media library (a caption or a summary is text for the caller).
      if (has(objects.slice(0, 2), DERIVED) && has(objects.slice(0, 6), MEDIA_MADE)) {
        const made = `${first(objects, DERIVED)} ${first(objects, MEDIA_MADE)}`;
        return { category: 'Write', points: `creates ${made}`, note: `"${verb}" with "${made}" makes new versions of stored assets (transformations the media library keeps), as uploading them: a Write, not text for the caller.` };
      }
      // "Generate a customer portal link", "a terminal URL with a session token": a live link the server keeps.
      // A signed download URL only hands out a file for a while: a read.
      // "Generate the OAuth authorization URL for user consent": a URL built for the user to open; the server keeps nothing.
      if (ACCESS_LINKS.has(headPhrase(objects).at(-1) ?? '') && has(headPhrase(objects), CONSENT_URLS)) return { category: 'Read', points: 'builds an authorization URL for the user to open', note: `"${verb}" with "${first(objects, CONSENT_URLS)}" and "${headPhrase(objects).at(-1)}" builds the address of the provider's consent page for the user to open; nothing is created until the user grants access, so it is a Read.` };
      if (ACCESS_LINKS.has(headPhrase(objects).at(-1) ?? '') && !headPhrase(objects).some((w) => SIGNED.has(w))) return { category: 'Write', points: 'creates a live link or session', note: `"${verb}" with "${headPhrase(objects).at(-1)}" creates a link or session the server keeps and honours, not text for the caller, so it is a Write.` };
      return { category: 'Read', points: 'generates text for the caller' };
    case 'cancel':
      return money ? { category: 'Financial', points: `cancels a ${money}: changes what is billed` } : { category: 'Write', points: 'cancels it' };
    case 'void':
      return money ? { category: 'Financial', points: `voids a ${money}` } : { category: 'Destructive', points: 'voids it' };
    case 'execute': case 'exec': case 'invoke': case 'call':
      // "execute_commit", "exec rollback": ending a database transaction runs no code the caller writes.
      if (has(objects.slice(0, 1), TRANSACTION_ENDS)) {
        const end = first(objects, TRANSACTION_ENDS)!;
        return { category: 'Write', points: `${end}s a database transaction`, note: `"${verb} ${end}" ends a database transaction the caller opened: it applies or undoes changes already made and runs no code of its own, so it is a Write.` };
      }
      if (money) return { category: 'Financial', points: `executes a ${money}` };
      // "Execute browser actions using element indices", "execute a query report with filters": the object's head says what
      // is done, as it does for "perform" and "run": gestures on a page (a Write) or a report (a Read).
      if (verb === 'execute' || verb === 'exec') {
        const done = pageGesture(verb, objects, context) ?? reportRun(verb, objects);
        if (done) return done;
      }
      return { category: 'Execute', points: `${verb}s what the caller names` };
    case 'checkout':
      // "Checkout a branch", "restore working tree files": git's checkout moves the working tree, not money.
      if (around(GIT_TREE)) return { category: 'Write', points: 'checks out a branch or files', note: `"${verb}" beside "${first(objects, GIT_TREE) ?? first(context, GIT_TREE)}" is git's checkout: it switches the working tree to a branch or restores files, a Write, not a purchase.` };
      break;
    case 'fetch': case 'pull': {
      // "Fetch updates from a remote", "Pull changes from a remote repository": the local clone takes them in.
      const from = objects.findIndex((w) => w === 'from');
      if (from >= 0 && has(objects.slice(0, from), REMOTE_CHANGES) && has(objects.slice(from + 1, from + 4), REMOTES)) {
        return { category: 'Write', points: `${verb}es from a remote into the local repository`, note: `"${verb} ${first(objects, REMOTE_CHANGES)} from a ${first(objects.slice(from + 1), REMOTES)}" writes what it gets into the local repository (its refs, objects or branch), so it is a Write.` };
      }
      if (verb === 'pull' && (objects[0] === 'request' || objects[0] === 'requests')) return undefined;
      break;
    }
    case 'move': {
      // "Move mouse to specific coordinates", "move the cursor": the pointer over the agent's own page, as hovering (a click is the gesture).
      if (POINTERS.has(objects[0] ?? '') || (objects[0] === 'the' && POINTERS.has(objects[1] ?? ''))) return { category: 'Read', points: 'moves the agent\'s own pointer', note: `"${verb}" with "${POINTERS.has(objects[0] ?? '') ? objects[0] : objects[1]}" moves the pointer over the page the agent drives, as hovering: nothing is clicked or changed, so it is a Read.` };
      // "Move failed jobs to a dead letter queue with TTL": there they expire and are purged.
      const to = objects.indexOf('to');
      if (to >= 0 && has(objects.slice(to + 1, to + 4), DEAD_LETTERS) && has([...objects, ...context], EXPIRES)) return { category: 'Destructive', points: 'moves items to a queue that purges them', note: `"${verb} ... to" a "${first(objects.slice(to + 1), DEAD_LETTERS)}" with "${first([...objects, ...context], EXPIRES)}" sends them where they expire and are purged, so they are lost: Destructive.` };
      break;
    }
    case 'dispatch': {
      // "Dispatch a workflow" runs it; dispatching an order or a courier ships goods (a Write, not a payment).
      const m = lightObject(verb, head, context);
      return m && m.category !== 'Financial' ? m : { category: 'Write', points: 'dispatches it' };
    }
    case 'skip': case 'unskip': case 'pause': case 'unpause': case 'resume':
      // "Skip a delivery week", "pause the next meal box delivery": a paid delivery of a subscription is not sent, nor charged.
      if (has(objects.slice(0, verb === 'skip' || verb === 'unskip' ? 4 : 5), verb === 'skip' || verb === 'unskip' ? DELIVERIES : PAID_DELIVERIES)) return { category: 'Financial', points: `${verb}s a paid delivery`, note: `"${verb}" with "${first(objects, DELIVERIES)}" changes which paid deliveries of a subscription are sent and charged, so it is Financial (as pausing a subscription).` };
      break;
    case 'build': case 'rebuild':
      // "Rebuild a droplet from an image" reinstalls the machine's system: what was on its disk is gone.
      if (verb === 'rebuild' && machineIn(headPhrase(objects).slice(0, 3))) {
        return { category: 'Destructive', points: 'reinstalls a machine', note: `"${verb}" with "${first(objects, MACHINES)}" reinstalls the machine's system from an image, erasing what its disk held, which SPEC counts as Destructive.` };
      }
      // "Rebuilds a MySQL database": the database service is recreated from scratch, its data with it (a search index is rebuilt from its source).
      if (verb === 'rebuild' && has(headPhrase(objects).slice(0, 3), REBUILT_STORES) && !has(headPhrase(objects).slice(0, 3), REBUILT_FROM_SOURCE)) {
        return { category: 'Destructive', points: 'recreates a database or a service', note: `"${verb}" with "${first(objects, REBUILT_STORES)}" recreates it from scratch, wiping what it held, which SPEC counts as Destructive (as rebuilding a machine).` };
      }
      // "Build a Docker image from a Dockerfile": building runs the Dockerfile's steps.
      if (has(objects.slice(0, 3), IMAGE_BUILDS)) {
        const what = first(objects.slice(0, 3), IMAGE_BUILDS)!;
        return { category: 'Execute', points: `builds a ${what}: runs its build steps`, note: `"${verb}" with "${what}" runs the build steps of a Dockerfile (its RUN commands), which SPEC counts as Execute.` };
      }
      // "Build macOS app", "build for iOS sim", "build a Swift package": compiling a project runs its build (compiler, scripts, plugins).
      if (verb === 'build' && has(headPhrase(objects).slice(0, 4), BUILT_PROJECTS)) {
        const what = first(headPhrase(objects).slice(0, 4), BUILT_PROJECTS)!;
        return { category: 'Execute', points: `builds a ${what}: runs its build`, note: `"${verb}" with "${what}" compiles the project and runs its build scripts and tools, which SPEC counts as Execute (as building a Docker image).` };
      }
      break;
    case 'capture':
      return money ? { category: 'Financial', points: `captures a ${money}` } : { category: 'Read', points: 'captures what is shown' };
    case 'transfer':
      return money || objects.length === 0 || has(objects, new Set(['money', 'fund', 'funds']))
        ? { category: 'Financial', points: 'transfers money' } : { category: 'Write', points: 'transfers ownership' };
    case 'bridge':
      return { category: 'Write', points: 'bridges it' };
    case 'wrap': case 'unwrap':
      // "Wrap text at a width": formatting returned to the caller.
      return has(objects.slice(0, 3), WRAPPED_TEXT) ? { category: 'Read', points: 'formats text' } : { category: 'Write', points: `${verb}s it` };
    case 'resolve':
      return obj(RESOLVE_SETTLES) ? { category: 'Write', points: 'settles it' } : { category: 'Read', points: 'looks it up' };
    case 'add': case 'subtract': case 'multiply': case 'divide': case 'sum':
      // "Adds two numbers" is arithmetic, not a record added somewhere.
      if (has(objects.slice(0, 3), ARITHMETIC)) return { category: 'Read', points: 'computes a number' };
      break;
    case 'query':
      if (has(context, EXEC_LANG)) return { category: 'Execute', points: 'runs a query the caller writes' };
      break;
  }
  if (NEUTRAL_VERBS.has(verb)) return { category: 'Read', points: `${verb}s without applying anything` };
  if (LIGHT_VERBS.has(verb)) return lightObject(verb, head, context);
  const category = verbCategory(verb) ?? (verb === 'query' ? 'Read' : undefined);
  if (category === 'Write' && money && MONEY_VERBS.has(verb)) return { category: 'Financial', points: `${verb}s a ${money}` };
  // "Check if a URL requires payment" asks a question; it reads no one's payments.
  if (category === 'Read' && READS_RECORDS.has(verb) && objects[0] !== 'if' && objects[0] !== 'whether') {
    const record = paymentRecord(head, context, skipped) ?? renderedRecord(objects, context) ?? taxFiling(objects);
    if (record) return readsPayments(verb, record);
  }
  if (category === undefined) return undefined;
  if (verb === 'query') return { category: 'Read', points: 'queries records' };
  return { category, points: POINTS[category] };
}

/** Reading payment records: Financial, at the class's own risk (critical), as SPEC's table says. */
export function readsPayments(verb: string, record: string): Meaning {
  return {
    category: 'Financial',
    points: `reads payment records (${record})`,
    note: `"${verb}" with "${record}" reads payment records, which SPEC's table puts in Financial: what it returns is money owed or paid.`,
  };
}

/** Going to a page: the browser fetches and runs a site's code, which SPEC counts as Execute. */
function navigation(verb: string, objects: string[]): Meaning {
  const where = first(objects, NAVIGATION_WORDS) ?? first(objects, BROWSER_WORDS);
  const words = where ? `"${verb}" with "${where}"` : `"${verb}"`;
  return { category: 'Execute', points: 'makes the browser load and run a page', note: `${words} makes the browser load a page and run its code, which SPEC counts as Execute.` };
}

/** Starting a pipeline, a job or a deployment: it runs, which SPEC counts as Execute. */
/** "Remove the active override for a prompt, reverting to the code version": what was overridden comes back (a Write, as unsetting a setting). */
const OVERRIDES = new Set(['override', 'overrides']);
function overridden(verb: string, objects: readonly string[]): Meaning | undefined {
  if (!OVERRIDES.has(clauseHead(headPhrase(objects)).slice(0, 4).at(-1) ?? '')) return undefined;
  return { category: 'Write', points: 'removes an override: the value it hid comes back', note: `"${verb}" with "override" takes off a value set over another, which comes back (the default or the code's own version); nothing is lost that cannot be set again, so it is a Write, as unsetting a setting.` };
}
/** Markers pinned on a record: a tag, a label, an icon, a badge, a decoration image (not the record's own images). */
const MARKERS = new Set(['tag', 'tags', 'label', 'labels', 'icon', 'icons', 'badge', 'badges', 'decoration', 'decorations', 'sticker', 'stickers']);
/** Sold items, and the groupings that list them: a category, a collection, a display group, a section, a menu. */
const LISTED_ITEMS = new Set(['product', 'products', 'item', 'items', 'listing', 'listings', 'sku', 'skus', 'release', 'releases', 'user', 'users', 'member', 'members']);
const LISTINGS = new Set(['category', 'categories', 'collection', 'collections', 'display', 'displays', 'group', 'groups', 'section', 'sections', 'menu', 'menus', 'showcase', 'shelf',
  // A user's own lists and folders of records: a wantlist, a wishlist, a watchlist, a collection folder.
  'wantlist', 'wantlists', 'wishlist', 'wishlists', 'watchlist', 'watchlists', 'folder', 'folders']);
/**
 * "Delete a specific tag from a product", "remove an icon from a product", "remove a product from a category", "remove a
 * product from a main display group": a marker comes off a record, or an item off a grouping that lists it; both stay and
 * it is put back by adding it again (rule 9: an association). Deleting a tag itself, a record from a collection, or an item
 * from the catalog (where it is gone from the shop), is not this.
 */
function unpinned(verb: string, objects: readonly string[]): Meaning | undefined {
  const from = objects.indexOf('from');
  if (from < 1 || from > 4) return undefined;
  const what = clauseHead(objects.slice(0, from)).filter((w) => !SKIP.has(w));
  const where = objects.slice(from + 1, from + 6).filter((w) => !SKIP.has(w));
  const marker = what.length > 0 && what.length <= 2 && MARKERS.has(what[0]) ? what[0] : undefined;
  if (marker && (what.length === 1 || what[1] === 'image' || what[1] === 'images') && where.length > 0 && has(where.slice(0, 2), LISTED_ITEMS)) {
    return { category: 'Write', points: `takes a ${what.join(' ')} off a ${first(where, LISTED_ITEMS)}`, note: `"${verb}" a "${what.join(' ')}" from a "${first(where, LISTED_ITEMS)}" takes a marker off the record (added back by adding it again); the ${first(where, LISTED_ITEMS)} stays, so it is a Write (an association), not a deletion.` };
  }
  const item = what.length === 1 && LISTED_ITEMS.has(what[0]) ? what[0] : undefined;
  const listing = item ? where.slice(0, 4).find((w) => LISTINGS.has(w)) : undefined;
  if (item && listing) return { category: 'Write', points: `takes a ${item} off a ${listing}`, note: `"${verb}" a "${item}" from a "${listing}" takes it out of a grouping that lists it (put back by adding it again); the ${item} itself stays, so it is a Write (an association).` };
  return undefined;
}
/** What a redeemed code may pay into an account: credits, points, a balance. */
const REDEEMED_VALUE = new Set(['credit', 'credits', 'points', 'balance', 'funds']);
/** A stand-in answer the agent sets up: a mock, a stub; and a mock server others call. */
const MOCKS = new Set(['mock', 'mocks', 'stub', 'stubs']);
const MOCK_SERVERS = new Set(['server', 'servers', 'endpoint', 'endpoints', 'api', 'apis']);
/** "from a local file path": an app's package file on this machine. */
function localFile(objects: readonly string[]): string | undefined {
  const k = objects.findIndex((w, j) => w === 'local' && /^(?:file|files|path|paths)$/.test(objects[j + 1] ?? ''));
  return k >= 0 ? `local ${objects[k + 1]}` : undefined;
}
/** A document rendered from a record: its PDF, its QR code, a printed copy. */
const RENDERINGS = new Set(['pdf', 'pdfs', 'qr', 'qrcode', 'qrcodes', 'printout', 'printouts']);
/**
 * "Generate a PDF for an invoice", "get the QR code URL for a finalized invoice": the document of a payment record (its
 * PDF to send, the QR code it is paid by) is that record, handed out; a page's or a guide's PDF is not money.
 */
export function renderedRecord(objects: readonly string[], context: readonly string[]): string | undefined {
  if (!has(headPhrase(objects).slice(0, 4), RENDERINGS)) return undefined;
  const k = objects.findIndex((w) => w === 'for' || w === 'of');
  // Each word on its own: "a finalized invoice or document" names the invoice, whatever follows it.
  return k > 0 && k <= 4 ? objects.slice(k + 1, k + 5).map((w) => paymentRecord([w], context)).find((r) => r !== undefined) : undefined;
}
/** What is filed with a tax authority: a tax file, a tax or VAT return, a filing. */
const TAXES = new Set(['tax', 'taxes', 'vat']);
const FILINGS = new Set(['file', 'files', 'return', 'returns', 'filing', 'filings']);
/**
 * "Export SAF-T (Standard Audit File for Tax) for a month", "download the VAT return": a tax file or return lists the
 * period's invoices, payments and what is owed to the tax authority, payment records (a tax rate or a tax table is a price list).
 */
function taxFiling(objects: readonly string[]): string | undefined {
  const words = objects.slice(0, 8);
  const t = words.findIndex((w) => TAXES.has(w));
  if (t < 0) return undefined;
  return FILINGS.has(words[t + 1] ?? '') ? `${words[t]} ${words[t + 1]}` : words.slice(Math.max(0, t - 2), t).some((w) => FILINGS.has(w)) ? `${words.slice(Math.max(0, t - 2), t).find((w) => FILINGS.has(w))} for ${words[t]}` : undefined;
}
/** Verbs that start a prediction (a model run), and what they start. */
const PREDICTION_STARTS = new Set(['create', 'start', 'submit']);
const PREDICTIONS = new Set(['prediction', 'predictions']);
/** A user's own mark on a record: a bookmark, a favourite, a rating. */
const PERSONAL_MARKS = new Set(['bookmark', 'bookmarks', 'favorite', 'favorites', 'favourite', 'favourites', 'rating', 'ratings']);
/**
 * "Remove a bookmark", "delete the release's rating for a given user": a user's own mark on a record comes off; the record
 * stays and the mark is put back by marking it again (rule 9: an association, a Write).
 */
function unmarked(verb: string, objects: readonly string[]): Meaning | undefined {
  const head = clauseHead(headPhrase(objects)).slice(0, 4).filter((w) => !SKIP.has(w));
  const mark = head.at(-1) ?? '';
  if (!PERSONAL_MARKS.has(mark) || head.length > 3) return undefined;
  return { category: 'Write', points: `takes off a ${mark.replace(/s$/, '')}: the record stays`, note: `"${verb}" with "${mark}" takes a user's own mark off a record (put back by marking it again); the record stays, so it is a Write (an association), not a deletion.` };
}
/** What "migrate" runs migrations on, or the migration command's mode: a database, a schema, dev, deploy, up, down. */
const MIGRATED_TARGETS = new Set(['dev', 'deploy', 'up', 'down', 'database', 'databases', 'db', 'schema', 'schemas', 'latest']);
/** What is driven to run commands: a command-line tool, an editor, an IDE. */
const DRIVEN_APPS = new Set(['cli', 'editor', 'ide', 'studio']);
/** Apps whose opening launches them: a database studio, a game or level editor, an IDE. */
const APPS_OPENED = new Set(['studio', 'editor', 'ide']);
/** Verbs that set a run going again or hand it to a queue: "replay a run", "enqueue a workflow", "trigger a task". */
const RUN_AGAIN = new Set(['replay', 'retry', 'requeue', 'enqueue', 'queue', 'trigger', 'dispatch', 'fire', 'kick', 'launch', 'run']);
/** What such a verb runs: a run itself, and a task only with the verbs no to-do task takes (not start). */
const RERUN_HEADS = new Set(['run', 'runs', 'workflow', 'workflows', 'pipeline', 'pipelines', 'build', 'builds']);
const LIGHT_RERUNS = new Set(['replay', 'retry', 'requeue', 'enqueue', 'queue']);
function runAgain(verb: string, objects: readonly string[]): string | undefined {
  const head = clauseHead(headPhrase(objects)).slice(0, 4);
  const last = head.at(-1) ?? '';
  // The head noun decides: "replay a webhook delivery" or "a simulation run event" ends on what is resent.
  if (TASKS.has(last)) return 'task';
  // A run, a workflow, a pipeline or a build re-run or queued (the light verbs' own readings already set those running;
  // a job queued is one only with a queue, a worker or an endpoint named, as before: "queue a job for later" may only define it).
  if (LIGHT_RERUNS.has(verb) && RERUN_HEADS.has(last)) return last;
  return undefined;
}

function runs(verb: string, what: string): Meaning {
  return { category: 'Execute', points: `${verb}s a ${what}`, note: `"${verb}" with "${what}" sets a ${what} running, which SPEC counts as Execute.` };
}

/** Words of a job queue's jobs and a job board's: only the first are run by workers. */
const JOBS = new Set(['job', 'jobs']);
const QUEUE_NOUN_BEFORE = new Set(['a', 'an', 'the', 'to', 'into', 'its', 'this', 'that', 'same']);
const TASKS = new Set(['task', 'tasks']);
const QUEUES = new Set(['queue', 'queues']);
const JOB_QUEUES = new Set(['queue', 'queues', 'worker', 'workers', 'endpoint', 'endpoints', 'serverless', 'delayed', 'cluster', 'clusters', 'batch', 'runner', 'runners']);
/** Batch systems a job is submitted to (a job created or scheduled there may only be defined). */
const BATCH_SYSTEMS = new Set(['jcl', 'mainframe', 'z/os', 'jes', 'hpc', 'slurm', 'sbatch', 'pbs', 'scheduler', 'grid']);
const JOB_BOARDS = new Set(['posting', 'postings', 'listing', 'listings', 'board', 'boards', 'opening', 'openings', 'vacancy', 'vacancies', 'applicant', 'applicants', 'candidate', 'candidates', 'career', 'careers', 'hiring', 'title', 'resume', 'offer', 'offers', 'application', 'applications', 'seeker', 'seekers']);
/** Verbs that hand a job to a queue or an endpoint for workers to run. */
const ENQUEUING = new Set(['add', 'enqueue', 'queue', 'requeue', 'submit', 'push', 'send', 'post', 'promote', 'schedule', 'dispatch', 'create']);
/** "Add a new job to the queue", "submit a job to a serverless endpoint", "promote a delayed job": workers will run it. */
function queuedJob(verb: string, objects: readonly string[], context: readonly string[]): Meaning | undefined {
  if (!ENQUEUING.has(verb)) return undefined;
  const head = headPhrase(objects).slice(0, 4);
  // A task is a queue's job only when it is enqueued, or handed to a queue ("add a task to the list" is a to-do).
  const job = first(head, JOBS) ?? (verb === 'enqueue' || verb === 'queue' || verb === 'dispatch' || has(objects.slice(0, 8), QUEUES) ? first(head, TASKS) : undefined);
  if (!job || has(objects.slice(0, 8), JOB_BOARDS) || has(context, JOB_BOARDS)) return undefined;
  // Around it, "queue" counts as the noun ("to the queue"), not as the verb that opens "Queue a job".
  // "Submit a JCL member to run on z/OS", "submit a batch script to the HPC scheduler": a batch system's words, or a job
  // submitted "to run" (or "to execute"), hand it to whatever runs it.
  const where = first(objects.slice(0, 8), JOB_QUEUES) ?? context.find((w, i) => has([w], JOB_QUEUES) && (!QUEUES.has(w) || QUEUE_NOUN_BEFORE.has(context[i - 1] ?? '')))
    ?? (verb === 'submit' ? first([...objects.slice(0, 8), ...context], BATCH_SYSTEMS) ?? [...objects, ...context].find((w, i, all) => all[i - 1] === 'to' && (w === 'run' || w === 'execute')) : undefined);
  // "Schedule a job", "create a job" or "queue a job for later" alone may only define it; with a queue, a worker or an endpoint named it is handed over to run.
  if (!where) return undefined;
  return { category: 'Execute', points: `${verb}s a ${job} for workers to run`, note: `"${verb}" with "${job}"${where ? ` and "${where}"` : ''} hands a job to a queue or an endpoint whose workers run it, which SPEC counts as Execute.` };
}
/** What a light verb starts that then runs: an application, a service, a database service, a server, an endpoint. */
const RUNNABLE = new Set(['application', 'applications', 'app', 'apps', 'service', 'services', 'database', 'databases', 'db', 'server', 'servers', 'instance', 'instances',
  'cluster', 'clusters', 'worker', 'workers', 'runner', 'runners', 'endpoint', 'endpoints', 'mysql', 'postgres', 'postgresql', 'mariadb', 'mongodb', 'redis', 'node', 'nodes', 'daemon', 'runtime', 'sandbox', 'environment',
  'simulator', 'simulators', 'sim', 'emulator', 'emulators']);
const TRIAL_RUNS = new Set(['benchmark', 'benchmarks', 'playtest', 'playtests', 'project', 'projects', 'game', 'games', 'editor', 'editors', 'training']);
/** What is run, up to the next verb ("the Unity project | capture the player log": the "and" is dropped by then). */
const trialHead = (objects: readonly string[]) => {
  const words = clauseHead(ownPhrase(objects)).slice(0, 4);
  const next = words.findIndex((w, k) => k > 0 && !TRIAL_RUNS.has(w) && verbCategory(w) !== undefined);
  return next > 0 ? words.slice(0, next) : words;
};
/** The object's phrase up to a clause of its own ("when needed", "then open an app"). */
const clauseHead = (words: readonly string[]) => {
  const cut = words.findIndex((w, k) => k > 0 && CLAUSE_ENDS.has(w));
  return cut > 0 ? words.slice(0, cut) : [...words];
};
const CLAUSE_ENDS = new Set(['when', 'then', 'if', 'once', 'until', 'and']);
const BOOTED_DEVICES = new Set(['device', 'devices', 'phone', 'phones', 'tablet', 'tablets']);
const STARTING = new Set(['start', 'launch', 'run', 'boot', 'spin', 'dispatch']);
/** A tunnel from a local port to a device's or a pod's: a port-forward. */
const PORT_FORWARDS = new Set(['port-forward', 'port-forwards']);
/** "an HDC port-forward created for inspection": a port-forward as the head noun (a "port-forward rule" is a setting). */
function portForward(objects: readonly string[]): boolean {
  const head = headPhrase(objects).slice(0, 5);
  const k = head.findIndex((w) => PORT_FORWARDS.has(w));
  return k >= 0 && (head[k + 1] === undefined || /ed$/.test(head[k + 1]));
}
/** What an audit that only looks checks: a site's SEO, accessibility, performance. */
const LOOK_AUDITS = new Set(['seo', 'accessibility', 'a11y', 'wcag', 'lighthouse', 'performance']);
/** A mobile app's component launched on its own: an Android activity, a HarmonyOS ability. */
const LAUNCHED_COMPONENTS = new Set(['activity', 'activities', 'ability', 'abilities']);
/** The light verb's object when it is something that runs (its head noun, so "a database transaction" or "a recording of the server" are not). */
function runnableStart(verb: string, objects: readonly string[]): string | undefined {
  if (!STARTING.has(verb)) return undefined;
  // "Boot the selected device when needed, then open an app": the clause after "when" or "then" is another matter.
  const head = clauseHead(headPhrase(objects)).slice(0, 4);
  const last = head.at(-1) ?? '';
  if (RUNNABLE.has(last)) return last;
  // "Boot the selected device": a phone or a tablet booted starts its system, as a simulator booted.
  if (verb === 'boot' && BOOTED_DEVICES.has(last)) return last;
  // "Launch an ability", "launch an activity with extras": a mobile app's screen or component (an Android activity, a
  // HarmonyOS ability) launched starts the app's code, as launching the app (starting a fitness activity logs one).
  if (verb === 'launch' && LAUNCHED_COMPONENTS.has(last)) return last;
  // "run sync endpoint", "run async endpoint": the mode before the noun.
  return head.length > 0 && (head[0] === 'sync' || head[0] === 'async') && RUNNABLE.has(head[1] ?? '') ? head[1] : undefined;
}
/** What is created running: a pod, a cluster of pods, a serverless endpoint. */
const PODS = new Set(['pod', 'pods']);
function launchedCompute(objects: readonly string[]): string | undefined {
  const head = headPhrase(objects).slice(0, 4);
  if (PODS.has(head.at(-1) ?? '')) return head.at(-1);
  // "an instant cluster (multiple pods ...)": a cluster of pods, not a Kubernetes cluster's settings alone.
  if ((head.at(-1) === 'cluster' || head.at(-1) === 'clusters') && has(objects.slice(0, 6), PODS)) return 'cluster of pods';
  if ((head.at(-1) === 'endpoint' || head.at(-1) === 'endpoints') && head.includes('serverless')) return 'serverless endpoint';
  return undefined;
}
/** "Create a virtual machine from an image", "a server from an ISO": a machine boots from what it is made from. */
const BOOT_IMAGES = new Set(['image', 'images', 'iso', 'snapshot', 'snapshots']);
function bootedFromImage(objects: readonly string[]): string | undefined {
  const from = objects.indexOf('from');
  if (from < 1 || !has(objects.slice(from + 1, from + 4), BOOT_IMAGES)) return undefined;
  const head = objects.slice(0, from);
  const machine = machineIn(head) ?? head.find((w) => HOSTS_BOOTED.has(w));
  return machine ? `${machine} from an image` : undefined;
}
const HOSTS_BOOTED = new Set(['server', 'servers', 'instance', 'instances']);
/** What a reload makes re-read its configuration: a running service or its settings. */
const RELOADED = new Set(['application', 'applications', 'app', 'apps', 'service', 'services', 'database', 'databases', 'server', 'servers', 'mysql', 'postgres', 'postgresql', 'mariadb', 'mongodb', 'redis', 'configuration', 'config', 'proxy', 'nginx', 'daemon', 'container', 'containers']);
/** Outside providers and accounts linked to something: disconnecting one removes the link. */
const PROVIDERS = new Set(['provider', 'providers', 'integration', 'integrations', 'account', 'accounts', 'repository', 'repositories', 'repo', 'bank', 'banks', 'institution', 'institutions']);
/** A shopping cart: what is in it can be added back; nothing is bought until checkout. */
const CART_ITEMS = new Set(['item', 'items', 'product', 'products', 'meal', 'meals', 'line', 'lines']);
/** Deliveries that are paid for by being sent: pausing or resuming one changes what is charged (a paused song or job is not). */
const PAID_DELIVERIES = new Set(['delivery', 'deliveries', 'shipment', 'shipments']);
const CARTS = new Set(['cart', 'carts', 'basket', 'baskets', 'wishlist', 'wishlists']);
/** A set of keys (plural) and the kinds of keys: replacing them swaps the whole set. */
const KEY_SETS = new Set(['keys', 'credentials', 'certificates']);
const KEY_KINDS = new Set(['ssh', 'public', 'api', 'gpg', 'pgp', 'keys', 'credentials', 'certificates', 'authorized', 'registered']);
/** "registered SSH public keys": a plural of keys, said to be keys of a kind, in the object's own phrase. */
function keySet(objects: readonly string[]): string | undefined {
  const head = objects.slice(0, 5);
  const i = head.findIndex((w) => KEY_SETS.has(w));
  return i > 0 && head.slice(0, i).some((w) => KEY_KINDS.has(w)) && !head.slice(0, i).some((w) => w === 'of' || w === 'in') ? head[i] : undefined;
}
/** What serving deploys: a website, its static files. */
const SERVED_SITES = new Set(['website', 'websites', 'site', 'sites', 'static', 'webapp', 'html']);
/** A sandbox or VM made to run code: creating one starts it. */
const SANDBOXES = new Set(['sandbox', 'sandboxes', 'vm', 'vms']);
/** "to run code", "code execution sandbox": the words saying the sandbox is made to run code. */
/** Moving the keyboard focus on the agent's own page or screen, and what it lands on. */
const FOCUS_MOVES = new Set(['set', 'move', 'remove', 'give', 'put', 'shift', 'clear', 'change']);
const FOCUS_TARGETS = new Set(['element', 'elements', 'field', 'fields', 'input', 'inputs', 'coordinates', 'screen', 'node', 'widget', 'control', 'selector']);
/** Live feeds the agent listens to, and what is subscribed for people (a list, a newsletter, a plan). */
const LIVE_FEEDS = new Set(['real-time', 'realtime', 'live', 'stream', 'streams', 'streaming', 'websocket', 'changefeed']);
const NOT_FEEDS = new Set(['user', 'users', 'contact', 'contacts', 'customer', 'customers', 'member', 'members', 'newsletter', 'list', 'plan', 'plans', 'subscription', 'email']);
/** Input simulated as a person would give it. */
const SIMULATED_INPUT = new Set(['mouse', 'keyboard', 'key', 'keys', 'keypress', 'keystroke', 'keystrokes', 'click', 'clicks', 'tap', 'taps', 'touch', 'gesture', 'gestures', 'swipe']);
/** Work items and the plans they are put in (a cycle, a sprint, a milestone): removing one from a plan keeps it. */
const WORK_ITEMS = new Set(['issue', 'issues', 'task', 'tasks', 'story', 'stories', 'ticket', 'tickets', 'card', 'cards', 'item', 'items']);
const PLANS = new Set(['cycle', 'cycles', 'module', 'modules', 'sprint', 'sprints', 'milestone', 'milestones', 'iteration', 'iterations', 'epic', 'epics']);
function plannedItem(objects: readonly string[], context: readonly string[]): [string, string] | undefined {
  // A name's "cycle issue", "sprint story": the plan names which of its items.
  if (PLANS.has(objects[0] ?? '') && WORK_ITEMS.has(objects[1] ?? '') && objects.length === 2) return [objects[1], objects[0]];
  // "from a cycle" said after the item, in the object or (for a name) in the description's lead.
  for (const words of [objects, context]) {
    const from = words.indexOf('from');
    const plan = from >= 0 ? first(words.slice(from + 1, from + 4), PLANS) : undefined;
    const item = words === objects ? (from >= 1 && from <= 3 ? first(objects.slice(0, from), WORK_ITEMS) : undefined) : WORK_ITEMS.has(objects[0] ?? '') && objects.length === 1 ? objects[0] : undefined;
    if (plan && item) return [item, plan];
  }
  return undefined;
}
/** An app installed onto a device, a simulator or an emulator, or from an app file (a bundle, a binary, .ipa, .apk). */
const APPS_INSTALLED = new Set(['app', 'apps', 'application', 'applications']);
const INSTALL_TARGETS = new Set(['simulator', 'simulators', 'sim', 'emulator', 'emulators', 'device', 'devices', 'phone', 'iphone', 'ipad', 'tablet']);
const APP_FILES = new Set(['bundle', 'binary', 'ipa', 'apk', 'aab', 'builds']);
const SANDBOX_RUNS = new Set(['run', 'runs', 'running', 'execute', 'executes', 'executing', 'execution']);
/** Switching an ad campaign on or off, and campaigns that spend nothing. */
const CAMPAIGN_SWITCHES = new Set(['pause', 'unpause', 'resume', 'launch', 'end', 'stop', 'start', 'activate', 'deactivate', 'reactivate']);
const CAMPAIGNS_SPENDING = new Set(['campaign', 'campaigns']);
const UNPAID_CAMPAIGNS = new Set(['email', 'emails', 'mail', 'newsletter', 'newsletters', 'sms', 'drip', 'outreach', 'mailing', 'broadcast', 'fundraising', 'donation']);
/** A paid tier or plan moved up or down, and tiers that are no plan (storage, a chart's). */
const TIER_CHANGES = new Set(['upgrade', 'downgrade']);
const PAID_TIERS = new Set(['tier', 'tiers', 'plan', 'plans', 'membership', 'memberships']);
const UNPAID_TIERS = new Set(['storage', 'disk', 'volume', 'database', 'node', 'cluster', 'chart', 'execution', 'query']);
/** Credits bought on their own when low: a refill, a top-up, a reload. */
const REFILLS = new Set(['refill', 'refills', 'auto-refill', 'autorefill', 'top-up', 'topup', 'auto-topup', 'auto-reload', 'autoreload', 'recharge', 'auto-recharge']);
const REFILLED = new Set(['credit', 'credits', 'balance', 'wallet', 'automatic', 'auto', 'automatically']);
/** Replacing the whole of a text at once: "entire script source", "the whole file content". */
const WHOLE = new Set(['entire', 'whole']);
const WHOLE_TEXTS = new Set(['source', 'sources', 'content', 'contents', 'code', 'body', 'file', 'files', 'script', 'scripts', 'text', 'document']);
/** "SQL file", "SQL dump", ".sql script": a file of statements that an import runs. */
const SQL_WORDS = new Set(['sql', 'mysqldump', 'pg_dump']);
const SQL_FILES = new Set(['file', 'files', 'dump', 'dumps', 'script', 'scripts', 'backup']);
function sqlDump(objects: readonly string[]): string | undefined {
  const words = objects.slice(0, 4);
  const k = words.findIndex((w) => SQL_WORDS.has(w) || w.endsWith('.sql'));
  if (k < 0) return undefined;
  const file = words.slice(k + 1, k + 3).find((w) => SQL_FILES.has(w));
  return file ? `${words[k]} ${file}` : words[k].endsWith('.sql') ? words[k] : undefined;
}
const SANDBOX_CODE = new Set(['code', 'python', 'nodejs', 'node', 'linux', 'debian', 'ubuntu', 'script', 'scripts']);
/** A queue where failed items wait to expire, and the words saying they do. */
const DEAD_LETTERS = new Set(['dlq', 'dead', 'dead-letter']);
const EXPIRES = new Set(['ttl', 'expire', 'expires', 'expiry', 'purge', 'purged', 'purges']);
/** Paid deliveries of a subscription: skipping one changes what is sent and charged. */
const DELIVERIES = new Set(['delivery', 'deliveries', 'shipment', 'shipments', 'box', 'boxes', 'meal', 'meals', 'order', 'orders', 'week', 'weeks']);
/** What a rebuild recreates from scratch, and what it rebuilds from a source without loss (an index, a cache). */
const REBUILT_STORES = new Set(['database', 'databases', 'db', 'mysql', 'postgres', 'postgresql', 'mariadb', 'mongodb', 'redis', 'service', 'services', 'container', 'containers', 'volume', 'volumes']);
const REBUILT_FROM_SOURCE = new Set(['index', 'indexes', 'indices', 'cache', 'caches', 'view', 'views', 'search', 'docs', 'documentation', 'site', 'project', 'image', 'images']);
const REACTIONS = new Set(['reaction', 'reactions', 'emoji']);
/** Saved copies a restore puts back over what is there now. */
const SAVED_COPIES = new Set(['backup', 'backups', 'snapshot', 'snapshots', 'checkpoint', 'checkpoints']);
/** What "replace all" replaces in a text, not a set of records. */
const TEXT_MATCHES = new Set(['occurrences', 'occurrence', 'instances', 'matches', 'text', 'strings', 'string']);
/** Kinds a stored record is converted into: a draft, a snapshot, a backup, a template. */
const STORED_KINDS = new Set(['draft', 'snapshot', 'backup', 'template', 'issue', 'discussion']);
const WEBHOOKS = new Set(['webhook', 'webhooks']);
/** Request interception: the agent's own browser holds back or edits what its pages request. */
const INTERCEPT_VERBS = new Set(['set', 'enable', 'disable', 'toggle', 'configure', 'start', 'stop']);
const INTERCEPTION = new Set(['interception', 'intercept', 'intercepting']);
/** A saved query's results: exporting them runs the query. */
const QUERY_WORDS = new Set(['query', 'queries', 'question', 'questions']);
const RESULTS = new Set(['result', 'results']);
/** A link handed to others: public, shared or sharing. */
const PUBLIC_LINKS = new Set(['public', 'sharing', 'share', 'shared', 'shareable', 'published']);
function publicLink(objects: readonly string[]): string | undefined {
  const k = objects.slice(0, 5).findIndex((w) => w === 'link' || w === 'links');
  return k > 0 ? objects.slice(Math.max(0, k - 2), k).find((w) => PUBLIC_LINKS.has(w)) : undefined;
}
/** Relations between records: linked and unlinked, both records stay. */
const POINTERS = new Set(['mouse', 'cursor', 'pointer']);
const AGENT_STARTS = new Set(['create', 'new', 'start', 'launch', 'spawn']);
const SUB_AGENTS = new Set(['agent', 'agents', 'subagent', 'subagents']);
const AGENT_HOSTS = new Set(['pane', 'panes', 'tmux', 'terminal', 'process', 'subprocess', 'shell']);
const SIGNALLED_PROCESSES = new Set(['process', 'processes', 'pid', 'pids']);
const MEMBERS = new Set(['member', 'members', 'membership', 'memberships']);
const RELATIONS = new Set(['relation', 'relations', 'related', 'relationship', 'relationships']);
/**
 * What holds references to items kept elsewhere: a dashboard's cards, a playlist's tracks, a list of favourites (a
 * document database's collection holds the documents themselves, and a folder its files: removing from them deletes).
 */
const REFERENCE_HOLDERS = new Set(['dashboard', 'dashboards', 'favorites', 'favourites', 'favorite', 'favourite', 'bookmarks', 'playlist', 'playlists',
  'watchlist', 'watchlists', 'shortlist', 'shortlists']);
/** A cache: discarded, it is computed again. */
const CACHED = new Set(['cache', 'cached', 'caches']);
/** The alternative to creating one: "create or reuse", "create or get" an existing one. */
const REUSED = new Set(['reuse', 'get', 'attach', 'resume', 'open', 'join']);
/** Media a generator makes and stores: an image, a video, an asset. */
const MEDIA_MADE = new Set(['image', 'images', 'video', 'videos', 'picture', 'pictures', 'illustration', 'illustrations', 'asset', 'assets']);
const DERIVED = new Set(['derived', 'derivative', 'derivatives']);
/** A knowledge graph: its relations are its data (deleting them loses facts), not links between records. */
const GRAPHS = new Set(['graph', 'graphs', 'knowledge', 'triple', 'triples']);
/** Gestures an agent does on a page: an action, a click, typing. */
const PAGE_ACTIONS = new Set(['action', 'actions', 'gesture', 'gestures', 'interaction', 'interactions']);
const PAGE_WORDS = new Set(['page', 'pages', 'element', 'elements', 'webpage']);
/** A process the agent started to run in the background, tracked by the tool. */
const BACKGROUND = new Set(['background', 'bg', 'tracked']);
/** What a session's end may also make: a file generated, saved or written from it. */
const SESSION_OUTPUTS = new Set(['generate', 'generates', 'save', 'saves', 'write', 'writes', 'export', 'exports', 'commit', 'commits', 'create', 'creates']);
/** How a test is carried out when it is a delivery: "by sending a test message". */
const TEST_DELIVERIES = new Set(['sending', 'posting', 'delivering', 'publishing', 'triggering', 'firing']);
/** Verbs that set or change an ad campaign's spending, and what is spent: bids, a bidding or ad rate strategy, a campaign's budget. */
const AD_SPEND_VERBS = new Set(['update', 'set', 'change', 'modify', 'edit', 'adjust', 'increase', 'decrease', 'raise', 'lower', 'put', 'patch']);
const AD_CAMPAIGNS = new Set(['campaign', 'campaigns', 'ad', 'ads', 'advert', 'adverts', 'advertising', 'adgroup', 'adgroups']);
const BIDDING = new Set(['bid', 'bids', 'bidding']);
/** Migrations: applied, their SQL runs. */
const MIGRATIONS = new Set(['migration', 'migrations']);
/** What is promoted to production: a deployment, a build, a release. */
const PROMOTED_BUILDS = new Set(['deployment', 'deployments', 'deploy', 'build', 'builds', 'release', 'releases', 'version', 'versions', 'preview', 'previews']);
const LIVE_TARGETS = new Set(['production', 'prod', 'live']);
/** What is withdrawn without money: an offer, a listing, an application, a proposal. */
const RETRACTED = new Set(['offer', 'offers', 'listing', 'listings', 'application', 'applications', 'proposal', 'proposals', 'invitation', 'invitations',
  'submission', 'submissions', 'nomination', 'nominations', 'consent', 'request', 'requests', 'vote', 'votes', 'comment', 'comments']);
const WITHDRAWN_MONEY = new Set(['fund', 'funds', 'money', 'cash', 'balance', 'balances', 'usdc', 'usdt', 'crypto', 'earnings', 'payout', 'payouts', 'wallet', 'amount']);
/** An authorization URL built for the user to open: OAuth's consent page. */
const CONSENT_URLS = new Set(['oauth', 'authorization', 'authorize', 'consent', 'auth']);
/** Providers whose link to a project is stored: connecting one adds an association. */
const LINKED_PROVIDERS = new Set(['repository', 'repositories', 'repo', 'repos', 'integration', 'integrations', 'provider', 'providers']);

/**
 * The part of an ad campaign's spending an object names: its bids or bidding strategy, its ad rate strategy, its
 * budget (a campaign's or an ad's, not a household's), or undefined.
 */
function adSpendObject(head: readonly string[]): string | undefined {
  const words = head.slice(0, 5);
  const bid = words.find((w) => BIDDING.has(w));
  if (bid) return words[words.indexOf(bid) + 1] === 'strategy' ? `${bid} strategy` : bid;
  const ad = words.findIndex((w) => AD_CAMPAIGNS.has(w));
  if (ad < 0) return undefined;
  if (words[ad + 1] === 'rate' || words[ad + 1] === 'rates') return `${words[ad]} rate`;
  const budget = words.slice(ad + 1, ad + 3).find((w) => w === 'budget' || w === 'budgets');
  return budget ? `${words[ad]} ${budget}` : undefined;
}
const DB_OBJECTS = new Set(['table', 'tables', 'index', 'indexes', 'database', 'databases', 'collection', 'collections']);
const FLUSH_WRITES = new Set(['table', 'tables', 'privileges', 'logs', 'hosts', 'status']);
const ACCOUNTS = new Set(['account', 'accounts']);
const MONEY_MOVES = new Set(['transaction', 'transactions', 'payment', 'payments', 'spending', 'charges', 'withdrawals', 'transfers']);
/** Another session's running work: killing it is not closing one's own connection. */
const OTHERS_WORK = new Set(['query', 'queries', 'pid', 'backend', 'statement']);
const CODE_TEXT = new Set(['query', 'queries', 'sql', 'code', 'syntax', 'json', 'statement']);
/** Git's staging area ("the index" only beside git: a search index's documents are data). */
const STAGING = new Set(['staging', 'stage']);
const GIT = new Set(['git', 'repository', 'repo']);
/** Links and sessions a server keeps alive for someone to open. */
const ACCESS_LINKS = new Set(['link', 'links', 'url', 'urls', 'session', 'sessions']);
const SIGNED = new Set(['signed', 'presigned', 'pre-signed', 'download']);
/** Words after "machine" that make it something else: machine learning, machine translation, a machine type. */
const NOT_A_MACHINE = new Set(['learning', 'translation', 'readable', 'type', 'types', 'size', 'sizes', 'image', 'images', 'snapshot', 'snapshots', 'backup', 'backups', 'model', 'models']);
/** A machine as the thing acted on, not as a modifier (machine learning). */
function machineIn(words: readonly string[]): string | undefined {
  const i = words.findIndex((w, k) => has([w], MACHINES) && !NOT_A_MACHINE.has(words[k + 1] ?? ''));
  return i >= 0 ? words[i] : undefined;
}
/** What ends a database transaction: committing or rolling back what it did. */
const TRANSACTION_ENDS = new Set(['commit', 'rollback', 'savepoint', 'abort']);
/** Git's working tree and refs: checking out one of them is git's checkout. */
const GIT_TREE = new Set(['branch', 'branches', 'tag', 'ref', 'refs', 'commit', 'sha', 'head', 'tree', 'worktree', 'git', 'repository', 'repo']);
/** What a fetch or a pull brings from a remote into a local clone. */
const REMOTE_CHANGES = new Set(['update', 'updates', 'change', 'changes', 'ref', 'refs', 'commit', 'commits', 'object', 'objects', 'branch', 'branches', 'tag', 'tags']);
const REMOTES = new Set(['remote', 'remotes', 'upstream', 'origin']);
/** What a build turns into a runnable image by running its steps. */
/**
 * "Initialize a browser with a URL", "initialize the testing session and navigate to the application": a browser is
 * started on the app under test and loads it, a page load (an API client set up with a base URL loads nothing).
 */
function opensAppUnderTest(objects: readonly string[], context: readonly string[]): boolean {
  const browserUrl = has(headPhrase(objects).slice(0, 3), INITIALIZED_BROWSERS) && objects.includes('url');
  // "Initialize the testing environment and navigate to the application": "and navigate" in the lead clause (the context keeps its "and").
  return browserUrl || NAVIGATING.has(context[0] ?? '') || [objects, context].some((ws) => ws.some((w, k) => w === 'and' && NAVIGATING.has(ws[k + 1] ?? '')));
}
/** The head names a relation between records: "asset relations", "a relation between two items", "relation records". */
function relationHead(objects: readonly string[]): boolean {
  const head = headPhrase(objects);
  const last = head.at(-1) ?? '';
  if (head.slice(0, 3).some((w, k) => RELATIONS.has(w) && objects[k + 1] === 'between')) return true;
  if (RELATIONS.has(last)) return head.length > 1;
  return (last === 'record' || last === 'records') && RELATIONS.has(head.at(-2) ?? '');
}
/** Verbs that ask a model for something, and what is asked: an inference, a completion, a prediction, an embedding. */
const ASKING_VERBS = new Set(['run', 'send', 'make', 'perform', 'request', 'create', 'get', 'call', 'invoke', 'execute', 'do', 'generate']);
const MODEL_ANSWERS = new Set(['inference', 'inferences', 'completion', 'completions', 'prediction', 'predictions', 'embedding', 'embeddings']);
const ASKED_HEADS = new Set(['request', 'requests', 'call', 'calls']);
/** "inference", "chat completion request": the head ends in the answer asked for, or in a request for one. */
function modelRequest(head: readonly string[]): string | undefined {
  const words = head.slice(0, 4);
  const last = words.at(-1) ?? '';
  const answer = words.find((w) => MODEL_ANSWERS.has(w));
  return answer && (MODEL_ANSWERS.has(last) || ASKED_HEADS.has(last)) ? answer : undefined;
}
/** How a browser presents itself to sites: its user agent, a stealth mode, an emulated device. */
const DISGUISING = new Set(['set', 'enable', 'disable', 'toggle', 'configure', 'change', 'update', 'override', 'use']);
const DISGUISES = new Set(['stealth', 'fingerprint', 'useragent']);
const BROWSING = new Set(['browser', 'browsers', 'browsing', 'page', 'pages', 'tab', 'tabs', 'headless', 'webdriver', 'chromium', 'chrome', 'playwright', 'puppeteer', 'selenium']);
function browserDisguise(objects: readonly string[], context: readonly string[]): string | undefined {
  const words = objects.slice(0, 5);
  const ua = words.findIndex((w, k) => w === 'user' && (words[k + 1] === 'agent' || words[k + 1] === 'agents'));
  const what = ua >= 0 ? 'user agent' : words.find((w) => DISGUISES.has(w));
  return what && has([...objects, ...context], BROWSING) ? what : undefined;
}
/** "the browser", "the browser session", or a session or a context beside "browser": the agent's own browser. */
const ownBrowser = (objects: readonly string[], context: readonly string[]) =>
  has(headPhrase(objects).slice(0, 3), BROWSERS) || (OWN_BROWSING.has(headPhrase(objects).slice(0, 3).at(-1) ?? '') && has(context, BROWSERS));
/** The agent's own browser, restarted or reset: session plumbing. */
function ownBrowserReset(verb: string, objects: readonly string[]): Meaning {
  return { category: 'Read', points: `${verb}s the agent's own browser: session plumbing`, note: `"${verb}" with "${first(objects, BROWSERS) ?? headPhrase(objects).slice(0, 3).at(-1)}" beside "browser" closes the agent's own browser and opens it afresh, as closing and opening a session: no one's data changes, so a Read.` };
}
/** A debugger's own words, and what it attaches to: attaching or detaching it is session plumbing. */
const DEBUGGING = new Set(['debug', 'debugging', 'debugger', 'debuggee', 'debugged', 'dap', 'inspector']);
const DEBUGGED = new Set(['process', 'processes', 'pid', 'program', 'programs', 'debuggee', 'jvm', 'runtime', 'target']);
/** "Attach to a running process for debugging", "detach from the debugged process": the agent's own debugger session. */
function debuggerHook(verb: string, objects: readonly string[], context: readonly string[]): Meaning | undefined {
  const what = first(objects.slice(1, 5), DEBUGGED);
  const why = first([...objects.slice(0, 8), ...context], DEBUGGING);
  if (!what || !why) return undefined;
  return { category: 'Read', points: `${verb}es the agent's own debugger ${objects[0]} a ${what}: session plumbing`, note: `"${verb} ${objects[0]}" a "${what}" beside "${why}" hooks the agent's own debugger onto the program or lets go of it, which runs and changes nothing by itself (stepping or continuing does): session plumbing, a Read.` };
}
const SESSIONS_OPENED = new Set(['session', 'sessions']);
/** "virtual machine scale set", "VM scale set", "vmss": a set of machines that boot together. */
function scaleSetOf(objects: readonly string[]): string | undefined {
  const head = headPhrase(objects).slice(0, 6);
  if (head.includes('vmss')) return 'VM scale set';
  const s = head.findIndex((w, k) => w === 'scale' && (head[k + 1] === 'set' || head[k + 1] === 'sets'));
  return s >= 0 && (machineIn(head.slice(0, s)) || has(head.slice(0, s), MACHINE_WORDS) || has(objects.slice(s, s + 8), MACHINE_WORDS)) ? 'scale set of machines' : undefined;
}
const MACHINE_WORDS = new Set(['vm', 'vms', 'machine', 'machines', 'instance', 'instances', 'virtual']);
/** "load test run", "stress test run", "performance test execution": traffic sent at an endpoint as the run starts. */
const LOAD_TESTS = new Set(['load', 'stress', 'soak', 'spike', 'performance', 'loadtest', 'load-test']);
const RUN_RECORDS = new Set(['run', 'runs', 'execution', 'executions', 'testrun', 'testruns']);
function loadTestRun(objects: readonly string[]): string | undefined {
  const head = headPhrase(objects).slice(0, 5);
  const l = head.findIndex((w) => LOAD_TESTS.has(w));
  // The kind of test ("load test", "loadtest"), then what of it: a run or an execution.
  return l >= 0 && (head[l].endsWith('test') || head[l + 1] === 'test' || head[l + 1] === 'tests') && has(head.slice(l + 1), RUN_RECORDS) ? `${head[l].replace(/-?test$/, '')} test` : undefined;
}
const ORDERS_CLOSED = new Set(['order', 'orders']);
const PAID_WORDS = new Set(['payment', 'payments', 'charge', 'charges', 'pix', 'boleto', 'checkout']);
const EMULATING = new Set(['set', 'change', 'override', 'rotate', 'emulate', 'simulate', 'mock', 'spoof', 'fake', 'update']);
/** What a device or a browser emulates: its orientation, its GPS location, its viewport. */
function emulatedView(objects: readonly string[], context: readonly string[]): string | undefined {
  const head = headPhrase(objects).slice(0, 5);
  const around = [...objects.slice(0, 10), ...context];
  if (has(head, ORIENTATIONS) && has(around, EMULATED_DEVICES)) return first(head, ORIENTATIONS);
  const l = head.findIndex((w) => w === 'location' || w === 'geolocation');
  if (l >= 0 && (head[l] === 'geolocation' || has(head.slice(0, l), GPS) || has(around, GPS)) && has(around, EMULATED_DEVICES)) return `${head[l - 1] === 'gps' ? 'GPS ' : ''}${head[l]}`;
  // "Set GPS on iOS simulator": the GPS fix the simulator or emulator reports, its location by another name.
  if (head[0] === 'gps' && has(around, EMULATED_DEVICES)) return 'GPS location';
  const v = head.findIndex((w) => w === 'viewport');
  if (v >= 0) return 'viewport';
  return undefined;
}
const ORIENTATIONS = new Set(['orientation', 'rotation']);
const GPS = new Set(['gps', 'geolocation', 'latitude', 'longitude', 'coordinates']);
const EMULATED_DEVICES = new Set(['device', 'devices', 'simulator', 'emulator', 'phone', 'screen', 'browser', 'page', 'viewport', 'android', 'ios', 'iphone', 'tablet']);
const CONSOLE_OUTPUTS = new Set(['message', 'messages', 'log', 'logs', 'output', 'outputs', 'entries']);
/** Settings a clear unsets: defaults, a setting, preferences. */
const SETTINGS_CLEARED = new Set(['default', 'defaults', 'setting', 'settings', 'preference', 'preferences']);
/** A person's part in a record: a reviewer, an assignee, a watcher. */
const PEOPLE_ROLES = new Set(['reviewer', 'reviewers', 'assignee', 'assignees', 'watcher', 'watchers', 'collaborator', 'collaborators', 'participant', 'participants']);
/** What a recording films: a video of the screen. */
const FILMED = new Set(['video', 'videos', 'screen', 'screencast', 'screencasts', 'gif']);
/** A gesture on the agent's page ("perform a single action on the page", "execute browser actions using element indices"). */
function pageGesture(verb: string, objects: readonly string[], context: readonly string[]): Meaning | undefined {
  const gesture = first(objects.slice(0, 4), PAGE_ACTIONS);
  if (!gesture || !has([...objects.slice(0, 8), ...context], PAGE_WORDS)) return undefined;
  return { category: 'Write', points: `${verb}s a ${gesture} on the page: a click or typing`, note: `"${verb}" with "${gesture}" on the "${first([...objects, ...context], PAGE_WORDS)}" does gestures in the browser (a click, typing into a field), as clicking does: a Write, not code or a job that runs.` };
}
/** Reports and analyses a run reads back: the head noun of "query report", "code analysis". */
const REPORT_HEADS_RUN = new Set(['report', 'reports', 'analysis', 'analyses', 'summary', 'summaries', 'diagnostic', 'diagnostics', 'search', 'searches', 'lookup']);
function reportRun(verb: string, objects: readonly string[]): Meaning | undefined {
  const head = ownPhrase(objects).slice(0, 4);
  const last = head.at(-1) ?? '';
  // A bare "execute a search" too: execute has no reading of its own to fall back on, as run's READ_OBJECTS give run.
  // "Run a code review against the repository", "perform a security review": the review is written back to the caller.
  if ((last === 'review' || last === 'reviews') && (verb === 'run' || verb === 'perform') && head.length >= 2 && REVIEWED.has(head[0])) return { category: 'Read', points: `${verb}s a ${head.join(' ')}: reading only`, note: `"${verb}" with "${head.join(' ')}": its head noun is a review, findings written back for the caller, so it is a Read, as running a report or an audit returned (starting a review on a pull request is not this).` };
  if (!REPORT_HEADS_RUN.has(last) || (head.length < 2 && verb !== 'execute' && verb !== 'exec')) return undefined;
  return { category: 'Read', points: `${verb}s a ${last}: reading only`, note: `"${verb}" with "${head.join(' ')}": its head noun is a ${last}, read back for the caller (the words before it say which), so it is a Read, as running a report.` };
}
const REVIEWED = new Set(['code', 'security', 'architecture', 'design', 'compliance', 'accessibility', 'performance']);
const OWN_ENDS = new Set(['of', 'over', 'across', 'against']);
/** The object's own phrase before what it is of or for: "an assignee | of a card", "a SQL analysis | of slow tables". */
const ownPhrase = (objects: readonly string[]) => {
  const head = headPhrase(objects);
  const of = head.findIndex((w, k) => k > 0 && OWN_ENDS.has(w));
  return of > 0 ? head.slice(0, of) : head;
};
/** Verbs that make a command's text ("generate the command for restoring ...", "build the CLI command that deploys ..."), and what they make. */
export const COMMAND_MAKING = new Set(['generate', 'build', 'compose', 'construct', 'produce', 'suggest']);
const COMMAND_TEXT = new Set(['command', 'commands', 'cli', 'one-liner']);
/** "command" ending the object's phrase, or followed by what the command does ("the CLI command that deploys ..."). */
function commandText(head: readonly string[]): string | undefined {
  const k = head.slice(0, 3).findLastIndex((w) => COMMAND_TEXT.has(w));
  return k >= 0 && (k === head.length - 1 || verbCategory(head[k + 1]) !== undefined) ? head.slice(0, k + 1).join(' ') : undefined;
}
/** "scheduled", "archived": the past participle of a verb (not its base form, nor a word that only ends in -ed). */
const participle = (word: string, verb: string) => word !== verb && /ed$/.test(word) && !/ed$/.test(verb);
/** Approving what waits to run: a deployment, or a workflow's or a pipeline's run. */
const APPROVING = new Set(['approve']);
const RUN_OWNERS = new Set(['workflow', 'workflows', 'pipeline', 'pipelines', 'job', 'jobs']);
function heldRun(head: readonly string[]): string | undefined {
  const words = head.slice(0, 4);
  const last = words.at(-1) ?? '';
  if (last === 'deployment' || last === 'deployments') return last;
  return (last === 'run' || last === 'runs') && RUN_OWNERS.has(words.at(-2) ?? '') ? `${words.at(-2)} ${last}` : undefined;
}
/** Verbs that begin a session, and what a session is called. */
const SESSION_STARTS = new Set(['start', 'begin', 'launch', 'initiate']);
const SESSIONS = new Set(['session', 'sessions']);
/** What refreshing reloads in a browser: the page or the tab it shows. */
const REFRESHED_PAGES = new Set(['page', 'webpage', 'tab', 'browser']);

const INITIALIZED_BROWSERS = new Set(['browser', 'browsers']);
const NAVIGATING = new Set(['navigate', 'navigates', 'open', 'opens', 'visit', 'visits', 'load', 'loads']);
/** Verbs that set an order to deploy going: creating, resuming, starting or retrying it. */
const ORDER_RUNS = new Set(['create', 'resume', 'start', 'retry', 'rerun', 'continue', 'submit', 'execute', 'run', 'trigger']);
/** Orders that are deployments: a deploy order, a change order (a release change), a rollout order. */
const DEPLOY_ORDERS = new Set(['deploy', 'deployment', 'change', 'release', 'rollout']);
/** Passing a gate: approving or passing the checkpoint a run waits at. */
const PASSING_GATES = new Set(['pass', 'approve', 'continue', 'proceed']);
const GATES = new Set(['checkpoint', 'checkpoints', 'gate', 'gates', 'validate', 'validation', 'validations']);
const GATED_RUNS = new Set(['pipeline', 'pipelines', 'release', 'releases', 'stage', 'stages', 'deploy', 'deployment', 'deployments']);
const IMAGE_BUILDS = new Set(['image', 'images', 'dockerfile', 'container', 'containers']);
/** What building compiles and testing runs the suite of: a project, an app, a target, a package, a build for a simulator. */
const BUILT_PROJECTS = new Set(['app', 'apps', 'application', 'target', 'targets', 'project', 'projects', 'scheme', 'schemes', 'package', 'packages', 'sim', 'simulator',
  'emulator', 'workspace', 'solution', 'binary', 'binaries', 'executable', 'crate', 'crates', 'module', 'library']);
const TESTED_PROJECTS = new Set(['app', 'apps', 'application', 'target', 'targets', 'project', 'projects', 'scheme', 'schemes', 'package', 'packages', 'sim', 'simulator',
  'emulator', 'device', 'workspace', 'solution', 'suite', 'suites', 'crate', 'crates']);
/** A branch head: resetting one discards commits or changes. */
const GIT_HEADS = new Set(['head', 'branch', 'commit', 'commits', 'index']);
/** Things that are themselves links (a shortened URL), not a link between two things. */
const LINK_THINGS = new Set(['short', 'shortened', 'url', 'urls', 'redirect', 'payment', 'checkout', 'invite', 'invitation', 'share', 'sharing', 'download', 'signup', 'magic', 'booking']);
const REFS = new Set(['branch', 'branches', 'tag', 'tags', 'ref', 'commit', 'sha']);
const CONNECTIONS = new Set(['connection', 'connections', 'session', 'client']);
const OWN_TABS = new Set(['tab', 'tabs', 'window', 'windows']);
const AUTOMATIONS = new Set(['workflow', 'workflows', 'pipeline', 'pipelines', 'job', 'jobs']);
const DEPLOY_WORDS = new Set(['deploy', 'redeploy', 'deployment', 'deployments']);
const TERMINAL_VIEWS = new Set(['terminal', 'pty', 'tty', 'console', 'viewport']);
/** What a deployment platform creates and runs, and where its code comes from. */
const DEPLOYABLE = new Set(['service', 'services', 'app', 'apps', 'application', 'applications', 'worker', 'workers', 'function', 'functions', 'site', 'container', 'containers']);
const CODE_SOURCES = new Set(['repository', 'repositories', 'repo', 'repos', 'image', 'images', 'docker', 'dockerfile', 'github', 'gitlab', 'git', 'source', 'template', 'branch', 'spec', 'specification']);
const ARITHMETIC = new Set(['number', 'numbers', 'integer', 'integers', 'two', 'digits', 'values', 'operands']);
const VIEW_SWITCHES = new Set(['tab', 'tabs', 'window', 'windows', 'context', 'contexts', 'session', 'frame', 'page']);
const CREDENTIAL = new Set(['key', 'keys', 'apikey', 'token', 'tokens', 'secret', 'secrets', 'password', 'credential', 'credentials', 'certificate']);
const EXEC_LANG = new Set(['sql', 'cypher', 'graphql', 'sparql', 'promql', 'kql', 'hql', 'statement']);
const READ_QUALIFIERS = new Set(['find', 'search', 'lookup', 'read', 'count']);
const POINTS: Record<Category, string> = {
  Read: 'reads without changing anything',
  Write: 'creates or changes something',
  Execute: 'runs code or commands',
  Destructive: 'deletes or overwrites',
  Financial: 'moves money',
};

/** run, start, trigger, perform: the object says what kind of action it is (undefined: it does not say). */
function lightObject(verb: string, objects: string[], context: readonly string[]): Meaning | undefined {
  // "Drive the official comfy-cli", "drive the editor: select a node, run or stop the project": a CLI, an editor or an IDE
  // driven runs its commands, and the project in it, as the caller asks; driving anything else says nothing by itself.
  if (verb === 'drive') {
    const driven = clauseHead(headPhrase(objects)).slice(0, 4).flatMap((w) => w.split('-')).find((w) => DRIVEN_APPS.has(w));
    return driven ? { category: 'Execute', points: `drives a ${driven}: its commands run`, note: `"${verb}" with "${driven}" has a command-line tool or an editor carry out what the caller asks (its commands, running the project in it), which SPEC counts as Execute.` } : undefined;
  }
  // "Take ownership of a schedule": who owns it changes, nothing runs.
  if (objects[0] === 'ownership') return { category: 'Write', points: `${verb}s ownership` };
  // "Perform a single action on the page (e.g., click, type)": the action is a gesture on the agent's browser page, a
  // click or typing as a form is filled (a workflow's or a pipeline's action runs elsewhere and stays Execute).
  const gesture = pageGesture(verb, objects, context);
  if (gesture) return gesture;
  // "Run query report", "run a SQL analysis": the head noun is a report or an analysis read back, whatever modifies it.
  const report = reportRun(verb, objects);
  if (report) return report;
  // "Start a new code generation session", "start an SSH session": what is started is a session of the agent's own, which
  // later calls use (session plumbing, as connecting); what runs in it is another tool's call. A checkout session is money.
  const session = SESSION_STARTS.has(verb) && SESSIONS.has(headPhrase(objects).slice(0, 4).at(-1) ?? '') && !financialObject(objects, context) ? headPhrase(objects).slice(0, 4).at(-1) : undefined;
  if (session) return { category: 'Read', points: `${verb}s the agent's own ${session}: session plumbing`, note: `"${verb}" with "${session}" opens a session the agent's later calls use, as connecting does; what runs in it is run by those calls, so it is session plumbing (Read).` };
  const strongExec = objects.find((w) => EXEC_OBJECTS.has(w) && w !== 'query' && w !== 'queries');
  if (strongExec) return { category: 'Execute', points: `${verb}s ${strongExec} the caller writes` };
  const q = objects.findIndex((w) => w === 'query' || w === 'queries');
  if (q >= 0) {
    return objects.slice(0, q).some((w) => READ_QUALIFIERS.has(w))
      ? { category: 'Read', points: `${verb}s a lookup query` }
      : { category: 'Execute', points: `${verb}s a query the caller writes` };
  }
  // "Run the Godot project and capture output", "launch the editor for a project", "start playtest", "run performance
  // benchmarks on a model", "start distributed training": the head noun is a project, a game, its editor, a playtest, a
  // benchmark or a training run, which starts the code or the model it holds, whatever modifies it or is captured after
  // ("performance" names what is measured, "output" what is read back).
  const trial = STARTING.has(verb) ? first(trialHead(objects).slice(-1), TRIAL_RUNS) : undefined;
  if (trial) return runs(verb, trial);
  // Compounds count by their last part: a heapsnapshot is a snapshot.
  const read = first(objects, READ_OBJECTS) ?? objects.find((w) => [...READ_OBJECTS].some((r) => r.length >= 6 && w.endsWith(r)));
  // "Take a snapshot of a droplet": a stored copy of a machine or a disk, not a look at a page.
  if (read && (read === 'snapshot' || read === 'backup') && has(objects, STORED_FROM)) return { category: 'Write', points: `stores a ${read} of a ${first(objects, STORED_FROM)}`, note: `"${verb} a ${read}" of a "${first(objects, STORED_FROM)}" stores a copy of the machine or disk the provider keeps, so it is a Write, not a look.` };
  if (read) return { category: 'Read', points: `${verb}s a ${read}: reading only` };
  const running = first(objects, RUN_OBJECTS);
  // "Perform comprehensive SEO audit of the site", "run an accessibility audit of the page": an SEO, accessibility or
  // performance audit reads a site's pages and returns the findings to the caller (rule 11), where a security audit probes it.
  const inspection = running === 'audit' || running === 'audits' ? first(objects.slice(0, Math.max(0, objects.indexOf(running))).slice(-3), LOOK_AUDITS) : undefined;
  if (inspection) return { category: 'Read', points: `runs an ${inspection} audit: the findings come back`, note: `"${verb}" with "${inspection} audit" reads a site's pages and returns what it found to the caller, as recording what a page does (rule 11), so it is a Read (a security audit, which probes, is not this).` };
  if (running) return runs(verb, running);
  // "Start a virtual machine", "start the services in a Docker Compose project": it boots what it runs.
  const machine = machineIn(objects.slice(0, 4)) ?? (has(context, COMPOSE) && has(objects.slice(0, 3), COMPOSE_PARTS) ? 'compose project' : undefined);
  if (machine) return runs(verb, machine);
  // "browser_use_agent", "a computer-use agent": a model drives a browser, clicking and submitting on its own.
  if (has(objects, AGENTS) && has([...objects, ...context], AGENT_BROWSERS)) return { category: 'Execute', points: 'sets an agent driving a browser', note: `"${verb}" with "agent" beside "${first([...objects, ...context], AGENT_BROWSERS)}" sets a model driving a browser on its own (navigating, filling and submitting forms), which SPEC counts as Execute.` };
  // "Run one of the following write operations: deploy-site": among the operations it runs, a deploy decides.
  // Operation names come hyphenated (deploy-site): their parts count.
  const deploy = objects.flatMap((w) => w.split('-')).find((w) => DEPLOY_WORDS.has(w));
  if (deploy) return runs(verb, deploy.startsWith('deployment') ? deploy : 'deployment');
  // "Starts a MySQL database", "start the application", "run a serverless endpoint": a runnable thing runs.
  const runnable = runnableStart(verb, objects);
  if (runnable) return runs(verb, runnable);
  // "Run a scheduled task now", "trigger a schedule": what the scheduler would have run runs at once.
  if (has(objects.slice(0, 3), SCHEDULED_RUNS) && has([...objects, ...context], SCHEDULED)) return runs(verb, first(objects, SCHEDULED_RUNS)!);
  const defined = first(objects, WRITE_OBJECTS);
  if (defined) return { category: 'Write', points: `${verb}s a ${defined} the system already defines` };
  // "Start a new transaction", "begin a transaction": what is begun is a unit of work later committed or rolled back,
  // a database's; a payment is created or sent, not begun (a payment, an amount or money beside it keeps it money).
  if ((verb === 'start' || verb === 'begin') && TRANSACTIONS.has(objects[0] ?? '') && !has([...objects, ...context], PAYMENT_SIGNS)) {
    return { category: 'Write', points: 'begins a database transaction', note: `"${verb}" with "${objects[0]}" begins a transaction to commit or roll back later, a database's unit of work: a Write, not money.` };
  }
  const money = financialObject(objects, context);
  if (money) return { category: 'Financial', points: `${verb}s a ${money}` };
  for (const w of objects) {
    const inner = baseVerb(w);
    if (inner && !LIGHT_VERBS.has(inner)) {
      const m = interpret(inner, objects.slice(objects.indexOf(w) + 1), objects);
      if (m) return m;
    }
  }
  return undefined;
}

const CHOOSING = new Set(['select', 'choose', 'pick']);
/** Words that open the object of a second verb ("or creates a new branch"), so that verb is no noun ("issues and comments"). */
const OFFER_OPENS = new Set(['a', 'an', 'the', 'new', 'one', 'it', 'them']);
/** What a snapshot or a backup is a stored copy of (a page's snapshot is a look). */
const STORED_FROM = new Set(['droplet', 'droplets', 'vm', 'vms', 'machine', 'machines', 'volume', 'volumes', 'disk', 'disks', 'instance', 'instances', 'server', 'servers', 'database', 'databases', 'cluster', 'vps']);
const COMPOSE = new Set(['compose', 'docker-compose']);
const COMPOSE_PARTS = new Set(['service', 'services', 'project', 'projects', 'stack', 'stacks', 'container', 'containers']);
const AGENTS = new Set(['agent', 'agents']);
const AGENT_BROWSERS = new Set(['browser', 'browsers', 'computer']);

/** "power on", "power off", "power cycle": the phrasal verb of machines (not "power" as a noun or in math). */
const POWER_STATES = new Set(['on', 'off', 'cycle', 'up', 'down']);
export function powerVerb(words: readonly string[], i: number): string | undefined {
  // "Powers on", "powering off", "turn on": any inflection, and "turn" as its synonym.
  return POWER_WORDS.has(words[i]) && POWER_STATES.has(words[i + 1] ?? '') ? 'power' : undefined;
}
const POWER_WORDS = new Set(['power', 'powers', 'powering', 'powered', 'turn', 'turns', 'turning']);

/** A verb in the opening list of verbs: after "or"/"and", or after a comma ("Lists, inspects, or terminates"). */
function isListedVerb(description: string, words: ReturnType<typeof textWords>, k: number): boolean {
  const prev = words[k - 1];
  return prev.word === 'or' || prev.word === 'and' || /^\s*,\s*$/.test(description.slice(prev.end, words[k].start));
}

export const SKIP = new Set(['a', 'an', 'the', 'new', 'one', 'or', 'and', 'all', 'any', 'multiple', 'specific', 'existing', 'given', 'single', 'current', 'your', 'its', 'their', 'this', 'that', 'some', 'each', 'every', 'up', 'back']);

/** The words of a description's lead clause, for the name's context. */
export function leadWords(description: string): string[] {
  const clause = leadClause(description);
  // A title line's clause says little ("List payment methods"): the sentence after it says which ("all enabled ...").
  return clause ? [...textWords(description, clause.start, clause.end).map((w) => w.word), ...titledBodyWords(description)] : [];
}

/** The description's action: the verb that opens its first clause, with what follows it. */
export function descriptionAction(description: string, nameWords: readonly string[], source: EvidenceSource = 'description'): Action | undefined {
  const clause = leadClause(description);
  if (!clause) return undefined;
  const words = textWords(description, clause.start, clause.end);
  if (words.length === 0) return undefined;
  let verb = baseVerb(words[0].word) ?? powerVerb(words.map((w) => w.word), 0);
  if (!verb) return undefined;
  // "Scheduled tasks with their status", "Archived projects of the user": a past participle opening the description
  // describes the records listed (what was done to them once), not an action the call takes ("Schedule", "Schedules" do).
  if (participle(words[0].word, verb) && words[1] && !SKIP.has(words[1].word) && !baseVerb(words[1].word)) return undefined;
  // "Trading pairs listed on ...", "Order flow of ...": a money word describing market data, not a verb.
  if (verbCategory(verb) === 'Financial' && words[1] && has([words[1].word], MARKET_DATA)) return undefined;
  // "Funding rate of a perpetual": "funding" before a noun names a kind of rate, not an act of funding.
  if (verb === 'fund' && words[0].word === 'funding' && words[1] && !SKIP.has(words[1].word)) return undefined;
  // "Select and run one of ...": choosing is only the way to the verb that acts.
  let k = 1;
  const then = words[2] ? baseVerb(words[2].word) : undefined;
  if (CHOOSING.has(verb) && words[1]?.word === 'and' && then && !CHOOSING.has(then)) {
    verb = then;
    k = 3;
  }
  // "Create or update", "List, create, close, or select": the first verb leads, unless the list only looks
  // and destroys ("Lists, inspects, or terminates processes"): its only change is the destructive one.
  const chain: string[] = [];
  const anded: string[] = [];
  while (k < words.length && (words[k].word === 'or' || words[k].word === 'and' || (baseVerb(words[k].word) && (words[k - 1].word === 'or' || words[k - 1].word === 'and' || chain.length > 0 || k === 1) && isListedVerb(description, words, k)))) {
    if (words[k].word !== 'or' && words[k].word !== 'and') {
      chain.push(baseVerb(words[k].word)!);
      if (words[k - 1].word === 'and') anded.push(baseVerb(words[k].word)!);
    }
    k++;
  }
  // "Replaces all firewall rules": for a replace, "all" says the whole set goes.
  const objectWords = words.slice(k).filter((w) => !SKIP.has(w.word) || (verb === 'replace' && w.word === 'all' && w === words[k])).slice(0, 10);
  const objects = objectWords.map((w) => w.word);
  const clauseWords = [...nameWords, ...words.map((w) => w.word), ...titledBodyWords(description)];
  let meaning = interpret(verb, objects, clauseWords);
  const listed = chain.map((v) => ({ verb: v, meaning: interpret(v, objects, clauseWords) }));
  const destroys = listed.find((l) => l.meaning?.category === 'Destructive');
  if (meaning?.category === 'Read' && destroys && listed.every((l) => l.meaning?.category === 'Read' || l.meaning?.category === 'Destructive')) {
    meaning = { ...destroys.meaning!, note: `"${verb}" is listed with "${destroys.verb}" (${destroys.verb} ${objects.slice(0, 2).join(' ')}), and nothing else it lists changes anything: its only change destroys, so it is Destructive.` };
    verb = destroys.verb;
  }
  // "Generate and execute tests", "build and run the app": both are done, and the run is the riskier part.
  const running = (meaning?.category === 'Read' || meaning?.category === 'Write') ? anded.filter((v) => RUN_VERBS.has(v)).map((v) => ({ verb: v, meaning: interpret(v, objects, clauseWords) })).find((l) => l.meaning?.category === 'Execute') : undefined;
  if (running) {
    meaning = { ...running.meaning!, note: `"${verb} and ${running.verb}" does both, and "${running.verb}" runs what it names, which SPEC counts as Execute.` };
    verb = running.verb;
  }
  // "Lists all branches or creates a new branch", "Get or update configuration values": a look offered with a change makes that change.
  // The agent's own tabs, connections or session stay plumbing ("List, create, close, or select a tab").
  // "Lists all branches or creates a new branch": a second verb after "or", opening its own object, offers a change too.
  const offered = words.slice(k).flatMap((w, j, rest) => {
    const v = j > 0 && (rest[j - 1].word === 'or' || rest[j - 1].word === 'and') ? baseVerb(w.word) : undefined;
    return v && v !== w.word && !AMBIGUOUS.has(v) && OFFER_OPENS.has(rest[j + 1]?.word ?? '') ? [{ verb: v, meaning: interpret(v, rest.slice(j + 1).map((x) => x.word).filter((x) => !SKIP.has(x)), clauseWords) }] : [];
  });
  const changes = meaning?.category === 'Read' && !destroys && !has(objects.slice(0, 6), PLUMBING_NOUNS) ? [...listed, ...offered].find((l) => l.meaning?.category === 'Write') : undefined;
  if (changes) {
    meaning = { ...changes.meaning!, note: `"${verb}" is listed with "${changes.verb}": it can change as well as look, and the change is what it may be called for, so it is a Write.` };
    verb = changes.verb;
  }
  // "Analyzes a table to update index statistics": a look whose stated purpose is a change is that change.
  const to = objects.indexOf('to');
  const purpose = meaning?.category === 'Read' && to > 0 && to < 4 ? baseVerb(objects[to + 1] ?? '') : undefined;
  // Only an infinitive ("to update"), not a participle after "assigned to the authenticated user".
  // "Wait for navigation to complete", "poll for the export to finish": what comes after "for" is what is awaited, whose own
  // change it is ("to complete" says when the wait ends), not a change the tool makes.
  const awaited = WAITING.has(verb) && (objects[0] === 'for' || objects[0] === 'until');
  if (purpose && !awaited && purpose === objects[to + 1] && objects[to - 1] !== 'assigned' && verbCategory(purpose) === 'Write' && !LIGHT_VERBS.has(purpose)) {
    meaning = { category: 'Write', points: `${verb}s in order to ${purpose}`, note: `"${verb} ... to ${purpose}": what it reads is the way to a change, so it is a Write.` };
  }
  // "Get recurring events (scheduled transactions)": a short parenthesis after the object says what the records are;
  // when it names payment records, reading them reads money ("(calendar meetings)" names none).
  if (meaning?.category === 'Read' && READS_RECORDS.has(verb) && objects[0] !== 'if' && objects[0] !== 'whether') {
    const gloss = leadGloss(description);
    // "Export SAF-T (Standard Audit File for Tax)": a gloss naming a tax file names the period's invoices and payments.
    const record = gloss.length > 0 ? paymentRecord(gloss, clauseWords) ?? taxFiling(gloss) : undefined;
    if (record) meaning = { ...readsPayments(verb, record), note: `"${verb}" with "${objects.slice(0, 3).join(' ')}", glossed "(${gloss.join(' ')})": the records it reads are ${record}, payment records, which SPEC's table puts in Financial.` };
  }
  if (!meaning) return undefined;
  const end = objectWords.length > 0 ? objectWords[Math.min(objectWords.length, 4) - 1].end : words[0].end;
  return {
    category: meaning.category,
    source,
    text: description.slice(words[0].start, end),
    verb,
    objects,
    points: meaning.points,
    strength: 3,
    ...(meaning.note ? { note: meaning.note } : {}),
  };
}

const TRANSACTIONS = new Set(['transaction', 'transactions']);
/** Words that make a transaction begun a payment: "start a payment transaction of 10 EUR". */
const PAYMENT_SIGNS = new Set(['payment', 'payments', 'pay', 'amount', 'money', 'card', 'checkout', 'purchase', 'currency', 'merchant', 'terminal', 'pos', 'refund', 'charge']);
/** Archives whose files extracting writes out. */
const ARCHIVES = new Set(['archive', 'archives', 'zip', 'zips', 'tar', 'tarball', 'tarballs', 'tgz', 'gz', 'gzip', 'rar', '7z']);
/** What a browser gives an agent to drive: opening one is session plumbing. */
const OWN_BROWSING = new Set(['session', 'sessions', 'context', 'contexts', 'tab', 'tabs', 'window', 'windows', 'page', 'pages']);
const BROWSERS = new Set(['browser', 'browsers', 'chromium', 'chrome', 'headless', 'playwright', 'puppeteer', 'firefox', 'webkit', 'safari', 'msedge']);
/** A form's choices: selecting one picks a value the page may submit. */
const FORM_CHOICES = new Set(['option', 'options', 'dropdown', 'dropdowns', 'checkbox', 'checkboxes', 'radio', 'combobox', 'listbox']);
/** Controls that "check" ticks rather than inspects. */
const CHECKABLE = new Set(['checkbox', 'checkboxes', 'radio', 'radios', 'toggle', 'toggles', 'switch']);
/** Verbs that wait on something else's change: "for" names what is awaited. */
const WAITING = new Set(['wait', 'await', 'poll', 'watch']);
/** Verbs that move a wallet's value: transferring, sending or bridging an NFT, a token on a chain, a coin. */
const VALUE_MOVES = new Set(['transfer', 'send', 'move', 'bridge', 'withdraw', 'deposit', 'give']);
/** What a move of a token's rights is about rather than its value: ownership of a contract, an admin role. */
const NOT_VALUE = new Set(['ownership', 'admin', 'role', 'roles', 'file', 'files', 'domain', 'domains']);
/** Words of a token allowance: a spender allowed to spend the wallet's tokens. */
const ALLOWANCES = new Set(['allowance', 'allowances', 'spender', 'spenders', 'spending', 'spend']);
const ALLOWING = new Set(['approve', 'increase', 'decrease', 'set', 'revoke', 'grant', 'update', 'permit']);
/** Verbs that call into a smart contract, and the words that make the call change its state (a view call does not). */
const CONTRACT_CALLS = new Set(['write', 'call', 'invoke', 'execute', 'exec', 'send', 'interact', 'transact']);
const STATE_CHANGING = new Set(['state-changing', 'payable', 'transaction', 'transactions', 'sign', 'signed', 'signs', 'signing', 'nonpayable']);
const VIEW_CALLS = new Set(['view', 'read-only', 'readonly', 'pure', 'read']);
const TOKENS = new Set(['token', 'tokens']);
/** Picking someone for paid work: accepting an application or a proposal where a bounty, escrow or price is at stake. */
const PICKING = new Set(['accept', 'hire', 'award', 'approve', 'select', 'choose']);
const APPLICATIONS = new Set(['application', 'applications', 'applicant', 'applicants', 'proposal', 'proposals', 'submission', 'submissions']);
const PAID_WORK = new Set(['paid', 'escrow', 'bounty', 'bounties', 'reward', 'budget', 'payment', 'price', 'fee', 'wage']);

/**
 * Value moved from a wallet: "transfer native tokens", "send an NFT", "bridge USDC"; a token allowance approved for a
 * spender; a state-changing call into a smart contract signed by the wallet; an applicant accepted for paid work.
 */
function walletValue(verb: string, objects: readonly string[], context: readonly string[]): Meaning | undefined {
  const around = [...objects, ...context];
  if (VALUE_MOVES.has(verb) && !has(objects.slice(0, 2), NOT_VALUE)) {
    const asset = walletAsset(objects, context);
    if (asset) return { category: 'Financial', points: `moves a ${asset} from a wallet`, note: `"${verb}" with "${asset}" moves a wallet's digital asset to another address, value that cannot be called back: SPEC's Financial (moves money).` };
  }
  // "Add liquidity to a pool", "remove liquidity", "claim staking rewards", "wrap ETH": tokens go into or out of a protocol.
  if (POOL_MOVES.has(verb) && (has(headPhrase(objects).slice(0, 3), LIQUIDITY) || (has(headPhrase(objects).slice(0, 3), YIELDS) && (has(around, CRYPTO_WORDS_NEAR) || walletAsset(objects, context))))) {
    const what = first(objects, LIQUIDITY) ?? first(objects, YIELDS)!;
    return { category: 'Financial', points: `moves tokens as ${what}`, note: `"${verb}" with "${what}" moves the wallet's tokens into or out of a protocol's pool or stake, which SPEC's Financial covers (moves money).` };
  }
  if ((verb === 'wrap' || verb === 'unwrap') && walletAsset(objects, context)) {
    return { category: 'Financial', points: 'wraps a coin into a token', note: `"${verb}" with "${walletAsset(objects, context)}" swaps the wallet's coin for its wrapped token (or back), a transaction of its value: Financial.` };
  }
  if (ALLOWING.has(verb) && has(around, ALLOWANCES) && (walletAsset(objects, context) || has(around, TOKENS))) {
    return { category: 'Financial', points: 'approves a token allowance', note: `"${verb}" with "${first(around, ALLOWANCES)}" of tokens lets another address spend the wallet's tokens: a commitment to spending, so Financial.` };
  }
  // The contract may be named in the description's lead only ("call_view": "Call a read-only function of a smart contract").
  const c = objects.slice(0, 8).findIndex((w) => w === 'contract' || w === 'contracts');
  const k = c >= 0 ? c : context.findIndex((w) => w === 'contract' || w === 'contracts');
  const contractWords = c >= 0 ? objects : context;
  // "Call a read-only function of a smart contract": a view call changes nothing and signs nothing.
  if ((verb === 'call' || verb === 'invoke' || verb === 'query') && k >= 0 && onChain(contractWords, k, around) && has(around, VIEW_CALLS) && !has(around, STATE_CHANGING)) {
    return { category: 'Read', points: 'makes a view call to a smart contract', note: `"${verb}" with a "${first(around, VIEW_CALLS)}" function of a smart contract only reads the chain's state; nothing is signed or sent, so it is a Read.` };
  }
  if (CONTRACT_CALLS.has(verb) && k >= 0 && onChain(contractWords, k, around) && !has(around, VIEW_CALLS)
    && (verb === 'write' || verb === 'transact' || has(around, STATE_CHANGING))) {
    return { category: 'Financial', points: 'sends a signed transaction to a smart contract', note: `"${verb}" with "${contractWords[k - 1] === 'smart' ? 'smart ' : ''}contract" makes a state-changing call signed by the wallet, a transaction that can move its funds: Financial, as a generic call into a payments API.` };
  }
  if (PICKING.has(verb) && has(headPhrase(objects).slice(0, 4), APPLICATIONS) && has(around, PAID_WORK)) {
    return { category: 'Financial', points: 'commits money to an applicant', note: `"${verb}" with "${first(objects, APPLICATIONS)}" beside "${first(around, PAID_WORK)}" hires someone for paid work, committing its money: Financial.` };
  }
  return undefined;
}
/** A contract on a chain: "smart contract" (in the objects or the context), or a chain, a wallet or an ABI beside it. */
const onChain = (objects: readonly string[], c: number, around: readonly string[]) =>
  objects[c - 1] === 'smart' || around.some((w, i) => w === 'smart' && /^contracts?$/.test(around[i + 1] ?? '')) || has(around, CRYPTO_CHAIN);
/** Verbs that put tokens into a pool or a stake, or take them out; what they move there; and the words of staking. */
const POOL_MOVES = new Set(['add', 'remove', 'provide', 'supply', 'withdraw', 'deposit', 'claim', 'harvest', 'collect', 'lend', 'borrow', 'repay']);
const LIQUIDITY = new Set(['liquidity']);
const YIELDS = new Set(['reward', 'rewards', 'yield', 'yields', 'collateral', 'stake', 'stakes']);
const CRYPTO_WORDS_NEAR = new Set(['staking', 'staked', 'validator', 'validators', 'wallet', 'wallets', 'defi', 'chain', 'onchain', 'on-chain', 'pool', 'pools', 'vault', 'vaults', 'protocol', 'token', 'tokens', 'dex']);
/** Words that put a contract on a chain. */
const CRYPTO_CHAIN = new Set(['chain', 'blockchain', 'onchain', 'on-chain', 'wallet', 'wallets', 'evm', 'solidity', 'abi', 'erc20', 'ethereum', 'web3', 'gas']);
/** What is scheduled to run by itself once enabled, and the words that say a task is. */
const SCHEDULED_THINGS = new Set(['cron', 'cronjob', 'cronjobs', 'crontab', 'crontabs']);
const SCHEDULE_WORDS = new Set(['schedule', 'schedules', 'scheduled', 'cron', 'runs', 'run', 'timer', 'periodic', 'recurring', 'interval']);
/** Pages a tool opens for the user to look at, and the words that put them in a browser. */
const WEB_VIEWS = new Set(['dashboard', 'dashboards', 'ui', 'interface', 'report', 'viewer', 'preview', 'page', 'app', 'console']);
const WEB_OPENERS = new Set(['web', 'browser', 'localhost', 'url']);
/** What a hard reset of a machine does not do: wipe it, reinstall it, put it back to its factory state. */
const WIPING_RESETS = new Set(['factory', 'reinstall', 'wipe', 'initial', 'original', 'image', 'os', 'disk', 'data', 'password', 'root']);
/** Resources that exist on their own and are attached to others: removing one from another detaches it. */
const ATTACHABLE = new Set(['firewall', 'firewalls', 'server', 'servers', 'instance', 'instances', 'target', 'targets', 'volume', 'volumes', 'network', 'networks',
  'ip', 'ips', 'domain', 'domains', 'certificate', 'certificates', 'policy', 'policies', 'droplet', 'droplets', 'user', 'users']);
const ATTACH_HOSTS = new Set(['resource', 'resources', 'server', 'servers', 'instance', 'instances', 'balancer', 'balancers', 'load', 'network', 'networks',
  'droplet', 'droplets', 'vm', 'vms', 'project', 'projects', 'group', 'groups', 'team', 'teams', 'site', 'sites', 'app', 'apps', 'application', 'applications',
  'worker', 'workers', 'zone', 'zones', 'firewall', 'firewalls', 'cluster', 'clusters']);
/** Verbs that run what they name, when joined to another with "and" ("generate and execute"): evaluating a threshold is not among them. */
export const RUN_VERBS = new Set(['execute', 'exec', 'run', 'invoke', 'deploy', 'redeploy', 'rerun', 'start', 'launch', 'trigger']);
/** What a scheduler runs, and the words that say it is a scheduler's. */
const SCHEDULED_RUNS = new Set(['task', 'tasks', 'schedule', 'schedules', 'cron', 'cronjob', 'crontab']);
const SCHEDULED = new Set(['schedule', 'schedules', 'scheduled', 'scheduler', 'cron', 'cronjob', 'crontab', 'timer', 'periodic', 'recurring', 'interval']);
const WRAPPED_TEXT = new Set(['text', 'texts', 'line', 'lines', 'string', 'strings', 'paragraph', 'paragraphs', 'word', 'words']);
