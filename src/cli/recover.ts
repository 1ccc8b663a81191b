// `gatehouse recover [--data DIR]`: ships the audit journals a stopped gateway left in its data
// folder (a kill -9, a crash, a machine that will not come back) to the store: the shared
// PostgreSQL of `gateway.database`, or the SQLite files of that folder. A gateway started again
// on its folder does this by itself; this command is for a replica that will not be started
// again: mount its disk, or copy its `audit-journal` folder, and run it from anywhere.
// Idempotent: a record the store holds already is not written twice, so running it twice, or
// after a run killed half-way, is safe.
import type { Command } from 'commander';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { journalDir, recoverJournals } from '../audit/journal.ts';
import { redactUrl } from '../database/postgres.ts';
import { openCommandStores } from '../database/stores.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadForCommand, processOutput } from './validate.ts';

export function register(program: Command): void {
  program
    .command('recover')
    .description('write the audit records a stopped gateway left in its journal (kill -9, crash) to the store; safe to repeat')
    .option('--data <dir>', 'the stopped gateway\'s data folder (default: gateway.data of the config)')
    .addOption(configOption())
    .action(async (options: { data?: string; config?: string }) => {
      process.exitCode = await runRecover(options);
    });
}

export async function runRecover(options: { data?: string; config?: string }): Promise<number> {
  const out = processOutput;
  const loaded = loadForCommand(resolveConfigPath(options.config), out, process.env, EXIT.usage);
  if ('exit' in loaded) return loaded.exit;
  const settings = loaded.config.gateway;
  const data = options.data === undefined ? settings.data : path.resolve(options.data);
  if (!existsSync(journalDir(data))) {
    out.stdout(`no audit journal in ${data}: nothing to recover`);
    return EXIT.ok;
  }
  // Without a shared database a journal belongs to the SQLite store beside it: the records go
  // to that folder's audit.db, not to the one of the config's own data folder.
  const where = settings.database === undefined ? `the SQLite store in ${data}` : redactUrl(settings.database);
  let stores;
  try {
    stores = await openCommandStores(settings.database === undefined ? { ...settings, data } : settings);
  } catch (err) {
    out.stderr(`gatehouse recover: ${(err as Error).message}; the journal is kept, run this again once the store is back`);
    return EXIT.failure;
  }
  try {
    const r = await recoverJournals(data, stores.audit);
    out.stdout(`${r.files} journal${r.files === 1 ? '' : 's'} in ${journalDir(data)} shipped to ${where}: ${r.records} answered call record${r.records === 1 ? '' : 's'} and ${r.unanswered} forwarded call${r.unanswered === 1 ? '' : 's'} never answered (outcome unknown) were missing and are written`);
    if (r.live > 0) {
      out.stderr(`gatehouse recover: ${r.live} journal${r.live === 1 ? ' was' : 's were'} left alone: a gateway may still be writing ${r.live === 1 ? 'it' : 'them'} (its process runs on this host, or the file was touched in the last 30 s)`);
      return EXIT.no;
    }
    return EXIT.ok;
  } catch (err) {
    out.stderr(`gatehouse recover: writing to ${where} failed: ${(err as Error).message}; the journal is kept, run this again once the store is back (nothing is written twice)`);
    return EXIT.failure;
  } finally {
    await stores.close().catch(() => undefined);
  }
}
