// Which words of a tool's name or description are about money: what it moves or charges, and the
// payment records it reads; "transaction" beside SQL is a database's, "credit balance" of API usage is not money.
import {
  ACCOUNT_WORDS, BANK_WORDS, CRYPTO_WORDS, DATABASE_WORDS, DIGITAL_ASSETS, FINANCIAL_NOUNS, MARKET_DATA, ORGANIZING_HEADS, PAYMENT_RECORDS, STATEMENT_MONEY, TRADING_WORDS, USAGE_WORDS,
} from './lexicon.ts';
import { baseForms } from './words.ts';

const has = (words: readonly string[], set: ReadonlySet<string>) => words.some((w) => baseForms(w).some((f) => set.has(f)));
const TRANSACTION = new Set(['transaction', 'transactions']);
const TRADING_ONLY = new Set(['margin', 'position', 'positions']);
const CRYPTO_TOKEN = new Set(['token', 'tokens', 'coin', 'coins']);
const ACCOUNTING_WORDS = new Set(['entry', 'entries', 'manual', 'debit', 'debits', 'credit', 'credits', 'ledger', 'accounting', 'account', 'accounts']);
/** Records that are an account's only in trading: a position, a holding, a fill (not an element's position). */
const HOLDINGS = new Set(['position', 'positions', 'holding', 'holdings', 'fill', 'fills']);
const BROKERAGE = new Set(['portfolio', 'portfolios', 'stock', 'stocks', 'shares', 'broker', 'brokerage', 'securities', 'equity', 'equities']);
/** Records a market shows to anyone as well as an account's own: the market's unless the account is named. */
const MARKET_OR_ACCOUNT = new Set(['order', 'orders', 'trade', 'trades', 'fill', 'fills', 'quote', 'quotes']);
const RECURRING_HEADS = new Set(['item', 'items', 'expense', 'expenses', 'payment', 'payments', 'charge', 'charges', 'transaction', 'transactions']);
/** What a scheduled payment is called: "scheduled transactions", "scheduled payments", "scheduled transfers". */
const PAYMENT_HEADS = new Set(['transaction', 'transactions', 'payment', 'payments', 'transfer', 'transfers', 'bill', 'bills', 'expense', 'expenses', 'charge', 'charges']);
/** What an account's read holds when it is money: its balances. */
const HELD_MONEY = new Set(['balance', 'balances']);
/** Balances of something else: a storage, a leave or a token-bucket's. */
const NOT_MONEY_BALANCES = new Set(['storage', 'disk', 'load', 'loadbalancer', 'token', 'tokens', 'rate', 'limit', 'limits', 'energy', 'points']);
const BUDGETS = new Set(['budget', 'budgets']);
/** Files kept with a record: an attachment of a transaction or an invoice is the file, not the money. */
const ATTACHMENTS = new Set(['attachment', 'attachments']);
/** What a budget is read as: its summary, its analysis, against what was spent. */
const BUDGET_READS = new Set(['summary', 'summaries', 'analysis', 'vs', 'versus', 'against', 'overview', 'progress', 'breakdown', 'totals', 'status']);
/** Budgets of something other than money: a page's performance, an SLO's errors, a model's tokens, time. */
const NOT_MONEY_BUDGETS = new Set(['performance', 'error', 'errors', 'token', 'tokens', 'time', 'latency', 'memory', 'cpu', 'context', 'size', 'bundle', 'crawl',
  'compute', 'gas', 'request', 'requests', 'retry', 'retries', 'byte', 'bytes', 'page', 'pages', 'thinking', 'reasoning', 'slo', 'slos', 'lighthouse', 'disruption', 'pod', 'pods']);
