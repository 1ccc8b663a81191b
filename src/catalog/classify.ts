// Classifies one tool definition into SPEC's category and risk class, offline and deterministic,
// from its name, description, input schema and annotations, keeping the evidence for each step.
import { baseVerb, COMMAND_MAKING, descriptionAction, has, interpret, leadWords, READS_RECORDS, verbCategory, type Action } from './actions.ts';
import { nameAction } from './name-action.ts';
import { nounOnlyRead } from './fallback.ts';
import { MACHINES, ORGANIZING_HEADS } from './lexicon.ts';
import { financialObject, headPhrase, paymentRecord } from './money.ts';
import { findPhrases } from './phrases.ts';
import { findPoisoning, poisonEvidence } from './poisoning.ts';
import { writeRationale } from './rationale.ts';
import { isExecParam, moneyParams, type Param, outputParams, overwritingDefault, priceParam, pricedLines, raisingParams, requiredCount, schemaParams } from './schema.ts';
import {
  CATEGORY_RISK, maxRisk, raiseRisk,
  type Category, type Classification, type Confidence, type Evidence, type EvidenceSource, type RiskClass, type ToolDefinition,
} from './types.ts';
import { leadGloss, splitName, TITLE_LINE } from './words.ts';

export type { Category, Classification, Confidence, Evidence, ToolDefinition } from './types.ts';
export { suggestRule } from './suggest.ts';

/** How alarming each category is, to settle disagreements: the riskier reading wins. */
const SEVERITY: Record<Category, number> = { Read: 0, Write: 1, Execute: 2, Destructive: 3, Financial: 3 };
const SEVERITY_CRITICAL = new Set<Category>(['Destructive', 'Financial']);

interface Signal {
  category: Category;
  strength: number;
  evidence: Evidence;
  /** The action it came from, when it came from a verb. */
  action?: Action;
}

const evidenceOf = (source: EvidenceSource, text: string, points: string): Evidence => ({ source, text, points });

/** What is known of the server a tool came from: the namespace every one of its names opens with (serverNamespace). */
export interface ServerContext {
  namespace?: string;
}

export { serverNamespace } from './name-action.ts';

