import type { LightMyRequestResponse } from 'fastify';
import type { TestStand } from '../../src/testing/index.js';

/** Any token is an account of its own (unless the scenario lists tokens). */
export const TOKEN = 'token-a';
export const AUTH = { authorization: `Bearer ${TOKEN}` };
export const AUTH_B = { authorization: 'Bearer token-b' };
export const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' };

export function body<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

/** Submits `/mytarget/async_api/<rest>` and returns the status URL from Location. */
export async function submit(
  t: TestStand,
  options: { method?: string; rest: string; payload?: unknown; headers?: Record<string, string> },
): Promise<{ res: LightMyRequestResponse; location: string; id: string }> {
  const res = await t.inject({
    method: (options.method ?? 'GET') as 'GET',
    url: `/mytarget/async_api/${options.rest}`,
    headers: { ...(options.payload === undefined ? AUTH : JSON_HEADERS), ...options.headers },
    ...(options.payload === undefined ? {} : { payload: JSON.stringify(options.payload) }),
  });
  const location = String(res.headers.location ?? '');
  const id = /\/(\d+)\.json$/.exec(location)?.[1] ?? '';
  return { res, location, id };
}
