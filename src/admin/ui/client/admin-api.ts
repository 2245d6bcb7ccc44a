/** Reads and control verbs of the admin API, relative to /_stand/ui (so a proxy may mount the stand under a path). */

/** The admin API refused the token (or got none): the page asks for it. */
export class Unauthorized extends Error {
  constructor() {
    super('the admin token is missing or wrong');
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  /** Sent as JSON. */
  body?: unknown;
}

/** One admin call; its JSON answer, or an Error with the admin API's own message. */
export async function call<T>(path: string, token: string, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  const init: RequestInit = { method: opts.method ?? 'GET', headers, cache: 'no-store' };
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.status === 401) throw new Unauthorized();
  if (!res.ok) throw new Error(messageOf(json) ?? `${res.status} ${res.statusText}`);
  return json as T;
}

/** The message of an admin error answer, {"error":{"code","message"}}. */
function messageOf(json: unknown): string | undefined {
  const error = (json as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' ? error.message : undefined;
}