export function classifyTool(tool: ToolDefinition, server: ServerContext = {}): Classification {
  // "When using this tool, always use the `jq_filter` parameter to reduce the response size ...\n\nOnly omit if you're sure
  // you don't need the data.\n\nCancels a membership ...": leading paragraphs of advice to the caller on how to call it say
  // nothing of what the call does; the description is read from the paragraph after them. So does a leading sentence on
  // when to call it ("IMPORTANT: Run this tool first when ...").
  const description = withoutCallerAdvice(typeof tool.description === 'string' ? tool.description.trim() : '');
  const annotations = tool.annotations ?? {};
  const title = (typeof tool.title === 'string' && tool.title) || (typeof annotations.title === 'string' && annotations.title) || '';
  const nameWords = splitName(tool.name).map((w) => w.word);
  const flags: string[] = [];
  const signals: Signal[] = [];
  const fromAction = (a: Action | undefined) => {
    if (a) signals.push({ category: a.category, strength: a.strength, evidence: evidenceOf(a.source, a.text, a.points), action: a });
  };

  // The verbs: in the name, and opening the description (or the title when there is none).
  const byName = nameAction(tool.name, leadWords(description), server.namespace);
  // "DECOMMISSIONED: the API was shut down; this tool always fails": a status label says what the tool has become,
  // not what it does, so the name says the action (the description's later verbs tell the API's story).
  const retired = RETIRED_LABEL.exec(description);
  const byText = retired ? undefined : description ? descriptionAction(description, nameWords) : title ? weaker(descriptionAction(title, nameWords, 'title')) : undefined;
  fromAction(byName);
  fromAction(byText);
  // "delete_product_tag": "Delete a specific tag from a product": the description says what comes off what, a marker off a
  // record or an item off a grouping (an association, rule 9); the name's same verb, without its "from", says less.
  if (byName && byText && byName.category === 'Destructive' && byText.category === 'Write' && UNPINNING.has(byName.verb) && UNPINNING.has(byText.verb) && byText.objects.includes('from') && byText.points.startsWith('takes a ')) {
    for (const sg of signals) if (sg.action === byName) sg.strength = 1;
  }
  // "detach_experiences": "Removes an experience from a product": the name's detach says the thing is unlinked from another
  // (rule 9, a Write); the description's remove ... from says the same, and does not outrank it.
  if (byName && byText && byName.category === 'Write' && DETACHING.has(byName.verb) && byText.category === 'Destructive' && UNPINNING.has(byText.verb) && byText.objects.includes('from')) {
    for (const sg of signals) if (sg.action === byText) sg.strength = 1;
  }
  // "Get Metrics\n\nGet metrics about your orders and subscriptions": a title line, then the sentence that says more.
  const body = TITLE_LINE.exec(description);
  // It counts when it names the record the title leaves out (a payment, an account) or says the same kind of action.
  const byBody = body ? descriptionAction(description.slice(body[0].length), nameWords) : undefined;
  if (byBody && (byBody.category === 'Financial' || byBody.category === byText?.category)) fromAction(byBody);
  // "Driven by the `action` parameter:\n- action:"list" — ...\n- action:"delete" — ... Irreversible": a tool of many actions
  // is labeled by the main one its lead clause names (rule 8); a warning inside one of its listed actions tells of that
  // action, so it does not outrank the lead (a description that is one action, or its first listed action, keeps its warnings).
  // The first listed action is the main one (its warnings count); those after it are the lesser ones.
  const bullets = [...description.matchAll(new RegExp(ACTION_BULLETS.source, 'g'))];
  const lesserFrom = bullets.length >= 2 ? bullets[1].index : -1;
  for (const p of findPhrases(description)) {
    const lesser = lesserFrom > 0 && byText && p.category === 'Destructive' && byText.category !== 'Destructive' && description.indexOf(p.text) > lesserFrom;
    signals.push({ category: p.category, strength: lesser ? 1 : p.strength, evidence: evidenceOf('description', p.text, p.points) });
  }

  // "Ask the user to confirm their understanding of the cost": the confirming is the user's answer to a question the tool
  // puts, so a confirm or approve in the name is what the user is asked to do; the call itself changes nothing.
  const asked = ASKS_USER.exec(description);
  if (asked && byName && byName.category === 'Write' && ASKED_VERBS.has(byName.verb)) {
    for (const sg of signals) if (sg.action === byName) sg.strength = 1;
    signals.push({ category: 'Read', strength: 4, evidence: evidenceOf('description', asked[0], 'asks the user and returns the answer') });
  }
  // "Read the clipboard text, or replace its contents", "inspect, wait for, accept, or dismiss a platform alert": a read
  // whose first sentence offers an in-place change as its alternative ("or" + replace, dismiss, press, set, update ... + its
  // object) makes that change when asked (a tab selected or a script published as an alternative are not this).
  const offered = byText?.category === 'Read' ? orChange(description) : undefined;
  if (offered) signals.push({ category: 'Write', strength: 3, evidence: evidenceOf('description', offered.text, `offers "${offered.verb}" as the alternative to reading`) });
  const offeredNote = offered && { category: 'Write' as const, text: `"${offered.text}": the description offers a change ("${offered.verb}") beside the read, so a call can make it: a Write, as the riskier reading.` };
  // "mysql_restore_dump": "Generate command for restoring from a backup": the tool returns the text of a command for the
  // caller to run; the name's verb (restore, create, deploy) is what that command would do, not what the call does.
  const commandText = byText?.category === 'Read' && COMMAND_MAKING.has(byText.verb) && byText.points.endsWith('the text of a command') ? byText : undefined;
  const commandNote = commandText && byName && byName.category !== 'Read' && byName.category !== 'Financial' ? byName : undefined;
  if (commandNote) {
    for (const sg of signals) if (sg.action === byName) sg.strength = 1;
    signals.push({ category: 'Read', strength: 4, evidence: evidenceOf('description', commandText!.text, 'returns the text of a command; it runs nothing') });
  }
  // Its rationale sentence goes first among the rules' notes (declared below, once the schema is read).
  const commandSentence = commandNote && { category: 'Read' as const, text: `"${commandText!.text}": it ${commandText!.verb}s the text of a command and returns it for the caller to run; "${byName!.text}" in its name is what that command would do, not what the call does, so it is a Read.` };
  // "Provide installation instructions for the CLI", "Get instructions for setting up or updating the plugin": the call
  // returns instructions or a guide for the caller to follow; the install, setup or update named is what they tell, not
  // what the call does (a tool that installs and then prints a guide opens with the install).
  const guide = GUIDE_TEXT.exec(description);
  const guided = guide ? signals.filter((sg) => sg.category !== 'Read' && sg.category !== 'Financial' && (sg.action === byName || sg.action === byText || sg.action === byBody)) : [];
  if (guide && guided.length > 0) {
    // Their notes told of the change the instructions are about: not what decided.
    for (const sg of guided) {
      sg.strength = 1;
      if (sg.action) delete sg.action.note;
    }
    signals.push({ category: 'Read', strength: 4, evidence: evidenceOf('description', guide[0].trim(), 'returns instructions to follow; it changes nothing') });
  }
  const guideSentence = guide && guided.length > 0 && { category: 'Read' as const, text: `"${guide[0].trim()}": it returns ${guide[1].toLowerCase()} for the caller to follow; what they tell of (installing, setting up, updating) is done by whoever follows them, not by the call, so it is a Read.` };
  // The riskiest reading of name and description; the schema may then add what they hide.
  const acting = pick(signals.filter((s) => s.strength >= 3)) ?? pick(signals.filter((s) => s.strength >= 2));
  const params = schemaParams(tool.inputSchema);
  const toolText = `${tool.name} ${description}`;
  const exec = params.filter((p) => isExecParam(p, params, toolText));
  // Sentences from the rules that may decide; only those of the category taken reach the rationale.
  const ruleNotes: { category: Category; text: string }[] = [...(commandSentence ? [commandSentence] : []), ...(guideSentence ? [guideSentence] : []), ...(offeredNote ? [offeredNote] : [])];
  // "Converts SQL to a request", "formats a query": the code is the thing worked on, never run.
  const converter = [byText, byName].find((a) => a?.category === 'Read' && CONVERTING.has(a.verb) && a.objects.slice(0, 3).some((w) => CODE_WORDS.has(w)));
  const converting = acting?.category === 'Read' && converter !== undefined;
  if (converting && exec.length > 0) {
    ruleNotes.push({ category: 'Read', text: `"${converter!.text}": "${converter!.verb}" works on the code it is given (its \`${exec[0].path}\` parameter) without running it, so that parameter raises the risk and does not make it Execute.` });
  }
  // "create_table ... using a CREATE TABLE statement": the SQL is the definition of what the name creates or alters.
  // "Create new question/chart" with `sql`, "create a new view directly in the database" with `select_sql` (the name's
  // "view" read as a verb): a saved question, a chart or a view created keeps its query, run when someone opens it; the
  // description's own create says so when the name does not.
  const defining = (byName?.category === 'Write' && DEFINING.has(byName.verb) && byName.objects.slice(0, 2).some((w) => SCHEMA_OBJECTS.has(w)) ? byName : undefined)
    ?? (byText?.category === 'Write' && byText.verb === 'create' && headPhrase(byText.objects).slice(0, 3).some((w) => SAVED_QUERIES.has(w)) ? byText : undefined);
  if (defining && exec.length > 0) {
    const what = defining.objects.find((w) => SCHEMA_OBJECTS.has(w) || SAVED_QUERIES.has(w))!;
    ruleNotes.push({ category: 'Write', text: `"${defining.text}" names the change: its \`${exec[0].path}\` parameter is the DDL that defines the ${what}, not code that does anything else, so it is a Write (the SQL raises the risk).` });
  }
  // "Create a scheduled event ... to execute SQL at specified times": the SQL is what it defines, run later by the database.
  if (defining) for (const s of signals) if (s.category === 'Execute' && !s.action && s.evidence.source === 'description') s.strength = 2;
  for (const p of exec) {
    // A required one, or one at the top of a tool that says nothing else, decides; an optional
    // one deep inside (a script step among a scraper's actions) only raises the risk.
    const strength = converting || defining ? 2 : p.required || (!acting && p.depth === 0) ? 4 : 2;
    signals.push({ category: 'Execute', strength, evidence: evidenceOf('schema', `param: ${p.path}`, `${p.required ? 'a required' : 'an optional'} parameter for code, a command or a query the caller writes`) });
  }
  // "Test Edge Middleware locally" with a `code` parameter: testing runs the code it is given against a request.
  const tester = [byName, byText].find((a) => a?.category === 'Read' && TESTING.has(a.verb));
  const testedCode = tester && !converting ? params.find((p) => p.depth === 0 && /^(?:code|source_?code|sourcecode|script)$/i.test(p.name) && p.type === 'string') : undefined;
  if (testedCode) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('schema', `param: ${testedCode.path}`, 'the code the test runs') });
    ruleNotes.push({ category: 'Execute', text: `"${tester!.verb}" with its \`${testedCode.path}\` parameter runs the code the caller gives to see what it does, which SPEC counts as Execute (checking a connection or a status runs nothing).` });
  }
  // "PRIMARY TOOL for testing web applications", "Dynamic security testing (DAST) for web applications", "Static security
  // analysis of source code. Runs SAST ... and SCA": a test run, an exploration or a security scan of an app or of code,
  // carried out by the tool (a browser driven through the app, scanners run over the code), runs it, which SPEC counts as
  // Execute; a tool that only reads a test's results or a scan's report says so with a read verb.
  const qaRun = acting?.category === 'Write' || acting?.category === 'Destructive' || acting?.category === 'Financial' ? undefined : QA_RUN.exec(description.split(/\n/)[0] ?? '');
  if (qaRun) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('description', qaRun[0].trim(), 'a test run or a security scan it carries out') });
    ruleNotes.push({ category: 'Execute', text: `"${qaRun[0].trim()}": the tool itself tests, explores or scans an app or code (a browser driven through it, scanners run over it), which SPEC counts as Execute.` });
  }
  // "SSH into a host, then execute a jump command" with a `jumpCommand` parameter: the command is run, whatever the connecting says.
  const said = EXECUTES_COMMAND.exec(description);
  const ranCommand = said ? exec.find((p) => !p.required && p.depth === 0 && /command$/i.test(p.name)) : undefined;
  if (ranCommand) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('description', said![0], `runs the command in its \`${ranCommand.path}\` parameter`) });
    ruleNotes.push({ category: 'Execute', text: `It says "${said![0]}", and its \`${ranCommand.path}\` parameter is that command: the call runs it, which SPEC counts as Execute, though the parameter is optional.` });
  }
  // "Rebases a development branch on production. This will effectively run any newer migrations": merging or rebasing a
  // database branch runs the migrations it brings, whatever the verb; a Git rebase says nothing of migrations.
  const brancher = [...nameWords, ...leadWords(description).slice(0, 1)].map((w) => w.replace(/s$/, '')).find((w) => BRANCH_VERBS.has(w));
  const migrates = brancher && acting?.category !== 'Destructive' && acting?.category !== 'Financial' ? RUNS_MIGRATIONS.exec(description) : null;
  if (brancher && migrates) {
    signals.push({ category: 'Execute', strength: 4, evidence: evidenceOf('description', migrates[0], 'runs the migrations the branch brings') });
    ruleNotes.push({ category: 'Execute', text: `"${brancher}" a branch, and it says "${migrates[0]}": the database runs those migrations' SQL, which SPEC counts as Execute (as applying a migration).` });
  }
  // "Reporting des sociétés (CA, marge, activité...)", "project simulation (margin, revenue, costs)": a report or a
  // simulation glossed by money figures (margin, revenue, profitability) sums money, as a profit and loss statement.
  const figures = !acting || acting.category === 'Read' ? reportFigures(nameWords, leadWords(description), leadGloss(description)) : undefined;
  if (figures) {
    signals.push({ category: 'Financial', strength: 4, evidence: evidenceOf('description', `(${leadGloss(description).join(', ')})`, `a ${figures.head} of ${figures.figure}: money figures`) });
    ruleNotes.push({ category: 'Financial', text: `A "${figures.head}" glossed "(${leadGloss(description).join(', ')})": "${figures.figure}" is a money figure (margin, revenue, profitability), so it reads what a business earned and spent, as a profit and loss report: Financial.` });
  }
  // "Rescan field values for a table (updates filter dropdowns)": a gloss that opens with what the call updates says its
  // effect, where the verb before it (rescan, refresh) says only how; a gloss of what is returned ("(returns ...)") says none.
  const glossed = leadGloss(description);
  const effect = (!acting || acting.category === 'Read') && glossed.length > 1 && /^(?:updates|creates|modifies|changes|rebuilds|regenerates|stores|saves)$/.test(glossed[0]) ? glossed : undefined;
  if (effect) {
    signals.push({ category: 'Write', strength: 4, evidence: evidenceOf('description', `(${effect.join(' ')})`, `says it ${effect[0]} ${effect.slice(1).join(' ')}`) });
    ruleNotes.push({ category: 'Write', text: `Its gloss "(${effect.join(' ')})" says what the call changes: "${effect[0]}" is its effect, so it is a Write whatever the verb before it says.` });
  }
  // A raw API call: the caller writes the method and the path (or picks any service and method),
  // so any endpoint runs, deletes and payments included. Into a payments API it is Financial.
  // "Test a REST API endpoint" whose required method offers POST, PUT or DELETE beside the endpoint: testing it sends the
  // request the caller writes, writes and deletes included, as any raw request tool does (reading an endpoint's docs sends nothing).
  const tried = acting?.category === 'Read' && TESTING.has(acting.action?.verb ?? '') && writeMethods(tool.inputSchema);
  const generic = acting?.category === 'Read' && !tried ? undefined : genericRequest(params, description);
  if (generic) {
    const pays = PAYMENT_API.exec(`${description} ${generic.map((p) => p.description).join(' ')}`);
    const category: Category = pays ? 'Financial' : 'Execute';
    signals.push({ category, strength: 3, evidence: evidenceOf('schema', `params: ${generic.map((p) => p.path).join(', ')}`, pays ? `any call into an API that handles ${pays[0]}` : 'any request the caller writes: method and path') });
    ruleNotes.push({ category, text: pays
      ? `Its \`${generic[0].path}\` and \`${generic[1].path}\` parameters let the caller make any call into an API that handles "${pays[0]}": a generic call into a payments API, so Financial.`
      : `Its \`${generic[0].path}\` and \`${generic[1].path}\` parameters let the caller send any request (the method and the path are the caller's), so it runs whatever endpoint is named, which SPEC counts as Execute.` });
  }
  const money = moneyParams(params);
  if (money && acting?.category !== 'Read') {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `params: ${money.amount.path}, ${money.currency.path}`, 'an amount with a currency: the call handles money') });
  }
  // A product's base price is a field of a catalog entry, which SPEC's Financial does not cover; a price or a variant priced is.
  const catalogEntry = [byName, byText].some((a) => a?.category === 'Write' && headPhrase(a.objects).some((w) => CATALOG_ENTRIES.has(w)) && !headPhrase(a.objects).some((w) => PRICED.has(w)));
  // "Update an existing product variant" with a `price` field, optional or not: a variant or a SKU is what is sold at a
  // price, so a change to it may set what customers are charged (a product's own fields stay a catalog entry's).
  const variant = [byName, byText].find((a) => a?.category === 'Write' && headPhrase(a.objects).slice(0, 3).some((w) => SOLD_UNITS.has(w)));
  const price = money || catalogEntry ? undefined : priceParam(params) ?? (variant ? params.find((p) => p.depth === 0 && /^(?:price|unit_?price|sale_?price)$/i.test(p.name) && p.type !== 'boolean' && !p.enumerated)
    // "additional_amount": "Additional price for the variant": a numeric field its own description calls the variant's price
    // (an extra over the product's), at the top or in each item of a bulk update.
    ?? params.find((p) => p.depth <= 2 && (p.type === 'number' || p.type === 'integer') && !p.enumerated && PRICE_DESCRIBED.test(p.description)) : undefined);
  if (price && acting?.category === 'Write') {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${price.path}`, 'sets a price: what is charged') });
    ruleNotes.push({ category: 'Financial', text: variant && !price.required ? `It changes a "${headPhrase(variant.objects).slice(0, 3).find((w) => SOLD_UNITS.has(w))}" and its \`${price.path}\` parameter sets its price, which is what customers are charged: Financial (a variant or a SKU is what is sold at a price).` : `Its \`${price.path}\` parameter sets a price, which is what customers are charged: Financial.` });
  }
  // "Create a new benefit" whose `benefit_division` is "Type of benefit (D: discount, P: present/gift)": a record of the
  // action's own kind, one of whose kinds is a discount, takes money off what customers are charged when it is created or
  // changed (reading it is a look; a benefit granting access or a license has no discount among its kinds).
  const head = [byName, byText].find((a) => a?.category === 'Write' && (a.verb === 'create' || a.verb === 'update' || a.verb === 'add' || a.verb === 'edit' || a.verb === 'modify'));
  const headNoun = head ? headPhrase(head.objects).slice(0, 3).at(-1)?.replace(/s$/, '') : undefined;
  const discountKind = !money && !price && headNoun && headNoun.length > 2 ? params.find((p) => p.depth === 0 && p.name.toLowerCase().startsWith(`${headNoun}_`) && /(?:division|type|kind)$/i.test(p.name) && /\bdiscounts?\b/i.test(p.description)) : undefined;
  if (discountKind && acting?.category === 'Write') {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${discountKind.path}`, 'one of its kinds is a discount: what customers are charged') });
    ruleNotes.push({ category: 'Financial', text: `Its \`${discountKind.path}\` parameter makes the ${headNoun} a discount (among its kinds), which lowers what customers are charged: Financial, as a discount or a coupon created.` });
  }
  // "Create a new Plan" with `billing_period` and `initial_price`: a plan (a tier) created or changed with a billing period
  // and a price among its fields is a price list, what subscribers are charged each period.
  const planHead = head ? headPhrase(head.objects).slice(0, 3).at(-1) : undefined;
  const billedPlan = !money && !price && !discountKind && planHead && BILLED_PLANS.has(planHead) && params.some((p) => p.depth === 0 && /^billing_?(?:period|cycle|interval)s?$/i.test(p.name)) ? params.find((p) => p.depth === 0 && /(?:^|_)price$/i.test(p.name) && p.type !== 'boolean') : undefined;
  if (billedPlan && acting?.category === 'Write') {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${billedPlan.path}`, 'a plan with a billing period and a price: what is charged') });
    ruleNotes.push({ category: 'Financial', text: `It ${head!.verb}s a ${planHead} with a billing period and a price (\`${billedPlan.path}\`): what subscribers are charged each period, so it is Financial.` });
  }
  // "Cancels a membership ... at the end of the current billing period", memberships listed by `plan_ids`: a membership tied
  // to plans, prices or billing is a platform's subscription, charged each period, whether read, changed or cancelled (a
  // team's or a group's membership, with no plan, price or billing about it, is who belongs).
  const member = [byName, byText].find((a) => a && MEMBERSHIPS.has(headPhrase(a.objects).slice(0, 3).at(-1) ?? ''));
  const billedMembership = !money && member && (MEMBERSHIP_BILLED.test(description) || params.some((p) => p.depth === 0 && /^(?:plan|price)_?ids?$/i.test(p.name)));
  if (billedMembership) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf(member === byName ? 'name' : 'description', `${member.verb} ${headPhrase(member.objects).slice(0, 3).at(-1)}`, 'a membership billed on a plan: a subscription') });
    ruleNotes.push({ category: 'Financial', text: `Its memberships are tied to plans, prices or billing: a platform's subscriptions, charged each period, so ${member.category === 'Read' ? 'reading them hands out who pays what' : 'changing them changes what is charged'}: Financial.` });
  }
  // A record whose own parameter is its balance (an account, a holding): writing it writes money held.
  const balance = money || price ? undefined : params.find((p) => p.depth === 0 && /^(?:balance|current_?balance|starting_?balance)$/i.test(p.name) && p.type !== 'boolean');
  if (balance && acting?.category === 'Write') {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${balance.path}`, 'sets the balance of an account: a record of money held') });
    ruleNotes.push({ category: 'Financial', text: `Its \`${balance.path}\` parameter sets how much money the account holds, a payment record SPEC's Financial covers.` });
  }
  const lines = money || price ? undefined : pricedLines(params);
  if (lines && acting?.category === 'Write') {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${lines.path}`, 'priced line items: it writes what is owed or paid') });
    ruleNotes.push({ category: 'Financial', text: `Its \`${lines.path}\` parameter prices line items, what invoices, quotes, credit notes and journals are made of: a change to what is owed, so Financial.` });
  }
  // A write whose mode replaces the whole content unless told otherwise overwrites without warning.
  // Unless it keeps a backup of what was there by default (`backup`: true): the old content can be restored, so it is an edit.
  const backup = params.find((p) => p.depth === 0 && BACKUP_PARAM.test(p.name) && p.type === 'boolean' && p.default === true);
  if (backup && acting?.category === 'Write') {
    ruleNotes.push({ category: 'Write', text: `Its \`${backup.path}\` parameter is true unless the caller turns it off: what the write replaces is kept in a backup, so it is a Write, not an overwrite without warning.` });
  }
  const overwrite = backup ? undefined : overwritingDefault(params);
  if (overwrite && acting?.category === 'Write') {
    signals.push({ category: 'Destructive', strength: 3, evidence: evidenceOf('schema', `param: ${overwrite.path}`, `replaces what is there unless told otherwise (default "${String(overwrite.default)}")`) });
    ruleNotes.push({ category: 'Destructive', text: `Its \`${overwrite.path}\` parameter defaults to "${String(overwrite.default)}": a call that leaves it out replaces what was there.` });
  }
  // A create whose parameter names the code it deploys ("the repo to deploy from"): it runs that code.
  const deploys = acting?.category === 'Write' && CREATING.has(acting.action?.verb ?? '') ? params.find((p) => DEPLOYS_FROM.test(p.description)) : undefined;
  if (deploys) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('schema', `param: ${deploys.path}`, 'names the code it deploys and runs') });
    ruleNotes.push({ category: 'Execute', text: `Its \`${deploys.path}\` parameter is "${deploys.description.trim().slice(0, 60)}": the call builds and starts that code, a deployment, which SPEC counts as Execute.` });
  }
  // "Write content to a file": the file holds what was written, and what it held before is gone, unless it can append.
  const writer = !overwrite && !backup && acting?.category === 'Write' ? [byText, byName].find((a) => a?.verb === 'write' && a.objects.slice(0, 5).some((w) => w === 'file' || w === 'files')) : undefined;
  const writtenFile = writer?.objects.slice(0, 5).find((w) => w === 'file' || w === 'files');
  // An append flag that is off unless set ("append": false by default) leaves the write overwriting.
  const appendsOnlyIfAsked = (p: Param) => /^append$/i.test(p.name) && p.type === 'boolean' && p.default === false;
  if (writer && writtenFile && !params.some((p) => /^(?:append|mode|overwrite|create_?only|if_?not_?exists)$/i.test(p.name) && !appendsOnlyIfAsked(p))) {
    signals.push({ category: 'Destructive', strength: 3, evidence: evidenceOf(writer.source, writer.text, 'writes a whole file: what it held is replaced') });
    ruleNotes.push({ category: 'Destructive', text: `"write" with "${writtenFile}" and no way to append replaces what the file held with what is written, which SPEC counts as Destructive (overwriting).` });
  }
  // Creating or setting up a machine from an image or a template boots a system: a launch, which SPEC counts as Execute.
  const machineHead = acting?.category === 'Write' && LAUNCHING.has(acting.action?.verb ?? '') ? headPhrase(acting.action!.objects).filter((w) => !/^v\d+$/.test(w)).at(-1) : undefined;
  // A server or an instance is a machine too when it is created from an OS image (not from a template: a chat server's).
  const image = machineHead && MACHINES.has(machineHead) ? params.find((p) => p.depth === 0 && LAUNCH_IMAGE.test(p.name))
    : machineHead && HOSTS.has(machineHead) ? params.find((p) => p.depth === 0 && OS_IMAGE.test(p.name)) : undefined;
  if (image) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('schema', `param: ${image.path}`, `the image or template a new ${machineHead} boots`) });
    ruleNotes.push({ category: 'Execute', text: `"${acting!.action!.verb}" with "${machineHead}" and its \`${image.path}\` parameter launches a machine from an image or template: its system boots and runs, which SPEC counts as Execute (as starting a container).` });
  }
  // "Create an instant cluster (multiple pods ...)", "a Kubernetes cluster with three nodes": a cluster of machines starts running.
  const clusterHead = acting?.category === 'Write' && LAUNCHING.has(acting.action?.verb ?? '') ? headPhrase(acting.action!.objects).at(-1) : undefined;
  const computeCluster = clusterHead === 'cluster' || clusterHead === 'clusters' ? COMPUTE_NODES.exec(description) : null;
  if (computeCluster) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('description', computeCluster[0], 'the cluster it creates is made of machines that start running') });
    ruleNotes.push({ category: 'Execute', text: `"${acting!.action!.verb}" with "${clusterHead}" of "${computeCluster[0]}" launches the machines or containers of a compute cluster, which start running (as starting a container): Execute.` });
  }
  // "Submit any document ... like Sales Order, Purchase Invoice": submitting or cancelling an accounting document books or unbooks money.
  const booking = acting?.category === 'Write' && BOOKING.has(acting.action?.verb ?? '') && acting.action!.objects.slice(0, 4).some((w) => DOCUMENTS.has(w)) ? MONEY_DOCUMENTS.exec(description) : null;
  if (booking) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('description', booking[0], 'the documents it submits or cancels are money documents') });
    ruleNotes.push({ category: 'Financial', text: `"${acting!.action!.verb}" with "document", where the documents named are "${booking[0]}", posts or reverses an accounting document (what is ordered, billed or owed), so it is Financial.` });
  }
  // Creating or updating a serverless function or action with its code deploys that code.
  const fnHead = acting?.category === 'Write' && (CREATING.has(acting.action?.verb ?? '') || acting.action?.verb === 'update' || acting.action?.verb === 'put') ? acting.action!.objects.slice(0, 6).find((w) => SERVERLESS.has(w)) : undefined;
  const code = fnHead ? params.find((p) => p.depth === 0 && /^(?:code|source_?code|sourcecode|bundle)$/i.test(p.name)) : undefined;
  if (code) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('schema', `param: ${code.path}`, `the code of the ${fnHead} it deploys`) });
    ruleNotes.push({ category: 'Execute', text: `"${acting!.action!.verb}" with "${fnHead}" and its \`${code.path}\` parameter deploys that code to run on the platform, which SPEC counts as Execute (a deployment).` });
  }
  // "Create campaign" whose request sets a daily budget, a bid percentage or a funding strategy: an ad campaign that spends
  // the account's money on ads (an email campaign's audience and subject spend nothing).
  const spender = acting?.category === 'Write' && acting.action ? adSpender(headPhrase(acting.action.objects).slice(0, 4)) : undefined;
  // An ad set or an ad group counts with a budget of its own at the top of its request (its bids alone tune a campaign's spend).
  const campaign = spender === 'campaign' ? params.find((p) => AD_SPEND_PARAM.test(p.name) && p.type !== 'boolean')
    : spender ? params.find((p) => p.depth === 0 && AD_SPEND_PARAM.test(p.name) && /budget/i.test(p.name) && p.type !== 'boolean') : undefined;
  if (campaign) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${campaign.path}`, 'the campaign\'s budget, bids or funding: what it spends on ads') });
    ruleNotes.push({ category: 'Financial', text: `"${acting!.action!.verb}" with "campaign" and its \`${campaign.path}\` parameter sets what the campaign spends on ads (a budget, a bid or how it is funded), which commits the account's money: Financial.` });
  }
  // "Post a task for human workers" with a \`budget_usd\`, "post a competition" with a \`prize_usd\`: paid work offered
  // to people, whose pay or prize the account commits to (a to-do task with an estimate or a points budget is not; "open
  // a contest", read as a look, counts when the prize is required).
  const paid = !acting || acting.category === 'Write' || acting.category === 'Read' ? params.find((p) => p.depth === 0 && PAID_WORK_PARAM.test(p.name) && p.type !== 'boolean' && (acting?.category !== 'Read' || p.required)) : undefined;
  const work = paid ? [...nameWords, ...leadWords(description).slice(0, 12)].find((w) => PAID_WORK_WORDS.has(w.toLowerCase())) : undefined;
  if (paid && work) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${paid.path}`, 'the pay, prize or reward it offers for the work') });
    ruleNotes.push({ category: 'Financial', text: `A "${work}" offered with its \`${paid.path}\` parameter posts paid work: the account commits to paying that amount to whoever does it (a bounty, a prize, a worker's pay), which SPEC counts as Financial.` });
  }
  // "freee API GET - service: accounting/hr/invoice/...": a raw request tool on an accounting, invoicing or billing API
  // reads or changes its payment records, whatever path the caller sends (a raw request to a code host's API is not).
  const rawMethod = RAW_METHOD.exec(description);
  const moneyApi = rawMethod && (!acting || acting.category === 'Read' || acting.category === 'Write') ? MONEY_API.exec(description) : null;
  if (rawMethod && moneyApi) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('description', rawMethod[0], `a raw ${rawMethod[1] ?? rawMethod[2]} request to an API of ${moneyApi[0]}`) });
    ruleNotes.push({ category: 'Financial', text: `"${rawMethod[0]}" on an API whose description names "${moneyApi[0]}" sends whatever request the caller writes to an accounting, invoicing or billing service, reading or changing its payment records, which SPEC's table puts in Financial.` });
  }
  // "Send offer to interested buyers" whose items carry a discount percentage: a discounted price buyers can take (as a coupon).
  const discount = acting?.category === 'Write' && !money && !price ? params.find((p) => DISCOUNT_PARAM.test(p.name) && p.type !== 'boolean') : undefined;
  if (discount) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${discount.path}`, 'sets a discount: what buyers are charged') });
    ruleNotes.push({ category: 'Financial', text: `Its \`${discount.path}\` parameter sets a discount off the price, which is what buyers are charged: Financial, as creating a discount or a coupon.` });
  }
  // "Upload a file via SFTP" to a required remote path: a file already at that path on the host is replaced without asking.
  const remote = acting?.category === 'Write' && [byName, byText].some((a) => a?.verb === 'upload') && !overwrite && !backup ? params.find((p) => p.depth === 0 && p.required && REMOTE_PATH.test(p.name)) : undefined;
  if (remote && !params.some((p) => /^(?:overwrite|force|replace|if_?not_?exists|skip_?existing)$/i.test(p.name))) {
    signals.push({ category: 'Destructive', strength: 3, evidence: evidenceOf('schema', `param: ${remote.path}`, 'the remote path it writes over') });
    ruleNotes.push({ category: 'Destructive', text: `"upload" to its required \`${remote.path}\` parameter puts the file at that path on the remote host, replacing any file there, with no flag to refuse: SPEC counts overwriting as Destructive.` });
  }
  // A read that writes what it read to a file where the caller says (outputPath): at least a Write.
  const outputs = outputParams(params);
  const fileMaking = FILE_MAKING.has(acting?.action?.verb ?? '');
  // "Download a file via SFTP" with a required `localPath`: the download is written there, on this machine.
  const localTarget = [byName, byText].some((a) => a?.verb === 'download') ? params.find((p) => p.depth === 0 && p.required && LOCAL_PATH.test(p.name)) : undefined;
  const writesFile = outputs.find((p) => p.required) ?? (fileMaking ? outputs[0] : undefined) ?? localTarget;
  if (writesFile && (!acting || acting.category === 'Read')) {
    signals.push({ category: 'Write', strength: 3, evidence: evidenceOf('schema', `param: ${writesFile.path}`, 'names where it writes a file') });
    ruleNotes.push({ category: 'Write', text: `Its ${writesFile.required ? 'required ' : ''}\`${writesFile.path}\` parameter names where it writes a file, so it writes as well as reads: at least a Write.` });
  }

  // "Manage functions" whose action picks among create, update code and invoke: a dispatcher of serverless functions that deploys and runs them.
  const dispatcher = acting?.category === 'Write' && acting.action?.verb === 'manage' && acting.action.objects.slice(0, 4).some(serverless) ? runningAction(tool.inputSchema) : undefined;
  if (dispatcher) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('schema', `param: ${dispatcher.param}`, `its actions include "${dispatcher.choice}"`) });
    ruleNotes.push({ category: 'Execute', text: `"manage" with "${acting!.action!.objects.find(serverless)}", whose \`${dispatcher.param}\` choices include "${dispatcher.choice}", deploys and invokes functions: its main actions run code, which SPEC counts as Execute.` });
  }

  // "Manage GitHub Actions workflows" whose `action` is list, trigger, status or cancel; "Run and read evaluation test runs
  // for a workflow" whose `action` offers run: a tool of many actions over workflows, pipelines or jobs that names no main
  // action is labeled by its riskiest choice (rule 8), and a choice that triggers or runs one sets it running (Execute).
  const choices = actionChoices(tool.inputSchema);
  /** The name's words and the description's lead: what a tool of many actions says it acts on. */
  const nameAndLead = choices.length > 0 ? [...nameWords, ...leadWords(description)] : [];
  /** A tool whose own action, if any, only looks or changes: its riskiest choice may say more. */
  const looksOrChanges = !acting || acting.category === 'Read' || acting.category === 'Write';
  /** A signal from one of its action choices, with its rationale. */
  const fromChoice = (category: Category, choice: string, points: string, text: string) => {
    signals.push({ category, strength: 3, evidence: evidenceOf('schema', `param: action = ${choice}`, points) });
    ruleNotes.push({ category, text });
  };
  const runChoice = acting && looksOrChanges ? choices.find((c) => RUN_CHOICES.has(choiceVerb(c))) : undefined;
  const automation = runChoice ? nameAndLead.find((w) => AUTOMATION_RUNS.has(w)) : undefined;
  if (runChoice && automation) {
    fromChoice('Execute', runChoice, `one of its actions ${choiceVerb(runChoice)}s a ${automation.replace(/s$/, '')}`,
      `Its actions over a "${automation}" include "${runChoice}", which sets one running: a tool of many actions is labeled by its riskiest, and that one SPEC counts as Execute.`);
  }
  // "App lifecycle and inventory: launch, stop, install, list" whose `action` offers launch; "start: launch activity with
  // extras": a tool of many actions over apps whose choices launch an app or an activity (by the choice's name, or its gloss
  // in the description) is labeled by that riskiest choice (rule 8): launching starts the app's code (Execute); one that
  // only lists, installs or stops apps, or launches a campaign, is not this.
  const launchChoice = looksOrChanges
    ? choices.find((c) => LAUNCH_CHOICES.has(choiceVerb(c)) && nameAndLead.some((w) => LAUNCHED_APPS.has(w)))
      ?? launchGlossed(choices, description)
    : undefined;
  if (launchChoice) {
    fromChoice('Execute', launchChoice, 'one of its actions launches an app',
      `Its actions include "${launchChoice}", which launches an app or an activity, starting its code: a tool of many actions is labeled by its riskiest, and that one SPEC counts as Execute.`);
  }
  // "App store management (Google Play, Apple TestFlight)" whose `action` offers submit or promote: a tool of many actions
  // over an app store whose choices submit, promote, publish or roll out a release puts a build in users' hands, a deploy
  // (rule 8: its riskiest choice); a blog's or a package's many-action tool that publishes names no app store.
  const appStore = nameAndLead.some((w, k) => (w === 'store' || w === 'stores') && k > 0 && /^(?:app|play)$/.test(nameAndLead[k - 1])) || nameAndLead.includes('testflight');
  const releaseChoice = appStore && looksOrChanges ? choices.find((c) => STORE_RELEASES.has(choiceVerb(c))) : undefined;
  if (releaseChoice) {
    fromChoice('Execute', releaseChoice, 'one of its actions releases a build through an app store',
      `Its actions over an app store include "${releaseChoice}", which puts a build on a store track in users' hands, a deploy: a tool of many actions is labeled by its riskiest, and that one SPEC counts as Execute.`);
  }
  // "deployments" (no description) whose `operation` is list, get, deploy or list_by_app: a tool of many actions one of
  // whose choices deploys is labeled by that riskiest choice, a deployment (choices that only list, get or cancel are not this).
  const deployChoice = looksOrChanges ? choices.find((c) => DEPLOY_CHOICES.has(choiceVerb(c)) && splitName(c).length <= 2) : undefined;
  if (deployChoice) {
    fromChoice('Execute', deployChoice, 'one of its actions deploys',
      `Its actions include "${deployChoice}", which sets a deployment running: a tool of many actions is labeled by its riskiest, and that one SPEC counts as Execute.`);
  }
  // "Manage workflow executions: get details, list, or delete" whose `action` is get, list or delete: its only change is the
  // delete, so a call that changes anything destroys (as "Lists, inspects, or terminates"); a create or update among them is not this.
  // The delete is read with its own object, or the lead's ("clear" beside "console logs" only empties the agent's own view).
  const destroys = (c: string) => {
    const [verb, ...rest] = splitName(c).map((w) => w.word);
    return verbCategory(verb) === 'Destructive' && interpret(verb, rest.length > 0 ? rest : acting?.action?.objects ?? [], nameWords)?.category === 'Destructive';
  };
  const onlyDeletes = choices.length >= 2 && (acting?.action?.verb === 'manage' || acting?.category === 'Read') && choices.every((c) => ['Read', 'Destructive'].includes(verbCategory(choiceVerb(c)) ?? '')) ? choices.find(destroys) : undefined;
  if (onlyDeletes) {
    fromChoice('Destructive', onlyDeletes, 'its only change among its actions is a delete',
      `Its actions are ${choices.map((c) => `"${c}"`).join(', ')}: the others only look, and its only change, "${onlyDeletes}", destroys, so it is Destructive.`);
  }
  // "Update user settings" whose `maxAmount` is "the maximum USD amount allowed per fetch request": a cap on what each call
  // may pay sets how much the account spends, as a spending limit (a maximum count of results names no currency).
  const cap = acting?.category === 'Write' ? params.find((p) => p.depth === 0 && SPEND_CAP_PARAM.test(p.name) && p.type !== 'boolean' && CURRENCY_WORDS.test(p.description)) : undefined;
  if (cap) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${cap.path}`, 'a cap on what a call may pay: a spending limit') });
    ruleNotes.push({ category: 'Financial', text: `Its \`${cap.path}\` parameter is "${cap.description.trim().slice(0, 60)}": a cap on what the account pays, which sets what it spends (as a spending limit): Financial.` });
  }

  // "Create an incoming phone number" whose `PhoneNumber` is "the phone number to purchase": a create whose parameter says
  // the thing created is purchased or bought commits the account to its price (a number rented monthly), as buying does;
  // an item added to a shopping list or a cart, "the item to buy", is a note of what to buy, no purchase.
  const bought = acting?.category === 'Write' && acting.action && PURCHASE_CREATES.has(acting.action.verb) && !has([...acting.action.objects, ...leadWords(description)], SHOPPING_LISTS)
    ? params.find((p) => p.depth === 0 && PURCHASED.test(p.description)) : undefined;
  if (bought) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${bought.path}`, 'what it creates is purchased') });
    ruleNotes.push({ category: 'Financial', text: `"${acting!.action!.text}", and its \`${bought.path}\` parameter is "${bought.description.trim().slice(0, 60)}": what it creates is bought, committing the account to its price, which SPEC counts as Financial.` });
  }

  // "Send a prompt to a WASM agent ... untrusted code execution", "send a user turn to a cloud-agent session ... returning a
  // tool-use trace": a prompt or a turn handed to an agent that runs code or tools is carried out by it, which SPEC counts as
  // Execute (a message to a chat agent that only answers stays a Write).
  const handed = acting?.category === 'Write' && acting.action && HANDING.has(acting.action.verb) && AGENT_INPUTS.has(headPhrase(acting.action.objects).slice(0, 3).at(-1) ?? '')
    && [...nameWords, ...acting.action.objects.flatMap((w) => w.split('-'))].some((w) => w === 'agent' || w === 'agents') ? AGENT_RUNS_TOOLS.exec(description) : null;
  if (handed) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('description', handed[0], 'a prompt handed to an agent that runs code or tools') });
    ruleNotes.push({ category: 'Execute', text: `"${acting!.action!.text}": the agent it is handed to runs code or tools on it ("${handed[0]}"), carrying the prompt out on its own, which SPEC counts as Execute.` });
  }

  // No verb, but a required prompt "for Claude to execute" beside an agent that does "terminal operations": the
  // caller's instructions are carried out by a coding agent that edits files and runs commands on its own.
  const task = acting ? undefined : params.find((p) => p.depth === 0 && p.required && AGENT_TASK_PARAM.test(p.name) && CARRIED_OUT.test(p.description));
  const agentDoes = task ? AGENT_ACTS.exec(description) : null;
  if (task && agentDoes) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('schema', `param: ${task.path}`, `instructions an agent carries out ("${agentDoes[0]}")`) });
    ruleNotes.push({ category: 'Execute', text: `Its required \`${task.path}\` parameter is "${task.description.trim().slice(0, 60)}", handed to an agent whose description says "${agentDoes[0]}": the agent carries the instructions out, editing files and running commands on its own, which SPEC counts as Execute (as a computer-use agent).` });
  }

  // No verb, but a required command picked from a list that starts a shell or runs a service ("shell", "up").
  const picked = acting ? undefined : runningChoice(tool.inputSchema);
  if (picked) {
    signals.push({ category: 'Execute', strength: 3, evidence: evidenceOf('schema', `param: ${picked.param}`, `a required command whose choices include "${picked.choice}"`) });
    ruleNotes.push({ category: 'Execute', text: `Its required \`${picked.param}\` parameter picks the command to run, and its choices include "${picked.choice}", which starts a shell or runs something: Execute.` });
  }

  // "Get current positions" with an `accountId` parameter: the positions or holdings read are that account's (a page
  // element's or a cursor's position takes no account).
  const heldIn = acting?.category === 'Read' && READS_RECORDS.has(acting.action?.verb ?? '') && headPhrase(acting.action!.objects).some((w) => HOLDINGS.has(w))
    ? params.find((p) => p.depth === 0 && ACCOUNT_PARAM.test(p.name)) : undefined;
  if (heldIn) {
    const what = headPhrase(acting!.action!.objects).find((w) => HOLDINGS.has(w))!;
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('schema', `param: ${heldIn.path}`, `reads payment records (${what} of an account)`) });
    ruleNotes.push({ category: 'Financial', text: `"${acting!.action!.verb}" with "${what}" and its \`${heldIn.path}\` parameter reads the ${what} an account holds, an account's money, which SPEC's table puts in Financial.` });
  }

  // The permission it says it needs (`/accounts/{id}/transfers.write`, PAYMENTS_READ) names what it touches.
  const scope = acting?.category === 'Read' || acting?.category === 'Write' ? paymentScope(description, acting.category, acting.action?.objects ?? []) : undefined;
  if (scope) {
    signals.push({ category: 'Financial', strength: 3, evidence: evidenceOf('description', scope.text, `${acting!.category === 'Read' ? 'reads payment records' : 'changes payment records'} (${scope.record}): the permission it needs`) });
    ruleNotes.push({ category: 'Financial', text: `The permission it needs, "${scope.text}", is over ${scope.record}: what it ${acting!.category === 'Read' ? 'reads' : 'changes'} are payment records, which SPEC's table puts in Financial.` });
  }

  // "Queued tests per hour (avg and max) for the last N days", "Project with the maximum number of sessions in the last X
  // time": a first sentence that is a figure (avg, max, number of) over a recent period names a report, read back; a word
  // read there as a verb ("queued", "queue") is the figure's noun. An order opening with its verb and an article
  // ("Schedule a report of average sales over the last week") is not this.
  const firstSentence = description.split(/(?<=\.)\s|\n/)[0] ?? '';
  const statistic = !acting || acting.category === 'Read' || acting.category === 'Write' ? STAT_OVER_PERIOD.exec(firstSentence) : null;
  if (statistic && !/^\s*[\w-]+\s+(?:a|an|the|all|each|every)\b/i.test(firstSentence)) {
    for (const sg of signals) if (sg.category === 'Write') sg.strength = 1;
    signals.push({ category: 'Read', strength: 3, evidence: evidenceOf('description', statistic[0].trim(), 'a figure over a recent period: a report read back') });
    ruleNotes.push({ category: 'Read', text: `"${statistic[0].trim()}": a figure over a recent period is a report of what happened, read back; nothing changes, so it is a Read.` });
  }

  let decided = pick(signals.filter((s) => s.strength >= 3)) ?? pick(signals.filter((s) => s.strength >= 2));
  const noAction = decided === undefined;
  // No verb at all: a name of nouns with nothing that changes anything reads; anything else stays a Write.
  const nounOnly = noAction && description ? nounOnlyRead(nameWords, description, params) : undefined;
  if (nounOnly) {
    decided = { category: 'Read', strength: 2, evidence: evidenceOf('name', nounOnly.text, 'names something to look up, and nothing says it changes anything') };
    signals.push(decided);
    ruleNotes.push({ category: 'Read', text: nounOnly.note });
  }
  const category: Category = decided?.category ?? 'Write';
  if (noAction) flags.push('no-action-found');
  const ruleNote = decided?.action?.note ?? [byName, byText].find((a) => a?.note && a.category === category)?.note ?? [byName, byText].find((a) => a?.note)?.note;
  if (retired && byName && category === byName.category) ruleNotes.push({ category, text: `Its description opens with the label "${retired[1]}": the tool says it no longer works, which is not an action, so its name decides what it does.` });
  const notes = [...(ruleNote ? [ruleNote] : []), ...ruleNotes.filter((n) => n.category === category).map((n) => n.text)];

  // Name and description telling different stories: the riskier one was taken; say so.
  const conflicts: string[] = [];
  if (byName && byText && byName.strength >= 3 && byName.category !== byText.category) {
    flags.push('conflict:name-description');
    conflicts.push(`the ${byText.source} ("${byText.text}": ${byText.category}) and the name ("${byName.text}": ${byName.category}) disagree, and the riskier reading was taken`);
  }

  // Annotations: trusted to raise risk, never to lower it.
  const baseRisk = CATEGORY_RISK[category];
  let risk = baseRisk;
  const raises: { to: RiskClass; why: string }[] = [];
  const raise = (to: RiskClass, why: string) => {
    if (maxRisk(to, risk) !== risk) risk = to;
    raises.push({ to, why });
  };
  const hintEvidence: Evidence[] = [];
  let readOnlyAgrees = false;
  // Reading payment records is Financial although it only reads: a read-only hint agrees with it.
  const readsPayments = category === 'Financial' && /^(?:reads|names) payment records/.test(decided?.evidence.points ?? '');
  if (annotations.readOnlyHint === true) {
    hintEvidence.push(evidenceOf('annotations', 'readOnlyHint: true', category === 'Read' || readsPayments ? 'the server says it only reads' : 'the server says it only reads, but annotations cannot lower risk'));
    if (category === 'Read' || readsPayments) readOnlyAgrees = true;
    else {
      flags.push('conflict:annotations');
      conflicts.push(`the server marks it read-only while its ${decided?.evidence.source ?? 'definition'} says ${category}; annotations are only trusted to raise risk`);
    }
  }
  if (annotations.readOnlyHint === false && category === 'Read') {
    hintEvidence.push(evidenceOf('annotations', 'readOnlyHint: false', 'the server says it may change things'));
    flags.push('conflict:annotations');
    conflicts.push('the server says it is not read-only');
    raise('medium', 'the server says it is not read-only (readOnlyHint: false)');
  }
  if (annotations.destructiveHint === true) {
    hintEvidence.push(evidenceOf('annotations', 'destructiveHint: true', 'the server says it may destroy data'));
    if (category === 'Read') {
      if (!flags.includes('conflict:annotations')) flags.push('conflict:annotations');
      conflicts.push('the server marks it destructive');
      raise('medium', 'the server marks it destructive (destructiveHint: true)');
    } else if (category === 'Write' || category === 'Execute') {
      raise(raiseRisk(baseRisk), 'the server marks it destructive (destructiveHint: true)');
    }
  }
  if (annotations.destructiveHint === false && category !== 'Read') {
    hintEvidence.push(evidenceOf('annotations', 'destructiveHint: false', 'the server says its changes are additive'));
  }
  if (annotations.openWorldHint === true) {
    hintEvidence.push(evidenceOf('annotations', 'openWorldHint: true', 'it reaches systems outside the server'));
  }

  // Parameters that widen a change, and code the caller may slip into a Write.
  const paramEvidence: Evidence[] = [];
  if (category === 'Write' || category === 'Execute') {
    for (const p of raisingParams(params)) {
      paramEvidence.push(evidenceOf('schema', `param: ${p.path}`, 'makes the change harder to undo or wider'));
      raise(raiseRisk(baseRisk), `its \`${p.name}\` parameter makes the change harder to undo or wider`);
    }
  }
  // Shell commands run on the server's machine: no less risky than code in a page (critical).
  if (category === 'Execute') {
    const host = HOST_COMMAND.exec([tool.name, decided?.evidence.text ?? '', ...exec.map((p) => p.name)].join(' '));
    if (host) {
      raise('critical', `"${host[0]}" means it runs commands on the server's own machine, which is at least as dangerous as code run in a browser page`);
    }
  }
  if (category === 'Read' && outputs.length > 0 && !writesFile) {
    paramEvidence.push(evidenceOf('schema', `param: ${outputs[0].path}`, 'can also write a file where the caller says'));
    raise('medium', `its optional \`${outputs[0].path}\` parameter writes a file where the caller says`);
  }
  // Code that is only converted still says what the caller means to run: it raises the risk.
  const optionalExec = exec.find((p) => !p.required || converting);
  if (optionalExec && category !== 'Execute' && !SEVERITY_CRITICAL.has(category)) {
    paramEvidence.push(evidenceOf('schema', `param: ${optionalExec.path}`, 'an optional parameter for code or a command the caller writes'));
    raise(raiseRisk(baseRisk), `its ${optionalExec.required ? '' : 'optional '}\`${optionalExec.path}\` parameter carries code or a command`);
  }

  // Tool poisoning: the definition talking to the model.
  const poison = findPoisoning([
    { source: 'description', text: description },
    { source: 'title', text: title },
    ...params.filter((p) => p.description).map((p) => ({ source: 'schema' as const, text: p.description })),
  ]);
  for (const p of poison) {
    flags.push(p.flag);
    raise(p.severe ? 'critical' : maxRisk('high', raiseRisk(baseRisk)), `poisoning`);
  }

  if (!description) flags.push('empty-description');
  // A read taken from nouns alone is a guess: low confidence, and the rationale says what it rests on.
  if (nounOnly) conflicts.push('no verb says what it does, so this rests on its nouns alone');
  const confidence = nounOnly ? 'low' : rate({ decided, signals, category, emptyDescription: !description, conflicts, poisoned: poison.length > 0, readOnlyAgrees, destructiveAgrees: annotations.destructiveHint === true && category === 'Destructive' });

  // Strongest first; among equals, a telling phrase or parameter before the description's opening words.
  const rank = (s: Signal) => s.strength * 2 + (s.evidence.source === 'name' || !s.action ? 1 : 0);
  const decisive = dedupe(signals.filter((s) => s.category === category && s.strength >= 2).sort((a, b) => rank(b) - rank(a)).map((s) => s.evidence));
  const others = signals.filter((s) => !(s.category === category && s.strength >= 2)).map((s) => s.evidence);
  const evidence = dedupe([...decisive, ...others, ...paramEvidence, ...hintEvidence, ...poisonEvidence(poison)]);
  const requiredParams = requiredCount(tool.inputSchema);
  const rationale = writeRationale({
    name: tool.name, nameWords, description, category, risk, baseRisk, confidence, decisive,
    verb: decided?.action?.verb, objects: decided?.action?.objects ?? [], readOnlyAgrees,
    saysReadOnly: category !== 'Read' ? signals.find((s) => s.category === 'Read' && s.strength === 1)?.evidence.text : undefined,
    describesAction: byText !== undefined,
    raises: raises.filter((r) => r.why !== 'poisoning' && maxRisk(r.to, baseRisk) !== baseRisk), conflicts, notes,
    readsPayments,
    poisoning: poison.map((p) => ({ text: p.text, points: p.points })), emptyDescription: !description, noAction: noAction && !nounOnly, requiredParams,
  });
  return { category, risk, requiredParams, confidence, rationale, evidence, flags };
}