/** What a price list is called: plans, tiers, billing cycles. */
const PRICE_LISTS = new Set(['plan', 'plans', 'tier', 'tiers', 'cycle', 'cycles']);
const STATEMENTS = new Set(['statement', 'statements']);
const NOT_MONEY_TRANSFER = new Set(['inventory', 'warehouse', 'warehouses', 'file', 'files', 'ownership', 'domain', 'domains', 'data', 'repository', 'repo', 'project', 'issue']);
/** A fee's price list (a fee plan, schedule or rate), read like prices, not the fees an account was charged. */
const FEE_CATALOG = new Set(['plan', 'plans', 'schedule', 'schedules', 'rate', 'rates', 'change', 'changes', 'tier', 'tiers', 'structure', 'structures', 'estimate', 'estimates']);
const FEES = new Set(['fee', 'fees']);
const PUBLIC_FEES = new Set(['gas', 'network', 'priority', 'mining']);
/** Where a position or a fill is a market's member's own: a market's or a ticker's position ("market-level positions"). */
const MARKET_HOLDINGS = new Set(['market', 'markets', 'ticker', 'tickers', 'subaccount', 'subaccounts']);
/** Orders that are work to do, not sales: what to ship, to make or to deploy ("fulfillment orders", "work orders", "a VM deploy order", "change orders"). */
const WORK_ORDERS = new Set(['fulfillment', 'fulfillments', 'fulfilment', 'fulfilments', 'work', 'production', 'manufacturing', 'deploy', 'deployment', 'deployments', 'change', 'release', 'rollout']);
/** What a team of sales is organized into, not money taken: "sales channels", "sales reps". */
const SALES_ORGANIZING = new Set(['channel', 'channels', 'rep', 'reps', 'representative', 'representatives', 'team', 'teams', 'territory', 'territories', 'person', 'people']);
/** Words saying a list of payment methods is what a shop offers or has enabled: a catalog of options, not anyone's saved method. */
const METHODS_OFFERED = new Set(['offer', 'offers', 'offered', 'enabled', 'active', 'accept', 'accepts', 'accepted', 'eligibility', 'checkout']);
/** A creator's supporters and their supports: payments received ("one-off supporters", "supports by currency"). */
const SUPPORTS = new Set(['supporter', 'supporters', 'supports']);
const SUPPORT_MONEY = new Set(['one-off', 'currency', 'currencies', 'refund', 'refunds', 'tip', 'tips', 'donation', 'donations', 'membership', 'memberships', 'purchase', 'purchases', 'coffee', 'coffees', 'earnings', 'paid']);
/** Documents of an order: its invoices, credit notes and delivery notes. */
const ORDER_DOCUMENTS = new Set(['document', 'documents']);
/** A standing instruction to move money: its configuration moves money with no further call. */
const STANDING = new Set(['sweep', 'sweeps']);
/** A sweep of something else: a hyperparameter sweep's runs, a security sweep. */
const SWEEP_NOT = new Set(['hyperparameter', 'hyperparameters', 'parameter', 'parameters', 'run', 'runs', 'experiment', 'experiments', 'model', 'models',
  'training', 'agent', 'agents', 'project', 'projects', 'security', 'scan', 'scans', 'metric', 'metrics']);
const CARDS = new Set(['card', 'cards', 'cardholder', 'cardholders']);
/** Words that make a card a payment card: an account's, issued, virtual, linked, with its PAN or CVV. */
const CARD_MONEY = new Set(['account', 'accounts', 'customer', 'customers', 'cardholder', 'cardholders', 'payment', 'payments', 'issue', 'issued',
  'issuing', 'virtual', 'physical', 'prepaid', 'debit', 'credit', 'wallet', 'wallets', 'bank', 'pan', 'cvv', 'cvc', 'linked', 'spend', 'spending',
  'funding', 'authorization', 'authorizations', 'expiration', 'merchant']);
/** Words that make a card something else: a board's, a dashboard's, a deck's, hardware. */
const CARD_NOT = new Set(['board', 'boards', 'deck', 'decks', 'kanban', 'trello', 'column', 'columns', 'flash', 'flashcard', 'flashcards', 'sim',
  'sd', 'graphics', 'gpu', 'dashboard', 'dashboards', 'question', 'questions', 'collection', 'report', 'widget', 'adaptive', 'business', 'playing', 'game',
  'fk', 'fks', 'foreign', 'table', 'tables', 'field', 'fields', 'query', 'queries']);
/** Parts of a payment record: a transfer's cancellation or reversal, a bank account's verification, a card's authorization. */
const RECORD_PARTS = new Set(['cancellation', 'cancellations', 'reversal', 'reversals', 'verification', 'verifications', 'authorization',
  'authorizations', 'evidence', 'capture', 'captures']);
/** A ledger of credits a store keeps for its customers: its accounts hold prepaid money ("customer credits accounts"). */
const CREDIT_LEDGER = new Set(['credit', 'credits']);
/** Splits of revenue: how a payment is shared among recipients. */
const SPLITS = new Set(['split', 'splits']);
const SPLIT_MONEY = new Set(['revenue', 'payment', 'payments', 'payout', 'payouts', 'commission', 'commissions', 'earnings', 'sales']);
const SPLIT_SHARES = new Set(['share', 'shares', 'recipient', 'recipients']);
/** A subscription's renewal: turning it on or off decides whether the next period is charged. */
const RENEWALS = new Set(['renewal', 'renewals', 'auto-renewal', 'auto-renewals', 'autorenewal', 'auto-renew', 'autorenew']);
const RENEWED = new Set(['subscription', 'subscriptions', 'plan', 'plans', 'membership', 'memberships', 'billing']);
/** A billing history, statement or summary lists what was charged: payment records. */
const BILLING_RECORDS = new Set(['history', 'histories', 'record', 'records', 'statement', 'statements', 'summary', 'summaries', 'overview']);
/** What an agreement is about when it is a record of what is charged: a fee or pricing agreement. */
const CHARGE_TERMS = new Set(['fee', 'fees', 'pricing', 'price', 'prices', 'rate', 'rates', 'plan']);
const AGREEMENTS = new Set(['agreement', 'agreements']);
/** A cap on what an account spends: its spending limit, a spend cap. */
const SPENDING = new Set(['spending', 'spend']);
const CAPS = new Set(['limit', 'limits', 'cap', 'caps', 'ceiling', 'ceilings']);
/** Costs as billed: the actual costs, a cost breakdown (an estimate of a cost is not what was billed). */
const COSTS = new Set(['cost', 'costs']);
const COST_BILLED = new Set(['breakdown', 'breakdowns']);
/** Subscriptions to messages, not paid plans: a notification's, a webhook's, a topic's, an event's. */
const MESSAGE_SUBSCRIPTIONS = new Set(['notification', 'notifications', 'webhook', 'webhooks', 'event', 'events', 'topic', 'topics', 'alert', 'alerts',
  'push', 'newsletter', 'newsletters', 'feed', 'feeds', 'channel', 'channels', 'email', 'emails', 'calendar', 'calendars', 'rss']);
