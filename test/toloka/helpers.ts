import type { LightMyRequestResponse } from 'fastify';
import { onTestFinished } from 'vitest';
import { createTestStand, type TestStand } from '../../src/testing/index.js';
import type { StandOptions } from '../../src/config.js';
import type { ScenarioInput } from '../../src/scenarios/schema.js';

export const TOKEN = 'toloka-test-token';
export const AUTH = { authorization: `OAuth ${TOKEN}` };
export const API = '/toloka/api/v1';

/** A test stand on a manual clock, closed when the test ends; optionally with a scenario's Toloka part. */
export async function tolokaStand(toloka?: ScenarioInput['toloka'], options: StandOptions & { listen?: boolean } = {}): Promise<TestStand> {
  const t = await createTestStand(options);
  onTestFinished(t.close);
  if (toloka) t.stand.activateScenario({ version: 1, toloka });
  return t;
}

export async function post(t: TestStand, path: string, body?: unknown, headers: Record<string, string> = AUTH): Promise<LightMyRequestResponse> {
  return request(t, 'POST', path, body, headers);
}

/** A request of any method with a JSON body (none when `body` is undefined). */
export async function request(t: TestStand, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = AUTH): Promise<LightMyRequestResponse> {
  return t.inject({
    method,
    url: `${API}${path}`,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

export async function get(t: TestStand, path: string, headers: Record<string, string> = AUTH): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'GET', url: `${API}${path}`, headers });
}

/** GET and parse, expecting 200. */
export async function getJson<T = any>(t: TestStand, path: string): Promise<T> {
  const res = await get(t, path);
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

/** Advances the clock, task by task, until the operation has ended (SUCCESS or FAIL); returns the virtual ms it took. */
export function untilDone(t: TestStand, id: string): number {
  return t.advanceUntil(() => {
    const s = t.stand.job('toloka', id).state;
    return s === 'SUCCESS' || s === 'FAIL';
  });
}

export const IMG = (n: number) => `https://example.com/img${n}.png`;

/** A valid task of pool 1. */
export function task(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { pool_id: '1', input_values: { image: IMG(n) }, overlap: 1, ...extra };
}

/** The answer field of the cats-or-dogs project the crowd tests use. */
export const LABEL = { label: { type: 'string', allowed_values: ['cat', 'dog'] } };

/**
 * A project with an image input and these output fields, and a closed pool of it with the
 * fields given (defaults: a minimal valid pool); the pool as POST /pools answered it.
 */
export async function projectPool(t: TestStand, outputSpec: Record<string, unknown>, pool: Record<string, unknown>): Promise<Record<string, any>> {
  const project = (await post(t, '/projects', { public_name: 'Cats', public_description: 'Which animal?', task_spec: { input_spec: { image: { type: 'url' } }, output_spec: outputSpec } })).json();
  const created = await post(t, '/pools', { project_id: project.id, private_name: 'Batch', will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.05, assignment_max_duration_seconds: 600, ...pool });
  if (created.statusCode !== 201) throw new Error(`POST /pools: ${created.statusCode} ${created.body}`);
  return created.json();
}