/** A status label opening a description: the tool is retired and always fails. */
const RETIRED_LABEL = /^\s*(DECOMMISSIONED|DEPRECATED|RETIRED|REMOVED|DISCONTINUED|OBSOLETE)\b\s*[:\-\u2013\u2014]/i;
/** Verbs of a test: with code given, the test runs it. */
const TESTING = new Set(['test', 'try', 'debug', 'dry']);
/** "or replace its contents", "or press/dismiss the keyboard": a Write verb offered as an alternative, with its object. */
const OR_CHANGE = /\bor\s+([a-z]+)(?:\/([a-z]+))?\s+(?:a|an|the|its|their|it|them|this|that|all|any)\b/gi;
/** Changes made in place to what was read: its text replaced, a dialog dismissed, a key pressed, a value set. */
const IN_PLACE_CHANGES = new Set(['replace', 'dismiss', 'accept', 'press', 'change', 'set', 'update', 'edit', 'modify', 'toggle']);
function orChange(description: string): { text: string; verb: string } | undefined {
  const sentence = description.split(/(?<=[.!?])\s|\n/)[0] ?? '';
  for (const m of sentence.matchAll(OR_CHANGE)) {
    const verb = [m[1], m[2]].find((w) => w && IN_PLACE_CHANGES.has(w) && verbCategory(w) === 'Write' && baseVerb(w) === w);
    if (verb) return { text: m[0], verb };
  }
  return undefined;
}
/** Handing an agent its input: a prompt, a turn, a task sent or given; and the words saying the agent runs code or tools. */
const HANDING = new Set(['send', 'give', 'submit', 'assign', 'post']);
const AGENT_INPUTS = new Set(['prompt', 'prompts', 'turn', 'turns', 'task', 'tasks', 'instruction', 'instructions']);
const AGENT_RUNS_TOOLS = /\b(?:(?:untrusted\s+)?code\s+execution|tool[- ]use\s+(?:trace|calls?|loop)|tool\s+calls?|runs?\s+(?:tools|commands|code))\b/i;
/** The first word of an action choice that runs what the tool manages, and what it runs: a workflow, a pipeline, a job. */
const RUN_CHOICES = new Set(['run', 'trigger', 'dispatch', 'execute', 'rerun', 'retrigger']);
/** A figure (avg, max, number of ...) over a recent period ("in the last N days"). */
const STAT_OVER_PERIOD = /^[^.\n]{0,60}?\b(?:avg|average|mean|median|max|maximum|min|minimum|number\s+of)\b[^.\n]{0,80}?\b(?:in|over|for|during)\s+the\s+(?:last|past)\s+(?:[\w]+\s+)?(?:time|hours?|minutes?|days?|weeks?|months?)\b/i;
/** An action choice that releases a build through an app store. */
const STORE_RELEASES = new Set(['submit', 'promote', 'publish', 'release', 'rollout']);
/** Creating verbs, what marks a parameter's value as bought, and the lists where "to buy" is only a note. */
const PURCHASE_CREATES = new Set(['create', 'provision', 'add', 'register', 'reserve', 'allocate']);
const PURCHASED = /\b(?:to\s+(?:purchase|buy)|(?:will\s+be|is)\s+(?:purchased|bought))\b/i;
const SHOPPING_LISTS = new Set(['list', 'lists', 'cart', 'carts', 'basket', 'baskets', 'wishlist', 'wishlists']);
/** An action choice that launches an app, the apps and app parts it launches, and a choice that deploys. */
const LAUNCH_CHOICES = new Set(['launch', 'relaunch']);
const LAUNCHED_APPS = new Set(['app', 'apps', 'application', 'applications', 'activity', 'activities', 'ability', 'abilities']);
const DEPLOY_CHOICES = new Set(['deploy', 'redeploy']);
/** What glosses a choice as launching: ": launch activity", "= relaunches the app". */
const LAUNCH_GLOSS_TAIL = String.raw`\`?\s*[:=-]+\s*(?:re)?launch(?:es)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:apps?|applications?|activit(?:y|ies)|abilit(?:y|ies))\b`;
/** Any choice glossed so: when the description has none, no choice needs its own search. */
const ANY_LAUNCH_GLOSS = new RegExp(String.raw`(?:^|[\s.;,(])\`?[\w-]+` + LAUNCH_GLOSS_TAIL, 'i');
/**
 * "start: launch activity with extras": the description glosses an action choice as launching an app or an activity. A
 * choice is searched for only where the description has such a gloss and names the choice: a server's enum of thousands
 * of choices costs one search of its description, not one each.
 */
