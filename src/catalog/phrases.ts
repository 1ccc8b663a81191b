// Phrases anywhere in a description that settle a category whatever the lead verb says:
// "cannot be undone", "overwrite existing files", "executes arbitrary JavaScript", "read-only".
import type { Category } from './types.ts';

export interface Phrase {
  category: Category;
  /** The exact words found. */
  text: string;
  points: string;
  /** 3 decides like a verb; 1 only supports a reading. */
  strength: number;
}

const OVERWRITES = 'overwrites what was there';

interface Rule {
  category: Category;
  re: RegExp;
  points: string;
  strength: number;
}

const RULES: Rule[] = [
  {
    category: 'Destructive',
    re: /\bpermanently\s+(?:delete|remove|destroy|erase|purge|wipe)s?\b/i,
    points: 'deletes for good',
    strength: 3,
  },
  {
    category: 'Destructive',
    re: /\b(?:cannot|can ?not|can't)\s+be\s+(?:undone|recovered|restored|reversed)|\birreversibl[ey]\b|\bno\s+way\s+to\s+(?:undo|recover)\b/i,
    points: 'says the change cannot be undone',
    strength: 3,
  },
  {
    category: 'Destructive',
    re: /\boverwrit(?:e|es|ing)\s+(?:an?\s+|the\s+|any\s+)?(?:existing|previous|prior|current|whole|entire)\b[\w\s]{0,20}|\b(?:completely|entirely)\s+(?:overwrite|replace)s?\b[\w\s]{0,30}/i,
    points: OVERWRITES,
    strength: 3,
  },
  {
    // "Set rules on a firewall (overwrites all rules)", "replaces every record": the whole set is swapped for what is sent.
    category: 'Destructive',
    re: /\b(?:overwrit(?:e|es|ing)|replac(?:e|es|ing))\s+(?:all|every)\s+(?:existing\s+|current\s+)?(?!occurrences?\b|instances?\b|matches\b|text\b|strings?\b)[a-z]\w*/i,
    points: OVERWRITES,
    strength: 3,
  },
  {
    // "All data on the virtual machine will be overwritten with the data from the backup."
    category: 'Destructive',
    re: /\b(?:all|any)\s+(?:existing\s+|current\s+)?(?:data|files|content|contents)\b[^.]{0,60}?\b(?:will\s+be|is|are|gets?)\s+(?:overwritten|replaced|erased|wiped|lost)\b/i,
    points: OVERWRITES,
    strength: 3,
  },
  {
    // "Replaces the contents of a collection": what the record held is swapped whole for what is sent (a wholesale PUT),
    // its old items gone; replacing one value or a text's matches is not this.
    category: 'Destructive',
    re: /\breplac(?:e|es|ing)\s+(?:the\s+)?(?:entire\s+|whole\s+)?contents?\s+of\s+(?:an?\s+|the\s+)?(?:existing\s+)?[a-z]\w*/i,
    points: OVERWRITES,
    strength: 3,
  },
  {
    // Pulling newer images and recreating containers from them deploys what they run.
    category: 'Execute',
    re: /\bpull(?:s|ing)?\s+(?:the\s+)?(?:latest\s+|newest\s+|new\s+)?(?:image|images)\b[^.]{0,40}?\brecreat(?:e|es|ing)\s+(?:the\s+|its\s+|all\s+)?containers\b/i,
    points: 'pulls new images and recreates containers from them: a deployment',
    strength: 3,
  },
  {
    // "This is destructive and overwrites the target", "DROPs existing objects", "discard all changes".
    category: 'Destructive',
    re: /\b(?:this|it)\s+(?:is|are)\s+destructive\b|\bdestructive\s+to\s+(?:the\s+)?existing\b|\bdrops?\s+(?:all\s+)?existing\s+(?:objects|tables|data|collections|databases?)\b|\bdiscard(?:s|ing)?\s+(?:all\s+)?(?:local\s+|uncommitted\s+|unsaved\s+|pending\s+)?(?:changes|commits)\b/i,
    points: 'says it destroys what exists',
    strength: 3,
  },
  {
    category: 'Execute',
    re: /\b(?:arbitrary|any)\s+(?:code|javascript|js|python|commands?|shell\s+commands?|scripts?|sql)\b|\bRCE\b|\bexecutable\s+`?code\b|\b(?:run|runs|execute|executes|evaluate|evaluates)\s+(?:a\s+|the\s+)?(?:browser\s+|shell\s+|custom\s+|raw\s+|read-only\s+)?(?:code|javascript|js|python|scripts?|shell\s+commands?|sql)\b(?!\s+(?:reports?|analys[ie]s|summar(?:y|ies)|diagnostics?|reviews?)\b)/i,
    points: 'runs code the caller supplies',
    strength: 3,
  },
  {
    // Typing into a live shell or REPL runs whatever is typed.
    category: 'Execute',
    re: /\b(?:send|sends|sending|type|types|write|writes|pipe|pipes)\s+(?:input|commands?|keystrokes|text|lines?)\s+(?:to|into)\s+(?:an?\s+|the\s+)?(?:existing\s+|running\s+|interactive\s+|active\s+|open\s+)?(?:terminal|shell|repl|console|process|pty|tty|pseudo-terminal)(?:\s+or\s+(?:repl|shell|terminal))?(?:\s+(?:process|session))?\b/i,
    points: 'sends the caller\'s input to a live shell or REPL, which runs it',
    strength: 3,
  },
  {
    // A debugger running the program on: "Step over the current line", "step into the current call", "step out of the
    // current function", "Continue execution", "Restart the debuggee", "hot-swap changed classes into a running JVM". The
    // debuggee's own code runs (any of it, to the next stop); setting breakpoints or attaching runs nothing.
    category: 'Execute',
    re: /\bstep(?:s|ping)?\s+(?:over|into|out(?:\s+of)?)(?:\s+(?:the\s+|a\s+)?(?:current\s+|next\s+)?(?:line|call|function|statement|frame|method|instruction|expression)s?\b|(?=\s*(?:[.,;:(]|$)))|^\s*(?:continue|continues|resume|resumes)\s+(?:the\s+)?(?:(?:paused\s+)?(?:program|debuggee)(?:'s\s+execution)?|(?:program\s+|debuggee\s+|paused\s+)?execution)\b|\b(?:restart|restarts|relaunch|relaunches)\s+(?:the\s+)?(?:debuggee|debugged\s+(?:program|process|application|app))\b|\bhot[- ]?(?:swap|swaps|swapping|reload|reloads)\s+(?:\w+\s+){0,2}?(?:classes|class|code|modules?|functions?|methods?)\s+into\s+(?:a\s+|the\s+)?running\b/i,
    points: 'runs the debugged program on: its own code runs',
    strength: 3,
  },
  {
    // The call itself costs money: "paid automatically from the wallet", "requires USDC payment".
    category: 'Financial',
    re: /\b(?:(?:is|are|will\s+be|gets?|get)\s+(?:paid|charged)\s+(?:automatically\s+)?(?:from|to|with|via|on)\s+(?:the\s+|your\s+|a\s+)?(?:\w+\s+)?(?:wallet|card|account|balance)|requires?\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}payment(?!\s+(?:method|methods|details|info|information|id|ids|intent|link))|(?:pays?|paying|charges?|charging)\s+(?:for\s+it\s+|the\s+fee\s+)?(?:from|with|via|to)\s+(?:the\s+|your\s+)?(?:[\w-]+\s+)?(?:wallet|card|credit\s+card))\b/i,
    points: 'says the call itself is paid for',
    strength: 3,
  },
  {
    // "HTTP fetch with automatic authentication and payment handling ... only pays if the route returns 402": the request
    // pays for itself when the endpoint asks (x402), so a call may spend the wallet's money.
    category: 'Financial',
    re: /\bautomatic(?:ally)?\s+(?:[\w-]+\s+){0,3}?(?:and\s+)?(?:x402\s+)?payments?\s+handling\b|\bonly\s+pays\s+(?:if|when)\b/i,
    points: 'says the call pays for itself when asked',
    strength: 3,
  },
  {
    // "Opens the Insight dashboard (https://...) in your default browser", "Sign in (opens browser, polls for token)": a page
    // opened in the user's own browser, or the browser started to show one, makes it fetch and run a site's code (rule 3);
    // a tab opened in the agent's automated browser is not this.
    category: 'Execute',
    re: /\bopens?\s+(?:[^.\n]|\.(?=\S)){0,100}?\bin\s+(?:your|the\s+user'?s|the\s+system'?s?)\s+(?:default\s+|system\s+|own\s+)?(?:web\s+)?browser\b|\bopens?\s+(?:the\s+|a\s+)?(?:default\s+|system\s+|user'?s\s+)?browser\b(?!\s+(?:tabs?|windows?|pages?|sessions?|contexts?)\b)/i,
    points: "opens a page in the user's browser",
    strength: 3,
  },
  {
    // "Fetches URL content ... persists it in a searchable knowledge base": what is fetched is stored and indexed for later
    // searches, a Write (a search of the knowledge base stores nothing).
    category: 'Write',
    re: /\b(?:persists?|stores?|saves?|indexes)\s+(?:it|them)\s+(?:in|into|to)\s+(?:an?\s+|the\s+|your\s+)?(?:searchable\s+|local\s+)?(?:knowledge\s+base|index|vector\s+store)\b/i,
    points: 'stores what it fetched in a knowledge base',
    strength: 3,
  },
  {
    category: 'Read',
    re: /\bread-?only\b|\bdoes\s+not\s+(?:modify|change|create|start|write|alter)\b|\bwithout\s+(?:applying|making|creating|modifying|billing|changing)\b|\bonly\s+reads\b/i,
    points: 'says it changes nothing',
    strength: 1,
  },
];

/** "Check if a URL requires payment": asking whether a call costs money pays nothing. */
function conditional(rule: Rule, description: string, at: number): boolean {
  return rule.category === 'Financial' && /\b(?:if|whether)\b[^.,]*$/i.test(description.slice(Math.max(0, at - 60), at));
}

/** What the description says that no verb alone would, with the words it says it in. */
export function findPhrases(description: string): Phrase[] {
  const out: Phrase[] = [];
  for (const rule of RULES) {
    // The first match that is not denied or conditional ("if it requires payment ... it is paid").
    const m = [...description.matchAll(new RegExp(rule.re.source, 'gi'))].find((x) => !conditional(rule, description, x.index));
    if (!m) continue;
    // "will not overwrite", "without overwriting": a denial is not a warning.
    const before = description.slice(Math.max(0, m.index - 24), m.index);
    if (rule.category !== 'Read' && /\b(?:not|never|without|n't|instead of|rather than)\s*$/i.test(before)) continue;
    // "Prefer the CLI whenever you can run shell commands": what the caller can do elsewhere is advice, not what the call does.
    if (rule.category !== 'Read' && /\b(?:you|the\s+(?:user|caller|agent))\s+(?:can|could|may|might)\s*$/i.test(description.slice(Math.max(0, m.index - 40), m.index))) continue;
    // "It changes or removes remote data and may be irreversible": a hedge every tool of a server carries is no warning about this one.
    if (rule.category === 'Destructive' && /\b(?:may|might|could|possibly|potentially)\s+(?:be\s+)?$/i.test(before)) continue;

    // Quote whole words: a match that stopped inside one runs on to its end.
    let end = m.index + m[0].length;
    while (end < description.length && /\w/.test(description[end])) end++;
    // Replacing one value is an update; replacing a file or a document's content is not.
    if (rule.points === OVERWRITES && /\b(?:value|values|field|fields|setting|settings|property|properties)$/i.test(description.slice(m.index, end).trim())) continue;
    // "Replaces all emulation settings", "replace all external links": settings of one thing, or its links, given whole (an update).
    if (rule.points === OVERWRITES && /^(?:overwrit|replac)/i.test(m[0]) && /\b(?:all|every)\s/i.test(m[0])
      && /^\W*(?:\w+\s+){0,2}?(?:settings?|values?|fields?|properties|options|preferences|links?|labels?|tags?|headers?|occurrences?|matches)\b/i.test(description.slice(m.index + m[0].replace(/\w+$/, '').length))) continue;
    // "Permissions completely replace existing ones": a field of the record updated is given whole, the record stays (an update).
    if (rule.points === OVERWRITES && /\b(?:permissions|scopes|tags|labels|metadata|attributes|roles|headers|values|fields|settings|properties|options)\s+$/i.test(before)) continue;
    out.push({ category: rule.category, text: description.slice(m.index, end).trim(), points: rule.points, strength: rule.strength });
  }
  return out;
}
