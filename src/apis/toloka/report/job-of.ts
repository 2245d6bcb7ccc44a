import type { RawRequest } from '../../../core/journal.js';
import { apiPath, bodyText } from '../../../journal/render.js';

const OPERATION = /^\/api\/v1\/operations\/([^/]+)(?:\/log)?$/;

/**
 * The operation a journaled Toloka request touched: the id in an operation's URL (or its log's),
 * or the operation a 202 answered with (async creates, pool and project actions).
 */
export function tolokaJobOf(r: RawRequest): string | null {
  const polled = OPERATION.exec(apiPath('toloka', r.url));
  if (polled) return decodeURIComponent(polled[1]!);
  if (r.status !== 202) return null;
  const text = bodyText(r.responseBody);
  if (!text?.startsWith('{')) return null;
  try {
    const op = JSON.parse(text) as { id?: unknown; type?: unknown };
    return typeof op.id === 'string' && typeof op.type === 'string' ? op.id : null;
  } catch {
    return null;
  }
}