function launchGlossed(choices: readonly string[], description: string): string | undefined {
  if (choices.length === 0 || !ANY_LAUNCH_GLOSS.test(description)) return undefined;
  const lower = description.toLowerCase();
  return choices.find((choice) => {
    const esc = choice.replace(/[^\w-]/g, '');
    return esc.length > 0 && lower.includes(esc.toLowerCase()) && new RegExp(String.raw`(?:^|[\s.;,(])\`?` + esc + LAUNCH_GLOSS_TAIL, 'i').test(description);
  });
}
const AUTOMATION_RUNS = new Set(['workflow', 'workflows', 'pipeline', 'pipelines', 'job', 'jobs']);
/** A parameter capping what a call may pay (maxAmount, max_spend, spend_limit), and the words that make it money. */
const SPEND_CAP_PARAM = /^(?:max(?:imum)?_?(?:amount|spend|spending|payment|price|cost)(?:_?usd)?|spend(?:ing)?_?(?:limit|cap))$/i;
const CURRENCY_WORDS = /\b(?:USD|EUR|GBP|USDC|dollars?|euros?|payments?|paid|pays?|spend|spending)\b|\$/;
/** The first word of an action choice, its verb: "launch" of "launch_app". */
function choiceVerb(choice: string): string {
  return splitName(choice)[0]?.word ?? '';
}
/** The fixed choices of a top-level action or operation parameter (a tool of many actions). */
function actionChoices(schema: object | undefined): string[] {
  const props = (schema as { properties?: Record<string, { enum?: unknown }> } | undefined)?.properties ?? {};
  const [, prop] = Object.entries(props).find(([name, p]) => /^(?:action|operation|op)$/i.test(name) && Array.isArray(p?.enum)) ?? [];
  return Array.isArray(prop?.enum) ? prop.enum.filter((c): c is string => typeof c === 'string') : [];
}
/** A required method parameter whose choices include one that writes or deletes (POST, PUT, PATCH, DELETE). */
function writeMethods(schema: object | undefined): boolean {
  const s = schema as { properties?: Record<string, { enum?: unknown }>; required?: unknown } | undefined;
  const required = Array.isArray(s?.required) ? s.required : [];
  return Object.entries(s?.properties ?? {}).some(([name, p]) => /^(?:method|http_?method)$/i.test(name) && required.includes(name) && Array.isArray(p?.enum) && p.enum.some((m) => typeof m === 'string' && /^(?:POST|PUT|PATCH|DELETE)$/i.test(m)));
}
/** A test run or a scan the tool carries out: "tool for testing web applications", "security testing (DAST)", "runs SAST". */
const QA_RUN = /^(?:[\w-]+\s+){0,3}?(?:tool\s+for\s+(?:testing|exploring|auditing|scanning)\s+(?:web\s+)?(?:apps?|applications?|sites?|websites?)\b|(?:dynamic|static)\s+(?:application\s+)?security\s+(?:testing|analysis|scan(?:ning)?)\b)|\bruns\s+(?:SAST|DAST|SCA)\b/i;
/** Verbs that unlink one thing from another: detach, unlink, dissociate, unassign. */
const DETACHING = new Set(['detach', 'unlink', 'dissociate', 'disassociate', 'unassign']);
/** Plans and tiers: with a billing period and a price, a price list. */
const BILLED_PLANS = new Set(['plan', 'plans', 'tier', 'tiers']);
const MEMBERSHIPS = new Set(['membership', 'memberships']);
/** What ties a membership to money: a billing period, a renewal, a plan, a price. */
const MEMBERSHIP_BILLED = /\b(?:billing|billed|renewal|renews|plan|plans|price|prices|pricing)\b/i;
/** A leading paragraph of advice to the caller: "When using this tool, always use ...", "Only omit if you're sure ...". */
const CALLER_ADVICE = /^(?:when\s+(?:using|calling)\s+this\s+tool\b|only\s+omit\s+(?:it\s+)?if\b)[^\n]*(?:\n(?!\s*\n)[^\n]*)*\n\s*\n/i;
/** A leading sentence telling the caller when to call it: "IMPORTANT: Run this tool first when a requested tool is unavailable." */
const WHEN_TO_CALL = /^(?:(?:important|note|tip)\s*:\s*)?(?:run|call|use|invoke)\s+this\s+tool\s+(?:first|before|when|whenever|if)\b[^.\n]*[.\n]\s*/i;
function withoutCallerAdvice(text: string): string {
  let rest = text;
  for (let m = CALLER_ADVICE.exec(rest); m && rest.length > m[0].length; m = CALLER_ADVICE.exec(rest)) rest = rest.slice(m[0].length).trimStart();
  // "Run this tool first when ...": when to call it, not what it does (which the next sentence says); "use this tool to
  // run code" says what it does and stays.
  const when = WHEN_TO_CALL.exec(rest);
  return when && rest.length > when[0].length ? rest.slice(when[0].length) : rest;
}
/** The list of a multi-action tool's actions: "Driven by the `action` parameter:" then "- action:\"x\"" bullets. */
const ACTION_BULLETS = /\n\s*[-*]\s*`?action\s*[:=]\s*["'`]?\w+/;
/** A field's description that calls it a price: "Additional price for the variant", "Sale price". */
const PRICE_DESCRIBED = /^(?:the\s+)?(?:additional|extra|sale|selling|unit|retail|base)?\s*price\b/i;
/** Verbs that take something off another: the description's "from" says what of. */
const UNPINNING = new Set(['delete', 'del', 'remove']);
/** A description opening with instructions or a guide given back: "Provide installation instructions", "Get setup guidance". */
const GUIDE_TEXT = /^\s*(?:provides?|gets?|returns?|shows?|gives?|displays?|fetch(?:es)?)\s+(?:the\s+|step-by-step\s+|detailed\s+)?(?:[\w-]+\s+){0,2}?(instructions|guidance|guide|how-to)\b/i;
/** A description that opens by asking the user: the name's confirm or approve is the user's to do. */
const ASKS_USER = /^(?:asks?|prompts?)\s+the\s+user\s+to\s+(?:confirm|approve|acknowledge|choose|select|pick)\b/i;
const ASKED_VERBS = new Set(['confirm', 'approve', 'acknowledge', 'accept']);
/** Verbs that bring one branch's changes onto another. */
const BRANCH_VERBS = new Set(['merge', 'rebase']);
const RUNS_MIGRATIONS = /\b(?:run|runs|apply|applies|execute|executes)\s+(?:any\s+|all\s+|the\s+|its\s+|pending\s+|newer\s+|new\s+){0,3}migrations?\b/i;
/** What a report or a simulation is called; the money figures its gloss may list (in English or French). */
const REPORT_HEADS = new Set(['report', 'reports', 'reporting', 'simulation', 'simulations', 'forecast', 'forecasts', 'projection', 'projections']);
const MONEY_FIGURES = new Set(['margin', 'margins', 'revenue', 'revenues', 'turnover', 'profitability', 'profit', 'profits', 'marge', 'marges', 'rentabilité', 'ca']);
const PROSPECTS = new Set(['opportunity', 'opportunities', 'deal', 'deals', 'lead', 'leads', 'prospect', 'prospects', 'opportunité', 'opportunités']);
function reportFigures(nameWords: readonly string[], lead: readonly string[], gloss: readonly string[]): { head: string; figure: string } | undefined {
  const head = [...nameWords, ...lead].find((w) => REPORT_HEADS.has(w));
  const figure = gloss.find((w) => MONEY_FIGURES.has(w));
  // An opportunity's, a deal's or a lead's simulation forecasts a sale not yet won: a sales pipeline's estimate, not money.
  if ([...nameWords, ...lead].some((w) => PROSPECTS.has(w))) return undefined;
  return head && figure ? { head, figure } : undefined;
}
/** "then execute a jump command", "and runs the startup command": the description says a command is run. */
const EXECUTES_COMMAND = /\b(?:execute|executes|run|runs)\s+(?:a|an|the|its|your)?\s*(?:[\w-]+\s+)?command\b/i;
/** What an ad campaign spends: its budget, its bids, its funding strategy. */
const CAMPAIGNS = new Set(['campaign', 'campaigns']);
/** A campaign, or an ad set or an ad group that carries part of a campaign's budget ("create ad set" with a daily budget). */
const AD_UNITS = new Set(['adset', 'adsets', 'adgroup', 'adgroups']);
const adSpender = (head: readonly string[]): 'campaign' | 'ad set' | undefined =>
  head.some((w) => CAMPAIGNS.has(w)) ? 'campaign' : head.some((w, k) => AD_UNITS.has(w) || ((w === 'ad' || w === 'ads') && /^(?:sets?|groups?)$/.test(head[k + 1] ?? ''))) ? 'ad set' : undefined;
