// The approval stage of the tools/call chain: use an approval already granted to this very
// call (async mode), or ask for one and wait — in the client itself (elicit), or holding the
// call with progress notifications (hold) — or tell the agent to come back (async).
import { argsDigest, argsJson } from '../audit/digest.ts';
import type { ApprovalRequest } from '../approvals/types.ts';
import { DEFAULT_APPROVAL } from '../config/types.ts';
import { ruleLabel } from '../policy/describe.ts';
import type { DecisionAction, MatchedRule, ToolCall } from '../policy/types.ts';
import type { GatewayContext } from './context.ts';
import { approvalPendingResult, expiredResult, rejectedResult, type ToolResult } from './stopped.ts';

/** What the chain needs from the client's side of the session to ask or keep it waiting. */
export interface ClientAbilities {
  canElicit: boolean;
  /** Sends a progress notification when the client asked for progress; otherwise nothing. */
  progress(progress: number, message: string): void;
  elicit(params: Record<string, unknown>): Promise<{ action?: string; content?: Record<string, unknown> }>;
}

export type ApprovalOutcome =
  | { approved: ApprovalRequest }
  | { stopped: ToolResult; decision: DecisionAction; reason: string };

/** How often a held call tells its client it is still waiting. */
const HOLD_PROGRESS_MS = 5000;

export async function seekApproval(
  ctx: GatewayContext,
  call: ToolCall,
  rule: MatchedRule,
  client: ClientAbilities,
  requested: (approval: ApprovalRequest) => void,
): Promise<ApprovalOutcome> {
  const digest = argsDigest(call.args);
  const granted = await ctx.approvals.consume(call.agent, call.server, call.tool, digest);
  if (granted) return { approved: granted };

  const settings = rule.approval ?? DEFAULT_APPROVAL;
  const mode = settings.mode === 'async' ? 'async' : settings.mode === 'hold' || !client.canElicit ? 'hold' : 'elicit';
  const now = Date.now();
  const approval = await ctx.approvals.request({
    createdAt: now,
    expiresAt: now + settings.timeout * 1000,
    agent: call.agent,
    session: call.session,
    server: call.server,
    tool: call.tool,
    args: argsJson(call.args),
    argsDigest: digest,
    rule: ruleLabel(rule),
    mode,
    ttlS: settings.ttl,
  });
  requested(approval);
  if (mode === 'async') return { stopped: approvalPendingResult(rule, approval), decision: 'approval_pending', reason: `approval ${approval.id} requested` };

  const final = mode === 'elicit' ? await askInClient(ctx, call, approval, client) : await hold(ctx, approval, client);
  if (final.status === 'approved') return { approved: final };
  const by = final.decidedBy ? ` by ${final.decidedBy}` : '';
  const reason = `${final.status}${by}${final.reason ? `: ${final.reason}` : ''} (${final.id})`;
  if (final.status === 'rejected') return { stopped: rejectedResult(rule, final), decision: 'rejected', reason };
  return { stopped: expiredResult(rule, final), decision: 'expired', reason };
}

async function hold(ctx: GatewayContext, approval: ApprovalRequest, client: ClientAbilities): Promise<ApprovalRequest> {
  let ticks = 0;
  const say = () => client.progress(++ticks, `Waiting for a person to approve ${approval.server}/${approval.tool} (approval ${approval.id})`);
  say();
  const ticker = setInterval(say, HOLD_PROGRESS_MS);
  try {
    return await ctx.approvals.waitFor(approval.id);
  } finally {
    clearInterval(ticker);
  }
}

/**
 * Asks the user in their own client with a form that shows the call and asks for a decision
 * (never for a secret). Decline and cancel count as a rejection. A decision made meanwhile in
 * the dashboard or the CLI wins, and so does the deadline.
 */
async function askInClient(ctx: GatewayContext, call: ToolCall, approval: ApprovalRequest, client: ClientAbilities): Promise<ApprovalRequest> {
  const args = prettyArgs(call.args);
  const form = {
    message: `Gatehouse: the agent "${call.agent}" wants to call ${call.tool} on the server ${call.server}, which needs your approval (${approval.rule}).\n\nArguments:\n${args.length > 2000 ? `${args.slice(0, 2000)}…` : args}`,
    requestedSchema: {
      type: 'object',
      properties: {
        decision: { type: 'string', title: 'Decision', enum: ['approve', 'reject'], enumNames: ['Approve this call', 'Reject it'] },
        reason: { type: 'string', title: 'Reason (optional, shown to the agent)' },
      },
      required: ['decision'],
    },
  };
  const elsewhere = ctx.approvals.waitFor(approval.id);
  const answered = client.elicit(form).then(
    (answer) => ({ answer }),
    () => ({ answer: { action: 'cancel' } as { action?: string; content?: Record<string, unknown> } }),
  );
  const first = await Promise.race([elsewhere.then((decided) => ({ decided })), answered]);
  if ('decided' in first) return first.decided;
  const { answer } = first;
  const approve = answer.action === 'accept' && answer.content?.decision === 'approve';
  const reason = typeof answer.content?.reason === 'string' && answer.content.reason.trim() ? answer.content.reason.trim()
    : answer.action === 'accept' ? null : `the user chose ${answer.action ?? 'cancel'} in the client`;
  const decided = await ctx.approvals.decide(approval.id, approve, `the user of ${call.agent}'s client`, reason);
  return decided ?? (await elsewhere);
}

/** Indented for a person to read; arguments too deep for that are shown on one line. */
function prettyArgs(args: unknown): string {
  try {
    return JSON.stringify(args, null, 2) ?? 'null';
  } catch {
    return argsJson(args);
  }
}