/** "notification subscriptions", "a webhook subscription": a subscription to messages, a setting; no plan is paid. */
export const messageSubscription = (objects: readonly string[], i: number) => /^subscriptions?$/.test(objects[i]) && i > 0 && MESSAGE_SUBSCRIPTIONS.has(objects[i - 1]);
/** What a record may await that is no money: feedback, a review, a rating, a response. */
const AWAITED_WORK = new Set(['feedback', 'review', 'reviews', 'rating', 'ratings', 'response', 'responses', 'reply', 'replies', 'approval']);
/** Card issuing: its authorizations are holds on an account's money. */
const CARD_ISSUING = new Set(['issuing', 'issued']);

/** A payment card: "card" beside an account, an issuer or a payment, and not a board's or a dashboard's. */
const paymentCard = (around: readonly string[]) => has(around, CARD_MONEY) && !has(around, CARD_NOT);

/**
 * The payment instruments and account records a payments API keeps besides charges and invoices: a
 * payment card, a bank or funding account, a fee or pricing agreement, a sweep of a balance, and the
 * parts of a payment record (a transfer's cancellation, a bank account's verification, a card's
 * authorization). The word that makes it one, or undefined.
 */
export function accountMoney(objects: readonly string[], i: number, context: readonly string[]): string | undefined {
  const word = objects[i];
  const around = [...objects, ...context];
  const others = around.filter((w) => w !== word);
  if (CARDS.has(word) && (word.startsWith('cardholder') || paymentCard(others))) return word;
  // "virtual payment addresses", "UPI VPAs": where an account's payments arrive, as a bank account.
  if ((word === 'address' || word === 'addresses') && i > 0 && objects[i - 1] === 'payment') return word;
  if (word === 'vpa' || word === 'vpas' || word === 'upi') return word;
  // "staked tokens of a wallet", "staking positions": a wallet's tokens locked in staking.
  if ((word === 'staked' || word === 'stake' || word === 'stakes') && (has(others, CRYPTO_TOKEN) || has(others, CRYPTO_WORDS)) && has(others, CRYPTO_WORDS)) return word;
  // "one-off supporters", "supports by currency": a creator's payments received.
  if (SUPPORTS.has(word) && has(others, SUPPORT_MONEY)) return word;
  // "funding sources", "payment sources": what an account pays with.
  if ((word === 'source' || word === 'sources') && i > 0 && (objects[i - 1] === 'funding' || objects[i - 1] === 'payment')) return word;
  if ((word === 'account' || word === 'accounts') && i > 0 && has(objects.slice(Math.max(0, i - 2), i), BANK_WORDS)) return word;
  // "customer credits accounts": a store's ledger of prepaid balances (a service's own usage credits say usage).
  if ((word === 'account' || word === 'accounts') && i > 0 && objects.slice(Math.max(0, i - 2), i).some((w) => CREDIT_LEDGER.has(w)) && !has(around, USAGE_WORDS)) return word;
  // "the credit and debit history": the entries of a ledger.
  if (CREDIT_LEDGER.has(word) && (/^debits?$/.test(objects[i + 1] ?? '') || ((objects[i + 1] === 'and' || objects[i + 1] === 'or') && /^debits?$/.test(objects[i + 2] ?? '')))) return word;
  // "a revenue split", "splits ... with its recipients and their shares": how a payment is shared.
  if (SPLITS.has(word) && (SPLIT_MONEY.has(objects[i - 1] ?? '') || has(others, SPLIT_SHARES))) return word;
  // "auto-renewal for a subscription": whether the next period is charged.
  if (RENEWALS.has(word) && has(others, RENEWED)) return word;
  if (word === 'billing' && BILLING_RECORDS.has(objects[i + 1] ?? '')) return word;
  // "spending limits", "a spend cap": the most the account is charged in a period; setting it commits to spending.
  if (CAPS.has(word) && i > 0 && SPENDING.has(objects[i - 1])) return word;
  // "actual costs for shipped packages", "a cost breakdown by resource": what the account was billed, item by item.
  if (COSTS.has(word) && ((i > 0 && objects[i - 1] === 'actual') || COST_BILLED.has(objects[i + 1] ?? ''))) return word;
  // A checkout session is a payment under way (an abandoned checkout, never paid, is a cart).
  if (checkoutSession(word, objects[i + 1] ?? '')) return word;
  // "Get a specific checkout by ID", "list all checkouts": a checkout as the record itself (a link where a customer pays a
  // set price, as a checkout session) is a payment under way; an abandoned one is a cart, "checkout fields" are a form's, and
  // "the payment methods offered at checkout" are a catalog ("checkouts, optionally filtered by store": what follows
  // qualifies the list, not the checkout).
  if (CHECKOUTS.has(word) && (objects[i + 1] === undefined || HEAD_ENDS.has(objects[i + 1]) || /(?:ly|ed)$/.test(objects[i + 1])) && objects.slice(0, i).every((w) => LIST_OPENERS.has(w))) return word;
  // "Update an existing estimate", "send an estimate by email": an estimate standing alone, as a document, is a quote sent
  // to a client (a priced offer); an estimate of something or a cost, gas or row estimate is a guess at a figure.
  if (ESTIMATES.has(word) && (i === 0 || DOCUMENT_OPENERS.has(objects[i - 1])) && objects[i + 1] !== 'of' && !has(others, MEASURED)) return word;
  // "Create a treasury movement", "cash movements": money in or out of a business's books (stock movements are goods).
  if (MOVEMENTS.has(word) && i > 0 && CASH_BOOKS.has(objects[i - 1])) return word;
  // "List all regularizations for a client": a client's balance adjusted, an accounting adjustment (a model's L2
  // regularization has no client, account or balance beside it).
  if (REGULARIZATIONS.has(word) && has(others, CLIENT_BOOKS)) return word;
  if (AGREEMENTS.has(word) && i > 0 && objects.slice(Math.max(0, i - 3), i).some((w) => CHARGE_TERMS.has(w))) return word;
  if (STANDING.has(word) && !has(others, SWEEP_NOT)) return word;
  // "pay token" in "an Apple Pay token": a wallet's payment credential.
  if ((word === 'token' || word === 'tokens') && around.some((w, k) => w === 'pay' && (around[k + 1] === 'token' || around[k + 1] === 'tokens'))) return word;
  if (RECORD_PARTS.has(word)) {
    const rest = others.filter((w) => !RECORD_PARTS.has(w));
    const owner = rest.find((w, k) => (has([w], PAYMENT_RECORDS) && !FEES.has(w)) || has([w], FINANCIAL_NOUNS) || (CARDS.has(w) && paymentCard(rest)) || (w === 'bank' && /^accounts?$/.test(rest[k + 1] ?? '')) || STANDING.has(w) || CARD_ISSUING.has(w));
    if (owner && !has(around, DATABASE_WORDS)) return word;
  }
  return undefined;
}