/** The pay, prize or reward offered for a piece of work, in a currency or as an amount. */
const PAID_WORK_PARAM = /^(?:(?:base_?)?pay|payment|prize|reward|bounty|budget|wage|fee)_?(?:usd|eur|gbp|amount|cents)$|^(?:prize|reward|bounty)(?:_?amount)?$/i;
/** Work offered to people: a task, a gig, a bounty, a competition or a contest, or the human workers asked. */
const PAID_WORK_WORDS = new Set(['task', 'tasks', 'gig', 'gigs', 'bounty', 'bounties', 'competition', 'competitions', 'contest', 'contests', 'human', 'humans', 'worker', 'workers', 'freelancer', 'freelancers']);
/** "API GET", "POST request": a raw HTTP request tool; and the services whose records are money. */
const RAW_METHOD = /\bAPI\s+(GET|POST|PUT|PATCH)\b|\b(GET|POST|PUT|PATCH)\s+(?:request|requests|API)\b/;
const MONEY_API = /\b(?:accounting|invoic(?:e|es|ing)|billing|payments?|payroll|bookkeeping)\b/i;
const AD_SPEND_PARAM = /^(?:(?:daily_?|total_?|lifetime_?)?budgets?|bid|bids|bid_?percentage|bidpercentage|default_?bid|max_?cpc|funding_?strategy|fundingstrategy|bidding_?strategy|biddingstrategy|daily_?spend)$/i;
/** A discount off what buyers pay. */
const DISCOUNT_PARAM = /^(?:discount_?percent(?:age)?|discount_?amount|discountpercentage|discountamount|percent_?off|amount_?off)$/i;
/** The path a file goes to on a remote host, or comes to on this machine. */
const REMOTE_PATH = /^(?:remote_?path|remote_?file|remotepath|remote_?destination)$/i;
const LOCAL_PATH = /^(?:local_?path|local_?file|localpath|local_?destination)$/i;
/** Verbs that work on code as text: converting, validating or explaining a query does not run it. */
const CONVERTING = new Set(['transform', 'convert', 'translate', 'lint', 'validate', 'parse', 'tokenize', 'encode', 'decode', 'analyze', 'analyse', 'explain', 'diagnose', 'review']);
/** The code itself as the verb's object ("Analyzes a SQL query"), not data reached through it. */
const CODE_WORDS = new Set(['sql', 'query', 'queries', 'statement', 'statements', 'script', 'scripts', 'code', 'snippet', 'expression']);
const HTTP_METHOD = /\b(?:http|get|post|put|patch|delete)\b/i;
const REQUEST_TEXT = /\b(?:https?|request|requests|api|endpoint|operations?|rest)\b/i;
const TARGET_PARAM = /^(?:path|url|endpoint|uri|route|service|resource)$/i;
const PAYMENT_API = /\b(?:payments?|invoices?|refunds?|payouts?|charges|disputes|checkout)\b/i;

