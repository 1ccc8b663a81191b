// The shapes of the tool catalog: a tool's definition as a server lists it, and what the
// classifier concludes about it. Shared by the classifier, the CLI, the pages and the gateway.
import type { RiskClass } from '../config/types.ts';

export type { RiskClass };

export type Category = 'Read' | 'Write' | 'Execute' | 'Destructive' | 'Financial';
export type Confidence = 'high' | 'medium' | 'low';

/** MCP tool annotations: hints from the server, trusted only to raise risk. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** One tool as `tools/list` returns it; unknown fields are allowed and ignored. */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: object;
  outputSchema?: object;
  annotations?: ToolAnnotations;
}

export type EvidenceSource = 'name' | 'description' | 'annotations' | 'schema' | 'title';

/** One piece of the definition that led to the classification, quoted exactly. */
export interface Evidence {
  source: EvidenceSource;
  /** The exact words (or `param: name`, `readOnlyHint: true`) as they appear. */
  text: string;
  /** What they indicate, for a reader. */
  points: string;
}

export interface Classification {
  category: Category;
  risk: RiskClass;
  requiredParams: number;
  confidence: Confidence;
  rationale: string;
  evidence: Evidence[];
  /** Warnings about the definition itself: `poisoning:*`, `empty-description`, `conflict:*`. */
  flags: string[];
}

/** SPEC's table: the risk class each category carries before anything raises it. */
export const CATEGORY_RISK: Record<Category, RiskClass> = {
  Read: 'low',
  Write: 'medium',
  Execute: 'high',
  Destructive: 'critical',
  Financial: 'critical',
};

export const RISK_ORDER: readonly RiskClass[] = ['low', 'medium', 'high', 'critical'];

export function maxRisk(a: RiskClass, b: RiskClass): RiskClass {
  return RISK_ORDER.indexOf(a) >= RISK_ORDER.indexOf(b) ? a : b;
}

export function raiseRisk(r: RiskClass, steps = 1): RiskClass {
  return RISK_ORDER[Math.min(RISK_ORDER.length - 1, RISK_ORDER.indexOf(r) + steps)];
}
