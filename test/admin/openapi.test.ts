/** The admin API described as OpenAPI 3.1 from the routes' own zod schemas, and the scenario schema served. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync } from 'node:fs';
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

test('GET /_stand/openapi.json is a valid OpenAPI 3.1 document of every admin route, parameters from the zod schemas', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const doc = (await t.inject('/_stand/openapi.json')).json();
  const result = await new Validator().validate(doc);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(doc.openapi).toBe('3.1.0');
  for (const path of ['/_stand/reset', '/_stand/clock/advance', '/_stand/jobs/{api}/{id}/advance', '/_stand/journal/requests', '/_stand/journal/verify', '/_stand/scenario']) {
    expect(Object.keys(doc.paths)).toContain(path);
  }
  const requests = doc.paths['/_stand/journal/requests'].get;
  expect(requests.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['api', 'token', 'method', 'path', 'status', 'job', 'limit']));
  expect(doc.paths['/_stand/clock/advance'].post.requestBody.content['application/json'].schema.properties.ms).toBeDefined();
  expect(doc.paths['/_stand/jobs/{api}/{id}'].get.parameters[0]).toMatchObject({ name: 'api', in: 'path', required: true, schema: { enum: ['appmetrica', 'mytarget', 'toloka'] } });
});

test('GET /_stand/schema/scenario serves the published scenario JSON Schema', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject('/_stand/schema/scenario');
  expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
  expect(res.json()).toEqual(JSON.parse(readFileSync(new URL('../../scenarios/scenario.schema.json', import.meta.url), 'utf8')));
});
