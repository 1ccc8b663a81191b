// A stable fingerprint of a call's arguments for the audit log: the same arguments give the same
// digest whatever order the client wrote their keys in, so calls can be compared without storing values.
import { createHash, hash } from 'node:crypto';

/**
 * JSON with every object's keys sorted, at every depth. Otherwise as JSON.stringify: `toJSON` is
 * honoured, undefined members are left out, undefined in arrays becomes null. A top-level value
 * that has no JSON form (undefined, a function) gives `null`, so there is always a digest.
 *
 * Written as a loop over an explicit stack, not as recursion (nor JSON.stringify with a
 * replacer, which recurses): arguments nested as deep as the body limit allows still get their
 * digest, so a call that was forwarded can always be recorded. The output is byte for byte what
 * `JSON.stringify(value, sortKeys)` gave before, so digests already stored still compare.
 */
export function canonicalJson(value: unknown): string {
  // Real arguments are shallow: a plain recursive walk, which allocates no frames, sets or
  // parts arrays, makes them (about a third of the time here). It gives up past FAST_DEPTH
  // levels (and so on a cycle) and the loop below, which has no depth limit, takes over.
  const fast = shallowJson(value, '', 0);
  if (fast !== TOO_DEEP) return fast ?? 'null';
  const out: string[] = [];
  const first = prepare(value, '');
  if (!emitScalar(first, out)) {
    if (!isContainer(first)) return 'null';
    const stack: Frame[] = [];
    const open = new Set<object>();
    push(first, stack, open, out);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.at === frame.length) {
        out.push(frame.array ? ']' : '}');
        open.delete(frame.container);
        stack.pop();
        continue;
      }
      if (frame.array) {
        const child = prepare((frame.container as unknown[])[frame.at], String(frame.at));
        if (frame.at++ > 0) out.push(',');
        if (!emitScalar(child, out)) {
          if (isContainer(child)) push(child, stack, open, out);
          else out.push('null');
        }
        continue;
      }
      const key = frame.keys![frame.at++];
      const child = prepare((frame.container as Record<string, unknown>)[key], key);
      if (!isContainer(child) && !isScalar(child)) continue; // undefined, functions, symbols: left out
      if (frame.wrote) out.push(',');
      frame.wrote = true;
      out.push(JSON.stringify(key), ':');
      if (!emitScalar(child, out)) push(child as object, stack, open, out);
    }
  }
  return out.join('');
}

/** How deep shallowJson recurses before it hands the value to canonicalJson's loop. */
const FAST_DEPTH = 32;
const TOO_DEEP = Symbol('too deep');

/**
 * canonicalJson's output for a value nested at most FAST_DEPTH levels, by recursion; undefined
 * for a value with no JSON form (left out of an object, null in an array), TOO_DEEP beyond.
 * Each case mirrors the loop's: toJSON first, the same scalars, the same key order.
 */
function shallowJson(raw: unknown, key: string, depth: number): string | undefined | typeof TOO_DEEP {
  const value = prepare(raw, key);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      return undefined; // undefined, functions, symbols
  }
  if (value === null) return 'null';
  if (depth >= FAST_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    let json = '[';
    for (let i = 0; i < value.length; i++) {
      const child = shallowJson(value[i], String(i), depth + 1);
      if (child === TOO_DEEP) return TOO_DEEP;
      json += `${i > 0 ? ',' : ''}${child ?? 'null'}`;
    }
    return `${json}]`;
  }
  let json = '{';
  let wrote = false;
  for (const k of canonicalKeys(value)) {
    const child = shallowJson((value as Record<string, unknown>)[k], k, depth + 1);
    if (child === TOO_DEEP) return TOO_DEEP;
    if (child === undefined) continue;
    json += `${wrote ? ',' : ''}${JSON.stringify(k)}:${child}`;
    wrote = true;
  }
  return `${json}}`;
}

/** Hex SHA-256 of canonicalJson(args). */
export function argsDigest(args: unknown): string {
  // crypto.hash (Node 21.7+) is the one-shot form: about half the cost of createHash here.
  return typeof hash === 'function' ? hash('sha256', canonicalJson(args), 'hex') : createHash('sha256').update(canonicalJson(args)).digest('hex');
}

/**
 * The arguments as JSON for the audit record's `args` column: JSON.stringify when it can (the
 * client's own key order), the canonical form when the value is too deep for it.
 */
export function argsJson(args: unknown): string {
  try {
    return JSON.stringify(args) ?? 'null';
  } catch {
    return canonicalJson(args);
  }
}

interface Frame {
  container: object;
  array: boolean;
  /** An object's keys in their canonical order (arrays go by index). */
  keys?: string[];
  length: number;
  at: number;
  wrote: boolean;
}

function push(container: object, stack: Frame[], open: Set<object>, out: string[]): void {
  if (open.has(container)) throw new TypeError('Converting circular structure to JSON');
  open.add(container);
  const array = Array.isArray(container);
  out.push(array ? '[' : '{');
  if (array) {
    stack.push({ container, array, length: (container as unknown[]).length, at: 0, wrote: false });
  } else {
    const keys = canonicalKeys(container);
    stack.push({ container, array, keys, length: keys.length, at: 0, wrote: false });
  }
}

/**
 * The order the old replacer produced (keys sorted, then laid into a fresh object): array-index
 * keys first in numeric order, then the others sorted. Object.keys already lists index keys
 * first in numeric order, so only the rest needs sorting.
 */
function canonicalKeys(object: object): string[] {
  const keys = Object.keys(object);
  let indexKeys = 0;
  while (indexKeys < keys.length && isArrayIndex(keys[indexKeys])) indexKeys++;
  if (indexKeys === 0) return keys.sort();
  return keys.slice(0, indexKeys).concat(keys.slice(indexKeys).sort());
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** As JSON.stringify does first with each value: `toJSON(key)` when it has one. */
function prepare(value: unknown, key: string): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toJSON.call(value, key);
  }
  return value;
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
}

/** Writes a scalar's JSON and says true; false for containers and values without a JSON form. */
function emitScalar(value: unknown, out: string[]): boolean {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return true;
    case 'number':
      out.push(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return true;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      if (value === null) {
        out.push('null');
        return true;
      }
      return false;
  }
}
