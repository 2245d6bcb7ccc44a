/**
 * A restart from --state-file gives back Toloka Apps as they were: projects checked, batches
 * half labeled, stopped, archived, items sent alone; and the labeling goes on alike.
 */
import { expect, test } from 'vitest';
import type { RunningStand } from '../../src/server.js';
import { call, crashCopy, start, stateFile } from './state-helpers.js';

const H = { authorization: 'OAuth apps-restart', 'content-type': 'application/json' };
const V0 = '/toloka/api/app/v0';
const PARAMS = { name: 'n', default_language: 'en', option_multiple_choice: false, option_other: false, instruction_intro: 'i', instruction_classes: [{ label: 'A', value: 'A' }, { label: 'B', value: 'B' }], instruction_examples: [] };

const send = async (r: RunningStand, method: string, path: string, body?: unknown) => {
  const res = await call(r, `${V0}${path}`, { method, headers: H, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return res.body === '' ? undefined : JSON.parse(res.body);
};

/** Everything Apps show through the API (with the batches' clock-bound fields left out). */
async function world(r: RunningStand, project: string): Promise<unknown> {
  const batches = (await send(r, 'GET', `/app-projects/${project}/batches?limit=1000`)).content.map(({ current_time: _c, ...b }: Record<string, unknown>) => b);
  return [await send(r, 'GET', '/app-projects'), batches, await send(r, 'GET', `/app-projects/${project}/items?limit=1000`)];
}

test('app projects, batches at every stage and streamed items come back after a crash, and the labeling goes on alike', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file, seed: 11 });
  const project = (await send(first, 'POST', '/app-projects', { app_id: '2eN4l59qL2xHB5b8Jqp6', name: 'p', parameters: PARAMS })).id as string;
  first.advance(60_000);
  const batch = async (n: number, priority: string) => (await send(first, 'POST', `/app-projects/${project}/batches`, { items: Array.from({ length: n }, (_, i) => ({ text: `t${i}` })), priority_order: priority })).id as string;
  const [a, b, c] = [await batch(30, 'FIVE'), await batch(12, 'ONE'), await batch(3, 'THREE')];
  for (const id of [a, b]) await send(first, 'POST', `/app-projects/${project}/batches/${id}/start`);
  await send(first, 'POST', `/app-projects/${project}/items`, { input_data: { text: 'alone' } });
  first.advance(5 * 60_000);
  await send(first, 'POST', `/app-projects/${project}/batches/${b}/stop`);
  await send(first, 'POST', `/app-projects/${project}/batches/${c}/archive`);
  first.advance(2 * 60_000);
  await first.settle();
  const before = await world(first, project);
  const states = (before as [unknown, { status: string }[]])[1].map((x) => x.status).sort();
  expect(states).toEqual(['ARCHIVE', 'PROCESSING', 'STOPPING']); // b's items still being labeled finish after the stop

  const second = await start({ stateFile: crashCopy(file), seed: 11 });
  expect(await world(second, project)).toEqual(before);
  for (const r of [first, second]) {
    await send(r, 'POST', `/app-projects/${project}/batches/${b}/resume`);
    for (let m = 0; m < 30; m++) r.advance(60_000);
    await r.settle();
  }
  const after = await world(first, project);
  expect(after).not.toEqual(before);
  expect(await world(second, project)).toEqual(after);
});
