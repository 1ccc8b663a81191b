// A cursor over the parsed YAML that collects problems instead of stopping at the first:
// typed getters for strings, lists, maps and booleans that record a positioned issue and
// return undefined when a value is wrong, so every section reports everything at once.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ConfigIssue } from './errors.ts';
import { interpolate } from './env.ts';
import { offsetInScalar, placeOfNode, placeOfOffset, type Place } from './yaml-positions.ts';

export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
}

export class Reader {
  readonly file: string;
  readonly text: string;
  readonly lines: LineCounter;
  readonly doc: Document.Parsed;
  readonly env: NodeJS.ProcessEnv;
  readonly issues: ConfigIssue[] = [];
  /** Unset variables in values the caller does not need (see LoadOptions.needsOnly). */
  readonly warnings: ConfigIssue[] = [];
  readonly #needed: (path: string) => boolean;

  constructor(file: string, text: string, lines: LineCounter, doc: Document.Parsed, env: NodeJS.ProcessEnv, needed: (path: string) => boolean = () => true) {
    this.file = file;
    this.text = text;
    this.lines = lines;
    this.doc = doc;
    this.env = env;
    this.#needed = needed;
  }

  /** Where a node starts; the top of the file for a node that has no position. */
  at(node: Node | null | undefined, fallback?: Place): Place {
    return placeOfNode(this.lines, node, fallback ?? { line: 1, column: 1 });
  }

  /** Where character `index` of a scalar's value is in the file, or the scalar's start. */
  atChar(node: Node, index: number): { place: Place; exact: boolean } {
    if (isScalar(node)) {
      // "Unexpected end" points past the value: show it just after the last character written.
      const written = typeof node.source === 'string' ? node.source.trimEnd().length : 0;
      const past = index >= written && written > 0;
      const offset = offsetInScalar(this.text, node, past ? written - 1 : index);
      if (offset !== undefined) {
        const place = placeOfOffset(this.lines, offset);
        return { place: past ? { line: place.line, column: place.column + 1 } : place, exact: true };
      }
    }
    return { place: this.at(node), exact: false };
  }

  error(place: Place | Node | null | undefined, message: string): void {
    const p = place && 'line' in place ? place : this.at(place as Node | null | undefined);
    this.issues.push({ file: this.file, line: p.line, column: p.column, message });
  }

