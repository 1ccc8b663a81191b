// Announces each new approval request to the operator's webhook: a JSON POST signed with
// HMAC-SHA256 over "<timestamp>.<body>" (so a receiver can refuse replays), retried with
// backoff, never awaited by the call that asked.
import { createHmac } from 'node:crypto';
import type { ApprovalEvent } from './service.ts';

export const SIGNATURE_HEADER = 'gatehouse-signature';

export interface WebhookOptions {
  url: string;
  secret: string;
  attempts?: number;
  firstDelayMs?: number;
  onFailure?: (message: string) => void;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` */
export function sign(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export function webhookNotifier(options: WebhookOptions): (event: ApprovalEvent) => void {
  const attempts = options.attempts ?? 5;
  const firstDelayMs = options.firstDelayMs ?? 1000;
  return (event) => {
    if (event.type !== 'requested') return;
    const a = event.approval;
    const body = JSON.stringify({
      type: 'approval.requested',
      approval: { id: a.id, agent: a.agent, server: a.server, tool: a.tool, arguments: JSON.parse(a.args), rule: a.rule, mode: a.mode, created_at: new Date(a.createdAt).toISOString(), expires_at: new Date(a.expiresAt).toISOString() },
    });
    void deliver(options, body, attempts, firstDelayMs);
  };
}

async function deliver(options: WebhookOptions, body: string, attempts: number, delayMs: number): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      // Signed afresh each attempt, so a retry carries a current timestamp.
      const signature = sign(options.secret, body, Math.floor(Date.now() / 1000));
      const res = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body, signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      if (res.ok) return;
      if (attempt === attempts) options.onFailure?.(`webhook answered ${res.status} after ${attempts} attempts`);
    } catch (err) {
      if (attempt === attempts) options.onFailure?.(`webhook unreachable after ${attempts} attempts: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, delayMs * 2 ** (attempt - 1)).unref());
  }
}
