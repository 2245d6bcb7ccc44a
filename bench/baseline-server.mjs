/**
 * The benchmarks' ceiling: a bare Fastify app (default options, no logger, no plugins), started
 * the same way as the stand (its own process, pinned to the same core, loopback, port 0).
 * Plain JavaScript run by plain node, so its cold start is node + Fastify and nothing else.
 *
 *   node bench/baseline-server.mjs '<json config>'
 *
 * Config `mode`:
 * - "static": one route (`method`, `url`) answering `status`, `headers`, `body` (or the bytes of
 *   `bodyFile`): the same bytes the stand answered for that request (captured by the suite first;
 *   `base64: true` when `body` is base64, e.g. a gzipped file).
 * - "lifecycle": `api` one of appmetrica | mytarget | toloka: jobs kept in a Map, "done" after
 *   two polls, then the result; bodies are the stand's (`bodies`, captured by the suite), with
 *   the job's id put in.
 * - "health": GET /_stand/health -> {"status":"ok"} (cold start).
 * Prints `baseline listening http://127.0.0.1:PORT` on stderr when ready.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const config = JSON.parse(process.argv[2] ?? '{"mode":"health"}');
const app = Fastify();

if (config.mode === 'static') {
  // A body too large for a command line (a statistics report) comes from a file; `base64`: bytes
  // that are no UTF-8 text (a gzipped answer).
  const body = config.bodyFile
    ? readFileSync(config.bodyFile)
    : config.asString ? config.body : Buffer.from(config.body, config.base64 ? 'base64' : 'utf8');
  app.route({
    method: config.method ?? 'GET',
    url: config.url,
    handler: (_request, reply) => {
      reply.code(config.status).headers(config.headers);
      return reply.send(body);
    },
  });
} else if (config.mode === 'lifecycle') {
  lifecycle(config.api, config.bodies ?? {});
} else {
  app.get('/_stand/health', async () => ({ status: 'ok' }));
}

/** Jobs in a Map; the second poll of a job sees it done; the result removes it. */
function lifecycle(api, bodies) {
  const jobs = new Map();
  let seq = 0;
  if (api === 'mytarget') {
    const done = JSON.parse(bodies.done);
    const started = JSON.parse(bodies.started);
    const result = Buffer.from(bodies.result, 'utf8');
    app.route({
      method: ['GET', 'POST'],
      url: '/mytarget/async_api/*',
      handler: (_request, reply) => {
        const id = String(++seq);
        jobs.set(id, { polls: 0 });
        return reply.code(202).header('location', `/mytarget/async_api/v2/requests/${id}.json`).send();
      },
    });
    app.get('/mytarget/async_api/v2/requests/:file', (request, reply) => {
      const id = request.params.file.slice(0, -'.json'.length);
      const job = jobs.get(id);
      if (!job) return reply.code(404).send({ error: 'not found' });
      job.polls++;
      if (job.polls < 2) return reply.type('application/json').send(JSON.stringify({ ...started, id }));
      const url = `/mytarget/async_api/v2/responses/${id}.json`;
      return reply.code(303).header('location', url).type('application/json').send(JSON.stringify({ ...done, id, response_url: url }));
    });
    app.get('/mytarget/async_api/v2/responses/:file', (request, reply) => {
      const id = request.params.file.slice(0, -'.json'.length);
      const job = jobs.get(id);
      if (!job || job.polls < 2) return reply.code(404).send({ error: 'not found' });
      jobs.delete(id);
      return reply.type('application/json').send(result);
    });
  } else if (api === 'toloka') {
    const submitted = JSON.parse(bodies.submitted);
    const running = JSON.parse(bodies.running);
    const success = JSON.parse(bodies.success);
    const log = Buffer.from(bodies.log, 'utf8');
    app.post('/toloka/api/v1/tasks', (request, reply) => {
      if (!Array.isArray(request.body) && typeof request.body !== 'object') return reply.code(400).send({ code: 'VALIDATION_ERROR' });
      const id = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
      jobs.set(id, { polls: 0 });
      return reply.code(202).send({ ...submitted, id });
    });
    app.get('/toloka/api/v1/operations/:id', (request, reply) => {
      const job = jobs.get(request.params.id);
      if (!job) return reply.code(404).send({ code: 'DOES_NOT_EXIST' });
      job.polls++;
      return reply.send({ ...(job.polls < 2 ? running : success), id: request.params.id });
    });
    app.get('/toloka/api/v1/operations/:id/log', (request, reply) => {
      const job = jobs.get(request.params.id);
      if (!job || job.polls < 2) return reply.code(404).send({ code: 'DOES_NOT_EXIST' });
      jobs.delete(request.params.id);
      return reply.type('application/json; charset=utf-8').send(log);
    });
  } else if (api === 'appmetrica') {
    const file = Buffer.from(bodies.file, 'utf8');
    app.get('/appmetrica/logs/v1/export/:resource', (request, reply) => {
      const key = request.url;
      const job = jobs.get(key);
      if (!job) {
        jobs.set(key, { polls: 0 });
        return reply.code(202).type('text/plain').send(bodies.queued);
      }
      job.polls++;
      if (job.polls < 2) return reply.code(202).type('text/plain').send(bodies.waiting);
      jobs.delete(key);
      return reply.code(200).type('text/csv').send(file);
    });
  } else {
    throw new Error(`unknown lifecycle api ${api}`);
  }
}

await app.listen({ port: config.port ?? 0, host: '127.0.0.1' });
const address = app.server.address();
process.stderr.write(`baseline listening http://127.0.0.1:${address.port}\n`);
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
