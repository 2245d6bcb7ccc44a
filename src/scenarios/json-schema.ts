import * as z from 'zod';
import { Scenario } from './schema.js';

/**
 * Where the scenario JSON Schema lives for editors, whatever folder a scenario file sits in: the
 * copy in the published package (scenarios/scenario.schema.json, also exported as
 * `async-stand/scenario.schema.json`, and served by every stand at GET /_stand/schema/scenario).
 * The major version in the URL keeps it stable across compatible releases.
 */
export const SCENARIO_SCHEMA_URL = 'https://unpkg.com/async-stand@0/scenarios/scenario.schema.json';

/** The scenario JSON Schema, from the zod schema (the one source): `npm run schema` writes it. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' }),
    $id: SCENARIO_SCHEMA_URL,
    title: 'async-stand scenario',
  };
}
