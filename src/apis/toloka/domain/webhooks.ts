import { createHmac } from 'node:crypto';
import type { CallbackDispatcher, CallbackOutcome } from '../../../core/callbacks.js';
import type { Ids } from '../../../core/random.js';
import { internalContext } from '../../call-context.js';
import { errors, fieldError, type FieldErrors } from '../errors.js';
import type { Account, Assignment, Pool } from '../model.js';
import type { WebhookForm } from './forms.js';
import type { ListSpec } from './lists.js';
import type { TimeTexts } from './time-texts.js';

/** docs: WebhookSubscriptionViewV1 (the secret is kept, never shown). */
export interface Subscription {
  readonly id: string;
  readonly created: string;
  readonly createdAt: number;
  webhook_url: string;
  readonly event_type: WebhookForm['event_type'];
  readonly pool_id: string;
  secret_key: string | undefined;
}

/** GET /webhook-subscriptions: event_type, pool_id, id and created filters; toloka-kit pages by created. */
export const SUBSCRIPTION_LIST: ListSpec<Subscription> = {
  id: (s) => s.id,
  times: { created: (s) => s.createdAt },
  equals: { event_type: (s) => s.event_type, pool_id: (s) => s.pool_id },
  defaultLimit: 50,
  maxLimit: 300,
};

/** The assignment events of the crowd, as webhook event types (docs: the accepted one is ASSIGNMENT_APPROVED). */
export type AssignmentEvent = 'CREATED' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'SKIPPED' | 'EXPIRED';

/**
 * Webhook subscriptions (docs: using-webhook-subscriptions, authentication): a PUT upserts a
 * batch (one subscription per pool and event type: a second one replaces the first's URL and
 * secret), and every matching event is POSTed as `{"events":[...]}` through the stand's callback
 * dispatcher (its retries and journal), signed `Toloka-Signature: {v=1, ts=..., sign=...}` when
 * the subscription has a secret: HMAC-SHA256 of "<ts>.<v>.<body>".
 */
export class Webhooks {
  readonly #ids: Ids;
  readonly #texts: TimeTexts;
  readonly #callbacks: CallbackDispatcher;
  readonly #now: () => number;
  #byAccount = new WeakMap<Account, Map<string, Subscription>>();

  constructor(ids: Ids, texts: TimeTexts, callbacks: CallbackDispatcher, now: () => number) {
    this.#ids = ids;
    this.#texts = texts;
    this.#callbacks = callbacks;
    this.#now = now;
  }

  all(account: Account): Map<string, Subscription> {
    let subs = this.#byAccount.get(account);
    if (!subs) this.#byAccount.set(account, (subs = new Map()));
    return subs;
  }

  /** PUT /webhook-subscriptions with a list: `{items: {index: view}, validation_errors: {index: field errors}}`. */
  upsert(account: Account, items: readonly unknown[], parse: (item: unknown) => WebhookForm | FieldErrors): { items: Record<string, Subscription>; validation_errors: Record<string, FieldErrors> } {
    const out = { items: {} as Record<string, Subscription>, validation_errors: {} as Record<string, FieldErrors> };
    items.forEach((item, i) => {
      const form = parse(item);
      if (!('event_type' in form) || typeof form.event_type !== 'string') {
        out.validation_errors[String(i)] = form as FieldErrors;
        return;
      }
      const put = this.#put(account, form as WebhookForm);
      if ('errors' in put) out.validation_errors[String(i)] = put.errors;
      else out.items[String(i)] = put.sub;
    });
    return out;
  }

  /**
   * PUT /webhook-subscriptions with one subscription (the OAS: a WebhookSubscriptionFormV1 in, its
   * view out; toloka-java-sdk's upsertWebhookSubscription reads 201 as new, 200 as changed).
   */
  upsertOne(account: Account, form: WebhookForm): { sub: Subscription; created: boolean } {
    const put = this.#put(account, form);
    if ('errors' in put) throw errors.validation(put.errors);
    return put;
  }

