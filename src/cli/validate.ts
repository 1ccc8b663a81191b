// `gatehouse validate`: load a config as the gateway would and either summarise it or print
// every problem as file:line:column: message (the form editors and CI annotate).
import type { Command } from 'commander';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: Output = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a config file; print every error with its position')
    .addOption(configOption())
    .action((options: { config?: string }) => {
      process.exitCode = runValidate(resolveConfigPath(options.config), processOutput);
    });
}

/** Returns the exit code: ok, no (the config has errors) or usage (it cannot be read). */
export function runValidate(file: string, out: Output, env: NodeJS.ProcessEnv = process.env): number {
  const loaded = loadForCommand(file, out, env);
  if (!('config' in loaded)) return loaded.exit;
  const { config } = loaded;
  out.stdout(`${displayPath(file)} is valid: ${count(config.servers.size, 'server')}, ${count(config.agents.length, 'agent')}, ${count(config.policy.rules.length, 'rule')}${config.auth.oauth ? `, OAuth access tokens from ${config.auth.oauth.issuer}` : ''}`);
  return EXIT.ok;
}

/**
 * Loads a config for a one-shot command, printing its problems with the path as the user
 * would type it; `invalidExit` is the exit code for a config with errors.
 */
export function loadForCommand(file: string, out: Output, env: NodeJS.ProcessEnv, invalidExit: number = EXIT.no): { config: Config } | { exit: number } {
  try {
    return { config: loadConfig(file, env) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const issue of err.issues) out.stderr(`${displayPath(issue.file)}:${issue.line}:${issue.column}: ${issue.message}`);
    return { exit: err.unreadable ? EXIT.usage : invalidExit };
  }
}

/** Relative to the working directory when the file is under it, as the user likely typed it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