/**
 * Why a money-looking word is not an account's payment record here, or undefined when it is one:
 * order flow and recent trades of a pair are public market data, a position needs a trading context,
 * a statement needs a bank or an income.
 */
export function notARecord(word: string, objects: readonly string[], context: readonly string[]): string | undefined {
  const others = [...objects, ...context].filter((w) => w !== word);
  const text = notADocument(word, others);
  if (text) return text;
  if (HOLDINGS.has(word) && !has(others, TRADING_WORDS) && !others.some((w) => w.split('-').some((part) => MARKET_HOLDINGS.has(part))) && !has(others, CRYPTO_WORDS) && !has(others, BROKERAGE)) return 'no trading account around it';
  // "live public trades of a market": the tape anyone sees, whatever "live" says.
  if (MARKET_OR_ACCOUNT.has(word) && others.includes('public') && !others.some((w) => w === 'my' || w === 'your' || w === 'own')) return 'public beside it: the market\'s tape, not an account\'s';
  // "Get a specific order item by ID, including ... price": an order's lines (its items) are a sale's, no market's tape.
  const line = objects.indexOf(word) >= 0 && ORDER_LINES.has(objects[objects.indexOf(word) + 1] ?? '') && (word === 'order' || word === 'orders');
  if (MARKET_OR_ACCOUNT.has(word) && !line && !has(others, ACCOUNT_WORDS)) {
    const market = others.find((w) => has([w], MARKET_DATA) || w === 'stock' || w === 'stocks');
    if (market) return `beside "${market}" it is public market data, and no account is named`;
  }
  if (STATEMENTS.has(word) && !has(others, STATEMENT_MONEY)) return 'no bank, income or cash beside it';
  // "Get wallet address of the agent": a wallet's address or public key names where money is sent, not what it holds or
  // paid (its balance or its transactions are records).
  const at = objects.indexOf(word);
  if ((word === 'wallet' || word === 'wallets') && at >= 0 && WALLET_IDS.has(objects[at + 1] ?? '')) return `its ${objects[at + 1]}: where money is sent, not what is held`;
  // "the current transactions per second (TPS) of the network": transactions counted per unit of time are a network's
  // throughput, no account's records ("transactions per account" are still records).
  if ((word === 'transactions' || word === 'transaction') && at >= 0 && objects[at + 1] === 'per' && TIME_UNITS.has(objects[at + 2] ?? '')) return `counted per ${objects[at + 2]}: a network's throughput`;
  if ((word === 'transfer' || word === 'transfers') && has(others, NOT_MONEY_TRANSFER)) return 'it moves files or ownership, not money';
  return undefined;
}

