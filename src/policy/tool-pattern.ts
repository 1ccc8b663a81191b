// A rule's `tool` pattern, compiled once: a bare name matches that tool on every server,
// `server/tool` one server's tool; either part may be a glob (picomatch). The validator
// gives the config loader a message and the character it is about.
import picomatch from 'picomatch';

export interface PatternProblem {
  message: string;
  /** 0-based character in the pattern the problem is about. */
  offset: number;
}

export class ToolPatternError extends Error {
  readonly code = 'TOOL_PATTERN_INVALID';
  readonly offset: number;
  constructor(source: string, problem: PatternProblem) {
    super(`invalid tool pattern '${source}': ${problem.message}`);
    this.name = 'ToolPatternError';
    this.offset = problem.offset;
  }
}

type Part = { literal: string } | { glob: RegExp };

export interface ToolPattern {
  readonly source: string;
  /** The server part when it is a plain name (no glob), for "no such server" checks. */
  readonly literalServer?: string;
  matches(server: string, tool: string): boolean;
}

const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true };

/** Characters that make a part a glob rather than a plain name. */
export function isGlob(part: string): boolean {
  return /[*?[\]{}()!+@\\]/.test(part);
}

/** The first problem with a pattern, or undefined when it compiles. */
export function validateToolPattern(source: string): PatternProblem | undefined {
  if (source.trim() === '') return { message: 'the pattern is empty', offset: 0 };
  const space = /\s/.exec(source);
  if (space) return { message: 'tool names and patterns contain no spaces', offset: space.index };
  const slash = source.indexOf('/');
  if (slash >= 0) {
    const second = source.indexOf('/', slash + 1);
    if (second >= 0) return { message: "a pattern has at most one '/' (server/tool)", offset: second };
    if (slash === 0) return { message: "the server part before '/' is empty", offset: 0 };
    if (slash === source.length - 1) return { message: "the tool part after '/' is empty (use 'server/*' for every tool)", offset: slash };
    return validatePart(source.slice(0, slash), 0) ?? validatePart(source.slice(slash + 1), slash + 1);
  }
  return validatePart(source, 0);
}

function validatePart(part: string, base: number): PatternProblem | undefined {
  const open: { ch: string; at: number }[] = [];
  const closing: Record<string, string> = { ']': '[', '}': '{', ')': '(' };
  for (let i = 0; i < part.length; i++) {
    const ch = part[i];
    if (ch === '\\') {
      if (i === part.length - 1) return { message: "the pattern ends in a lone '\\'", offset: base + i };
      i++;
      continue;
    }
    const inBracket = open.length > 0 && open[open.length - 1].ch === '[';
    if (ch === '[' && !inBracket) {
      // `[]...]` and `[!]...]`: a ']' right after the opening is part of the set.
      open.push({ ch, at: i });
      if (part[i + 1] === '!' || part[i + 1] === '^') i++;
      if (part[i + 1] === ']') i++;
    } else if (inBracket && ch !== ']') {
      continue;
    } else if (ch === '{' || ch === '(') {
      open.push({ ch, at: i });
    } else if (ch in closing) {
      const top = open.pop();
      if (!top || top.ch !== closing[ch]) return { message: `'${ch}' has no matching '${closing[ch]}'`, offset: base + i };
    }
  }
  const unclosed = open.pop();
  if (unclosed) {
    const end = { '[': ']', '{': '}', '(': ')' }[unclosed.ch];
    return { message: `'${unclosed.ch}' is never closed with '${end}'`, offset: base + unclosed.at };
  }
  if (isGlob(part)) {
    let re: RegExp;
    try {
      re = picomatch.makeRe(part, GLOB_OPTIONS);
    } catch (err) {
      return { message: (err as Error).message, offset: base };
    }
    // picomatch turns what it cannot parse into a regex that matches nothing.
    if (re.source === '$^') return { message: 'the glob can never match anything', offset: base };
  }
  return undefined;
}

function compilePart(part: string): Part {
  return isGlob(part) ? { glob: picomatch.makeRe(part, GLOB_OPTIONS) } : { literal: part };
}

function partMatches(part: Part, value: string): boolean {
  return 'literal' in part ? part.literal === value : part.glob.test(value);
}

/** Compiles a pattern; throws ToolPatternError when validateToolPattern would complain. */
export function compileToolPattern(source: string): ToolPattern {
  const problem = validateToolPattern(source);
  if (problem) throw new ToolPatternError(source, problem);
  const slash = source.indexOf('/');
  if (slash < 0) {
    const tool = compilePart(source);
    return { source, matches: (_server, name) => partMatches(tool, name) };
  }
  const serverText = source.slice(0, slash);
  const server = compilePart(serverText);
  const tool = compilePart(source.slice(slash + 1));
  return {
    source,
    literalServer: 'literal' in server ? serverText : undefined,
    matches: (s, name) => partMatches(server, s) && partMatches(tool, name),
  };
}
