// The one error the config loader throws: every problem found in the file, each with its
// position, so an operator fixes them all in one pass instead of one per run.

/** One problem in a config file; line and column are 1-based. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly issues: ConfigIssue[];
  /** True when the file could not be read at all, or holds nothing (a usage problem, not a config problem). */
  readonly unreadable: boolean;

  constructor(issues: ConfigIssue[], options: { unreadable?: boolean } = {}) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
    this.unreadable = options.unreadable ?? false;
  }
}
