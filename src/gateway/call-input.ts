// What a tools/call must look like before the policy sees it: `arguments` an object (MCP's
// shape, and what rules' conditions read as `args`), and params nested no deeper than a bound.
// A call that fails here is refused and recorded like any other stopped call.

/**
 * How deep a call's params may nest (serde_json's default recursion limit). Real tool
 * arguments stay far below it; the bound keeps every later step (CEL, JSON.stringify when
 * forwarding, which recurses and fails some thousands deep) well inside what it can handle.
 */
export const MAX_PARAMS_DEPTH = 128;

/** Why the call's params cannot be decided on, or undefined when they are fine. */
export function callInputProblem(params: Record<string, unknown>): string | undefined {
  const args = params.arguments;
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    return `arguments must be an object, not ${args === null ? 'null' : Array.isArray(args) ? 'an array' : `a ${typeof args}`}`;
  }
  if (deeperThan(params, MAX_PARAMS_DEPTH)) return `the call's params are nested deeper than ${MAX_PARAMS_DEPTH} levels`;
  return undefined;
}

/** True when `value` nests objects or arrays more than `limit` levels; a loop, not recursion. */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