/** What names a wallet rather than its money: its address, its public key; and the units a throughput is counted in. */
const WALLET_IDS = new Set(['address', 'addresses', 'pubkey', 'publickey', 'public-key']);
const TIME_UNITS = new Set(['second', 'sec', 'minute', 'hour', 'day', 'block', 'slot']);
/** An order's lines: its items. */
const ORDER_LINES = new Set(['item', 'items', 'line', 'lines']);
/** Words around a quotation or a journal that make it text, not a sales quotation or an accounting journal. */
const LITERARY = new Set(['author', 'authors', 'famous', 'random', 'inspirational', 'motivational', 'saying', 'sayings', 'poem', 'poems', 'book', 'books', 'movie', 'movies', 'film', 'films',
  'citation', 'citations', 'tweet', 'tweets', 'passage', 'passages', 'text', 'speech', 'literary', 'proverb', 'proverbs']);
const DIARY = new Set(['diary', 'diaries', 'mood', 'gratitude', 'dream', 'dreams', 'reflection', 'reflections', 'personal', 'daily', 'notebook', 'prompt', 'prompts', 'writing']);
const MARKET_QUOTES = new Set(['stock', 'stocks', 'ticker', 'tickers', 'symbol', 'symbols', 'market', 'exchange', 'forex', 'fx', 'crypto', 'share', 'shares']);
const QUOTATIONS = new Set(['quotation', 'quotations']);
const JOURNALS = new Set(['journal', 'journals']);
/**
 * A sales quotation (a priced offer to a customer) and an accounting journal entry are money documents; a
 * quotation of an author's words, or a diary's journal entry, is text.
 */
export function notADocument(word: string, others: readonly string[]): string | undefined {
  if (QUOTATIONS.has(word) && has(others, MARKET_QUOTES)) return `beside "${others.find((w) => has([w], MARKET_QUOTES))}" it is a market price, not a priced offer`;
  if (QUOTATIONS.has(word) && has(others, LITERARY)) return `beside "${others.find((w) => has([w], LITERARY))}" it is quoted text, not a priced offer`;
  if (JOURNALS.has(word) && (has(others, DIARY) || !has(others, ACCOUNTING_WORDS))) return 'a journal of writing, not of accounting entries';
  return undefined;
}

const HEAD_ENDS = new Set(['for', 'to', 'on', 'in', 'from', 'with', 'by', 'that', 'which', 'who', 'into', 'onto', 'via', 'using',
  'has', 'have', 'is', 'are', 'was', 'will', 'can', 'does']);

/** The object's own phrase, before what it is for: "a fulfillment | for an order", "a report | that has no tool". */
export function headPhrase(objects: readonly string[]): string[] {
  const end = objects.findIndex((w, i) => i > 0 && HEAD_ENDS.has(w));
  return end < 0 ? [...objects] : objects.slice(0, end);
}

/** Why a money word was passed over, for the rationale: "transaction" read as a database's. */
export interface Skipped {
  word: string;
  because: string[];
}

/**
 * A financial word among the objects that is not just the label of an organizing record (a
 * discount *group*), not a database transaction, and not a margin outside trading.
 */
export function financialObject(objects: readonly string[], context: readonly string[] = [], skipped?: Skipped[]): string | undefined {
  const around = [...objects, ...context];
  if (ATTACHMENTS.has(objects[0] ?? '')) return undefined;
  for (let i = 0; i < objects.length; i++) {
    const word = objects[i];
    const held = accountMoney(objects, i, context);
    if (held) return held;
    if (FEES.has(word) && FEE_CATALOG.has(objects[i + 1] ?? '') && !AGREEMENTS.has(objects[i + 2] ?? '') && !AGREEMENTS.has(objects[i + 3] ?? '')) continue;
    // "Create cancellation requests", "retrieve a return request by claim code": a buyer's claim to undo a sale, which a
    // refund settles (a cancellation policy or reason, and an exchange, are not this).
    const claim = refundClaim(objects, i);
    if (claim) return claim;
    const trading = (TRADING_ONLY.has(word) && has(around, TRADING_WORDS)) || (CRYPTO_TOKEN.has(word) && has(around, CRYPTO_WORDS));
    if (!trading && !has([word], FINANCIAL_NOUNS)) continue;
    if (arrangement(objects, i) || REFERENCE_DATA.has(objects[i + 1] ?? '')) continue;
    // "Resume VM deploy order", "create change order": an order to deploy or change a system is work to do, not a purchase.
    if ((word === 'order' || word === 'orders') && i > 0 && WORK_ORDERS.has(objects[i - 1])) continue;
    // "Create a memo for an order", "update the order's receivers", "labels for an order item": a record kept beside a
    // sale (a memo, a label, a receiver's address, the buyer's details, a custom option) changes nothing paid or owed.
    if ((word === 'order' || word === 'orders') && orderSubRecord(objects, i)) continue;
    // "Create a notification subscription": a subscription to messages on a topic, not a paid plan.
    if (messageSubscription(objects, i)) continue;
    if (notADocument(word, around.filter((w) => w !== word))) continue;
    const next = objects[i + 1];
    // "A trading alert", "a billing address": an -ing form before a noun describes that noun;
    // but a billing plan or cycle is what is charged.
    if (word.endsWith('ing') && next !== undefined && !has([next], FINANCIAL_NOUNS) && !(word === 'billing' && PRICE_LISTS.has(next))) continue;
    // Payroll names whose pay a timesheet or an employee record is, not pay itself.
    if (word === 'payroll' && next !== undefined && !has([next], FINANCIAL_NOUNS) && next !== 'run' && next !== 'runs') continue;
    if (next !== undefined && has([next], ORGANIZING_HEADS) && !creditNote(word, next) && !STANDING.has(word)) continue;
    if (TRANSACTION.has(word)) {
      const db = around.filter((w) => DATABASE_WORDS.has(w));
      if (db.length > 0) {
        skipped?.push({ word, because: [...new Set(db)].slice(0, 3) });
        continue;
      }
    }
    return word;
  }
  return undefined;
}