  /** One subscription per pool and event type: a second one replaces the first's URL and secret. */
  #put(account: Account, f: WebhookForm): { sub: Subscription; created: boolean } | { errors: FieldErrors } {
    if (!account.pools.has(f.pool_id)) return { errors: { pool_id: fieldError('ENTITY_DOES_NOT_EXIST') } };
    const subs = this.all(account);
    const sub = [...subs.values()].find((s) => s.pool_id === f.pool_id && s.event_type === f.event_type);
    if (sub) {
      sub.webhook_url = f.webhook_url;
      sub.secret_key = f.secret_key;
      return { sub, created: false };
    }
    const now = this.#now();
    // 24 hex digits, as the OAS example webhook-id.yaml ("62ee14ada451956b21388859").
    const made = { id: this.#ids.hex('toloka-webhook', 24), created: this.#texts.of(now), createdAt: now, webhook_url: f.webhook_url, event_type: f.event_type, pool_id: f.pool_id, secret_key: f.secret_key };
    subs.set(made.id, made);
    return { sub: made, created: true };
  }

  get(account: Account, id: string): Subscription {
    const sub = this.all(account).get(id);
    if (!sub) throw errors.notFound('webhook subscription', id);
    return sub;
  }

  remove(account: Account, id: string): void {
    this.get(account, id);
    this.all(account).delete(id);
  }

  /** POST /webhook-subscriptions/{id}/test: a TEST_EVENT now, and what the receiver answered. */
  async test(account: Account, id: string): Promise<{ outcome: CallbackOutcome; uuid: string; at: string }> {
    const sub = this.get(account, id);
    const uuid = this.#ids.uuid('toloka-event');
    const at = this.#texts.of(this.#now());
    const event = { uuid, event_time: at, pool_id: sub.pool_id, webhook_subscription_id: sub.id, type: 'TEST_EVENT' };
    const outcome = await this.#callbacks.probe(this.#request(account, sub, [event]));
    return { outcome, uuid, at };
  }

  assignment(account: Account, a: Assignment, event: AssignmentEvent): void {
    const pool = account.pools.get(a.poolId);
    this.#emit(account, a.poolId, `ASSIGNMENT_${event}`, (sub) => ({
      uuid: this.#ids.uuid('toloka-event'),
      event_time: this.#texts.of(this.#now()),
      project_id: pool?.project_id,
      pool_id: a.poolId,
      task_suite_id: a.taskSuiteId,
      assignment_id: a.id,
      webhook_subscription_id: sub.id,
      type: `ASSIGNMENT_${event}`,
    }));
  }

  poolClosed(account: Account, pool: Pool): void {
    this.#emit(account, pool.id, 'POOL_CLOSED', (sub) => ({
      uuid: this.#ids.uuid('toloka-event'),
      event_time: this.#texts.of(this.#now()),
      project_id: pool.project_id,
      pool_id: pool.id,
      close_reason: pool.last_close_reason,
      webhook_subscription_id: sub.id,
      type: 'POOL_CLOSED',
    }));
  }

  #emit(account: Account, poolId: string, type: string, event: (sub: Subscription) => Record<string, unknown>): void {
    const subs = this.#byAccount.get(account);
    if (!subs) return;
    for (const sub of subs.values()) {
      if (sub.pool_id === poolId && sub.event_type === type) this.#callbacks.send(this.#request(account, sub, [event(sub)]));
    }
  }

  #request(account: Account, sub: Subscription, events: Record<string, unknown>[]) {
    const json = JSON.stringify({ events });
    const headers: Record<string, string> = {};
    if (sub.secret_key !== undefined) {
      const ts = String(this.#now());
      const sign = createHmac('sha256', sub.secret_key).update(`${ts}.1.${json}`).digest('hex');
      headers['toloka-signature'] = `{v=1, ts=${ts}, sign=${sign}}`;
    }
    const ctx = { ...internalContext('toloka', 'POST', `/api/v1/webhook-subscriptions/${sub.id}`), account: account.token };
    return { ctx, jobId: sub.id, url: sub.webhook_url, method: 'POST' as const, json, headers };
  }

  reset(): void {
    this.#byAccount = new WeakMap();
  }
}
