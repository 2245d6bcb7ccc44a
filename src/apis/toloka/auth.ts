import { schemeTokenReader } from '../../core/auth-header.js';
import type { ApiContext } from '../api.js';
import type { AuthedCall, CallContext } from '../call-context.js';
import { errors } from './errors.js';

/** The token of `Authorization: OAuth <token>` or `Authorization: ApiKey <key>` (docs: authentication); null otherwise. */
export const tokenOf = schemeTokenReader(['OAuth', 'ApiKey']);

/** Toloka's authentication, the one place it is decided: a missing header, another scheme, or a token the scenario does not list is a 401. */
export function authenticator(ctx: ApiContext): (call: CallContext) => AuthedCall {
  return (call) => {
    const authorization = call.authorization;
    if (!authorization || authorization.trim() === '') throw errors.noAuth();
    if (call.account === null) throw errors.badAuthScheme();
    const allowed = ctx.scenarios.active.tokens;
    if (allowed && !allowed.includes(call.account)) throw errors.unknownToken();
    return call as AuthedCall;
  };
}