/**
 * A buyer's claim to undo a sale: a cancellation (of an order, a claim) or a return request. The money paid is refunded when
 * it is accepted, so creating, reading, updating or rejecting one touches a payment record. Its policies, settings and
 * reasons are not claims; an exchange swaps goods and refunds nothing.
 */
function refundClaim(objects: readonly string[], i: number): string | undefined {
  const word = objects[i];
  const next = objects[i + 1] ?? '';
  if (NOT_CLAIMS.has(next) || (i > 0 && NOT_CLAIMS_BEFORE.has(objects[i - 1]))) return undefined;
  if (word === 'cancellation' || word === 'cancellations') return word;
  if ((word === 'return' || word === 'returns') && (next === 'request' || next === 'requests')) return `${word} ${next}`;
  return undefined;
}
const HELD_CREDITS = new Set(['points', 'mileage', 'credits', 'reward', 'rewards', 'loyalty']);
const LIST_OPENERS = new Set(['a', 'the', 'all', 'list', 'of', 'my', 'store', 'customer', 'customers']);
const NOT_CLAIMS = new Set(['policy', 'policies', 'setting', 'settings', 'reason', 'reasons', 'rule', 'rules', 'option', 'options', 'window', 'deadline', 'fee', 'fees', 'type', 'types', 'value', 'values']);
const NOT_CLAIMS_BEFORE = new Set(['auto', 'automatic', 'subscription', 'meeting', 'booking', 'reservation', 'appointment', 'job', 'task', 'build', 'run', 'deployment']);
/** What is kept beside an order and is no payment record: its memos, labels, receivers, buyer, custom options. */
const ORDER_SUB_RECORDS = new Set(['message', 'messages', 'memo', 'memos', 'label', 'labels', 'receiver', 'receivers', 'recipient', 'recipients', 'buyer', 'buyers', 'orderer', 'option', 'options', 'note', 'notes', 'tag', 'tags']);
function orderSubRecord(objects: readonly string[], i: number): boolean {
  // After the order ("order memo", "order item labels") or before "for/of/from an order" ("a memo for a specific order").
  const after = objects[i + 1] === 'item' || objects[i + 1] === 'items' ? objects[i + 2] : objects[i + 1];
  if (ORDER_SUB_RECORDS.has(after ?? '')) return true;
  const of = objects.slice(0, i).findLastIndex((w) => w === 'for' || w === 'of' || w === 'from' || w === 'to');
  return of > 0 && i - of <= 4 && ORDER_SUB_RECORDS.has(objects[of - 1]) && (objects[i + 1] === undefined || objects[i + 1] === 'item' || objects[i + 1] === 'items' || !FINANCIAL_NOUNS.has(objects[i + 1]));
}
/** Sales, revenue, earnings, profit and loss, cash flow: what a report of them sums is money. */
const MONEY_TOTALS = new Set(['credits', 'sales', 'revenue', 'revenues', 'earnings', 'pnl', 'cashflow', 'balance', 'balances', 'settlement', 'settlements', 'payout', 'payouts']);
const moneyReport = (word: string, next: string) => MONEY_TOTALS.has(word) && (next === 'report' || next === 'reports');

/**
 * A credit note is a document of money owed back, not a note about credit; an expense report is a claim for the money an
 * employee spent, to be paid back (not a report about expenses).
 */
