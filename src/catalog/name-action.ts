// Reads a tool's name for its action: the plain verb among its words (`get` in `get_build_logs`),
// an agent noun (`project-updater`), or the resource a REST-style name opens with (`wallets-get`).
import { baseVerb, has, interpret, MONEY_VERBS, powerVerb, READS_RECORDS, readsPayments, RUN_VERBS, SKIP, verbCategory, type Action } from './actions.ts';
import { AMBIGUOUS_VERBS, LIGHT_VERBS, MARKET_DATA, READ_NOUNS, WHOLE_WORDS } from './lexicon.ts';
import { financialObject, paymentRecord } from './money.ts';
import { splitName, type NameWord } from './words.ts';

/**
 * The first word of a name that every tool of a server shares (`bash_` in `bash_read_file`, `bash_info`), when
 * it is a verb most of them follow with a verb of their own: it names the server, and is no tool's action.
 * A shared verb that is each tool's only one (`get_` before every tool of a read-only server) is their action.
 */
export function serverNamespace(names: readonly string[]): string | undefined {
  if (names.length < 3) return undefined;
  const split = names.map((n) => splitName(n).map((w) => w.word));
  const head = split[0][0];
  if (!head || !baseVerb(head) || !split.every((w) => w[0] === head)) return undefined;
  const ownVerb = split.filter((w) => w.slice(1).some((x) => baseVerb(x) !== undefined)).length;
  return ownVerb * 2 >= names.length ? head : undefined;
}

/** Verbs that open lower-case compound names (`getuser`, `listissues`). */
const NAME_VERBS = new Set(['get', 'list', 'set', 'create', 'delete', 'update', 'add', 'remove', 'fetch', 'search', 'find', 'read', 'write', 'run', 'send']);
const KNOWN = (w: string) => baseVerb(w) !== undefined || READ_NOUNS.has(w) || WHOLE_WORDS.has(w);

/** Lower-case compounds (`sequentialthinking`, `getuser`) into known words where possible. */
function splitCompound(words: NameWord[]): NameWord[] {
  if (words.some((w) => baseVerb(w.word))) return words;
  const out: NameWord[] = [];
  for (const w of words) {
    if (w.word.length < 7 || w.word.length > 40 || KNOWN(w.word)) {
      out.push(w);
      continue;
    }
    let split: NameWord[] | undefined;
    for (let i = w.word.length - 3; i >= 3 && !split; i--) {
      const head = w.word.slice(0, i);
      const tail = w.word.slice(i);
      if (NAME_VERBS.has(head) && tail.length >= 3) split = [{ word: head, text: w.text.slice(0, i) }, { word: tail, text: w.text.slice(i) }];
      else if (tail.length >= 5 && KNOWN(tail)) split = [{ word: head, text: w.text.slice(0, i) }, { word: tail, text: w.text.slice(i) }];
    }
    out.push(...(split ?? [w]));
  }
  return out;
}

/**
 * Whether an ambiguous verb-noun is used as a noun here: inflected (`logs`, `checks`) or the
 * last word after another (`network_request`, `firecrawl_map`).
 */
function nounPosition(words: NameWord[], i: number, base: string): boolean {
  const next = words[i + 1]?.word;
  return words[i].word !== base || (i > 0 && i === words.length - 1) || (next !== undefined && READ_NOUNS.has(next));
}

/**
 * A money verb used as a modifier, not as the action: `order_flow`, `trading_pair`, `trade_volume`
 * describe market data. Inflected before another word, or before a market-data noun.
 */
function moneyModifier(words: NameWord[], i: number, base: string): boolean {
  const next = words[i + 1]?.word;
  if (next === undefined || verbCategory(base) !== 'Financial') return false;
  return words[i].word !== base || has([next], MARKET_DATA);
}

/** The part of a resource a name may act on after its verb: a transfer's cancellation, a sweep's config. */
const OWN_PARTS = new Set(['cancellation', 'cancellations', 'reversal', 'reversals', 'verification', 'config', 'configs', 'occurrence', 'occurrences']);
/** Wallet brands: "Apple Pay", "Google Pay" name a wallet, "pay" there is no verb. */
const PAY_BRANDS = new Set(['apple', 'google', 'samsung', 'amazon', 'shop', 'microsoft', 'android', 'meta', 'cash']);
const walletBrand = (words: NameWord[], i: number) => words[i].word === 'pay' && i > 0 && PAY_BRANDS.has(words[i - 1].word);

/** A plural money noun that is not the name's first word (`recent_trades`): a record, not an action. */
const pluralMoneyNoun = (words: NameWord[], i: number, base: string) =>
  i > 0 && verbCategory(base) === 'Financial' && words[i].word !== base && words[i].word.endsWith('s');

