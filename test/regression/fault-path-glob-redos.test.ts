/**
 * Issue 22: a fault rule's path pattern compiled each `*` to `.*`, so one request with a rule
 * of many stars in X-Stand-Scenario and a long path froze the stand for 27 s (V8's regex engine
 * backtracks). The glob is matched without a regex now (src/scenarios/glob.ts), in time linear
 * per star-free piece, and a pattern is at most 512 characters.
 */
import { expect, onTestFinished, test } from 'vitest';
import { MAX_GLOB_LENGTH } from '../../src/scenarios/glob.js';
import { stand } from '../helpers.js';

test('a rule of many stars against a long path that almost matches is answered at once', async () => {
  const t = await stand();
  onTestFinished(t.close);
  // `/api/v1/a*a*...*a*b` against `/api/v1/aaaa...a` (no b): a backtracking regex tries every split.
  const rule = { match: { path: `/api/v1/${'a*'.repeat(40)}b` }, action: { type: 'status', status: 503 } };
  const res = await t.inject({
    url: `/toloka/api/v1/${'a'.repeat(6000)}`,
    headers: { authorization: 'OAuth redos', 'x-stand-scenario': JSON.stringify(rule) },
  });
  expect(res.statusCode).toBe(404); // the rule does not match; the path is no resource
  // The same rule matches where it should.
  const hit = await t.inject({ url: `/toloka/api/v1/${'a'.repeat(50)}b`, headers: { authorization: 'OAuth redos', 'x-stand-scenario': JSON.stringify(rule) } });
  expect(hit.statusCode).toBe(503);
});

test(`a path pattern over ${MAX_GLOB_LENGTH} characters is refused with 400`, async () => {
  const t = await stand();
  onTestFinished(t.close);
  const rule = { match: { path: `/${'*'.repeat(MAX_GLOB_LENGTH)}` }, action: { type: 'status', status: 503 } };
  const res = await t.inject({ url: '/toloka/api/v1/operations', headers: { authorization: 'OAuth redos', 'x-stand-scenario': JSON.stringify(rule) } });
  expect(res.statusCode).toBe(400);
  expect(JSON.parse(res.body).message).toMatch(/X-Stand-Scenario/);
});
