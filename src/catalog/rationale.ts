// Writes a tool's rationale from what the classifier found in its definition: what it does,
// why that category, why it needs a policy, and what lowered the confidence, quoting the evidence.
import { CREDENTIAL_NOUNS, MESSAGE_NOUNS } from './lexicon.ts';
import type { Category, Confidence, Evidence, RiskClass } from './types.ts';
import { firstSentence } from './words.ts';

export interface Findings {
  name: string;
  nameWords: string[];
  description: string;
  category: Category;
  risk: RiskClass;
  baseRisk: RiskClass;
  confidence: Confidence;
  /** The evidence that chose the category, strongest first. */
  decisive: Evidence[];
  /** The verb the category rests on, and what it acts on. */
  verb?: string;
  objects: string[];
  readOnlyAgrees: boolean;
  /** A "read-only" claim in the description that the category overrules. */
  saysReadOnly?: string;
  /** Whether the description (or title) opens with a verb the classifier read. */
  describesAction: boolean;
  raises: { to: RiskClass; why: string }[];
  conflicts: string[];
  /** Sentences from the rules of SPEC's table that decided, each naming its words. */
  notes: string[];
  /** A Financial tool that only reads payment records. */
  readsPayments: boolean;
  poisoning: { text: string; points: string }[];
  emptyDescription: boolean;
  noAction: boolean;
  requiredParams: number;
}

const quote = (e: Evidence): string => {
  if (e.source === 'schema') {
    const names = e.text.replace(/^params?: /, '').split(', ').map((n) => `\`${n}\``);
    return names.length > 1 ? `the ${list(names)} parameters` : `the ${names[0]} parameter`;
  }
  if (e.source === 'annotations') return `\`${e.text}\` in its annotations`;
  return `"${e.text}" in its ${e.source}`;
};

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const has = (words: string[], set: ReadonlySet<string>) => words.some((w) => set.has(w) || set.has(w.replace(/s$/, '')));

export function writeRationale(f: Findings): string {
  const parts: string[] = [];
  const words = [...f.nameWords, ...f.objects];

  // What it does.
  const sentence = firstSentence(f.description);
  if (f.emptyDescription) {
    parts.push(`The server gives no description, so this rests on the name: "${f.name}" reads as "${f.nameWords.join(' ')}".`);
  } else if (!f.describesAction && !/^[A-Za-z]/.test(sentence)) {
    parts.push(`Its description opens with instructions rather than what it does; its name reads as "${f.nameWords.join(' ')}".`);
  } else {
    parts.push(`It says: "${sentence}"${/[.!?…]$/.test(sentence) ? '' : '.'}`);
  }

  // Why this category.
  const why = f.decisive.slice(0, 3).map(quote);
  if (f.noAction) {
    parts.push(`Nothing in its name or description says what kind of action it is, so it is treated as a Write until someone looks.`);
  } else {
    const lead: Record<Category, string> = {
      Read: 'It only reads',
      Write: 'It changes state',
      Execute: 'It sets something running',
      Destructive: 'It deletes or overwrites data',
      Financial: 'It moves money or sets what is charged',
    };
    const agree = (f.category === 'Read' || f.readsPayments) && f.readOnlyAgrees ? ', and the server marks it read-only' : '';
    parts.push(`${f.readsPayments ? 'It reads payment records' : lead[f.category]}: ${list(why)}${agree}.`);
    parts.push(...f.notes);
    if (f.saysReadOnly) parts.push(`It calls itself "${f.saysReadOnly}", but the caller decides what runs.`);
  }

  // Why it needs a policy (or not).
  parts.push(policyReason(f, words));

  // What raised the risk above the category's own.
  if (f.raises.length > 0 && f.risk !== f.baseRisk) {
    parts.push(`Risk is ${f.risk}, above the ${f.category} class's ${f.baseRisk}, because ${list(f.raises.map((r) => r.why))}.`);
  }

  // Poisoning: the definition talking to the model.
  if (f.poisoning.length > 0) {
    const said = f.poisoning.map((p) => `"${p.text}" ${p.points}`);
    parts.push(`Its definition tries to instruct the model: ${list(said)}. That is tool poisoning, so the risk is ${f.risk} and the server deserves a close look before any agent uses it.`);
  }

  // Confidence.
  const doubts: string[] = [];
  if (f.emptyDescription) doubts.push('the description is empty');
  if (f.noAction) doubts.push('no verb says what it does');
  if (f.poisoning.length > 0) doubts.push('a definition that instructs the model cannot be taken at its word');
  doubts.push(...f.conflicts);
  if (f.confidence !== 'high' && doubts.length > 0) {
    parts.push(`Confidence is ${f.confidence} because ${list(doubts)}.`);
  } else if (f.confidence !== 'high') {
    parts.push(`Confidence is ${f.confidence}: only one part of the definition speaks to it.`);
  }
  return parts.join(' ');
}

const CREATING = new Set(['create', 'generate', 'add', 'issue', 'rotate', 'regenerate', 'new', 'mint', 'make', 'reset', 'register']);

function policyReason(f: Findings, words: string[]): string {
  const credential = has(words, CREDENTIAL_NOUNS);
  switch (f.category) {
    case 'Read':
      if (/\b(env|environment|secret|secrets|password|credential|credentials|token|tokens|key|keys)\b/.test(words.join(' '))) {
        return 'Reading changes nothing, but what it returns may include secrets, so mind who may call it.';
      }
      return f.risk === 'low' ? 'Reading changes nothing, so it needs no rule beyond the default.' : 'Reading changes nothing by itself, but the risk is raised for the reasons below.';
    case 'Write': {
      if (credential && CREATING.has(f.verb ?? '')) {
        const what = f.nameWords.includes('api') && f.nameWords.includes('key') ? 'an API key' : `a ${f.objects.slice(0, 4).join(' ')}`;
        return `It creates credentials (${what}): whoever can call it can hand out access, so rate-limit it or hold it for approval.`;
      }
      if (has(words, MESSAGE_NOUNS) || ['send', 'post', 'reply', 'email', 'notify', 'publish', 'broadcast'].includes(f.verb ?? '')) {
        return 'What it sends reaches other people in your name and cannot be unsent, so rate-limit it.';
      }
      return 'A change can be undone, but an agent in a loop can make many: a rate limit bounds that.';
    }
    case 'Execute':
      if (f.decisive.some((e) => /caller/.test(e.points))) return "The caller chooses the code, so it can do whatever the server's own account can: hold it for approval.";
      return 'What it starts runs on its own and can do more than any one write: hold it for approval or rate-limit it.';
    case 'Destructive':
      return 'A wrong call loses data for good: deny it or hold it for approval.';
    case 'Financial':
      if (f.readsPayments) return 'It changes nothing, but it hands out who paid what: hold it for approval or allow it only to agents that need it.';
      return 'A wrong call costs real money: deny it or hold it for approval.';
  }
}