const creditNote = (word: string, next: string) => (word === 'credit' && (next === 'note' || next === 'notes')) || checkoutSession(word, next) || expenseReport(word, next);
const expenseReport = (word: string, next: string) => (word === 'expense' || word === 'expenses') && (next === 'report' || next === 'reports');
/** "The display order of fields", "sort order": how things are arranged, not a purchase. */
const ARRANGED = new Set(['display', 'sort', 'sorting', 'field', 'fields', 'column', 'columns', 'tab', 'tabs', 'menu', 'list', 'z', 'stacking', 'tab-order', 'load', 'execution', 'evaluation']);
const arrangement = (objects: readonly string[], i: number) => (objects[i] === 'order' || objects[i] === 'orders') && ((i > 0 && ARRANGED.has(objects[i - 1])) || (objects[i + 1] === 'of' && ARRANGED.has(objects[i + 2] ?? '')));
/** A money word's defaults or reference data ("expenses default", "expense reference data"): presets for a form, not records. */
const REFERENCE_DATA = new Set(['default', 'defaults', 'reference', 'references', 'referential', 'referentials']);
/** A checkout, a sales estimate, a treasury movement, a regularization of a client's balance: see accountMoney. */
const CHECKOUTS = new Set(['checkout', 'checkouts']);
const ESTIMATES = new Set(['estimate', 'estimates']);
const DOCUMENT_OPENERS = new Set(['about', 'for', 'of', 'to', 'from', 'on', 'list', 'all']);
const MEASURED = new Set(['cost', 'costs', 'gas', 'time', 'token', 'tokens', 'row', 'rows', 'count', 'size', 'duration', 'usage', 'number', 'shipping', 'delivery', 'effort', 'fee', 'fees']);
const MOVEMENTS = new Set(['movement', 'movements']);
const CASH_BOOKS = new Set(['treasury', 'cash', 'bank', 'payment', 'account']);
const REGULARIZATIONS = new Set(['regularization', 'regularizations', 'regularisation', 'regularisations']);
const CLIENT_BOOKS = new Set(['client', 'clients', 'customer', 'customers', 'treasury', 'balance', 'balances', 'account', 'accounts', 'invoice', 'invoices']);
/** A checkout session is a payment under way, not a session of the agent's. */
// A checkout configuration sets the plan and the price a checkout charges, as a payment link does.
const checkoutSession = (word: string, next: string) => (word === 'checkout' || word === 'checkouts') && (next === 'session' || next === 'sessions' || next === 'configuration' || next === 'configurations');

/**
 * A payment record a reading verb reads (charges, invoices, refunds, payouts, subscriptions,
 * balances, payment transactions): SPEC's Financial includes reading them.
 */
