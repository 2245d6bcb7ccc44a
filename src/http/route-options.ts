/**
 * @fastify/compress (registered globally in app.ts) hooks every route twice: a preParsing hook
 * that inflates gzip request bodies and an onSend hook that decides whether to gzip the answer
 * (reading three headers and negotiating Accept-Encoding before it looks at the size). Polls
 * are GETs, the most frequent requests of every API, so their routes leave off what they
 * cannot use.
 */

/** A GET: no request body to inflate. Answers are still gzipped from 1 KiB (logs, lists, stored results). */
export const GET_ROUTE = { decompress: false } as const;

/** A GET whose answer is always far under 1 KiB (status polls): neither hook. */
export const SMALL_GET_ROUTE = { compress: false, decompress: false } as const;