/** Prepositions after which a word is an object: `wait_for_selector`, `path_to_installer`. */
const OBJECT_BEFORE = new Set(['for', 'to', 'of', 'by', 'with', 'from', 'on', 'in', 'into', 'via']);
/** A page's elements: beside them, a selector is a CSS selector (`query_selector`). */
const PAGE_ELEMENTS = new Set(['element', 'elements', 'dom', 'css', 'xpath', 'node', 'nodes']);
/** A yes-or-no question's verbs: after them a verb's participle is a state asked about (`is_enabled`, `has_changed`). */
export const PREDICATES = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'can']);

/** `reader` → read, `updater` → update, `writer` → write: the verb an agent noun is made from. */
function agentVerb(word: string | undefined): string | undefined {
  // A server serves nothing here: it is the machine or the MCP server itself.
  if (!word || word.length < 6 || !/(?:er|or)$/.test(word) || word === 'server') return undefined;
  for (const stem of [word.slice(0, -1), word.slice(0, -2)]) {
    const base = baseVerb(stem);
    if (base === stem && !LIGHT_VERBS.has(base) && !AMBIGUOUS_VERBS.has(base)) return base;
  }
  return undefined;
}

/** The name's action: a plain verb if there is one (`get` in `get_build_logs`), else an ambiguous one. */
/** "end-to-end" in a name is an adjective (end-to-end encryption), neither end the verb. */
const endToEnd = (lower: readonly string[], i: number) => lower[i] === 'end' && ((lower[i + 1] === 'to' && lower[i + 2] === 'end') || (lower[i - 1] === 'to' && lower[i - 2] === 'end'));

