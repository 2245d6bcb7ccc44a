/**
 * How Toloka labels an account's app items, on the stand's clock: a line of waiting work, and at
 * most `apps.concurrency` items labeled at once. Items sent without a batch are taken first (the
 * docs' streaming mode: "processing starts immediately"), then batches by `priority_order` (ONE
 * first), the smaller batch first among equals ("the smallest batch is labeled first",
 * `toloka-apps/_includes/queue.md`), then the older. An item's reward is reserved when it starts
 * and paid when it is labeled (`domain/balance.ts`); one that cannot be paid is NO_MONEY. A
 * batch's status follows its items (OAS Batch.status: "calculated based on the states of items").
 */
import type { ApiContext } from '../../api.js';
import { hashString, type Random } from '../../../core/random.js';
import { available, pay, release, reserve } from '../domain/balance.js';
import { durationMs } from '../domain/crowd.js';
import type { Account } from '../model.js';
import type { AppsPlan } from '../plan.js';
import { appById } from './catalogue.js';
import { PRIORITIES, type AppBatch, type AppItem, type AppsOfAccount, type Waiting } from './model.js';

export class Labeling {
  readonly #ctx: ApiContext;
  #seq = 0;

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
  }

  #plan(): AppsPlan {
    return this.#ctx.scenarios.active.toloka.apps;
  }

  #random(): Random {
    return this.#ctx.ids.random('toloka-apps');
  }

  /** Puts items in line (a batch started or resumed, or items sent without a batch) and starts what may start. */
  queue(account: Account, apps: AppsOfAccount, batch: AppBatch | undefined, items: AppItem[]): void {
    if (items.length > 0) apps.line.push({ batch, items, next: 0, seq: this.#seq++ });
    if (batch) this.settle(apps, batch);
    this.pump(account, apps);
  }

  /** Takes a batch's waiting items out of the line (stop, archive); they are returned. */
  unqueue(apps: AppsOfAccount, batch: AppBatch): AppItem[] {
    const out: AppItem[] = [];
    for (let i = apps.line.length - 1; i >= 0; i--) {
      const w = apps.line[i]!;
      if (w.batch !== batch) continue;
      out.unshift(...w.items.slice(w.next));
      apps.line.splice(i, 1);
    }
    return out;
  }

  /** Starts waiting items while there are free slots and items of READY projects to start. */
  pump(account: Account, apps: AppsOfAccount): void {
    const plan = this.#plan();
    while (apps.labeling < plan.concurrency) {
      const w = this.#first(apps);
      if (!w) return;
      const item = w.items[w.next++]!;
      if (w.next >= w.items.length) apps.line.splice(apps.line.indexOf(w), 1);
      this.#start(account, apps, item, w.batch, plan);
    }
  }

  /** The unit to take from next: of a READY project, streaming first, then by priority, size and age. */
  #first(apps: AppsOfAccount): Waiting | undefined {
    let best: Waiting | undefined;
    for (const w of apps.line) {
      if (apps.projects.get(w.items[0]!.projectId)?.status !== 'READY') continue;
      if (!best || rank(w) < rank(best) || (rank(w) === rank(best) && (size(w) < size(best) || (size(w) === size(best) && w.seq < best.seq)))) best = w;
    }
    return best;
  }

  #start(account: Account, apps: AppsOfAccount, item: AppItem, batch: AppBatch | undefined, plan: AppsPlan): void {
    const price = batch?.itemPrice ?? apps.projects.get(item.projectId)!.itemPrice;
    const now = this.#ctx.clock.now();
    if (price > available(account)) {
      // OAS Item.status NO_MONEY: "not enough money for processing".
      item.status = 'NO_MONEY';
      if (batch) this.settle(apps, batch);
      return;
    }
    reserve(account, price);
    item.status = 'PROCESSING';
    item.started = now;
    apps.labeling++;
    if (batch) {
      batch.started ??= now;
      this.settle(apps, batch);
    }
    const ms = durationMs(plan.itemMs, this.#random());
    this.#ctx.scheduler.at(now + ms, () => this.#finish(account, apps, item, batch, price), `toloka app item ${item.id}`);
  }

  #finish(account: Account, apps: AppsOfAccount, item: AppItem, batch: AppBatch | undefined, price: number): void {
    if (item.status !== 'PROCESSING') return;
    release(account, price);
    pay(account, price);
    this.label(apps, item);
    apps.labeling--;
    if (batch) this.settle(apps, batch);
    this.pump(account, apps);
  }

  /** A synchronous batch's item: paid and labeled at once, or NO_MONEY. */
  labelNow(account: Account, apps: AppsOfAccount, item: AppItem, price: number): void {
    if (price > available(account)) {
      item.status = 'NO_MONEY';
      return;
    }
    pay(account, price);
    item.started = this.#ctx.clock.now();
    this.label(apps, item);
  }

  /** An item labeled now: COMPLETED, with the output its app gives (a class drawn from the item and the seed). */
  label(apps: AppsOfAccount, item: AppItem): void {
    const project = apps.projects.get(item.projectId)!;
    const app = appById(project.appId)!;
    const classes = app.classes(project.parameters);
    const h = hashString(`toloka app item ${item.id}`, this.#ctx.config.seed);
    const confidence = Math.round((0.6 + (h % 10_000) / 25_000) * 1e10) / 1e10;
    item.output = app.output(item.input, classes[h % classes.length]!, confidence);
    item.status = 'COMPLETED';
    item.finished = this.#ctx.clock.now();
  }

  /** A batch's status from its items, while it is being labeled (or stopped, or out of money). */
  settle(apps: AppsOfAccount, batch: AppBatch): void {
    if (batch.status === 'ARCHIVE' || batch.status === 'NEW') return;
    let processing = false;
    let noMoney = false;
    let completed = false;
    let stopped = false;
    for (const item of batch.items) {
      if (item.status === 'PROCESSING') processing = true;
      else if (item.status === 'NO_MONEY') noMoney = true;
      else if (item.status === 'COMPLETED') completed = true;
      else if (item.status === 'STOPPED') stopped = true;
    }
    const waiting = apps.line.some((w) => w.batch === batch);
    if (processing) batch.status = batch.stopping ? 'STOPPING' : 'PROCESSING';
    else if (waiting) batch.status = batch.started === undefined ? 'QUEUED' : 'PROCESSING';
    else {
      // A stop that came when every item had started leaves nothing stopped: the batch completes.
      batch.status = stopped ? 'STOPPED' : noMoney ? 'NO_MONEY' : completed || batch.items.length === 0 ? 'COMPLETED' : 'ERROR';
      if (!stopped) batch.stopping = false;
      if (batch.status === 'COMPLETED') batch.finished ??= this.#ctx.clock.now();
    }
  }

  /** When the batch should be done: its items left, `concurrency` at a time, at the mean labeling time. */
  eta(apps: AppsOfAccount, batch: AppBatch, now: number): number {
    const plan = this.#plan();
    const mean = typeof plan.itemMs === 'number' ? plan.itemMs : (plan.itemMs.min + plan.itemMs.max) / 2;
    let left = 0;
    for (const w of apps.line) {
      left += w.items.length - w.next;
      if (w.batch === batch) break;
    }
    const busy = batch.items.some((i) => i.status === 'PROCESSING') ? 1 : 0;
    return now + Math.ceil(left / plan.concurrency + busy) * mean;
  }

  reset(): void {
    this.#seq = 0;
  }
}

/** A unit's place by priority: streamed items (no batch) before every batch. */
function rank(w: Waiting): number {
  return w.batch ? 1 + PRIORITIES.indexOf(w.batch.priority) : 0;
}

function size(w: Waiting): number {
  return w.batch ? w.batch.items.length : 1;
}

