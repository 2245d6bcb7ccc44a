/**
 * Issue 22: GET /_stand/jobs with no limit answered every job (100,000 jobs: 52 MB, and every
 * other client waited 1.4 s). It answers a page by default, and says how many there are.
 */
import { expect, onTestFinished, test } from 'vitest';
import { JOBS_PAGE } from '../../src/admin/routes.js';
import { stand } from '../helpers.js';

test(`GET /_stand/jobs without a limit answers the first ${JOBS_PAGE} jobs and the total; a limit and an offset page on`, async () => {
  const t = await stand();
  onTestFinished(t.close);
  const count = JOBS_PAGE + 30;
  for (let i = 0; i < count; i++) await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: `Bearer page-${i % 7}` } });
  const first = (await t.inject('/_stand/jobs')).json();
  expect(first).toMatchObject({ total: count, offset: 0, limit: JOBS_PAGE });
  expect(first.items).toHaveLength(JOBS_PAGE);
  const rest = (await t.inject(`/_stand/jobs?offset=${JOBS_PAGE}`)).json();
  expect(rest.items).toHaveLength(30);
  expect((await t.inject('/_stand/jobs?limit=1000')).json().items).toHaveLength(count);
  expect(t.stand.jobs()).toHaveLength(count); // the library handle still gives all
});
