import type { FastifyReply } from 'fastify';
import type { ListPage } from './backend.js';
import type { CreateResult } from './domain/batch-create.js';
import type { PoolActionResult } from './domain/pools.js';
import { JSON_TYPE } from './errors.js';
import { operationLifecycle, progressOf, type LogEntry, type Operation, type Pool, type StoredObject } from './model.js';

/**
 * Toloka on the wire (docs: https://toloka.ai/docs/api/api-reference/): JSON documents of
 * operations, pools and created objects, and the status codes of creates (201 sync, 202 async)
 * and pool actions (202 with an operation, 204 when there is nothing to do).
 */
export class TolokaViews {
  readonly #now: () => number;
  /**
   * The JSON of an ended operation (it cannot change then), kept from its second read on: a
   * client that stops at the end (most do) leaves no copy behind, one that keeps polling gets
   * it without a stringify. null after the first read of the end. Measured on the bench's
   * "toloka operation GET (SUCCESS)" case (bench/README.md); dropped with the log.
   */
  #ended = new WeakMap<Operation, string | null>();

  constructor(now: () => number) {
    this.#now = now;
  }

  operationJson(op: Operation): string {
    const kept = this.#ended.get(op);
    if (typeof kept === 'string') return kept;
    const json = JSON.stringify(this.operation(op));
    if (operationLifecycle.isTerminal(op.state) && !op.logArchived) this.#ended.set(op, kept === null ? json : null);
    return json;
  }

  /** `GET /operations/{id}`: always a few hundred bytes of JSON. */
  sendOperation(reply: FastifyReply, op: Operation): void {
    reply.type(JSON_TYPE).send(this.operationJson(op));
  }

  /** The operation document (docs: Operation): `started` and `finished` only once they happened, `details` with the counts at the end. */
  operation(op: Operation): Record<string, unknown> {
    const view: Record<string, unknown> = { id: op.id, type: op.type, status: op.state, submitted: op.submittedText };
    if (op.startedText !== undefined) view.started = op.startedText;
    if (op.finishedText !== undefined) view.finished = op.finishedText;
    view.progress = progressOf(op, this.#now());
    view.parameters = op.parameters;
    if (op.counts) view.details = op.counts;
    else if (op.batch) view.details = { items_count: op.batch.items.length };
    return view;
  }

  operations(page: ListPage<Operation>): ListPage<Record<string, unknown>> {
    return { items: page.items.map((o) => this.operation(o)), has_more: page.has_more };
  }

  log(log: LogEntry[]): LogEntry[] {
    return log;
  }

  objects(page: ListPage<StoredObject>): ListPage<unknown> {
    return { items: page.items.map((o) => o.view), has_more: page.has_more };
  }

  object(obj: StoredObject): unknown {
    return obj.view;
  }

  /** A create: 202 with the operation (async_mode), else 201 with the object or `{items, validation_errors}`. */
  created(reply: FastifyReply, result: CreateResult): void {
    if (result.kind === 'operation') {
      reply.code(202).type(JSON_TYPE).send(this.operationJson(result.op));
      return;
    }
    if (result.kind === 'object') {
      reply.code(201).send(result.object.view);
      return;
    }
    const items: Record<string, unknown> = {};
    for (const [i, o] of Object.entries(result.items)) items[i] = o.view;
    reply.code(201).send({ items, validation_errors: result.validationErrors });
  }

  /** POST /pools/{id}/open|close: 202 with the operation, or 204 ("If the pool is already open, an empty response with status 204 is returned"). */
  poolAction(reply: FastifyReply, result: PoolActionResult): void {
    if (result.kind === 'unchanged') reply.code(204).send();
    else reply.code(202).type(JSON_TYPE).send(this.operationJson(result.op));
  }

  pool(p: Pool): Record<string, unknown> {
    return {
      id: p.id,
      project_id: p.project_id,
      private_name: p.private_name,
      status: p.status,
      type: p.type,
      created: p.created,
      defaults: p.defaults,
      ...(p.last_started ? { last_started: p.last_started } : {}),
      ...(p.last_stopped ? { last_stopped: p.last_stopped } : {}),
      ...(p.last_close_reason ? { last_close_reason: p.last_close_reason } : {}),
    };
  }

  reset(): void {
    this.#ended = new WeakMap();
  }
}
