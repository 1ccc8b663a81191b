// Reads a tool's input schema for what its parameters reveal: code or commands the caller
// writes (Execute), an amount with a currency (Financial), flags that widen a change (force).
import { EXEC_PARAMS, RAISING_PARAMS } from './lexicon.ts';
import { splitName } from './words.ts';

export interface Param {
  /** The property's own name, as written. */
  name: string;
  /** Dotted path from the top (`params.configFile`, `unitPrice.amount`). */
  path: string;
  /** Required at every level down to it. */
  required: boolean;
  type?: string;
  description: string;
  /** Offers a fixed list of values: the caller picks, it does not write. */
  enumerated: boolean;
  /** 0 at the top level. */
  depth: number;
  /** The schema's default value, when it gives one. */
  default?: unknown;
}

const MAX_DEPTH = 3;

/** Every property, nested objects and array items included, a few levels deep. */
export function schemaParams(schema: object | undefined): Param[] {
  const out: Param[] = [];
  walk(schema, '', true, 0, out);
  return out;
}

function walk(node: unknown, prefix: string, parentRequired: boolean, depth: number, out: Param[]): void {
  if (depth >= MAX_DEPTH || typeof node !== 'object' || node === null) return;
  const s = node as { properties?: unknown; required?: unknown; items?: unknown };
  if (typeof s.items === 'object' && s.items !== null) walk(s.items, prefix, parentRequired, depth, out);
  if (typeof s.properties !== 'object' || s.properties === null) return;
  const required = new Set(Array.isArray(s.required) ? s.required.filter((r) => typeof r === 'string') : []);
  for (const [name, value] of Object.entries(s.properties as Record<string, unknown>)) {
    const prop = (typeof value === 'object' && value !== null ? value : {}) as { type?: unknown; description?: unknown; enum?: unknown; items?: { enum?: unknown } };
    const param: Param = {
      name,
      path: prefix ? `${prefix}.${name}` : name,
      required: parentRequired && required.has(name),
      description: typeof prop.description === 'string' ? prop.description : '',
      enumerated: Array.isArray(prop.enum) || Array.isArray(prop.items?.enum),
      depth,
    };
    if (typeof prop.type === 'string') param.type = prop.type;
    if ('default' in prop) param.default = (prop as { default?: unknown }).default;
    out.push(param);
    walk(prop, param.path, param.required, depth + 1, out);
  }
}

/** The number of required parameters at the top level, as SPEC's "Parameters: N required". */
export function requiredCount(schema: object | undefined): number {
  const required = (schema as { required?: unknown } | undefined)?.required;
  return Array.isArray(required) ? new Set(required.filter((r) => typeof r === 'string')).size : 0;
}

/**
 * The last word of a parameter that names, points at or filters something rather than holding it (script_no,
 * script_number: which script, by its number, a shop's numbering of its records).
 */
const NAMES_IT = new Set(['name', 'names', 'id', 'ids', 'identifier', 'hash', 'key', 'ref', 'slug', 'pattern', 'patterns', 'filter', 'prefix', 'no', 'nos', 'number', 'numbers', 'num']);
const LANGUAGE_SIBLINGS = /^(language|languageid|lang|runtime|interpreter)$/;
const CODE_TALK = /\b(snippet|scripts?|javascript|typescript|python|bash|shell|programs?|execut\w*|source code|code to run|function body|=>)/i;
const NOT_CODE = /\b(discount|coupon|promo|country|currency|language code|postal|zip|verification|auth\w*|status code|error code|http|invite|referral|voucher|gift|redeem|checkout|customers?|iso)\b/i;
const QUERY_LANGUAGE = /\b(sql|cypher|graphql|sparql|promql|kql|hql|n1ql|select\s+\*|statement)\b/i;
const JS_TALK = /(=>|\bjavascript\b|\bjs\b|\bfunction body\b|\bcode\b|\bexpression\b)/i;

/** A parameter through which the caller hands over code, a command or a query to run. */
export function isExecParam(p: Param, all: Param[], toolText: string): boolean {
  const words = splitName(p.name).map((w) => w.word);
  const joined = p.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const hit = EXEC_PARAMS.has(joined) ? joined : words.find((w) => EXEC_PARAMS.has(w));
  // A flag or a count (includeSnippet: true) says how to answer, it carries no code.
  if (!hit || p.enumerated || p.type === 'boolean' || p.type === 'number' || p.type === 'integer') return false;
  // scriptName, script_id, command_pattern: which code, by its name or a filter, not the code itself.
  if (words.length > 1 && NAMES_IT.has(words[words.length - 1]) && words.slice(0, -1).includes(hit)) return false;
  const about = `${p.description} ${toolText}`;
  switch (hit) {
    case 'code': {
      const sibling = all.some((q) => LANGUAGE_SIBLINGS.test(q.name.toLowerCase()));
      return sibling || (CODE_TALK.test(about) && !NOT_CODE.test(p.description));
    }
    case 'query':
      // A search box is not a query language: only SQL, Cypher and the like run as code.
      return QUERY_LANGUAGE.test(about);
    case 'function':
    case 'expression':
      // A cron expression is a schedule, not code.
      if (words.includes('cron') || /\bcron\b/i.test(p.description)) return false;
      return JS_TALK.test(p.description) || /\bjavascript\b/i.test(toolText);
    case 'program':
      // "Opt in to a seller program", `programType`: a membership programme, unless the text speaks of running one.
      return /\b(?:run|runs|execut\w*|binary|binaries|executable|script|command|interpreter|launch\w*|process)\b/i.test(about);
    case 'pipeline':
      return p.type === 'array' || /\b(aggregation|stages?)\b/i.test(about);
    case 'statement':
    case 'statements':
      return QUERY_LANGUAGE.test(about) || /\bcode\b/i.test(about);
    default:
      return true;
  }
}

