/** The journal's store of answer texts and URLs outside the heap (src/core/text-arena.ts). */
import { expect, test } from 'vitest';
import { TextArena } from '../../src/core/text-arena.js';

test('a text comes back as it was written, ASCII or not, across chunk boundaries', () => {
  const arena = new TextArena();
  const texts = Array.from({ length: 400 }, (_, i) => `{"id":"${i}","name":"Весенняя распродажа ${'я'.repeat(i % 97)}","emoji":"🙂"}`.repeat(1 + (i % 7)));
  const kept = texts.map((t) => [arena.write(t), arena.lastBytes] as const);
  // 400 texts of up to ~2 KB of UTF-8 fill several chunks.
  expect(kept[kept.length - 1]![0]).toBeGreaterThan(2 * TextArena.CHUNK);
  kept.forEach(([at, bytes], i) => expect(arena.read(at, bytes)).toBe(texts[i]));
  expect(kept.every(([, bytes], i) => bytes === Buffer.byteLength(texts[i]!))).toBe(true);
});

test('texts follow one another in a chunk, each at the end of the one before', () => {
  const arena = new TextArena();
  const a = arena.write('{"status":"RUNNING"}');
  const aBytes = arena.lastBytes;
  const b = arena.write('{"status":"ВЫПОЛНЕНО"}');
  expect(a).toBe(0);
  expect(b).toBe(a + aBytes);
  expect(arena.lastBytes).toBe(Buffer.byteLength('{"status":"ВЫПОЛНЕНО"}'));
});

test('released texts are gone; the texts after them stay, in reused chunks too', () => {
  const arena = new TextArena();
  const text = (i: number) => `${i}:`.padEnd(3000, 'x');
  const kept: [number, number][] = [];
  for (let i = 0; i < 2000; i++) {
    kept.push([arena.write(text(i)), arena.lastBytes]);
    // Keep the last 100: the oldest is released once it falls off.
    if (i >= 100) arena.release(kept[i - 100]![0] + kept[i - 100]![1]);
  }
  expect(arena.read(...kept[0]!)).toBeUndefined();
  for (let i = 1900; i < 2000; i++) expect(arena.read(...kept[i]!)).toBe(text(i));
});

test('clear forgets every text', () => {
  const arena = new TextArena();
  const at = arena.write('hello');
  arena.clear();
  const again = arena.write('bye');
  expect(again).toBe(0);
  expect(arena.read(again, arena.lastBytes)).toBe('bye');
  expect(at).toBe(0);
});
