import { createHash } from 'node:crypto';

/**
 * Tokens as the journals, the report and the logs show them: enough to tell clients apart, not
 * enough to use. The first characters (a third of the token, at most 4) and a short digest of the
 * whole, so two tokens with the same beginning stay apart: `my…(0f3a)`.
 */
export function maskToken(token: string): string {
  const shown = token.slice(0, Math.min(4, Math.floor(token.length / 3)));
  return `${shown}…(${createHash('sha256').update(token).digest('hex').slice(0, 4)})`;
}

/** Whether `given` names `token`: the token itself, or its masked form (what the journals show). */
export function namesToken(given: string, token: string | null): boolean {
  if (token === null) return false;
  return given === token || (given.includes('…(') && given === maskToken(token));
}

/** Headers that carry credentials; their value keeps the scheme and masks the rest. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

export function maskHeaderValue(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  const m = /^(\w+)\s+(.+)$/.exec(value);
  return m ? `${m[1]} ${maskToken(m[2]!)}` : maskToken(value);
}

/** Query parameters and URL credentials that carry secrets. */
const SECRET_PARAMS = /^(?:oauth_token|access_token|token|api_key|apikey|key|secret|password|auth)$/i;

/** A query value as text; a malformed escape (`%E0%A4%A`, sent by a client) stays as it came. */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A URL with its password and secret-looking query values masked (callback URLs, request URLs). */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  let head = q < 0 ? url : url.slice(0, q);
  head = head.replace(/^(\w+:\/\/[^/:@]+):([^/@]+)@/, (_m, user: string, pass: string) => `${user}:${maskToken(pass)}@`);
  if (q < 0) return head;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || !SECRET_PARAMS.test(pair.slice(0, eq))) return pair;
      return `${pair.slice(0, eq)}=${encodeURIComponent(maskToken(decoded(pair.slice(eq + 1))))}`;
    })
    .join('&');
  return `${head}?${query}`;
}
