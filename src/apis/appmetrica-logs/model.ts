import { Lifecycle, type Transition } from '../../core/lifecycle.js';
import type { PendingStep } from '../../core/steps.js';
import type { ExportSpec } from './domain/data.js';
import type { AppmetricaPlan } from './plan.js';

/**
 * An export's life (docs: request-procedure.md): queued behind the app's other exports,
 * prepared strictly one at a time, then ready at its URL until it expires after 24 h.
 * A scenario can make the preparation fail; a client can cancel it while it is on its way
 * (docs: request-cancel).
 */
export type ExportState = 'queued' | 'preparing' | 'ready' | 'failed' | 'expired' | 'replaced' | 'cancelled';

export const exportLifecycle = new Lifecycle<ExportState>('appmetrica export', {
  initial: 'queued',
  transitions: {
    queued: ['preparing', 'cancelled'],
    preparing: ['ready', 'failed', 'cancelled'],
    ready: ['expired', 'replaced'],
    failed: [],
    expired: [],
    replaced: [],
    cancelled: [],
  },
  phases: { queued: 'waiting', preparing: 'running', ready: 'ok', failed: 'failed', expired: 'ended', replaced: 'ended', cancelled: 'ended' },
});

export interface ExportJob {
  readonly id: string;
  /** The account (token) that asked. */
  readonly account: string;
  /** Identity of the request (ExportRequest.key): with the account, the same key means an identical request. */
  readonly key: string;
  readonly spec: ExportSpec;
  readonly rows: number;
  /** The scenario's AppMetrica part in force when the export was asked for. */
  readonly plan: AppmetricaPlan;
  readonly createdAt: number;
  state: ExportState;
  updatedAt: number;
  readonly history: Transition<ExportState>[];
  startedAt?: number;
  readyAt?: number;
  /** Preparation length in virtual ms (timer durations), for progress. */
  prepareMs?: number;
  step?: PendingStep;
  /** How many times the file was downloaded (no-cache accepts a file nobody has downloaded yet). */
  downloads: number;
  /** A scripted failure: what the next request for it answers. */
  failure?: { status: number; message: string | undefined };
}
