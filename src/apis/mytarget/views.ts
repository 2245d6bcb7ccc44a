import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { requestsPath, responsesPath } from './backend.js';
import { JSON_TYPE } from './errors.js';
import { moscowDateTime, type AsyncCall, type LazyBody, type SyncAnswer } from './model.js';

/** Bytes a large answer's stream buffers before it waits for the socket to drain. */
const STREAM_BUFFER = 64 * 1024;

/**
 * A large answer's body as a stream, made one step (a few ms of work) per turn of the event
 * loop, and only while the socket takes it: a 90-day report for 200 banners never holds the
 * loop for other clients (bench/mytarget-statistics.ts measures the health check's latency
 * meanwhile). An empty step is a pause in the making: nothing to send yet. Without the turn
 * between steps a socket on loopback takes every chunk at once and the stream would make the
 * whole answer in one go.
 */
function streamOf(body: LazyBody): Readable {
  const chunks = body.chunks()[Symbol.iterator]();
  const stream = new Readable({
    highWaterMark: STREAM_BUFFER,
    read() {
      setImmediate(step);
    },
  });
  const step = () => {
    if (stream.destroyed) return;
    const next = chunks.next();
    if (next.done) stream.push(null);
    else if (next.value === '') setImmediate(step);
    else stream.push(next.value);
  };
  return stream;
}

/** What a done call's status says, once made under one mount prefix. */
interface DoneStatus {
  readonly prefix: string;
  readonly url: string;
  readonly json: string;
}

/**
 * The myTarget API on the wire. The sync API's answers are bytes already (the async API stores
 * and replays them exactly as a sync call would have answered); the async API's own documents
 * are made here: the bare 202 with Location, the status (200, or 303 once done), the replay.
 */
export class MytargetViews {
  /**
   * A done call's status never changes, and clients poll until they see it (some poll on after):
   * its JSON is made once per mount prefix and kept with the call until it expires. The bench's
   * "mytarget status poll, 303 done" case measures this path (bench/README.md).
   */
  #done = new WeakMap<AsyncCall, DoneStatus>();

  sync(reply: FastifyReply, answer: SyncAnswer): void {
    reply.code(answer.status).headers(answer.headers);
    reply.send(typeof answer.body === 'string' ? answer.body : streamOf(answer.body));
  }

  /** The docs show a bare 202 with Location (relative, as documented; prefixed on the main listener). */
  submitted(reply: FastifyReply, call: AsyncCall, prefix: string): void {
    reply.code(202).header('location', `${prefix}${requestsPath(call.id)}`).send();
  }

  /** `GET /async_api/v2/requests/{id}.json` (docs: "Получение статуса запроса"): 200 while on its way, 303 to the result once done. */
  status(reply: FastifyReply, call: AsyncCall, prefix: string): void {
    if (call.state !== 'done') {
      // The JSON.stringify text, written out: digits, a state name and a datetime need no
      // escaping, and an object to stringify per poll was a tenth of a poll's cost.
      reply.type(JSON_TYPE).send(`{"id":"${call.id}","status":"${call.state}","created":"${call.createdText}"}`);
      return;
    }
    let done = this.#done.get(call);
    if (done?.prefix !== prefix) {
      const url = `${prefix}${responsesPath(call.id)}`;
      const body = {
        id: call.id,
        status: 'done',
        response_http_code: call.answer!.status,
        response_url: url,
        started: moscowDateTime(call.startedAt!),
        exec_time: execTime(call),
        created: call.createdText,
      };
      done = { prefix, url, json: JSON.stringify(body) };
      this.#done.set(call, done);
    }
    reply.code(303).header('location', done.url).type(JSON_TYPE).send(done.json);
  }

  /** The stored answer of a done call, replayed with every header it had (docs: "с сохранением всех HTTP-заголовков оригинального ответа"). */
  response(reply: FastifyReply, answer: SyncAnswer): void {
    this.sync(reply, answer);
  }

  reset(): void {
    this.#done = new WeakMap();
  }
}

/** `exec_time` of a done call: an integer, as in the docs' example (`125`), in the scenario's unit (seconds, rounded, by default). */
function execTime(call: AsyncCall): number {
  const ms = call.doneAt! - call.startedAt!;
  return call.plan.execTimeUnit === 'milliseconds' ? Math.round(ms) : Math.round(ms / 1000);
}
