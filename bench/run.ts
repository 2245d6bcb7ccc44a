/**
 * npm run bench: runs every suite, prints one table (ours, baseline, ratio); --json FILE writes
 * the rows so two runs can be compared. Suites are plain async functions in this folder.
 */
import { writeFileSync } from 'node:fs';
import { formatTable, type BenchRow, type BenchSuite } from './lib.js';

const SUITES: Record<string, () => Promise<{ default: BenchSuite }>> = {
  appmetrica: () => import('./appmetrica-export.js'),
  mytarget: () => import('./mytarget.js'),
  toloka: () => import('./toloka.js'),
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const only = args.filter((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1));
  const rows: BenchRow[] = [];
  for (const [name, load] of Object.entries(SUITES)) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name} ...\n`);
    const suite = (await load()).default;
    rows.push(...(await suite()));
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(rows, null, 2)}\n`);
}

void main();
