import { schemeTokenReader } from '../../core/auth-header.js';
import type { ApiContext } from '../api.js';
import type { AuthedCall, CallContext } from '../call-context.js';
import { errors } from './errors.js';

/** `Authorization: Bearer <token>` -> the token (api_arrangement, "Authorization"); null otherwise. */
export const tokenOf = schemeTokenReader(['Bearer']);

/** myTarget's authentication, the one place it is decided: no token, a malformed one, or one the scenario does not list is a 401. */
export function authenticator(ctx: ApiContext): (call: CallContext) => AuthedCall {
  return (call) => {
    const token = call.account;
    const allowed = ctx.scenarios.active.tokens;
    if (token === null || (allowed && !allowed.includes(token))) throw errors.invalidToken();
    return call as AuthedCall;
  };
}
