// `gatehouse migrate`: creates or upgrades the PostgreSQL schema of `gateway.database`, the
// step an operator takes before starting replicas of a newer gatehouse. Safe to run while
// other replicas start or migrate: the migrations run under one advisory lock.
import type { Command } from 'commander';
import { migrate, SCHEMA_VERSION } from '../database/migrations.ts';
import { PostgresDb, redactUrl } from '../database/postgres.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadOrExit } from './process.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the PostgreSQL schema of gateway.database (replicas refuse a schema they do not know)')
    .addOption(configOption())
    .action(async (options: { config?: string }) => {
      const config = loadOrExit(resolveConfigPath(options.config));
      const url = config.gateway.database;
      if (url === undefined) {
        process.stdout.write(`nothing to migrate: gateway.database is not set (the SQLite files in ${config.gateway.data} upgrade themselves)\n`);
        return;
      }
      const db = new PostgresDb(url, { max: 1 });
      try {
        const [from, to] = await migrate(db);
        process.stdout.write(from === to
          ? `the schema of ${redactUrl(url)} is up to date (version ${to})\n`
          : `migrated ${redactUrl(url)} from schema version ${from} to ${to}\n`);
      } catch (err) {
        const name = (err as Error).name;
        process.stderr.write(`gatehouse migrate: ${name === 'SchemaError' ? '' : `cannot migrate ${redactUrl(url)} to version ${SCHEMA_VERSION}: `}${(err as Error).message}\n`);
        process.exitCode = EXIT.failure;
      } finally {
        await db.close();
      }
    });
}
