import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { ConfigError } from '../core/errors.js';
import { CallbackEntrySchema } from '../core/journal.js';
import type { ApiName } from '../core/journal.js';
import type { FaultRuleInput } from '../scenarios/common.js';
import { describeIssues } from '../scenarios/messages.js';
import type { ScenarioInput } from '../scenarios/schema.js';
import type { StandRuntime } from '../stand.js';
import { StandEvent } from './events.js';

const FORMAT = 'async-stand-state';
const VERSION = 1;

const StateFile = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  seed: z.number().int(),
  scenario: z.string(),
  clock: z.enum(['real', 'manual']),
  /** Virtual time at shutdown: the clock goes on from here. */
  now: z.number().int(),
  events: z.array(StandEvent),
  callbacks: z.array(CallbackEntrySchema),
});
type StateFile = z.infer<typeof StateFile>;

/**
 * Writes the stand's state atomically: a temporary file beside the target, then a rename, so a
 * crash mid-write never leaves half a file.
 */
export function writeStateFile(path: string, stand: StandRuntime): void {
  const state: StateFile = {
    format: FORMAT,
    version: VERSION,
    seed: stand.config.seed,
    scenario: stand.config.scenario,
    clock: stand.clock.mode,
    now: stand.now(),
    events: stand.recorder?.events ?? [],
    callbacks: stand.journals.callbacks.toArray(),
  };
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}

/** Reads a state file; null when there is none. A corrupt or incompatible one stops start-up (and is left as it is). */
export function readStateFile(path: string, stand: StandRuntime): StateFile | null {
  if (!existsSync(path)) return null;
  const fail = (code: string, why: string) =>
    new ConfigError(code, `state file ${path}: ${why}; the stand did not start and left the file as it is (fix it, or delete it to start empty)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw fail('STAND_STATE_CORRUPT', `is not valid JSON (${(e as Error).message})`);
  }
  if ((json as { format?: unknown })?.format !== FORMAT) throw fail('STAND_STATE_CORRUPT', `is not an async-stand state file (no "format": "${FORMAT}")`);
  if ((json as { version?: unknown }).version !== VERSION) {
    throw fail('STAND_STATE_INCOMPATIBLE', `has version ${String((json as { version?: unknown }).version)}, this stand reads version ${VERSION}`);
  }
  const parsed = StateFile.safeParse(json);
  if (!parsed.success) throw fail('STAND_STATE_CORRUPT', describeIssues('content', parsed.error));
  const state = parsed.data;
  const { config } = stand;
  const mismatch = [
    state.seed !== config.seed && `seed ${state.seed} (now ${config.seed})`,
    state.scenario !== config.scenario && `scenario "${state.scenario}" (now "${config.scenario}")`,
    state.clock !== config.clock && `a ${state.clock} clock (now ${config.clock})`,
  ].filter(Boolean);
  if (mismatch.length > 0) throw fail('STAND_STATE_INCOMPATIBLE', `was written with ${mismatch.join(', ')}; start with the same options`);
  return state;
}

/**
 * Rebuilds the state by replaying the recorded events, each at its virtual time, into the apps
 * that received them. Callbacks are not sent again (their journal comes from the file), and
 * scripted delays are not waited for.
 */
export async function replayState(state: StateFile, stand: StandRuntime, apps: { main: FastifyInstance } & Partial<Record<ApiName, FastifyInstance>>): Promise<void> {
  const recorder = stand.recorder!;
  recorder.paused = true;
  stand.callbacks.muted = true;
  stand.restoring = true;
  stand.scheduler.hold();
  try {
    for (const e of state.events) {
      stand.scheduler.advanceTo(Math.max(e.t, stand.now()));
      if (e.kind === 'request') {
        const app = e.listener === 'main' ? apps.main : apps[e.listener];
        if (!app) throw new ConfigError('STAND_STATE_INCOMPATIBLE', `state file: a request came in on the ${e.listener} port, which is not configured now; start with --${e.listener}-port`);
        await app.inject({ method: e.method as 'GET', url: e.url, headers: e.headers, payload: Buffer.from(e.body, 'base64') });
      } else if (e.kind === 'job') {
        if (e.verb === 'advance') stand.advanceJob(e.api, e.id);
        else stand.completeJob(e.api, e.id);
      } else if (e.kind === 'scenario') {
        // Recorded as the stand took it; the engine validates it again.
        stand.activateScenario(e.name ?? (e.doc as ScenarioInput));
      } else {
        stand.enqueueFault(e.api, e.rule as FaultRuleInput);
      }
    }
    stand.scheduler.advanceTo(Math.max(state.now, stand.now()));
    for (const c of state.callbacks) stand.journals.callbacks.push(c);
    recorder.events = state.events;
  } finally {
    stand.scheduler.release();
    recorder.paused = false;
    stand.callbacks.muted = false;
    stand.restoring = false;
  }
}
