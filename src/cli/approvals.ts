// `gatehouse approvals`: list, show, approve and reject approval requests, against the same
// store the running gateway uses (its data folder, or the database every replica shares), so
// a held call goes on at once (a signal to the replicas) or within a second (their poll).
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { approvalStepRecord } from '../approvals/audit-step.ts';
import type { ApprovalRequest } from '../approvals/types.ts';
import type { Config } from '../config/types.ts';
import { openCommandStores, type Stores } from '../database/stores.ts';
import { EXIT } from './exit-codes.ts';
import { configOption, resolveConfigPath } from './options.ts';
import { loadOrExit } from './process.ts';

interface Common {
  config?: string;
  json?: boolean;
}

/** The stores the gateway uses (its data folder, or the database every replica shares). */
async function open(options: Common): Promise<{ config: Config; stores: Stores }> {
  const config = loadOrExit(resolveConfigPath(options.config));
  try {
    return { config, stores: await openCommandStores(config.gateway) };
  } catch (err) {
    process.stderr.write(`gatehouse: ${(err as Error).message}\n`);
    process.exit(EXIT.failure);
  }
}

function timeLeft(a: ApprovalRequest): string {
  const s = Math.round((a.expiresAt - Date.now()) / 1000);
  if (s <= 0) return 'due';
  return s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

function line(a: ApprovalRequest): string {
  const args = a.args.length > 60 ? `${a.args.slice(0, 57)}...` : a.args;
  return [a.id.padEnd(16), a.status.padEnd(9), `${a.server}/${a.tool}`.padEnd(32), a.agent.padEnd(14), a.mode.padEnd(6), (a.status === 'pending' ? timeLeft(a) : '-').padEnd(8), args].join('  ');
}

function describe(a: ApprovalRequest): string {
  return [
    `approval   ${a.id} (${a.status})`,
    `call       ${a.server}/${a.tool} by ${a.agent} (session ${a.session || '-'})`,
    `rule       ${a.rule}, mode ${a.mode}`,
    `asked      ${new Date(a.createdAt).toISOString()}; ${a.status === 'pending' ? `expires in ${timeLeft(a)}` : `expires ${new Date(a.expiresAt).toISOString()}`}`,
    `arguments  ${JSON.stringify(JSON.parse(a.args), null, 2).replace(/\n/g, '\n           ')}`,
    ...(a.decidedBy || a.reason ? [`decided    ${a.decidedBy ?? '-'}${a.reason ? `: ${a.reason}` : ''}`] : []),
  ].join('\n');
}

async function decide(id: string, approve: boolean, options: Common & { reason?: string; as?: string }): Promise<void> {
  const { config, stores } = await open(options);
  const by = options.as ?? `cli:${userInfo().username}`;
  const decided = await stores.approvals.decide(id, approve, by, options.reason ?? null, Date.now());
  if (!decided) {
    const current = await stores.approvals.get(id);
    process.stderr.write(current ? `gatehouse: ${id} is ${current.status}${current.decidedBy ? ` (by ${current.decidedBy})` : ''}${current.reason && current.status === 'expired' ? `: ${current.reason}` : ''}, not pending\n` : `gatehouse: no approval ${id}\n`);
    await stores.close();
    process.exitCode = EXIT.no;
    return;
  }
  await stores.audit.insertBatch([approvalStepRecord({ type: approve ? 'approved' : 'rejected', approval: decided }, config.gateway.auditArguments)]);
  // Replicas waiting on the shared database learn at once; others within their next poll.
  await stores.db?.notify('gatehouse_approvals', `${stores.replica} ${id}`).catch(() => undefined);
  await stores.close();
  process.stdout.write(options.json ? `${JSON.stringify(decided)}\n` : `${id} ${decided.status} by ${by}: ${decided.server}/${decided.tool} for ${decided.agent}\n`);
}

export function register(program: Command): void {
  const approvals = program.command('approvals').description('list, show, approve or reject calls waiting for a human (works while the gateway runs)');

  approvals
    .command('list', { isDefault: true })
    .description('pending requests (all recent ones with --all)')
    .addOption(configOption())
    .option('--all', 'include decided and expired requests')
    .option('--json', 'one JSON object per line')
    .action(async (options: Common & { all?: boolean }) => {
      const { stores } = await open(options);
      const rows = await stores.approvals.list(options.all ? undefined : 'pending');
      await stores.close();
      if (options.json) for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (rows.length === 0) process.stdout.write(options.all ? 'no approval requests\n' : 'no pending approval requests\n');
      else process.stdout.write(`${['ID'.padEnd(16), 'STATUS'.padEnd(9), 'SERVER/TOOL'.padEnd(32), 'AGENT'.padEnd(14), 'MODE'.padEnd(6), 'LEFT'.padEnd(8), 'ARGUMENTS'].join('  ')}\n${rows.map(line).join('\n')}\n`);
    });

  approvals
    .command('show')
    .argument('<id>', 'the approval id, like apr_3kq...')
    .addOption(configOption())
    .option('--json', 'print JSON')
    .action(async (id: string, options: Common) => {
      const { stores } = await open(options);
      const found = await stores.approvals.get(id);
      await stores.close();
      if (!found) {
        process.stderr.write(`gatehouse: no approval ${id}\n`);
        process.exitCode = EXIT.no;
        return;
      }
      process.stdout.write(options.json ? `${JSON.stringify(found)}\n` : `${describe(found)}\n`);
    });

  approvals
    .command('approve')
    .argument('<id>')
    .addOption(configOption())
    .option('--reason <text>', 'why; recorded in the audit log')
    .option('--as <name>', 'the approver recorded (default: cli:<your user name>)')
    .option('--json', 'print the decided request as JSON')
    .action((id: string, options: Common & { reason?: string; as?: string }) => decide(id, true, options));

  approvals
    .command('deny')
    .alias('reject')
    .argument('<id>')
    .addOption(configOption())
    .option('--reason <text>', 'why; the agent reads it')
    .option('--as <name>', 'the approver recorded (default: cli:<your user name>)')
    .option('--json', 'print the decided request as JSON')
    .action((id: string, options: Common & { reason?: string; as?: string }) => decide(id, false, options));
}