  /** Aliases (`*name`) stand for the node they point at. */
  resolve(node: Node | null | undefined): Node | null {
    if (node && isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node ?? null;
  }

  isNull(node: Node | null): boolean {
    const n = this.resolve(node);
    return n === null || (isScalar(n) && n.value === null);
  }

  /** A mapping, or undefined (with an issue) when it is something else; null counts as empty. */
  map(node: Node | null, path: string): YAMLMap | null | undefined {
    const n = this.resolve(node);
    if (this.isNull(n)) return null;
    if (isMap(n)) return n;
    this.error(n, `${path} must be a mapping of keys to values`);
    return undefined;
  }

  /** The pairs of a mapping; non-string keys are reported. */
  entries(map: YAMLMap | null | undefined, path: string): Entry[] {
    if (!map) return [];
    const out: Entry[] = [];
    for (const pair of map.items as Pair<Node, Node | null>[]) {
      const keyNode = this.resolve(pair.key);
      if (!keyNode || !isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
        this.error(keyNode ?? map, `${path} has a key that is not a plain name`);
        continue;
      }
      out.push({ key: String(keyNode.value), keyNode, value: pair.value ?? null });
    }
    return out;
  }

  /** Reports keys outside `allowed`, naming the ones that are. */
  checkKeys(entries: Entry[], allowed: readonly string[], where: string): void {
    for (const e of entries) {
      if (!allowed.includes(e.key)) this.error(e.keyNode, `unknown key '${e.key}' in ${where}; allowed: ${allowed.join(', ')}`);
    }
  }

  /**
   * A string value with `${VAR}` read from the environment. With `stringify`, numbers and
   * booleans are accepted as their text (environment maps are often written unquoted).
   */
  string(node: Node | null, path: string, options: { stringify?: boolean; what?: string } = {}): string | undefined {
    const n = this.resolve(node);
    if (!n || !isScalar(n) || n.value === null) {
      this.error(n ?? node, `${path} must be ${options.what ?? 'a string'}`);
      return undefined;
    }
    let raw: string;
    if (typeof n.value === 'string') raw = n.value;
    else if (options.stringify && (typeof n.value === 'number' || typeof n.value === 'boolean' || typeof n.value === 'bigint')) {
      // The source text keeps what the operator wrote (`0600` stays `0600`, not `600`).
      return typeof n.source === 'string' ? n.source : String(n.value);
    } else {
      this.error(n, `${path} must be ${options.what ?? 'a string'}`);
      return undefined;
    }
    const result = interpolate(raw, this.env);
    if ('value' in result) return result.value;
    if ('error' in result) this.error(n, `${path}: ${result.error}`);
    else {
      const needed = this.#needed(path);
      for (const name of result.missing) {
        // Point at the `${NAME` itself, which matters in a long value holding several.
        const at = raw.search(new RegExp(`\\$\\{${name}(?::-|\\})`));
        const place = at >= 0 ? this.atChar(n, at).place : this.at(n);
        if (needed) this.error(place, `environment variable ${name} is not set (used in ${path})`);
        else this.warnings.push({ file: this.file, line: place.line, column: place.column, message: `environment variable ${name} is not set (used in ${path}, not needed here)` });
      }
      if (!needed) {
        // Read as empty: the value is never used by this command.
        const blanks = Object.fromEntries(result.missing.map((name) => [name, '']));
        const filled = interpolate(raw, { ...this.env, ...blanks });
        if ('value' in filled) return filled.value;
      }
    }
    return undefined;
  }

  /** The scalar node itself, for callers that map character offsets inside it. */
  scalar(node: Node | null): Scalar | undefined {
    const n = this.resolve(node);
    return n && isScalar(n) ? n : undefined;
  }

  list(node: Node | null, path: string): (Node | null)[] | undefined {
    const n = this.resolve(node);
    if (this.isNull(n)) return [];
    if (isSeq(n)) return (n as YAMLSeq<Node | null>).items;
    this.error(n, `${path} must be a list`);
    return undefined;
  }

  stringList(node: Node | null, path: string): string[] | undefined {
    const items = this.list(node, path);
    if (!items) return undefined;
    const out: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const value = this.string(item, `${path}[${i + 1}]`);
      if (value === undefined) ok = false;
      else out.push(value);
    });
    return ok ? out : undefined;
  }

  /** A map of names to strings (env, headers). */
  stringMap(node: Node | null, path: string, options: { stringify?: boolean } = {}): Record<string, string> | undefined {
    const map = this.map(node, path);
    if (map === undefined) return undefined;
    const out: Record<string, string> = {};
    let ok = true;
    for (const e of this.entries(map, path)) {
      const value = this.string(e.value, `${path}.${e.key}`, options);
      if (value === undefined) ok = false;
      else out[e.key] = value;
    }
    return ok ? out : undefined;
  }

  boolean(node: Node | null, path: string): boolean | undefined {
    const n = this.resolve(node);
    if (n && isScalar(n) && typeof n.value === 'boolean') return n.value;
    if (n && isScalar(n) && typeof n.value === 'string') {
      // `${VAR}` may hold true or false.
      const text = this.string(n, path);
      if (text === undefined) return undefined;
      if (text === 'true' || text === 'false') return text === 'true';
    }
    this.error(n ?? node, `${path} must be true or false`);
    return undefined;
  }

  /** A number as written, or a string (e.g. from `${VAR}`) holding one; undefined when neither. */
  numberOrText(node: Node | null, path: string): number | string | undefined {
    const n = this.resolve(node);
    if (n && isScalar(n) && typeof n.value === 'number') return n.value;
    return this.string(n, path, { what: 'a number or a string' });
  }
}