export interface MoneyParams {
  amount: Param;
  currency: Param;
}

/** An amount together with a currency, anywhere in the schema: the call handles money. */
export function moneyParams(params: Param[]): MoneyParams | undefined {
  const amount = params.find((p) => splitName(p.name).some((w) => w.word === 'amount'));
  const currency = params.find((p) => splitName(p.name).some((w) => w.word === 'currency'));
  return amount && currency ? { amount, currency } : undefined;
}

const OUTPUT_NAMES = new Set(['outputpath', 'outputfile', 'outputfilename', 'outputdir', 'outputdirectory', 'outputfolder', 'outdir',
  'outfile', 'outpath', 'destination', 'destinationpath', 'destinationfile', 'destpath', 'savepath', 'savedir', 'savefile', 'savedirectory',
  'savefolder', 'savelocation', 'downloadsdir', 'downloaddir', 'downloadpath', 'exportpath', 'exportdir', 'exportfile', 'targetpath', 'targetfile', 'targetdir']);
const PATH_WORDS = new Set(['path', 'file', 'filename', 'filepath', 'dir', 'directory', 'folder']);
// "File path to save the PDF", "where to save it": the path names the file the call makes.
const SAVES_THERE = /\b(?:save[sd]?|saving|write|writes|written|store[sd]?|export(?:ed|s)?)\b[^.]{0,40}\b(?:to|into|in|at)\b|\bwhere\b[^.]{0,40}\b(?:saved|written|stored)\b|\b(?:path|file|folder|directory|location|where)\s+to\s+(?:save|write|store)\b/i;
/** A path the call examines ("Target path to validate"): the object of a check, not where it writes. */
const EXAMINED = /\bto\s+(?:validate|check|verify|inspect|test|read|analy[sz]e|scan|resolve|stat)\b/i;

/**
 * A parameter naming where the tool writes a file (outputPath, output_file, destination, or a
 * path "to save the screenshot to"): a read that writes what it read to disk, where the caller says.
 */
export function outputParams(params: Param[]): Param[] {
  return params.filter((p) => {
    if (p.enumerated || (p.type !== undefined && p.type !== 'string')) return false;
    const joined = p.name.toLowerCase().replace(/[^a-z0-9]/g, '');
    // A bare "destination" is as often an address or a channel as a folder: its description decides.
    if (joined === 'destination') return /\b(?:path|file|folder|directory|dir)\b/i.test(p.description);
    if (OUTPUT_NAMES.has(joined)) return !/\burl\b|\bhttps?:/i.test(p.description) && !EXAMINED.test(p.description);
    const words = splitName(p.name).map((w) => w.word);
    return words.some((w) => PATH_WORDS.has(w)) && SAVES_THERE.test(p.description);
  });
}

const OVERWRITING_MODES = new Set(['overwrite', 'rewrite', 'replace', 'truncate']);

/** A mode that replaces what is there unless the caller asks otherwise: write_file's mode "rewrite". */
export function overwritingDefault(params: Param[]): Param | undefined {
  return params.find((p) => p.enumerated && typeof p.default === 'string' && OVERWRITING_MODES.has(p.default.toLowerCase()));
}

const PRICED = /^(?:unit_?amount|unit_?price|price|amount|line_?amount|debit|credit|tax_?amount)$/i;

/**
 * Priced line items (lineItems[].unitAmount, journal lines with amounts): what invoices, quotes,
 * credit notes, orders and journals are made of. A tool that writes them writes what is owed.
 */
export function pricedLines(params: Param[]): Param | undefined {
  return params.find((p) => {
    const parts = p.path.split('.');
    if (parts.length < 2 || !PRICED.test(parts[parts.length - 1])) return false;
    return parts.slice(0, -1).some((q) => /lines?$|line_?items?$/i.test(q));
  });
}

const PRICE_NAMES = /^(?:price|unit_?price|list_?price|sale_?price|base_?price)$/i;

/** A price the caller sets (variants[].price, price in cents): a write that sets what is charged. */
export function priceParam(params: Param[]): Param | undefined {
  // A required price, or the prices of variants: an optional unit price on an item record is its detail.
  return params.find((p) => PRICE_NAMES.test(p.name) && !p.enumerated && p.type !== 'boolean' && (p.required || /(?:^|\.)(?:variants?|prices?)\./i.test(p.path)));
}

/** Flags that make a change harder to undo or wider than asked: force, overwrite, recursive. */
export function raisingParams(params: Param[]): Param[] {
  return params.filter((p) => {
    const joined = p.name.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (RAISING_PARAMS.has(joined)) return true;
    const first = splitName(p.name)[0]?.word;
    return p.type === 'boolean' && (first === 'force' || first === 'delete' || first === 'drop' || first === 'purge');
  });
}
