#!/usr/bin/env node
// The `gatehouse` command: one subcommand per file in this folder, wired here in one place.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../gateway/gateway.ts';
import { register as approvals } from './approvals.ts';
import { register as audit } from './audit.ts';
import { register as catalog } from './catalog.ts';
import { register as check } from './check.ts';
import { EXIT } from './exit-codes.ts';
import { register as init } from './init.ts';
import { register as migrate } from './migrate.ts';
import { register as recover } from './recover.ts';
import { quietOnClosedPipe } from './process.ts';
import { register as serve } from './serve.ts';
import { register as stdio } from './stdio.ts';
import { register as validate } from './validate.ts';

const program = new Command('gatehouse')
  .description('A policy gateway for MCP: allow, deny, rate-limit and record every tool call an agent makes.')
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

// One-shot commands print to a reader that may stop early; `serve` and `stdio` (whose stdout
// is its log or its MCP channel) are not ended by it.
if (['validate', 'check', 'catalog', 'audit', 'approvals', 'recover', 'init'].includes(process.argv[2])) quietOnClosedPipe();

for (const register of [serve, stdio, validate, check, catalog, audit, approvals, migrate, recover, init]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help';
    process.exit(ok ? EXIT.ok : EXIT.usage);
  }
  throw err;
}
