/**
 * async-stand as a library. Nothing starts on import.
 *
 *   import { startStand } from 'async-stand';
 *   const running = await startStand({ port: 0, clock: 'manual' });
 *   running.advance(60_000);
 *   await running.settle();
 *   await running.close();
 *
 * In tests, `createTestStand` from 'async-stand/testing' adds inject, advanceUntil and a
 * callback receiver.
 */
export { startStand, type RunningStand } from './server.js';
export type { Stand, JobQuery, RequestQuery, RequestMatch, CountExpectation, Verification, CallbackQuery, ClockInfo, ScenarioState } from './stand-interface.js';
export type { StandOptions } from './config.js';
export { Scenario, type ScenarioInput } from './scenarios/schema.js';
export { FaultRule, type FaultRuleInput } from './scenarios/common.js';
export type { OneShot } from './scenarios/engine.js';
export { SCENARIO_HEADER } from './scenarios/engine.js';
export { StandError, ConfigError } from './core/errors.js';
export type { Finding, ClientReport, Report, ReportQuery, Severity, EvidenceRequest } from './report/index.js';
export type { ApiName, RequestEntry, CallbackEntry, JournaledMessage, RouteMatch } from './core/journal.js';
export type { JobView, JobFilter } from './apis/api.js';
