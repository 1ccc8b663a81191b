// The catalog tests' one assertion: a made-up tool definition lands in the expected category,
// and a failure prints the classifier's rationale (which words decided it).
import assert from 'node:assert/strict';
import { classifyTool } from '../../src/catalog/classify.ts';
import type { Category, Classification, ToolDefinition } from '../../src/catalog/types.ts';

/** Asserts `name` (with `description`, and more of its definition) is classed `category`. */
export function is(category: Category, name: string, description = '', more: Partial<ToolDefinition> = {}, namespace?: string): Classification {
  const c = classifyTool({ name, description, ...more }, { namespace });
  assert.equal(c.category, category, `${name}: ${c.rationale}`);
  return c;
}

/** Asserts `name` is not classed `category`. */
export function isNot(category: Category, name: string, description = '', more: Partial<ToolDefinition> = {}): void {
  const c = classifyTool({ name, description, ...more });
  assert.notEqual(c.category, category, `${name}: ${c.rationale}`);
}

/** A made-up input schema: an object with these properties, of which `required` must be given. */
export const objectSchema = (properties: Record<string, object>, required: string[] = []) => ({ type: 'object', properties, required });

/** The same schema as the `more` argument of `is`: `is('Write', name, description, withSchema({ ... }))`. */
export const withSchema = (properties: Record<string, object>, required: string[] = []) => ({ inputSchema: objectSchema(properties, required) });