/**
 * A tool whose required parameters are a method and a target (path, URL, service): the caller
 * writes the call. The method must be an HTTP or API method, said by its values or its words.
 */
function genericRequest(params: ReturnType<typeof schemaParams>, description: string): [Param, Param] | undefined {
  const top = params.filter((p) => p.depth === 0 && p.required);
  const method = top.find((p) => /^(?:method|httpmethod|http_method|verb)$/i.test(p.name));
  const target = top.find((p) => TARGET_PARAM.test(p.name));
  if (!method || !target || !REQUEST_TEXT.test(description)) return undefined;
  const about = `${method.description} ${description}`;
  return HTTP_METHOD.test(about) || /\bapi\b/i.test(description) ? [method, target] : undefined;
}

/** An OAuth scope in backticks (`/accounts/{id}/transfers.read`, `payments:write`) or in capitals (PAYMENTS_READ). */
const SCOPES = /`[^`\s]*?([A-Za-z][\w-]*)[.:](?:read|write)`|\b([A-Z][A-Z_]*[A-Z])_(?:READ|WRITE)\b/g;

/**
 * A scope the description says the tool needs, over payment records (transfers, wallets, cards,
 * bank accounts), unless the tool's own object is an organizing record (categories, groups, settings).
 */
function paymentScope(description: string, category: Category, objects: string[]): { text: string; record: string } | undefined {
  if (headPhrase(objects).some((w) => ORGANIZING_HEADS.has(w))) return undefined;
  for (const m of description.matchAll(SCOPES)) {
    const words = (m[1] ?? m[2]).toLowerCase().split(/[-_]+/).filter(Boolean);
    const record = category === 'Read' ? paymentRecord(words) : financialObject(words);
    if (record) return { text: m[0].replace(/`/g, ''), record: words.join(' ') };
  }
  return undefined;
}

