/**
 * npm run schema: writes scenarios/scenario.schema.json from the zod schema (the one source), so
 * editors autocomplete scenario files that reference it with "$schema".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/scenarios/loader.js';
import { scenarioJsonSchema } from '../src/scenarios/json-schema.js';

export { scenarioJsonSchema };

const file = join(PACKAGE_ROOT, 'scenarios', 'scenario.schema.json');
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
