/**
 * Issue 22 found a query parameter named toString, constructor or __proto__ answered "given more
 * than once" (an object with a prototype held the parameters). Each API treats them as the
 * parameters they are: unknown ones, refused as unknown, or ignored where the API ignores them
 * (AppMetrica ignores extras by default since issue 20; the scenario's `unknownParameters:
 * "refuse"` names them).
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

const EXPORT = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';

test('query parameters named toString, constructor and __proto__ are plain parameters in every API', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    await t.stand.reset(); // four exports queued for one app would be over its queue of three
    t.stand.activateScenario({ version: 1, appmetrica: { unknownParameters: 'refuse' } });
    const am = await t.inject({ url: `${EXPORT}&${name}=1`, headers: { authorization: 'OAuth a' } });
    expect(am.statusCode, name).toBe(400);
    expect(am.body, name).toMatch(new RegExp(`^Unknown parameter '${name}'`));
    t.stand.activateScenario({ version: 1 });
    const ignored = await t.inject({ url: `${EXPORT}&${name}=1`, headers: { authorization: 'OAuth a' } });
    expect(ignored.statusCode, name).toBe(202);
    expect(am.body + ignored.body).not.toMatch(/more than once/);
    // myTarget lists ignore parameters they do not know, but read _<field> as a filter.
    const mt = await t.inject({ url: `/mytarget/api/v2/campaigns.json?${name}=1`, headers: { authorization: 'Bearer a' } });
    expect(mt.statusCode, name).toBe(name.startsWith('_') ? 400 : 200);
    expect(mt.body).not.toMatch(/more than once/);
    const tl = await t.inject({ url: `/toloka/api/v1/operations?${name}=1`, headers: { authorization: 'OAuth a' } });
    expect(tl.statusCode, name).toBe(400);
    expect(JSON.parse(tl.body).payload[name].code, name).toBe('VALUE_NOT_ALLOWED');
  }
});
