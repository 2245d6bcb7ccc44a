import { schemeTokenReader } from '../../core/auth-header.js';
import type { ApiContext } from '../api.js';
import type { AuthedCall, CallContext } from '../call-context.js';
import { errors } from './errors.js';

/** `Authorization: OAuth <token>` -> the token (docs: intro/authorization.md); null otherwise. */
export const tokenOf = schemeTokenReader(['OAuth']);

/**
 * The Logs API's authentication, the one place it is decided: a call without a usable token is
 * a 401 (which one depends on whether the query tries `oauth_token=`, which the docs say is not
 * supported), and so is a token the active scenario does not list.
 */
export function authenticator(ctx: ApiContext): (call: CallContext) => AuthedCall {
  return (call) => {
    const token = call.account;
    if (token === null) throw call.query['oauth_token'] !== undefined ? errors.tokenInUrl() : call.authorization ? errors.badToken() : errors.noToken();
    const allowed = ctx.scenarios.active.tokens;
    if (allowed && !allowed.includes(token)) throw errors.badToken();
    return call as AuthedCall;
  };
}
