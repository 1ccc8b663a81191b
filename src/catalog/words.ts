// Splits tool names and descriptions into words the classifier can look up: snake_case,
// camelCase, kebab-case and dotted names, plus the lead clause of a description.

/** One word of a name, lower-cased for lookup, with the exact text it came from. */
export interface NameWord {
  word: string;
  text: string;
}

/** `asana_get_task`, `listIssues`, `s3-delete-object`, `API-post-search` → their words. */
export function splitName(name: string): NameWord[] {
  const words: NameWord[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    // camelCase and PascalCase boundaries, keeping acronyms and s3/ec2 together: getHTTPStatus → get HTTP Status
    const pieces = part.match(/[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z]+[0-9]*|[0-9]+/g) ?? [];
    for (const piece of pieces) words.push({ word: piece.toLowerCase(), text: piece });
  }
  return words;
}

/** Third-person and -ing forms back to the base verb: Retrieves → retrieve, Echoes → echo. */
export function baseForms(word: string): string[] {
  const w = word.toLowerCase();
  const forms = [w];
  if (w.endsWith('ies') && w.length > 4) forms.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es') && w.length > 3) forms.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) forms.push(w.slice(0, -1));
  if (w.endsWith('ing') && w.length > 5) forms.push(w.slice(0, -3), `${w.slice(0, -3)}e`);
  if (w.endsWith('ed') && w.length > 4) forms.push(w.slice(0, -2), w.slice(0, -1));
  return forms;
}

/** A word of a description with its position, so evidence can quote the exact span. */
export interface TextWord {
  word: string;
  start: number;
  end: number;
}

export function textWords(text: string, from = 0, to = text.length): TextWord[] {
  const out: TextWord[] = [];
  // Letters of any script: "connecté" is one word, not "connect" and a stray letter (a French description read as English).
  const re = /\p{L}[\p{L}\p{N}'-]*/gu;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const raw = m[0].replace(/'s$/, '');
    out.push({ word: raw.toLowerCase(), start: m.index, end: m.index + raw.length });
  }
  return out;
}

/**
 * Boilerplate that precedes the verb in real descriptions: "This tool will", "Use this tool to",
 * "Notion | ", "Tool to", "Allows you to", "[Deprecated]", markdown emphasis.
 */
const LEAD_BOILERPLATE = [
  /^\s*(?:\[[^\]]{1,40}\]|\([^)]{1,40}\))\s*/,
  /^\s*[A-Za-z0-9 ._-]{1,40}\s*\|\s*/,
  /^\s*(?:this|the|a|an)\s+(?:\w+\s+){0,2}?(?:tool|function|endpoint|command|operation|method)\s+(?:will|can|lets\s+you|allows\s+(?:you|the\s+\w+)\s+to|is\s+used\s+to|is\s+for|helps(?:\s+you)?(?:\s+to)?|that|which|to|used\s+to)?\s*/i,
  /^\s*use\s+this(?:\s+tool)?\s+to\s+/i,
  /^\s*(?:tool|function)\s+(?:to|that|for)\s+/i,
  /^\s*(?:allows|lets|helps|enables)\s+(?:you|the\s+\w+|agents?|users?)\s+(?:to\s+)?/i,
  /^\s*(?:helps|used)\s+(?:to\s+)?/i,
  /^\s*(?:please\s+)?(?:permanently|immediately|simply|quickly|safely|directly|recursively|also|just|securely|manually|explicitly|asynchronously|synchronously|forcibly|programmatically)\s+/i,
  /^[\s*_`>#-]+/,
  // A pictograph and a capitalized tag before the sentence ("🌱 RELATIONAL SEEDER: Analyzes ..."):
  // the tag labels the tool's family, the sentence after it says what it does.
  /^\s*(?:\p{Extended_Pictographic}\uFE0F?\s*)+(?:[A-Z][A-Z0-9 /&-]{1,40}:\s*)?/u,
  /^\s*[A-Z][A-Z0-9/&-]+(?:\s[A-Z][A-Z0-9/&-]+){0,3}:\s+(?=[A-Z][a-z])/,
];

/** The first clause of a description after its boilerplate: where its main verb is. */
export function leadClause(description: string): { start: number; end: number } | undefined {
  let start = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of LEAD_BOILERPLATE) {
      const m = re.exec(description.slice(start));
      if (m && m[0].length > 0) {
        start += m[0].length;
        changed = true;
      }
    }
  }
  const rest = description.slice(start);
  if (!/^\p{L}/u.test(rest)) return undefined;
  const stop = rest.search(/[.!?;:\n](?:\s|$)|\n|\s\(/);
  const end = start + (stop < 0 ? Math.min(rest.length, 240) : Math.min(stop, 240));
  return { start, end };
}

/** A short first line with no stop, then a blank line: a title before the description's own sentence. */
export const TITLE_LINE = /^[^\n.!?:]{3,60}\n\s*\n(?=\s*[A-Za-z])/;

/** The words of the lead clause of the sentence after a title line ("List payment methods\n\nRetrieve all enabled ..."), or none. */
export function titledBodyWords(description: string): string[] {
  const title = TITLE_LINE.exec(description);
  if (!title) return [];
  const body = description.slice(title[0].length);
  const clause = leadClause(body);
  return clause ? textWords(body, clause.start, clause.end).map((w) => w.word) : [];
}

/**
 * The words of a short parenthesis that closes the lead clause and glosses its object: "Get recurring events
 * (scheduled transactions) from ...". Empty when the clause does not end at one, or it is long.
 */
export function leadGloss(description: string): string[] {
  const clause = leadClause(description);
  if (!clause) return [];
  const m = /^\s\(([^()]{1,60})\)/.exec(description.slice(clause.end));
  if (!m) return [];
  const words = textWords(m[1]).map((w) => w.word);
  return words.length <= 6 ? words : [];
}

/** The first sentence, for the rationale: what the tool says it does. */
export function firstSentence(description: string, max = 180): string {
  const clean = description.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(?:\s|$)/.exec(clean);
  const sentence = m ? m[1] : clean;
  return sentence.length <= max ? sentence : `${sentence.slice(0, max - 1).trimEnd()}…`;
}
