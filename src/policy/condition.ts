// A rule's `when`, as CEL compiled once at load over { args, agent, session, server, tool, claims }.
// Evaluation never throws: a failure (missing field, wrong type, non-boolean result) comes
// back as a ConditionFailure so the engine can deny the call (fail closed).
import { Environment, ParseError } from '@marcbachmann/cel-js';

/** What a condition sees of a call; `args` is the call's arguments object. */
export interface Activation {
  args: Record<string, unknown>;
  agent: string;
  session: string;
  server: string;
  tool: string;
  /** The agent's token claims (`'admins' in claims.groups`); an empty map without a token. */
  claims: Readonly<Record<string, unknown>>;
}

export interface ConditionFailure {
  failure: string;
}

export interface Condition {
  readonly source: string;
  /** true or false, or why the condition could not be decided. */
  test(activation: Activation): boolean | ConditionFailure;
}

export class ConditionError extends Error {
  readonly code = 'CONDITION_INVALID';
  /** 0-based character in the source the problem is about. */
  readonly offset: number;
  /** The library's own sentence, without source excerpts. */
  readonly summary: string;
  constructor(source: string, summary: string, offset: number) {
    super(`invalid condition '${source}': ${summary}`);
    this.name = 'ConditionError';
    this.summary = summary;
    this.offset = offset;
  }
}

// Building an environment is the expensive part; one serves every condition. `environment`
// type-checks (a comparison that is wrong as written is refused at load); `strict` evaluates.
const environment = new Environment()
  .registerVariable('args', 'map')
  .registerVariable('agent', 'string')
  .registerVariable('session', 'string')
  .registerVariable('server', 'string')
  .registerVariable('tool', 'string')
  .registerVariable('claims', 'map');

/**
 * CEL's `==` between values of different types is false, not an error, so `args.count == 5`
 * would quietly not match `{"count": "5"}`, and a deny rule written for a number would be
 * skipped by a caller who sends a string. Comparing a string, a number, a bool, bytes, a list
 * or a map with a value of another of these kinds is an error here instead, which the engine
 * treats as it treats every condition it cannot decide (fail closed). Numbers compare across
 * int, uint and double; anything compares with null (`args.key == null` asks "absent or null").
 */
const KINDS = [['string'], ['int', 'uint', 'double'], ['bool'], ['bytes'], ['list'], ['map']];
const strict = environment.clone();
for (let i = 0; i < KINDS.length; i++) {
  for (let j = i + 1; j < KINDS.length; j++) {
    for (const left of KINDS[i]) {
      for (const right of KINDS[j]) {
        // Registering `==` registers `!=` and both orders with it.
        strict.registerOperator(`${left} == ${right}`, () => {
          throw new Error(`cannot compare ${left} with ${right} (a value of the wrong type)`);
        });
      }
    }
  }
}

interface CelError {
  summary?: string;
  message?: string;
  range?: { start: number; end: number };
}

/** The library's short sentence; its `message` adds a source excerpt over several lines. */
function summaryOf(err: unknown): string {
  const e = err as CelError;
  return e.summary ?? String(e.message ?? err).split('\n')[0];
}

/** Compiles and type-checks; throws ConditionError with the offending character. */
export function compileCondition(source: string): Condition {
  if (source.trim() === '') throw new ConditionError(source, 'the condition is empty', 0);
  let program: ReturnType<Environment['parse']>;
  try {
    program = environment.parse(source);
  } catch (err) {
    if (err instanceof ParseError || (err as CelError).range) throw new ConditionError(source, summaryOf(err), (err as CelError).range?.start ?? 0);
    throw new ConditionError(source, summaryOf(err), 0);
  }
  const checked = program.check();
  if (!checked.valid) throw new ConditionError(source, summaryOf(checked.error), (checked.error as CelError).range?.start ?? 0);
  // `dyn` (e.g. `args.flag`) may still be a boolean at run time; anything else never is.
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    throw new ConditionError(source, `the condition gives a ${checked.type}, not true or false`, 0);
  }
  // The same expression, bound to the strict comparisons (it parsed and checked above).
  program = strict.parse(source);
  program.check();
  return {
    source,
    test(activation) {
      let value: unknown;
      try {
        value = program(activation);
      } catch (err) {
        return { failure: summaryOf(err) };
      }
      if (typeof value === 'boolean') return value;
      return { failure: `the condition gave ${describeValue(value)}, not true or false` };
    },
  };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint' || typeof value === 'number') return 'a number';
  if (typeof value === 'string') return 'a string';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
