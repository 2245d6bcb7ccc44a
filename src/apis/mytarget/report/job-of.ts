import type { RawRequest } from '../../../core/journal.js';
import { apiPath, header } from '../../../journal/render.js';

const POLLED = /^\/async_api\/v2\/(?:requests|responses)\/([^/]+)\.json$/;

/**
 * The async call a journaled myTarget request touched: the id in a status or result URL, or in
 * the Location of the 202 that submitted it. Sync calls touch no job.
 */
export function mytargetJobOf(r: RawRequest): string | null {
  const polled = POLLED.exec(apiPath('mytarget', r.url));
  if (polled) return decodeURIComponent(polled[1]!);
  if (r.status === 202) return /\/requests\/([^/]+)\.json$/.exec(header(r.responseHeaders, 'location') ?? '')?.[1] ?? null;
  return null;
}
