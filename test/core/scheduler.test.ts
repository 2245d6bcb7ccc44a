import { expect, test } from 'vitest';
import { ManualClock, RealClock } from '../../src/core/clock.js';
import { Scheduler } from '../../src/core/scheduler.js';
import { Lifecycle } from '../../src/core/lifecycle.js';
import { Random, Ids } from '../../src/core/random.js';
import { startStep } from '../../src/core/steps.js';

function manual() {
  const clock = new ManualClock(1_000);
  const errors: string[] = [];
  const scheduler = new Scheduler(clock, { onTaskError: (label) => errors.push(label) });
  return { clock, scheduler, errors };
}

test('a manual clock runs due tasks in time order, each at its own time, equal times in scheduling order', () => {
  const { clock, scheduler } = manual();
  const seen: string[] = [];
  scheduler.at(1_300, () => seen.push(`c@${clock.now()}`));
  scheduler.at(1_100, () => seen.push(`a@${clock.now()}`));
  scheduler.at(1_200, () => seen.push(`b1@${clock.now()}`));
  scheduler.at(1_200, () => seen.push(`b2@${clock.now()}`));
  scheduler.advance(250);
  expect(seen).toEqual(['a@1100', 'b1@1200', 'b2@1200']);
  expect(clock.now()).toBe(1_250);
  scheduler.advance(50);
  expect(seen.at(-1)).toBe('c@1300');
});

test('nothing runs on a manual clock until it is advanced', () => {
  const { scheduler } = manual();
  let ran = false;
  scheduler.after(0, () => (ran = true));
  expect(ran).toBe(false);
  scheduler.advance(0);
  expect(ran).toBe(true);
});

test('tasks scheduled by tasks inside the window run in the same advance; cancelled ones never', () => {
  const { clock, scheduler } = manual();
  const seen: number[] = [];
  scheduler.after(10, () => {
    seen.push(clock.now());
    scheduler.after(10, () => seen.push(clock.now()));
  });
  const h = scheduler.after(15, () => seen.push(-1));
  scheduler.cancel(h);
  expect(scheduler.size).toBe(1);
  scheduler.advance(100);
  expect(seen).toEqual([1_010, 1_020]);
  expect(scheduler.size).toBe(0);
});

test('a throwing task is reported and the rest still run', () => {
  const { scheduler, errors } = manual();
  let after = false;
  scheduler.after(1, () => {
    throw new Error('boom');
  }, 'bad');
  scheduler.after(2, () => (after = true));
  scheduler.advance(5);
  expect(errors).toEqual(['bad']);
  expect(after).toBe(true);
});

test('advance refuses negative or non-finite amounts', () => {
  const { scheduler } = manual();
  expect(() => scheduler.advance(-1)).toThrow(RangeError);
  expect(() => scheduler.advance(Number.NaN)).toThrow(RangeError);
});

test('a real clock with a speed factor fires tasks by itself', async () => {
  const clock = new RealClock(100_000);
  const scheduler = new Scheduler(clock, { onTaskError: () => {} });
  const t0 = clock.now();
  // an hour of virtual time is 36 ms of wall time at 100,000x
  const at = await new Promise<number>((resolve) => scheduler.after(3_600_000, () => resolve(clock.now())));
  expect(at - t0).toBeGreaterThanOrEqual(3_600_000);
  scheduler.close();
});

test('a real clock can be advanced too: due work runs at once', () => {
  const clock = new RealClock(1);
  const scheduler = new Scheduler(clock, { onTaskError: () => {} });
  let ran = false;
  scheduler.after(86_400_000, () => (ran = true));
  scheduler.advance(86_400_000);
  expect(ran).toBe(true);
  scheduler.close();
});

test('steps: fixed, random range, after N polls, and manual', () => {
  const { scheduler } = manual();
  const r = new Random(1);
  const fired: string[] = [];
  const record = (job: { id: string }) => fired.push(job.id);
  startStep(scheduler, 100, r, { id: 'fixed' }, record, 'f');
  const ranged = startStep(scheduler, { min: 200, max: 300 }, r, { id: 'range' }, record, 'r');
  const polls = startStep(scheduler, { polls: 2 }, r, { id: 'polls' }, record, 'p');
  const manualStep = startStep(scheduler, 'manual', r, { id: 'manual' }, record, 'm');
  expect(ranged.dueAt! - 1_000).toBeGreaterThanOrEqual(200);
  expect(ranged.dueAt! - 1_000).toBeLessThanOrEqual(300);
  scheduler.advance(1_000_000);
  expect(fired).toEqual(['fixed', 'range']);
  polls.poll();
  expect(fired).toHaveLength(2);
  polls.poll();
  expect(fired.at(-1)).toBe('polls');
  manualStep.fire();
  manualStep.fire();
  expect(fired.filter((f) => f === 'manual')).toHaveLength(1);
});

