/**
 * Messages to Tolokers (docs: the message-thread operations, MessageThreadViewV1 and its
 * example; toloka-kit compose_message_thread / reply / add_message_thread_to_folders, whose
 * tests record 201 for a compose and 200 for the rest).
 */
import { expect, test } from 'vitest';
import { getJson, post, tolokaStand } from './helpers.js';

const USER = 'a1b0b42923c429daa2c764d7ccfc364d';

test('compose (201) makes a thread in OUTBOX; a reply adds a message (200); folders are added and removed; the list filters by folder', async () => {
  const t = await tolokaStand();
  const requester = (await getJson(t, '/requester')).id as string;
  const composed = await post(t, '/message-threads/compose', { topic: { EN: 'You have got a bonus!' }, text: { EN: 'For good work' }, recipients_select_type: 'DIRECT', recipients_ids: [USER], answerable: true });
  expect(composed.statusCode).toBe(201);
  const thread = composed.json();
  expect(thread).toEqual({
    id: expect.stringMatching(/^[0-9a-f]{24}$/),
    topic: { EN: 'You have got a bonus!' },
    interlocutors_inlined: true,
    interlocutors: [{ id: requester, role: 'REQUESTER', myself: true }, { id: USER, role: 'USER' }],
    messages_inlined: true,
    messages: [{ text: { EN: 'For good work' }, from: { id: requester, role: 'REQUESTER', myself: true }, created: '2026-01-01T00:00:00.000' }],
    compose_details: { recipients_select_type: 'DIRECT', recipients_ids: [USER] },
    meta: {},
    folders: ['OUTBOX'],
    answerable: true,
    created: '2026-01-01T00:00:00.000',
  });
  t.advance(60_000);
  const replied = await post(t, `/message-threads/${thread.id}/reply`, { text: { EN: 'And thanks again' } });
  expect(replied.statusCode).toBe(200);
  expect(replied.json().messages.map((m: { created: string }) => m.created)).toEqual(['2026-01-01T00:00:00.000', '2026-01-01T00:01:00.000']);
  const important = await post(t, `/message-threads/${thread.id}/add-to-folders`, { folders: ['IMPORTANT', 'OUTBOX'] });
  expect(important.statusCode).toBe(200);
  expect(important.json().folders).toEqual(['OUTBOX', 'IMPORTANT']);

  const all = await post(t, '/message-threads/compose', { topic: { EN: 'Hello there!' }, text: { EN: 'Welcome' }, recipients_select_type: 'ALL', answerable: false });
  expect(all.json()).toMatchObject({ interlocutors_inlined: false, compose_details: { recipients_select_type: 'ALL' }, folders: ['OUTBOX'] });
  expect(all.json()).not.toHaveProperty('interlocutors');

  const ids = async (q: string) => (await getJson(t, `/message-threads?${q}`)).items.map((x: { id: string }) => x.id);
  expect(await ids('folder=OUTBOX&sort=created')).toEqual([thread.id, all.json().id]);
  expect(await ids('folder=IMPORTANT')).toEqual([thread.id]);
  expect(await ids('folder=OUTBOX&folder_ne=IMPORTANT')).toEqual([all.json().id]);
  expect(await ids('folder=INBOX,UNREAD')).toEqual([]);

  expect((await post(t, `/message-threads/${thread.id}/remove-from-folders`, { folders: ['IMPORTANT'] })).json().folders).toEqual(['OUTBOX']);
  // answerable defaults to true (OAS default; toloka-kit's compose leaves it out).
  const plain = await post(t, '/message-threads/compose', { topic: { EN: 'Hi' }, text: { EN: 'Hello' }, recipients_select_type: 'DIRECT', recipients_ids: [USER] });
  expect([plain.statusCode, plain.json().answerable]).toEqual([201, true]);
});

test('errors: DIRECT without recipients, an unknown Toloker, FILTER without a filter, a bad folder, an unknown thread', async () => {
  const t = await tolokaStand();
  const base = { topic: { EN: 'T' }, text: { EN: 'X' }, answerable: false };
  for (const [body, field] of [
    [{ ...base, recipients_select_type: 'DIRECT' }, 'recipients_ids'],
    [{ ...base, recipients_select_type: 'DIRECT', recipients_ids: ['nobody'] }, 'recipients_ids.0'],
    [{ ...base, recipients_select_type: 'FILTER' }, 'recipients_filter'],
    [{ ...base, recipients_select_type: 'SOME' }, 'recipients_select_type'],
    [{ text: { EN: 'X' }, recipients_select_type: 'ALL', answerable: false }, 'topic'],
  ] as const) {
    const res = await post(t, '/message-threads/compose', body);
    expect(res.statusCode, JSON.stringify(body)).toBe(400);
    expect(res.json().payload, JSON.stringify(body)).toHaveProperty([field]);
  }
  const thread = (await post(t, '/message-threads/compose', { ...base, recipients_select_type: 'ALL' })).json();
  const folder = await post(t, `/message-threads/${thread.id}/add-to-folders`, { folders: ['TRASH'] });
  expect(folder.statusCode).toBe(400);
  expect(folder.json().payload['folders.0']).toMatchObject({ code: 'UNKNOWN_ENUM_VALUE' });
  const missing = await post(t, '/message-threads/000000000000000000000000/reply', { text: { EN: 'x' } });
  expect(missing.statusCode).toBe(404);
  expect(missing.json()).toMatchObject({ code: 'DOES_NOT_EXIST' });
});
