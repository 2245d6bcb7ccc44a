import type { RawRequest } from '../core/journal.js';
import { apiPath, bodyText, header } from '../journal/render.js';

/** Small helpers the rules share: grouping, gaps, reading answers. */

export function groupBy<K>(requests: readonly RawRequest[], key: (r: RawRequest) => K | null): Map<K, RawRequest[]> {
  const out = new Map<K, RawRequest[]>();
  for (const r of requests) {
    const k = key(r);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function pathOf(r: RawRequest): string {
  return apiPath(r.api, r.url);
}

export function requestHeader(r: RawRequest, name: string): string | undefined {
  return header(r.requestHeaders, name);
}

export function answerHeader(r: RawRequest, name: string): string | undefined {
  return header(r.responseHeaders, name);
}

/** The answer's body as JSON, or undefined. */
export function answerJson(r: RawRequest): unknown {
  const text = bodyText(r.responseBody);
  if (!text || (text[0] !== '{' && text[0] !== '[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The request's body as JSON (a parsed body as it was), or undefined. */
export function requestJson(r: RawRequest): unknown {
  if (typeof r.requestBody === 'object' && r.requestBody !== null && !Buffer.isBuffer(r.requestBody)) return r.requestBody;
  const text = bodyText(r.requestBody);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Pairs of consecutive requests (a, b) in a list kept oldest first. */
export function* pairs(list: readonly RawRequest[]): Generator<[RawRequest, RawRequest]> {
  for (let i = 1; i < list.length; i++) yield [list[i - 1]!, list[i]!];
}
