import { schemeTokenReader } from '../../core/auth-header.js';
import type { ApiContext } from '../api.js';
import type { AuthedCall, CallContext } from '../call-context.js';
import type { OauthTokens } from './domain/oauth.js';
import { errors } from './errors.js';
import type { MytargetPlan } from './plan.js';

/** `Authorization: Bearer <token>` -> the token (api_arrangement, "Authorization"); null otherwise. */
export const tokenOf = schemeTokenReader(['Bearer']);

/**
 * myTarget's authentication, the one place it is decided: the account a token stands for, or
 * the 401 (with WWW-Authenticate) a call gets. A token the stand issued (POST
 * /api/v2/oauth2/token.json) is its user's account while it lives: expired, `expired_token`;
 * refreshed away or deleted, `invalid_token`. Any other token is an account of its own, unless
 * the scenario lists the tokens that exist.
 */
export function accountOf(ctx: ApiContext, oauth: OauthTokens, token: string | null, plan: MytargetPlan): string {
  if (token === null) throw errors.token('invalid_token', plan.authErrorBody);
  const issued = oauth.check(token, ctx.clock.now());
  if (issued) {
    if ('error' in issued) throw errors.token(issued.error, plan.authErrorBody);
    return issued.account;
  }
  const allowed = ctx.scenarios.active.tokens;
  if (allowed && !allowed.includes(token)) throw errors.token('invalid_token', plan.authErrorBody);
  return token;
}

/** The routes' check: the call with its account (a token the stand issued stands for its user's account). */
export function authenticator(ctx: ApiContext, oauth: OauthTokens): (call: CallContext) => AuthedCall {
  return (call) => {
    const account = accountOf(ctx, oauth, call.account, ctx.scenarios.scenarioOf(call).mytarget);
    return (account === call.account ? call : { ...call, account }) as AuthedCall;
  };
}
