import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StandConfig } from '../config.js';

/** Whether a host or peer address is this machine's loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === 'localhost' || address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * A stand that listens beyond loopback with no admin token (the Docker image binds 0.0.0.0)
 * takes admin changes (reset, clock, scenarios, jobs) only from this machine: anyone who reaches
 * the port could otherwise reset it. Reads stay open; journals show tokens masked.
 */
export function guardAdminWrites(app: FastifyInstance, config: StandConfig): void {
  if (config.adminToken !== undefined || isLoopback(config.host)) return;
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || isLoopback(request.socket.remoteAddress)) return undefined;
    return reply.code(403).send({
      error: {
        code: 'STAND_ADMIN_LOCKED',
        message: `this stand listens on ${config.host} with no admin token, so it takes admin changes from its own machine only; start it with --admin-token (STAND_ADMIN_TOKEN) and send "Authorization: Bearer <token>"`,
      },
    });
  });
}
