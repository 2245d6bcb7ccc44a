import { expect, test } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { Random } from '../../src/core/random.js';
import { Scheduler } from '../../src/core/scheduler.js';

/**
 * The scheduler against a reference that keeps its tasks in one sorted array, both driven by
 * the same seeded program: batches small (the heap) and large (sorted runs, also from inside a
 * running task); integer, fractional and very wide times, times already past, ties,
 * cancellations, tasks scheduling tasks.
 * Every task logs its id and the clock's time when it ran; the two logs must be identical.
 */
interface Api {
  now(): number;
  at(time: number, task: () => void): unknown;
  cancel(handle: unknown): void;
  advance(ms: number): void;
  size(): number;
}

function reference(): Api {
  let now = 0;
  // Pending tasks as one array kept sorted by (time, scheduling order): insert after equal times.
  const pending: { time: number; task: () => void }[] = [];
  let head = 0; // pending[head] is the earliest
  return {
    now: () => now,
    at(time, task) {
      let lo = head;
      let hi = pending.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pending[mid]!.time <= time) lo = mid + 1;
        else hi = mid;
      }
      const e = { time, task };
      pending.splice(lo, 0, e);
      return e;
    },
    cancel(handle) {
      const i = pending.indexOf(handle as (typeof pending)[number], head);
      if (i >= 0) pending.splice(i, 1);
    },
    advance(ms) {
      const target = now + ms;
      while (head < pending.length && pending[head]!.time <= target) {
        const e = pending[head++]!;
        now = Math.max(now, e.time);
        e.task();
      }
      now = Math.max(now, target);
    },
    size: () => pending.length - head,
  };
}

function stand(): Api {
  const clock = new ManualClock(0);
  const scheduler = new Scheduler(clock, {
    onTaskError: (_, e) => {
      throw e;
    },
  });
  return {
    now: () => clock.now(),
    at: (time, task) => scheduler.at(time, task),
    cancel: (handle) => scheduler.cancel(handle as never),
    advance: (ms) => scheduler.advance(ms),
    size: () => scheduler.size,
  };
}

const KINDS = 6;

function program(api: Api, seed: number, rounds: number): string[] {
  const r = new Random(seed);
  const log: string[] = [];
  const handles: unknown[] = [];
  let id = 0;
  const time = (kind: number): number => {
    const now = api.now();
    switch (kind) {
      case 0:
        return now + (r.u32() % 50); // many ties
      case 1:
        return now + r.float() * 5_000; // fractions
      case 2:
        return now + (r.u32() % 2) * 2 ** 40 + (r.u32() % 1_000); // a span over 2^32
      case 3:
        return now - (r.u32() % 100); // already past
      case 5:
        return now + (r.u32() % 2 ** 31); // a wide span under 2^32
      default:
        return now + (r.u32() % 100_000);
    }
  };
  const schedule = (kind: number, depth: number): void => {
    const me = id++;
    handles.push(
      api.at(time(kind), () => {
        log.push(`${me}@${api.now()}`);
        // Now and then a task schedules a batch big enough to be sorted into the run mid-advance.
        const spawn = depth < 2 ? (depth === 0 && r.u32() % 3_000 === 0 ? 1_100 : r.u32() % 4) : 0;
        for (let i = 0; i < spawn; i++) schedule(r.u32() % KINDS, depth + 1);
      }),
    );
  };
  for (let round = 0; round < rounds; round++) {
    const batch = r.u32() % 3 === 0 ? 1_000 + (r.u32() % 3_000) : r.u32() % 40;
    // Half the batches of one kind of time (a large one of integers is radix-sorted), half mixed.
    const kind = r.u32() % KINDS;
    const mixed = r.u32() % 2 === 0;
    for (let i = 0; i < batch; i++) schedule(mixed && r.u32() % 4 === 0 ? r.u32() % KINDS : kind, 0);
    const cancels = r.u32() % 30;
    for (let i = 0; i < cancels && handles.length > 0; i++) api.cancel(handles[r.u32() % handles.length]);
    api.advance(r.u32() % 3 === 0 ? 0 : r.u32() % 60_000);
    log.push(`size ${api.size()}`);
  }
  api.advance(2 ** 42);
  log.push(`end ${api.size()}`);
  return log;
}

test.each([1, 2, 3])('seed %i: the scheduler fires every task in (time, scheduling) order, like a sorted list', (seed) => {
  const ours = program(stand(), seed, 20);
  const theirs = program(reference(), seed, 20);
  expect(ours.length).toBeGreaterThan(10_000);
  // The first difference and what follows it (a diff of two 100k-line logs would take minutes).
  const first = ours.findIndex((line, i) => line !== theirs[i]);
  expect(first < 0 ? undefined : { first, ours: ours.slice(first, first + 5), theirs: theirs.slice(first, first + 5) }).toBeUndefined();
  expect(ours.length).toBe(theirs.length);
});