test('a step that throws is reported by its name and its job id; the steps after it still run', () => {
  const { scheduler, errors } = manual();
  const r = new Random(1);
  const fired: string[] = [];
  startStep(scheduler, 10, r, { id: '42' }, () => {
    throw new Error('boom');
  }, 'mytarget start');
  const later = startStep(scheduler, 20, r, { id: '43' }, (job) => fired.push(job.id), 'mytarget start');
  const cancelled = startStep(scheduler, 15, r, { id: '44' }, (job) => fired.push(job.id), 'mytarget start');
  cancelled.cancel();
  expect(scheduler.size).toBe(2);
  scheduler.advance(100);
  expect(errors).toEqual(['mytarget start 42']);
  expect(fired).toEqual(['43']);
  expect(later.done).toBe(true);
  expect(scheduler.size).toBe(0);
});

test('a lifecycle refuses an illegal transition loudly and records the legal ones', () => {
  const life = new Lifecycle<'a' | 'b' | 'c'>('test', {
    initial: 'a',
    transitions: { a: ['b'], b: ['c'], c: [] },
    phases: { a: 'waiting', b: 'running', c: 'ok' },
  });
  const job = life.begin(0);
  expect(() => life.move(job, 'c', 1)).toThrow('test: illegal transition a -> c (allowed: b)');
  life.move(job, 'b', 2);
  life.move(job, 'c', 3);
  expect(job.history.map((h) => `${h.state}@${h.at}`)).toEqual(['a@0', 'b@2', 'c@3']);
  expect(life.isTerminal('c')).toBe(true);
  expect(life.states.map((s) => life.phaseOf(s))).toEqual(['waiting', 'running', 'ok']);
});

test('a lifecycle names the phase of every state: one left out does not compile', () => {
  // @ts-expect-error -- 'c' has no phase
  const life = new Lifecycle<'a' | 'b' | 'c'>('test', { initial: 'a', transitions: { a: ['b'], b: ['c'], c: [] }, phases: { a: 'waiting', b: 'ok' } });
  expect(life.states).toHaveLength(3);
});

test('ids: the same seed gives the same ids, streams per kind are independent', () => {
  const a = new Ids(5);
  const b = new Ids(5);
  expect([a.hex('x', 16), a.uuid('y')]).toEqual([b.hex('x', 16), b.uuid('y')]);
  const c = new Ids(5);
  c.hex('other', 16);
  expect(c.hex('x', 16)).toBe(new Ids(5).hex('x', 16));
  expect(new Ids(6).hex('x', 16)).not.toBe(new Ids(5).hex('x', 16));
  expect(a.uuid('z')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('50,000 tasks at random times (many equal), some cancelled, some scheduled by tasks: all fire in (time, scheduling) order', () => {
  // The heap grows from 1,024 slots and shrinks back; order must not depend on it.
  const { clock, scheduler } = manual();
  const r = new Random(3);
  const fired: number[] = [];
  const expected: { time: number; seq: number }[] = [];
  let seq = 0;
  const schedule = (time: number, spawn: boolean) => {
    const id = seq++;
    const handle = scheduler.at(time, () => {
      expect(clock.now()).toBe(time);
      fired.push(id);
      if (spawn) schedule(time + 1 + (r.u32() % 500), false);
    });
    return { id, handle, time };
  };
  const all = Array.from({ length: 50_000 }, () => schedule(1_000 + (r.u32() % 20_000), r.u32() % 10 === 0));
  for (const t of all) {
    if (r.u32() % 7 === 0) scheduler.cancel(t.handle);
    else expected.push({ time: t.time, seq: t.id });
  }
  while (scheduler.size > 0) scheduler.advance(r.u32() % 3_000);
  // Spawned tasks were scheduled while firing: check the order of the first generation only,
  // and that every surviving task (and every spawned one) fired exactly once.
  const firstGen = new Set(expected.map((e) => e.seq));
  const order = fired.filter((id) => firstGen.has(id));
  expected.sort((a, b) => a.time - b.time || a.seq - b.seq);
  expect(order).toEqual(expected.map((e) => e.seq));
  expect(new Set(fired).size).toBe(fired.length);
  expect(fired.length).toBe(seq - (all.length - expected.length));
  expect(scheduler.nextTime()).toBeUndefined();
});