export function nameAction(name: string, leadWords: readonly string[], prefix?: string): Action | undefined {
  const words = splitCompound(splitName(name));
  const lower = words.map((w) => w.word);
  // The server's namespace (`bash_` before every tool of a sandbox) names the server, not the action.
  const namespace = new Set(prefix !== undefined && lower[0] === prefix && lower.length > 1 ? [0] : []);
  const context = [...lower, ...leadWords];
  // A name ending in an agent noun (`deploy-services-reader`, `project-updater`) is that verb's tool.
  // After a preposition it is the object, not the tool (`wait_for_selector`: a CSS selector awaited, nothing selected).
  // `query_selector`: "Find first element matching selector": beside page elements, a selector is a CSS selector, not a tool that selects.
  const agent = OBJECT_BEFORE.has(lower[lower.length - 2] ?? '') || (/^selectors?$/.test(lower[lower.length - 1] ?? '') && leadWords.some((w) => PAGE_ELEMENTS.has(w))) ? undefined : agentVerb(lower[lower.length - 1]);
  if (agent && words.length > 1) {
    const objects = lower.slice(0, -1);
    const meaning = interpret(agent, objects, context);
    if (meaning) {
      const last = words[words.length - 1];
      return { category: meaning.category, source: 'name', text: last.text, verb: agent, objects, points: meaning.points, strength: 3, ...(meaning.note ? { note: meaning.note } : {}) };
    }
  }
  const verbs = words
    .map((w, i) => ({ w, i, base: namespace.has(i) ? undefined : baseVerb(w.word) ?? powerVerb(lower, i) }))
    .filter((v) => v.base !== undefined && !PREDICATES.has(lower[v.i - 1] ?? '') && !(AMBIGUOUS_VERBS.has(v.base) && nounPosition(words, v.i, v.base)) && !moneyModifier(words, v.i, v.base) && !pluralMoneyNoun(words, v.i, v.base) && !walletBrand(words, v.i) && !endToEnd(lower, v.i) && !gerundLookedAt(lower, v.i, v.base));
  // `scheduled_tasks_list`, `archived_projects_get`: a past participle before a noun describes the records, and the
  // verb after them is the action (a name that has no other verb keeps the participle's).
  const participle = (v: (typeof verbs)[number]) => lower[v.i] !== v.base && /ed$/.test(lower[v.i]) && !/ed$/.test(v.base!);
  const described = (v: (typeof verbs)[number]) => participle(v) && verbs.some((o) => o.i > v.i + 1 && !AMBIGUOUS_VERBS.has(o.base!));
  // `managed_agent_status`: "Get the lifecycle state of a managed cloud-agent session": the description's lead repeats the
  // participle before a noun, a kind of the thing (a managed agent), not what the call does; the name then has no verb.
  const modifier = (v: (typeof verbs)[number]) => participle(v) && leadWords.some((w, k) => k > 0 && w === lower[v.i] && leadWords[k + 1] !== undefined && !baseVerb(leadWords[k + 1]) && !OBJECT_BEFORE.has(leadWords[k + 1]) && !SKIP.has(leadWords[k + 1]));
  // `commit_get`: "Get a commit by SHA or ref": a name's verb followed by another verb that the description's lead opens
  // with, the lead naming the first word as its object ("a commit", "commits"), is the resource a REST-style name opens with.
  const resource = (v: (typeof verbs)[number]) => {
    const next = verbs.find((o) => o.i === v.i + 1);
    return next !== undefined && baseVerb(leadWords[0] ?? '') === next.base && next.base !== v.base && leadWords.slice(1, 6).some((w) => w === lower[v.i] || w === `${lower[v.i]}s`);
  };
  const plain = verbs.filter((v) => !AMBIGUOUS_VERBS.has(v.base!) && !described(v) && !modifier(v) && !resource(v));
  const chosen = plain[0] ?? verbs.filter((v) => !modifier(v) && !resource(v))[0];
  if (chosen) {
    const after = lower.slice(chosen.i + 1);
    // A bare verb (`add`, `set`) borrows its object from the description when that opens with the same verb.
    // So does one whose only object is "all" (`remove_all`): the description says all of what.
    const borrowed = after.every((w) => SKIP.has(w)) && leadWords.length > 1 && baseVerb(leadWords[0]) === chosen.base
      ? leadWords.slice(1).filter((w) => !SKIP.has(w)).slice(0, 10) : [];
    const objects = borrowed.length > 0 ? borrowed : after.length > 0 ? after : lower.slice(0, chosen.i);
    // A bare "run" or "start" in a name still starts something: a Write until shown otherwise.
    let meaning = interpret(chosen.base!, objects, context) ?? (LIGHT_VERBS.has(chosen.base!) ? { category: 'Write' as const, points: `${chosen.base}s something it does not name` } : undefined);
    // `transfers-update`, `wallets-get`, `transfers-get-cancellation`: a name that opens with its resource
    // acts on that resource (or on a part of it), whatever the description's object is.
    if (meaning && (meaning.category === 'Read' || meaning.category === 'Write') && chosen.i > 0 && (after.length === 0 || (after.length === 1 && OWN_PARTS.has(after[0])))) {
      const resource = lower.slice(0, chosen.i);
      // Reading takes a payment record (coupons and prices are catalog); changing takes any money word.
      const record = meaning.category === 'Read' ? paymentRecord(resource, leadWords) : financialObject(resource, leadWords);
      if (record && meaning.category === 'Read' && READS_RECORDS.has(chosen.base!)) meaning = readsPayments(chosen.base!, record);
      else if (record && meaning.category === 'Write' && MONEY_VERBS.has(chosen.base!)) {
        meaning = { category: 'Financial', points: `${chosen.base}s a ${record}`, note: `Its name opens with the resource it acts on, "${resource.join(' ')}": "${chosen.base}" changes a payment record (${record}), which SPEC's table puts in Financial.` };
      }
    }
    // "generate_code_and_execute", "build_and_run": both are done, and running what was made is the riskier.
    const joined = verbs.find((v) => v.i > chosen.i && lower[v.i - 1] === 'and' && RUN_VERBS.has(v.base!));
    const also = joined ? interpret(joined.base!, lower.slice(joined.i + 1).length > 0 ? lower.slice(joined.i + 1) : objects.filter((w) => w !== 'and' && w !== lower[joined.i]), context) : undefined;
    if (also?.category === 'Execute' && (meaning?.category === 'Read' || meaning?.category === 'Write')) {
      meaning = { ...also, note: `"${chosen.base} ... and ${joined!.base}" does both, and "${joined!.base}" runs what it names, which SPEC counts as Execute.` };
    }
    if (meaning) {
      const objectText = words.slice(chosen.i + 1).map((w) => w.text).join(' ');
      return {
        category: meaning.category,
        source: 'name',
        text: objectText ? `${chosen.w.text} ${objectText}` : chosen.w.text,
        verb: chosen.base!,
        objects,
        points: meaning.points,
        strength: AMBIGUOUS_VERBS.has(chosen.base!) ? 3 : 4,
        ...(meaning.note ? { note: meaning.note } : {}),
      };
    }
  }
  const record = paymentRecord(lower, leadWords);
  if (record) {
    const at = words.find((w) => w.word === record)!;
    return { category: 'Financial', source: 'name', text: at.text, verb: record, objects: [], points: `names payment records (${record})`, strength: 2 };
  }
  const noun = words.find((w) => READ_NOUNS.has(w.word));
  if (noun) {
    return { category: 'Read', source: 'name', text: noun.text, verb: noun.word, objects: [], points: 'names something to look at', strength: 2 };
  }
  return undefined;
}

/** What is looked at about an activity: its status, its progress, its history. */
const ACTIVITY_READS = new Set(['status', 'state', 'progress', 'history', 'log', 'logs', 'metrics', 'stats', 'results']);
/**
 * `neural_training_status`, `indexing_progress`: an -ing form before its status or progress names the activity looked at,
 * not a verb the tool does (`train_model` keeps its verb).
 */
function gerundLookedAt(lower: readonly string[], i: number, base: string | undefined): boolean {
  return base !== undefined && lower[i] !== base && /ing$/.test(lower[i]) && ACTIVITY_READS.has(lower[i + 1] ?? '');
}
