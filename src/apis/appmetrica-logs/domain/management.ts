import { Random, hashString } from '../../../core/random.js';
import type { ApiContext } from '../../api.js';
import type { AuthedCall } from '../../call-context.js';
import type { Apps } from './apps.js';
import type { AppData } from './data.js';
import type { RequestQuotas } from './quotas.js';
import { errors } from '../errors.js';
import type { AppmetricaPlan } from '../plan.js';

/** An application as the Management API tells of it: the fixture app and what the stand works out for it. */
export interface ManagedApp {
  readonly data: AppData;
  /** `api_key128`, the SDK key, and `import_token`, the Post API key: UUIDs made from the seed. */
  readonly apiKey: string;
  readonly importToken: string;
  /** The zone's offset from UTC now, in seconds (`time_zone_offset`). */
  readonly offsetSeconds: number;
  /** When access was granted, `YYYY-MM-DDThh:mm:ss±hh:mm`: for the owner, the day the app was added (midnight, app time). */
  readonly permissionDate: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The Management API's reads that loaders call before they export: the apps a token may read
 * (GET /management/v1/applications) and one app (GET /management/v1/application/{id}), for its
 * `time_zone_name` and `create_date` (en/mobile-api/management/applications/). Its requests count
 * in their own quota group (intro/quotas.md: "All the methods in the Management API" are
 * `client_read`).
 */
export class ManagementBackend {
  readonly #ctx: ApiContext;
  readonly #apps: Apps;
  readonly #quotas: RequestQuotas;

  constructor(ctx: ApiContext, apps: Apps, quotas: RequestQuotas) {
    this.#ctx = ctx;
    this.#apps = apps;
    this.#quotas = quotas;
  }

  applications(call: AuthedCall): ManagedApp[] {
    this.#count(call);
    return this.#apps.readableBy(call.account).map((d) => this.#managed(d));
  }

  /** One app; an unknown app and one the token may not read are both "Access is denied" (no existence leak, as the Logs API). */
  application(call: AuthedCall, id: number): ManagedApp {
    this.#count(call);
    const data = this.#apps.readable(id, call.account);
    if (!data) throw errors.accessDenied();
    return this.#managed(data);
  }

  #count(call: AuthedCall): void {
    const plan: AppmetricaPlan = this.#ctx.scenarios.scenarioOf(call).appmetrica;
    const over = this.#quotas.take('management', call.account, plan.quotas, this.#ctx.clock.now());
    if (over !== null) throw errors.quota(over, plan.quotas.status, plan.retryAfter);
  }

  #managed(data: AppData): ManagedApp {
    const random = new Random(hashString(`management:${data.app.id}`, this.#ctx.config.seed));
    const [y, m, d] = data.app.management.createDate.split('-').map(Number) as [number, number, number];
    const createdAt = data.tz.toUtc(Date.UTC(y, m - 1, d));
    const offset = data.tz.offsetAt(createdAt) / 60_000;
    const sign = offset < 0 ? '-' : '+';
    return {
      data,
      apiKey: random.uuid(),
      importToken: random.uuid(),
      offsetSeconds: data.tz.offsetAt(this.#ctx.clock.now()) / 1000,
      permissionDate: `${data.app.management.createDate}T00:00:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`,
    };
  }
}
