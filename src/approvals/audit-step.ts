// The audit record of one approval step (approved, rejected, expired), written by whoever took
// the step: the gateway for its own decisions and expiries, the CLI for the ones it makes.
import type { AuditRecord } from '../audit/types.ts';
import type { ApprovalEvent } from './service.ts';

export function approvalStepRecord(event: ApprovalEvent, auditArguments: boolean): AuditRecord {
  const a = event.approval;
  const by = a.decidedBy ? ` by ${a.decidedBy}` : '';
  return {
    time: a.decidedAt ?? Date.now(),
    requestId: a.id,
    agent: a.agent,
    session: a.session,
    server: a.server,
    tool: a.tool,
    decision: event.type === 'approved' || event.type === 'rejected' || event.type === 'expired' ? event.type : 'approval_pending',
    rule: a.rule,
    reason: `${event.type}${by}${a.reason ? `: ${a.reason}` : ''} (${a.id})`,
    gatewayMs: 0,
    upstreamMs: null,
    outcome: 'not_forwarded',
    argsDigest: a.argsDigest,
    args: auditArguments ? a.args : null,
  };
}
