/**
 * The CommonJS build of the library (part of `npm run build`): `require('async-stand')` and
 * `require('async-stand/testing')` for jest and other CommonJS test stacks, beside tsc's ES
 * modules (package.json "exports": "import" and "require").
 *
 * One bundle, dist/async-stand.cjs, holds both entries (and the Testcontainers helper's
 * dependencies on nothing of ours), so a CommonJS test that requires `async-stand/testing` and
 * `async-stand` gets one copy of the stand's classes (a second copy would make `runtimeOf` refuse
 * the other copy's stands). dist/index.cjs and dist/testing.cjs pick their part of it. npm
 * packages stay external: they resolve from the user's node_modules, as with the ES build.
 *
 * The bundle sits in dist/ itself, as tsc's dist/index.js does: the package root (scenarios,
 * fixtures) and the dashboard's built script (dist/admin/ui/app.js) are found from its URL.
 *
 *   node scripts/bundle-lib.mjs
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  stdin: {
    contents: "export * from './src/index.ts';\nexport * as __testing from './src/testing/index.ts';\nexport * as __testcontainers from './src/testcontainers/index.ts';\n",
    resolveDir: root,
    sourcefile: 'async-stand-cjs.ts',
    loader: 'ts',
  },
  outfile: 'dist/async-stand.cjs',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  // esbuild (the dashboard bundler of a stand run from source) becomes a require when needed.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__standModuleUrl' },
  banner: { js: "var __standModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
});

const header = '// The CommonJS entry of async-stand (scripts/bundle-lib.mjs); the ES one is ./';
writeFileSync(
  `${root}dist/index.cjs`,
  `'use strict';\n${header}index.js\nconst { __testing, __testcontainers, ...lib } = require('./async-stand.cjs');\nmodule.exports = lib;\n`,
);
writeFileSync(`${root}dist/testcontainers.cjs`, `'use strict';\n${header}testcontainers/index.js\nmodule.exports = require('./async-stand.cjs').__testcontainers;\n`);
writeFileSync(`${root}dist/testing.cjs`, `'use strict';\n${header}testing/index.js\nmodule.exports = require('./async-stand.cjs').__testing;\n`);

// Types for require(): TypeScript reads a .d.ts of this "type": "module" package as an ES module,
// which a CommonJS file may not require (TS1479). A .d.cts copy of every declaration file, its
// relative imports pointing at .cjs (whose types are those .d.cts), is the CommonJS view of the
// same types.
function cjsTypes(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) cjsTypes(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8').replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.js(['"])/g, '$1.cjs$2');
      writeFileSync(path.replace(/\.d\.ts$/, '.d.cts'), text);
    }
  }
}
cjsTypes(`${root}dist`);
