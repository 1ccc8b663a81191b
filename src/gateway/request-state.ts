// The `requestState` the gateway hands a 2026-07-28 client with an `input_required` result:
// an opaque token naming a parked call, sealed with an HMAC under a key that lives and dies
// with this process, so a state the client changed, made up or took from another agent is
// refused instead of resuming someone else's call.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'gh1.';

export class RequestStateSeal {
  readonly #key = randomBytes(32);

  /** Seals `token` for `agent`: only that agent's retry opens it. */
  seal(token: string, agent: string): string {
    return `${PREFIX}${token}.${this.#mac(token, agent)}`;
  }

  /**
   * The token inside a state this gateway sealed for `agent`; `undefined` for a state that is
   * not the gateway's (a server's own, passed through), `null` for one that was tampered with.
   */
  open(state: string, agent: string): string | null | undefined {
    if (!state.startsWith(PREFIX)) return undefined;
    const [token, mac] = state.slice(PREFIX.length).split('.');
    if (!token || !mac) return null;
    const expected = Buffer.from(this.#mac(token, agent));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
  }

  #mac(token: string, agent: string): string {
    return createHmac('sha256', this.#key).update(`${agent}\0${token}`).digest('base64url');
  }
}
