import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { describeIssues } from './messages.js';
import { locate, parseJsonc } from './jsonc.js';
import { Scenario } from './schema.js';

/**
 * Reads and validates a JSON document, comments and trailing commas allowed (JSONC, as editors
 * write scenario files); any problem is a ConfigError naming file, line and column, JSON path
 * and fix.
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, code: string): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(code, `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path`);
  }
  const json = parseJsonc(file, text, code);
  const result = schema.safeParse(json, ONCE);
  if (result.success) return result.data;
  const where = locate(text, result.error.issues[0]?.path ?? []);
  throw new ConfigError(code, describeIssues(where ? `${file}:${where}` : file, result.error, (path) => keysAt(schema, path)));
}

/**
 * Documents are parsed once each (at start-up, on a scenario change): zod's compiled fast path
 * (generated with new Function on a schema's first parse) would cost more than it saves, and
 * was a tenth of the stand's start-up.
 */
const ONCE = { jitless: true } as const;

export function parseDocument<S extends z.ZodType>(source: string, json: unknown, schema: S, code: string): z.infer<S> {
  const result = schema.safeParse(json, ONCE);
  if (!result.success) throw new ConfigError(code, describeIssues(source, result.error, (path) => keysAt(schema, path)));
  return result.data;
}

/** The keys an object schema allows at `path` (for "did you mean" hints). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: unknown[] = [schema];
  for (const key of path) {
    nodes = nodes.flatMap((n) => unwrap(n)).flatMap((n) => child(n, key));
  }
  const keys = new Set<string>();
  for (const n of nodes.flatMap((x) => unwrap(x))) {
    const def = defOf(n);
    if (def?.type === 'object') for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  return [...keys];
}

interface Def {
  type: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  options?: unknown[];
  valueType?: unknown;
}

function defOf(n: unknown): Def | undefined {
  return (n as { _zod?: { def?: Def } })?._zod?.def;
}

function unwrap(n: unknown): unknown[] {
  const def = defOf(n);
  if (!def) return [];
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if ((def.type === 'union' || def.type === 'discriminatedUnion') && def.options) return def.options.flatMap(unwrap);
  return [n];
}

function child(n: unknown, key: PropertyKey): unknown[] {
  const def = defOf(n);
  if (!def) return [];
  if (def.type === 'object' && typeof key === 'string' && def.shape?.[key]) return [def.shape[key]];
  if (def.type === 'array' && typeof key === 'number') return [def.element];
  if (def.type === 'record' && def.valueType) return [def.valueType];
  return [];
}

/**
 * Where the shipped scenarios and fixtures are: the package root, the nearest folder above this
 * module holding a package.json. That is two levels up from src/scenarios/ or dist/scenarios/,
 * one from the bundled CLI (dist/cli.js, see scripts/bundle-cli.mjs).
 */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..', '..');
  }
}

/**
 * Where a fixture set of an API is: the user's folder first (--fixtures), then the shipped one.
 * A set an API has no file for falls back to that API's "default" set, so a scenario can name a
 * set that only changes one API. Returns the file and whether it fell back.
 */
export function fixtureFile(fixturesDir: string, api: string, set: string): { file: string; fellBack: boolean } {
  const dirs = [...new Set([resolve(fixturesDir), join(PACKAGE_ROOT, 'fixtures')])];
  const sets = set === 'default' ? ['default'] : [set, 'default'];
  for (const s of sets) {
    const found = dirs.map((d) => join(d, api, `${s}.json`)).find((f) => existsSync(f));
    if (found) return { file: found, fellBack: s !== set };
  }
  throw new ConfigError(
    'STAND_FIXTURES_NOT_FOUND',
    `fixture set "${set}" for ${api} not found (looked in ${dirs.map((d) => join(d, api)).join(' and ')}); create ${set}.json there, or name another set in the scenario's "fixtures"`,
  );
}

/** Reads and validates an API's fixture set (see fixtureFile); a fallback is logged once. */
export function readFixtures<S extends z.ZodType>(
  ctx: { config: { fixturesDir: string }; logger: { warn: (obj: object, msg: string) => void } },
  api: string,
  set: string,
  schema: S,
): z.infer<S> {
  const { file, fellBack } = fixtureFile(ctx.config.fixturesDir, api, set);
  if (fellBack) ctx.logger.warn({ api, set }, `no ${api} fixtures for set "${set}"; using ${file}`);
  return readJsonFile(file, schema, 'STAND_FIXTURES_INVALID');
}

/**
 * The fixtures of `api` in the set the active scenario names: read when an API is made and at
 * each of its resets (a reset, or a switch to another fixture set), so an edited fixture file is
 * read again then.
 */
export function readActiveFixtures<S extends z.ZodType>(
  ctx: Parameters<typeof readFixtures>[0] & { scenarios: { active: { fixtures: string } } },
  api: string,
  schema: S,
): z.infer<S> {
  return readFixtures(ctx, api, ctx.scenarios.active.fixtures, schema);
}

/**
 * Scenario files by name, read on first use: the user's folder first (--scenarios), then the
 * shipped scenarios, so a mounted folder with only its own scenarios still has "default".
 */
/** A scenario file: JSON, or JSON with comments. */
const SCENARIO_FILE = /\.jsonc?$/;

export class ScenarioLibrary {
  readonly dirs: string[];
  readonly #cache = new Map<string, Scenario>();

  constructor(dir: string) {
    this.dirs = [...new Set([resolve(dir), join(PACKAGE_ROOT, 'scenarios')])];
  }

  names(): string[] {
    const names = new Set<string>();
    for (const dir of this.dirs) {
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) if (SCENARIO_FILE.test(f) && !f.endsWith('.schema.json')) names.add(f.replace(SCENARIO_FILE, ''));
    }
    return [...names].sort();
  }

  /** The file a scenario name (a file in one of the folders) or path (.json, .jsonc) stands for. */
  fileOf(nameOrPath: string): string {
    let file: string | undefined;
    if (SCENARIO_FILE.test(nameOrPath)) file = resolve(nameOrPath);
    else if (/^[\w.-]+$/.test(nameOrPath)) file = this.dirs.flatMap((d) => [join(d, `${nameOrPath}.json`), join(d, `${nameOrPath}.jsonc`)]).find((f) => existsSync(f));
    if (!file) {
      throw new ConfigError(
        'STAND_SCENARIO_NOT_FOUND',
        `scenario "${nameOrPath}" not found in ${this.dirs.join(' or ')}; use one of: ${this.names().join(', ') || '(none)'}, or a path to a .json or .jsonc file`,
      );
    }
    return file;
  }

  /** A scenario by name or path, read on first use and kept. */
  get(nameOrPath: string): Scenario {
    return this.#cache.get(nameOrPath) ?? this.reload(nameOrPath);
  }

  /**
   * Reads a scenario's file again. An invalid file throws (a ConfigError saying where and why) and
   * the version read before stays the one `get` gives: the last good one.
   */
  reload(nameOrPath: string): Scenario {
    const scenario = readJsonFile(this.fileOf(nameOrPath), Scenario, 'STAND_SCENARIO_INVALID');
    this.#cache.set(nameOrPath, scenario);
    return scenario;
  }

  has(name: string): boolean {
    return this.#cache.has(name) || this.names().includes(name);
  }
}