/** Catalog entries: what is sold, described; their prices are set as prices, plans or variants. A marketplace listing (an
 * item offered for sale at its asking price) is one too: no money moves until an order is placed and paid. */
const CATALOG_ENTRIES = new Set(['product', 'products', 'listing', 'listings']);
const PRICED = new Set(['variant', 'variants', 'price', 'prices', 'plan', 'plans', 'sku', 'skus']);
/** What is sold at a price of its own: a product's variant or a SKU. */
const SOLD_UNITS = new Set(['variant', 'variants', 'sku', 'skus']);

/** Verbs that define a database object, and the objects: the SQL they take is that definition. */
const DEFINING = new Set(['create', 'alter', 'modify', 'add', 'rename']);
/** Saved queries: a question, a chart, a view, kept with their SQL and run when opened. */
const SAVED_QUERIES = new Set(['question', 'questions', 'chart', 'charts', 'view', 'views']);
const SCHEMA_OBJECTS = new Set(['table', 'tables', 'index', 'indexes', 'view', 'views', 'column', 'columns', 'constraint', 'constraints', 'schema', 'trigger', 'triggers', 'event', 'events', 'procedure', 'procedures']);
/** Commands that start a shell or run something, among a required command's fixed choices. */
const RUNNING_CHOICES = ['shell', 'exec', 'execute', 'run', 'up', 'start', 'rebuild', 'build', 'eval'];

