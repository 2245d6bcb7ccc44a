#!/usr/bin/env node
/**
 * dist/cli.js: starts the bundled CLI (dist/cli.bundle.cjs, scripts/bundle-cli.mjs) from V8's
 * code cache of it (dist/cli.bundle.cjs.cache), so a start skips compiling what the last one
 * compiled. `npm run build` writes the cache; a start that finds none, or one V8 refuses (another
 * Node version, the bundle rebuilt), compiles as usual and writes a new one once the stand
 * listens, where the folder is writable (nothing else changes when it is not).
 *
 * Why: parsing and compiling the 2.6 MB bundle was a fifth of a start. Cold start to the first
 * 200 on /_stand/health, medians of 8 interleaved starts: 372 ms without, 275 ms with.
 * Node 22's module.enableCompileCache would do it too, but Node 20 has none; vm.Script's cached
 * data is on every supported version.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundle = fileURLToPath(import.meta.url).replace(/\.js$/, '.bundle.cjs');
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// The CommonJS wrapper, on the bundle's first line (line numbers in stack traces stay the
// bundle's), in strict mode: the sources are ES modules, strict by definition.
const source = `(function (exports, require, module, __filename, __dirname) {'use strict';${readFileSync(bundle, 'utf8')}\n})`;
const script = new Script(source, { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // The bundle's main() emits this once it listens: by then it has compiled what a start needs.
  process.once('async-stand:listening', () => {
    const temp = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // A read-only install: every start compiles, as without a cache.
    }
  });
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
