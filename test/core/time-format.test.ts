import { expect, test } from 'vitest';
import { formatIsoMillis, formatUtcFields } from '../../src/core/time-format.js';
import { Random } from '../../src/core/random.js';

test('the Date-free formatters give the same text as Date#toISOString', () => {
  const r = new Random(7);
  const samples = [0, -1, 1, 86_399_999, 86_400_000, 951_782_400_000, Date.UTC(2026, 0, 1), Date.UTC(2100, 1, 28, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 23, 59, 59, 999)];
  for (let i = 0; i < 20_000; i++) samples.push(Math.floor(r.float() * 8e12) - 1e12);
  for (const ms of samples) {
    const iso = new Date(ms).toISOString();
    expect(formatIsoMillis(ms)).toBe(iso.slice(0, 23));
    expect(formatUtcFields(ms)).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
  }
});
