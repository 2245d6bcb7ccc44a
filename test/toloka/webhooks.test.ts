import { expect, test } from 'vitest';
import { getJson, request, tolokaStand } from './helpers.js';

test('PUT /webhook-subscriptions with one subscription (toloka-java-sdk): its view, 201 when new, 200 when it replaced one; a bad one is 400 VALIDATION_ERROR', async () => {
  const t = await tolokaStand();
  const sub = { webhook_url: 'https://hooks.example/submitted', event_type: 'ASSIGNMENT_SUBMITTED', pool_id: '1' };
  const made = await request(t, 'PUT', '/webhook-subscriptions', sub);
  expect(made.statusCode).toBe(201);
  const view = made.json();
  expect(view).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), created: expect.any(String), ...sub });

  const again = await request(t, 'PUT', '/webhook-subscriptions', { ...sub, webhook_url: 'https://hooks.example/other' });
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual({ ...view, webhook_url: 'https://hooks.example/other' });
  expect((await getJson(t, '/webhook-subscriptions?pool_id=1')).items).toHaveLength(1);

  const unknownPool = await request(t, 'PUT', '/webhook-subscriptions', { ...sub, pool_id: '999' });
  expect(unknownPool.statusCode).toBe(400);
  expect(unknownPool.json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { pool_id: { code: 'ENTITY_DOES_NOT_EXIST' } } });
  const badEvent = await request(t, 'PUT', '/webhook-subscriptions', { ...sub, event_type: 'NOPE' });
  expect(badEvent.statusCode).toBe(400);
  expect(badEvent.json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { event_type: { code: 'UNKNOWN_ENUM_VALUE' } } });
  // A list is still the batch upsert (toloka-kit).
  const batch = await request(t, 'PUT', '/webhook-subscriptions', [sub]);
  expect([batch.statusCode, Object.keys(batch.json().items)]).toEqual([200, ['0']]);
});