export function paymentRecord(objects: readonly string[], context: readonly string[] = [], skipped?: Skipped[]): string | undefined {
  const around = [...objects, ...context];
  if (has(around, USAGE_WORDS)) return undefined;
  // "the attachments of a transaction": files kept with a record (a receipt's scan), not the record.
  if (ATTACHMENTS.has(objects[0] ?? '')) return undefined;
  // "The number of invoices", "count of orders": how many, not who paid what.
  const k = objects.findIndex((w) => w === 'number' || w === 'count');
  if (k >= 0 && k < 2 && objects[k + 1] === 'of') return undefined;
  for (let i = 0; i < objects.length; i++) {
    const word = objects[i];
    // A bank's, a broker's or a crypto exchange's accounts are money held; a chart of accounts is not.
    if ((word === 'account' || word === 'accounts') && i > 0 && (has(objects.slice(0, i), BANK_WORDS) || has(objects.slice(0, i), CRYPTO_WORDS))) return word;
    // Recurring items or expenses are the payments a budget expects: bills and subscriptions.
    if (word === 'recurring' && RECURRING_HEADS.has(objects[i + 1] ?? '')) return word;
    // "Scheduled transactions", "scheduled payments": payments a budget expects on set dates, as recurring ones.
    if (word === 'scheduled' && (PAYMENT_HEADS.has(objects[i + 1] ?? ''))) return word;
    // "accounts with current balances": the accounts are read with the money they hold (a chart's accounts alone are not).
    if ((word === 'account' || word === 'accounts') && has(around, HELD_MONEY) && !has(around, NOT_MONEY_BALANCES)) return word;
    // "budget vs actual spending", "a budget summary": what was budgeted against what was spent, an account's money;
    // a performance, error, token or time budget is a limit of something else.
    // Only a budget the object opens with and ends on, or reads against spending ("budget period and display settings"
    // are settings; "a marketing activity, including its budget" is an activity).
    if (BUDGETS.has(word) && i < 3 && (objects[i + 1] === undefined || BUDGET_READS.has(objects[i + 1]) || HEAD_ENDS.has(objects[i + 1])) && !has(around, NOT_MONEY_BUDGETS)) return word;
    const held = accountMoney(objects, i, context);
    if (held) return held;
    // "Download finance reports for a region": an account's finance report sums what it was paid, as a sales report (finance news is not a report).
    if (word === 'finance' && (objects[i + 1] === 'report' || objects[i + 1] === 'reports')) return 'finance report';
    // "Retrieve a summary report of points/mileage", "credits report summary": loyalty points and store credit are what
    // customers hold and spend as money at the shop; a report of them sums that, as a sales report (a points setting is not).
    if (HELD_CREDITS.has(word) && (objects[i + 1] === 'report' || objects[i + 1] === 'reports' || (i > 1 && (objects[i - 1] === 'of') && (objects[i - 2] === 'report' || objects[i - 2] === 'reports')))) return `${word} report`;
    const claim = refundClaim(objects, i);
    if (claim) return claim;
    // "Retrieve a list of credits", "credits report summary": store credit, what customers are owed and spend as money, when
    // it is what is read (credits listed among a profile's fields are one field of the profile).
    if (word === 'credits' && objects.slice(0, i).every((w) => LIST_OPENERS.has(w))) return word;
    if (!PAYMENT_RECORDS.has(word)) continue;
    // "Change the display order of fields": an arrangement; "expenses default": the presets an expense form is filled with.
    if (arrangement(objects, i) || REFERENCE_DATA.has(objects[i + 1] ?? '')) continue;
    // "notification subscriptions", "webhook subscriptions": subscriptions to messages, settings, not paid plans.
    if (messageSubscription(objects, i)) continue;
    // "transactions awaiting feedback": a work list of sales still to rate or review, read for the feedback, not the money.
    if (objects[i + 1] === 'awaiting' && AWAITED_WORK.has(objects[i + 2] ?? '')) continue;
    // "sales tax tables", "sales tax jurisdictions": tax rates a seller charges by, a table, not money taken.
    if (word === 'sales' && /^tax(?:es)?$/.test(objects[i + 1] ?? '')) continue;
    // "listing fees for offers before publishing": fees computed before anything is charged, a preview (as a fee estimate).
    if (FEES.has(word) && [...objects.slice(i + 1), ...context].includes('before')) continue;
    // "fulfillment orders", "work orders": work to do, not a sale.
    if ((word === 'order' || word === 'orders') && i > 0 && WORK_ORDERS.has(objects[i - 1])) continue;
    // "memos for an order", "an order item's labels", "the order's buyer": what is kept beside a sale, not its money.
    if ((word === 'order' || word === 'orders') && orderSubRecord(objects, i)) continue;
    // "sales channels", "sales reps": how selling is organized.
    if (word === 'sales' && SALES_ORGANIZING.has(objects[i + 1] ?? '')) continue;
    // "payment methods we offer", "enabled payment methods": a shop's options, a catalog.
    if ((word === 'payment' || word === 'payments') && /^methods?$/.test(objects[i + 1] ?? '') && has(around, METHODS_OFFERED) && !has(around, ACCOUNT_WORDS)) continue;
    // "order documents": an order's invoices and credit notes.
    if ((word === 'order' || word === 'orders') && ORDER_DOCUMENTS.has(objects[i + 1] ?? '')) return word;
    // A fee plan or fee schedule is a price list, a chain's gas or network fees are public rates;
    // the fees assessed to an account are records.
    if (FEES.has(word) && (FEE_CATALOG.has(objects[i + 1] ?? '') || PUBLIC_FEES.has(objects[i - 1] ?? ''))) continue;
    const next = objects[i + 1];
    // "credit" before another noun is a kind of it (credit usage); a credit note, a vendor credit is money.
    if (word === 'credit' && next !== undefined && !creditNote(word, next) && !PAYMENT_RECORDS.has(next) && !/^debits?$/.test(objects[i + 2] ?? '')) continue;
    // A subscription plan or tier is a price list, read like prices; a subscription is a payment record.
    if ((word === 'subscription' || word === 'subscriptions') && next !== undefined && PRICE_LISTS.has(next)) continue;
    // An order book is market data; "profit" counts only in "profit and loss".
    if ((word === 'order' || word === 'orders') && (next === 'book' || next === 'books')) continue;
    if (word === 'profit' && next !== 'loss' && next !== 'and') continue;
    // A journal is a diary unless it has entries or lines of an accounting.
    if ((word === 'journal' || word === 'journals') && !has(around, ACCOUNTING_WORDS)) continue;
    // A report of sales or revenue is money taken in; a report of notifications is not.
    if (next !== undefined && has([next], ORGANIZING_HEADS) && !creditNote(word, next) && !moneyReport(word, next)) continue;
    // "payment method types": the kinds a merchant offers, a list of options, not anyone's payment method.
    if ((next === 'method' || next === 'methods') && has([objects[i + 2] ?? ''], ORGANIZING_HEADS)) continue;
    if (notARecord(word, objects, context)) continue;
    if (TRANSACTION.has(word)) {
      const db = around.filter((w) => DATABASE_WORDS.has(w));
      if (db.length > 0) {
        skipped?.push({ word, because: [...new Set(db)].slice(0, 3) });
        continue;
      }
    }
    return word;
  }
  return undefined;
}

/** Qualifiers that make a token or a coin a chain's asset ("native tokens", "fungible tokens"), not an API token. */
const ASSET_QUALIFIERS = new Set(['native', 'fungible', 'non-fungible', 'governance', 'wrapped', 'erc20', 'erc-20', 'erc721', 'erc1155', 'bep20', 'spl', 'crypto', 'meme']);
/** The words of an object that hold a wallet's value: a token or a coin on a chain, an NFT, a stablecoin. */
const ASSET_UNITS = new Set(['token', 'tokens', 'coin', 'coins']);

/**
 * A wallet's digital asset among the objects, or undefined: an NFT, an ERC-20/721/1155 token, a stablecoin or a
 * named coin on its own, or a token or coin that is qualified ("native tokens") or has a chain or wallet beside it.
 * An API, access or auth token has none of these, so "transfer a token" to a new owner stays what it was.
 */
export function walletAsset(objects: readonly string[], context: readonly string[] = []): string | undefined {
  const own = objects.slice(0, 6);
  const asset = own.find((w) => has([w], DIGITAL_ASSETS));
  if (asset) return asset;
  const i = own.findIndex((w) => ASSET_UNITS.has(w));
  if (i < 0) return undefined;
  if (i > 0 && ASSET_QUALIFIERS.has(own[i - 1])) return own[i];
  return has([...objects, ...context], CRYPTO_WORDS) ? own[i] : undefined;
}
