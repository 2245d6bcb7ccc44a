/**
 * Export cells written without String() (int-text.ts) read exactly as String() would write them:
 * timestamps in and out of order, ids of every length, and the values it hands back to String().
 */
import { expect, test } from 'vitest';
import { intText, sequentialIntText } from '../../src/apis/appmetrica-logs/domain/int-text.js';
import { Random } from '../../src/core/random.js';

const EDGES = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1009, 1010, 1099, 1100, 999_999, 1_000_000, 1_000_001, 4_294_967_295, 10_000_000_000, 1_767_225_600, 1_000_000_000_000_000, Number.MAX_SAFE_INTEGER];
const ODD = [-1, -1000, -1_767_225_600, 0.5, 1000.25, 2 ** 60, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Number.POSITIVE_INFINITY, -0];

test('intText gives String() of every integer an export writes, and of anything else', () => {
  const r = new Random(7);
  const values = [...EDGES, ...ODD];
  for (let i = 0; i < 20_000; i++) values.push(r.u32(), r.u32() % 1000, 10_000_000_000 + (r.u32() % 900_000_000), r.u32() * 2 ** 21 + r.u32());
  for (const n of values) expect(intText(n), `intText(${n})`).toBe(String(n));
});

test('sequentialIntText gives String() of timestamps in time order, out of order and across thousands', () => {
  const text = sequentialIntText();
  const r = new Random(11);
  let t = 1_767_225_600;
  for (let i = 0; i < 20_000; i++) {
    t += r.u32() % 9; // rows a few seconds apart: the thousands change now and then
    const n = i % 50 === 0 ? r.u32() : t; // a click time a day back, an id: not in order
    expect(text(n)).toBe(String(n));
  }
  for (const n of [...EDGES, ...ODD, 1_767_225_999, 1_767_226_000, 1_767_225_999]) expect(text(n), `text(${n})`).toBe(String(n));
});
