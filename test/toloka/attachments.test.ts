/**
 * Files in the crowd's answers (docs: the attachment operations, AttachmentViewV1 and its
 * example; toloka-kit get_attachments / download_attachment): a `file` output holds the id of a
 * file the Toloker uploaded, listed and downloadable as an attachment.
 */
import { expect, test } from 'vitest';
import { API, AUTH, get, getJson, IMG, post, projectPool, tolokaStand, untilDone } from './helpers.js';

test('a file answer is an attachment of its assignment: listed with filters, read, downloaded; each Toloker\'s file its own', async () => {
  const t = await tolokaStand({ crowd: { workers: 3, skipShare: 0, expireShare: 0, accuracy: 1, takeMs: 1000, solveMs: 5000 } });
  const pool = await projectPool(t, { photo: { type: 'file' }, more: { type: 'array_file', required: false } }, {
    defaults: { default_overlap_for_new_task_suites: 2, default_overlap_for_new_tasks: 2 },
  });
  expect((await post(t, '/tasks?allow_defaults=true', Array.from({ length: 3 }, (_, i) => ({ pool_id: pool.id, input_values: { image: IMG(i) } })))).statusCode).toBe(201);
  untilDone(t, (await post(t, `/pools/${pool.id}/open`)).json().id);
  t.advance(10 * 60_000);

  const assignments = (await getJson(t, `/assignments?pool_id=${pool.id}&limit=100`)).items as Record<string, any>[];
  expect(assignments).toHaveLength(6);
  const ids = assignments.flatMap((a) => [a.solutions[0].output_values.photo, ...a.solutions[0].output_values.more]);
  expect(new Set(ids).size).toBe(ids.length); // every file is someone's own upload
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

  const listed = await getJson(t, `/attachments?pool_id=${pool.id}&limit=100`);
  expect(listed.items).toHaveLength(ids.length);
  const a = assignments[0]!;
  const photo = await getJson(t, `/attachments/${a.solutions[0].output_values.photo}`);
  expect(photo).toEqual({
    id: a.solutions[0].output_values.photo,
    attachment_type: 'ASSIGNMENT_ATTACHMENT',
    name: expect.stringMatching(/^\d{1,8}\.jpg$/),
    details: { user_id: a.user_id, assignment_id: a.id, pool_id: pool.id },
    owner: { id: expect.stringMatching(/^[0-9a-f]{32}$/), myself: true },
    created: a.submitted,
    media_type: 'image/jpeg',
  });
  expect((await getJson(t, `/attachments?assignment_id=${a.id}`)).items.map((x: { id: string }) => x.id).sort()).toEqual([a.solutions[0].output_values.photo, ...a.solutions[0].output_values.more].sort());
  expect((await getJson(t, `/attachments?pool_id=${pool.id}&user_id=${a.user_id}&type=ASSIGNMENT_ATTACHMENT&sort=-created&limit=100`)).items.length).toBeGreaterThan(0);
  expect((await getJson(t, `/attachments?pool_id=${pool.id}&name=${photo.name}`)).items.map((x: { id: string }) => x.id)).toEqual([photo.id]);
  // OAS getAttachments: "You must specify either pool_id or assignment_id".
  const unfiltered = await get(t, `/attachments?user_id=${a.user_id}`);
  expect([unfiltered.statusCode, unfiltered.json().payload]).toEqual([400, { pool_id: { code: 'VALUE_REQUIRED', message: 'Specify pool_id or assignment_id' } }]);

  const file = await t.inject({ method: 'GET', url: `${API}/attachments/${photo.id}/download`, headers: AUTH });
  expect(file.statusCode).toBe(200);
  expect(file.headers['content-type']).toBe('image/jpeg');
  expect(file.headers['content-disposition']).toBe(`attachment; filename="${photo.name}"`);
  expect(file.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // a JPEG

  const missing = await get(t, '/attachments/00000000-0000-4000-8000-000000000000');
  expect(missing.statusCode).toBe(404);
  expect(missing.json()).toMatchObject({ code: 'DOES_NOT_EXIST' });
  expect((await get(t, '/attachments/00000000-0000-4000-8000-000000000000/download')).statusCode).toBe(404);
});
