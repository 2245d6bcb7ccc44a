/**
 * async-stand as a library. Nothing starts on import.
 *
 *   const running = await startStand({ port: 0, clock: 'manual' });
 *   running.stand.advance(60_000);
 *   await running.close();
 */
export { startStand, listen, standVerbs, type RunningStand, type StandVerbs } from './server.js';
export { Stand, buildStand, type JobQuery, type RequestQuery, type CallbackQuery } from './stand.js';
export { buildApp, API_PREFIX } from './app.js';
export { parseConfig, ConfigSchema, type StandConfig, type StandOptions } from './config.js';
export { Scenario, type ScenarioInput } from './scenarios/schema.js';
export { FaultRule, Duration } from './scenarios/common.js';
export { SCENARIO_HEADER } from './scenarios/engine.js';
export { StandError, ConfigError } from './core/errors.js';
export type { ApiName, RequestEntry, CallbackEntry } from './core/journal.js';
export type { JobView, JobFilter } from './apis/api.js';
