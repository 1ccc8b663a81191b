// What a tool is when no verb says what it does. Names made only of nouns (`coin_info`, `kline`,
// `market_overview`) look things up; a word we do not know that opens the description as an
// imperative ("Retweet a tweet", "Frobnicate the widget") is an action we cannot read, so a Write.
import { AMBIGUOUS_VERBS } from './lexicon.ts';
import { paymentRecord } from './money.ts';
import { verbCategory } from './actions.ts';
import type { Param } from './schema.ts';
import { baseForms, leadClause, textWords } from './words.ts';

export interface NounOnly {
  /** The words that show it only names something to look at. */
  text: string;
  note: string;
}

/** Words after an unknown opening word that show it is an imperative verb: "Block a user". */
const ARTICLES = new Set(['a', 'an', 'the', 'all', 'new', 'your', 'my', 'this', 'that', 'multiple', 'one', 'each', 'every', 'some', 'any']);
/** Parameters that carry what a call would write: content, a body, a record's data. */
/** Light verbs that set something running ("run", "trigger"), unlike "start waiting" or "take a look". */
const STARTS = new Set(['run', 'trigger', 'launch', 'fire', 'kick', 'initiate']);
const CONTENT_PARAM = /^(?:content|contents|body|data|text|message|payload|value|values|file|html|markdown|patch|record|records|document|documents|input)$|(?:Data|Body|Content|Payload)$/;

/**
 * A reading for a definition whose name and description have no verb we know, or undefined when
 * it should stay a Write: the description opens with an unknown imperative, a word in the name or
 * the opening clause says it changes, moves money or runs something, or a required parameter
 * carries content to write.
 */
export function nounOnlyRead(nameWords: readonly string[], description: string, params: readonly Param[]): NounOnly | undefined {
  const clause = leadClause(description);
  if (!clause) return undefined;
  const words = textWords(description, clause.start, clause.end).map((w) => w.word);
  if (words.length === 0) return undefined;
  // "Retweet a tweet", "Frobnicate the widget": an unknown word that an article follows is the action itself.
  if (verbCategory(words[0]) === undefined && ARTICLES.has(words[1] ?? '')) return undefined;
  // Money verbs are left to the payment-record rules, which ran before (a trade of a market is data).
  for (const w of [...nameWords, ...words]) {
    const c = verbCategory(w);
    const ambiguous = baseForms(w).some((f) => AMBIGUOUS_VERBS.has(f));
    if (c && c !== 'Read' && c !== 'Financial' && !ambiguous) return undefined;
    if (baseForms(w).some((f) => STARTS.has(f))) return undefined;
  }
  // "Your account balance and open positions": a payment record named in the description.
  if (paymentRecord(words, nameWords)) return undefined;
  const content = params.find((p) => p.required && CONTENT_PARAM.test(p.name));
  if (content) return undefined;
  const shown = nameWords.join(' ');
  return {
    text: shown,
    note: `No verb says what it does, and nothing in its name ("${shown}"), its description's opening or its required parameters says it changes anything, runs something or moves money: a name made of nouns names something to look up, so it is taken as a read.`,
  };
}
