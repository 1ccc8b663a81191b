// Who is using the dashboard and the admin API. On loopback with no admin token set, the
// local operator; otherwise the admin token or a named approver's token is required. An
// agent's key never opens the admin side: an agent cannot approve its own calls.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config/types.ts';
import { isLoopback } from '../downstream/http-guards.ts';

export type AdminIdentity = { who: string; admin: boolean } | { refused: string; status: 401 | 403 };

const digest = (s: string) => createHash('sha256').update(s).digest();

export class AdminAuth {
  readonly #admin?: Buffer;
  readonly #approvers: { name: string; digest: Buffer }[];
  readonly #agents: Buffer[];
  readonly #open: boolean;

  constructor(config: Config, env: NodeJS.ProcessEnv = process.env) {
    const token = config.gateway.adminToken ?? env.GATEHOUSE_ADMIN_TOKEN;
    if (token) this.#admin = digest(token);
    this.#approvers = config.approvals.approvers.map((a) => ({ name: a.name, digest: digest(a.token) }));
    this.#agents = config.agents.map((a) => digest(a.key));
    this.#open = !token && isLoopback(config.gateway.host);
  }

  /** Whether a token is needed at all, so the page can ask for one up front. */
  get tokenRequired(): boolean {
    return !this.#open;
  }

  identify(req: IncomingMessage): AdminIdentity {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    // Pages opened by navigation cannot send a header: the page's login sets a SameSite cookie.
    const cookie = /(?:^|;\s*)gatehouse_admin=([^;]+)/.exec(req.headers.cookie ?? '');
    const token = match?.[1] ?? (cookie ? cookieValue(cookie[1]) : undefined);
    const presented = token ? digest(token) : undefined;
    if (presented && this.#agents.some((d) => timingSafeEqual(d, presented))) {
      return { refused: 'an agent key does not open the admin API', status: 403 };
    }
    if (presented && this.#admin && timingSafeEqual(this.#admin, presented)) return { who: 'admin', admin: true };
    const approver = presented && this.#approvers.find((a) => timingSafeEqual(a.digest, presented));
    if (approver) return { who: approver.name, admin: false };
    if (this.#open) return { who: 'local operator', admin: true };
    if (presented) return { refused: 'the token is not recognised', status: 401 };
    if (!this.#admin && this.#approvers.length === 0) {
      return { refused: 'the gateway listens beyond loopback: set gateway.admin_token (or GATEHOUSE_ADMIN_TOKEN) to use the admin API', status: 403 };
    }
    return { refused: 'an admin or approver token is required (Authorization: Bearer <token>)', status: 401 };
  }
}

/** A cookie's value, percent-decoded; a badly encoded one is taken as written (and will not match). */
function cookieValue(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
