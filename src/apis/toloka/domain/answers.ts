import { hashString, type Random } from '../../../core/random.js';
import type { FieldSpec } from '../fixtures.js';
import type { AssignedTask, Assignment } from '../model.js';
import { isObject } from './validation.js';

/**
 * The answers the simulated crowd gives: one `output_values` per task, shaped by the project's
 * output spec (types, allowed values, lengths and ranges, required fields). Each task has a
 * hidden true answer, made from its id and the seed (so Tolokers agree on it, and aggregation has
 * something to find); a task with known solutions has those as its truth. A Toloker gives the
 * truth with the crowd's `accuracy`, else another answer of the same spec.
 */
export type OutputValues = Record<string, unknown>;

const WORDS = ['cat', 'dog', 'a red car', 'two people', 'a house', 'the sea', 'a tree', 'food', 'a street', 'text'];

/** A value of one field from a 32-bit number (the same number, the same value). */
function valueOf(spec: FieldSpec, n: number): unknown {
  if (spec.allowed_values && spec.allowed_values.length > 0) return spec.allowed_values[n % spec.allowed_values.length];
  const min = spec.min_value ?? 0;
  const max = spec.max_value ?? 100;
  const element = (type: string): unknown => {
    switch (type) {
      case 'integer':
        return min + (n % (Math.floor(max - min) + 1));
      case 'float':
        return Math.round((min + ((n % 10_000) / 10_000) * (max - min)) * 100) / 100;
      case 'boolean':
        return n % 2 === 0;
      case 'url':
        return `https://example.com/answer/${n % 1000}.jpg`;
      case 'file':
        return `file-${(n % 0xffffff).toString(16)}`;
      case 'coordinates':
        return `${(55 + (n % 1000) / 1000).toFixed(3)},${(37 + ((n >>> 10) % 1000) / 1000).toFixed(3)}`;
      case 'json':
        return { value: n % 100 };
      default: {
        let text = WORDS[n % WORDS.length]!;
        if (spec.min_length !== undefined) while (text.length < spec.min_length) text += ` ${WORDS[(n >>> 3) % WORDS.length]}`;
        if (spec.max_length !== undefined && text.length > spec.max_length) text = text.slice(0, Math.max(spec.max_length, 0));
        return text;
      }
    }
  };
  if (spec.type.startsWith('array_')) {
    const size = Math.max(spec.min_size ?? 1, Math.min(spec.max_size ?? 3, 1 + (n % 3)));
    return Array.from({ length: size }, (_, i) => element(spec.type.slice('array_'.length)) ?? i);
  }
  return element(spec.type);
}

/** A control or training task's known answer (its first known solution's output), if it has one. */
export function knownAnswer(task: { known_solutions?: unknown }): OutputValues | undefined {
  const known = Array.isArray(task.known_solutions) ? (task.known_solutions[0] as { output_values?: unknown } | undefined)?.output_values : undefined;
  return isObject(known) ? known : undefined;
}

/** Whether a Toloker's answer to task i of an assignment matches `expected` on every field `expected` has. */
export function matches(a: Assignment, i: number, expected: OutputValues): boolean {
  const given = a.solutions?.[i]?.output_values ?? {};
  return Object.keys(expected).every((k) => JSON.stringify(given[k]) === JSON.stringify(expected[k]));
}

/** A task's true answer: its known solution, or one made from its id and the seed. */
function truthOf(task: AssignedTask, spec: Readonly<Record<string, FieldSpec>>, seed: number): OutputValues {
  const known = knownAnswer(task);
  if (known) return known;
  const out: OutputValues = {};
  for (const [name, field] of Object.entries(spec)) out[name] = valueOf(field, hashString(`${task.id}:${name}`, seed));
  return out;
}

/**
 * One Toloker's answers to the tasks of a suite: each task's truth with probability `accuracy`,
 * else, field by field, another value of the spec (a field with one possible value stays right).
 */
export function answers(tasks: readonly AssignedTask[], spec: Readonly<Record<string, FieldSpec>>, accuracy: number, random: Random, seed: number): { output_values: OutputValues }[] {
  return tasks.map((task) => {
    const truth = truthOf(task, spec, seed);
    if (random.float() < accuracy) return { output_values: ownFiles({ ...truth }, spec, random) };
    const wrong: OutputValues = {};
    for (const [name, field] of Object.entries(spec)) {
      let value = valueOf(field, random.u32());
      for (let i = 0; i < 3 && JSON.stringify(value) === JSON.stringify(truth[name]); i++) value = valueOf(field, random.u32());
      wrong[name] = value;
    }
    return { output_values: ownFiles(wrong, spec, random) };
  });
}

/** A file field holds the ids of files the Toloker uploaded (domain/attachments.ts): their own, whatever the truth is. */
function ownFiles(values: OutputValues, spec: Readonly<Record<string, FieldSpec>>, random: Random): OutputValues {
  // for...in: no array per answer (the crowd answers on every submit).
  for (const name in spec) {
    const field = spec[name]!;
    if (field.type === 'file') values[name] = random.uuid();
    else if (field.type === 'array_file') values[name] = (Array.isArray(values[name]) ? (values[name] as unknown[]) : [0]).map(() => random.uuid());
  }
  return values;
}
