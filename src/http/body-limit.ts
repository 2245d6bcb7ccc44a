import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A body over the limit is answered 413 before it has arrived. Fastify then closes the
 * connection with the rest unread, and the kernel resets it: a client that reads its answer only
 * once it has sent the body (curl) never sees the 413. Instead the connection stays open and the
 * rest is read and dropped, bounded by the server's request timeout, so the answer arrives.
 */
export function readRestOfBody(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  if (raw.complete || raw.destroyed) return;
  reply.removeHeader('connection');
  raw.unpipe(); // a preParsing stream (the state file's copy of the body)
  raw.resume();
}

/** Whether an error is the framework's "body too large". */
export function isBodyTooLarge(error: { code?: string }): boolean {
  return error.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
}