/** A required command parameter whose fixed choices include one that starts a shell or runs something. */
function runningChoice(schema: object | undefined): { param: string; choice: string } | undefined {
  return enumChoice(schema, /^(?:command|cmd|subcommand)$/i, (choices) => RUNNING_CHOICES.find((c) => choices.includes(c)), true);
}

/** A dispatcher's action parameter whose choices invoke or deploy ("invokeFunction", "deploy"): what it mainly does runs code. */
function runningAction(schema: object | undefined): { param: string; choice: string } | undefined {
  return enumChoice(schema, /^(?:action|operation|op|command)$/i, (choices) => choices.find((c) => splitName(c).some((w) => w.word === 'invoke' || w.word === 'deploy')), false);
}

/** The first top-level parameter named like `name` (and required, if asked) whose fixed choices `pick` finds one in. */
function enumChoice(schema: object | undefined, name: RegExp, pick: (choices: string[]) => string | undefined, requiredOnly: boolean): { param: string; choice: string } | undefined {
  const s = schema as { properties?: Record<string, { enum?: unknown }>; required?: unknown } | undefined;
  const required = Array.isArray(s?.required) ? s.required : [];
  for (const [param, prop] of Object.entries(s?.properties ?? {})) {
    if (!name.test(param) || (requiredOnly && !required.includes(param)) || !Array.isArray(prop?.enum)) continue;
    const choice = pick((prop.enum as unknown[]).filter((c): c is string => typeof c === 'string'));
    if (choice) return { param, choice };
  }
  return undefined;
}

/** What an account holds, and the parameter that names the account. */
const HOLDINGS = new Set(['position', 'positions', 'holding', 'holdings']);
const ACCOUNT_PARAM = /^(?:account|account_?id|accountid|portfolio_?id|portfolio)$/i;
/** What an agent's instructions are called, what says it carries them out, and what says it acts on a machine. */
const AGENT_TASK_PARAM = /^(?:prompt|task|instructions?|goal|request)$/i;
const CARRIED_OUT = /\b(?:to\s+(?:execute|run|carry\s+out|perform|complete|do)|executes?|carries\s+out)\b/i;
const AGENT_ACTS = /\b(?:agent|assistant)\b[^.\n]{0,80}\b(?:terminal|shell|commands?|git|file\s+(?:ops|operations)|computer)\b/i;
/** A flag that keeps a copy of what a write replaces. */
const BACKUP_PARAM = /^(?:backup|create_?backup|make_?backup|keep_?backup|backup_?existing)$/i;
/** Verbs whose point is to produce a file: with a place to put it, they write there. */
const FILE_MAKING = new Set(['export', 'download', 'save', 'dump', 'backup']);
const CREATING = new Set(['create', 'new', 'add', 'launch', 'provision']);
const LAUNCHING = new Set(['create', 'new', 'launch', 'provision', 'setup', 'initialize', 'init']);
const LAUNCH_IMAGE = /^(?:image|image_?id|image_?slug|template|template_?id|os|os_?id|distribution)$/i;
/** What a compute cluster is made of (a cluster of map markers or of keywords is not). */
const COMPUTE_NODES = /\b(?:pods?|nodes?|gpus?|kubernetes|k8s|vms?|virtual machines?|instances?|containers?|workers?)\b/i;
const HOSTS = new Set(['server', 'servers', 'instance', 'instances']);
const OS_IMAGE = /^(?:image|image_?id|image_?slug|os|os_?id|distribution)$/i;
/** Verbs that post or reverse a document, the word for one, and the accounting documents they may be. */
const BOOKING = new Set(['submit', 'cancel', 'amend']);
const DOCUMENTS = new Set(['document', 'documents', 'doc', 'docs']);
const MONEY_DOCUMENTS = /\b(?:(?:sales|purchase)\s+(?:orders?|invoices?)|invoices?|quotations?|journal\s+entr(?:y|ies)|payment\s+entr(?:y|ies)|credit\s+notes?)\b/i;
const SERVERLESS = new Set(['function', 'functions', 'action', 'actions', 'worker', 'workers', 'lambda', 'lambdas']);
const serverless = (w: string) => SERVERLESS.has(w);
const DEPLOYS_FROM = /\b(?:to\s+deploy(?:\s+from)?|deploy(?:ed|s)?\s+from)\b/i;
const HOST_COMMAND = /\b(?:shell|commands?|cmd|terminal|bash|powershell|zsh|process(?:es)?|subprocess)\b/i;

function weaker(a: Action | undefined): Action | undefined {
  return a && { ...a, strength: 2 };
}

/** The riskiest signal; between equally risky ones, the stronger, then the name's. */
function pick(signals: Signal[]): Signal | undefined {
  let best: Signal | undefined;
  for (const s of signals) {
    if (!best || SEVERITY[s.category] > SEVERITY[best.category] || (SEVERITY[s.category] === SEVERITY[best.category] && s.strength > best.strength)) best = s;
  }
  return best;
}

function rate(r: {
  decided: Signal | undefined; signals: Signal[]; category: Category; emptyDescription: boolean; conflicts: string[];
  poisoned: boolean; readOnlyAgrees: boolean; destructiveAgrees: boolean;
}): Confidence {
  if (!r.decided || r.poisoned) return 'low';
  const sources = new Set(r.signals.filter((s) => s.category === r.category).map((s) => s.evidence.source));
  if (r.readOnlyAgrees || r.destructiveAgrees) sources.add('annotations');
  if (r.emptyDescription) return r.decided.strength >= 4 ? 'medium' : 'low';
  if (r.decided.strength < 3) return r.conflicts.length > 0 ? 'low' : 'medium';
  if (r.conflicts.length > 1) return 'low';
  if (r.conflicts.length === 1) return 'medium';
  return sources.size >= 2 ? 'high' : 'medium';
}

/** Drops repeats, and quotes contained in a longer quote from the same place. */
function dedupe(items: Evidence[]): Evidence[] {
  const kept: Evidence[] = [];
  for (const e of items) {
    if (kept.some((k) => k.source === e.source && k.text.includes(e.text))) continue;
    const i = kept.findIndex((k) => k.source === e.source && e.text.includes(k.text) && k.points === e.points);
    if (i >= 0) kept[i] = e;
    else kept.push(e);
  }
  return kept;
}
