/**
 * The second half of `npm run build`: bundles the CLI (src/cli.ts and everything it imports,
 * dependencies included) into one CommonJS file, dist/cli.bundle.cjs, writes its launcher
 * (scripts/cli-launcher.mjs) over the dist/cli.js tsc wrote, and starts it once, which writes
 * V8's code cache of the bundle (dist/cli.bundle.cjs.cache). The library entries (dist/index.js,
 * dist/testing/) stay tsc's, one file per module. It also bundles the dashboard's browser script
 * (src/admin/ui/client/, TypeScript) into dist/admin/ui/app.js, which the built stand serves
 * (src/admin/ui/script.ts): tsc leaves that folder out.
 *
 * Why: a start of the stand is mostly Node loading modules. Unbundled, the CLI loads ~400 files
 * (fastify, zod, pino, @fastify/compress and ours), each resolved, read, compiled and linked on
 * its own; one file does the same work once. On a 2-core machine this took the cold start to
 * the first 200 on /_stand/health from ~1.9x a bare Fastify app's to ~1.1x (bench/README.md);
 * the code cache then skips compiling the one file (372 -> 275 ms, see the launcher).
 *
 * - CommonJS, not an ES module: V8's code cache is for scripts (vm.Script); an ES module's
 *   compile cannot be cached on Node 20.
 * - undici stays external: the stand loads it on its first callback only, and it is the
 *   largest dependency (1 MB of source to parse at every start otherwise). It is one of our own
 *   dependencies, so it resolves from dist/ wherever the package is installed.
 * - esbuild stays external too: a stand run from source bundles the dashboard's script with it
 *   (a dev dependency, imported only then); the built CLI reads the prebuilt file instead.
 * - No minification: stack traces and the bundle stay readable; it saved nothing measurable.
 *   Nor keepNames (only needed with minified names): it wraps every function made at run time
 *   in a defineProperty call, closures made per request included (a seventh of a poll's time).
 *
 * Plain node: the Docker build runs it too. (The dashboard's bundler is TypeScript, the function a
 * stand run from source uses; tsx's API, a dev dependency, loads it.)
 *
 *   node scripts/bundle-cli.mjs [OUTFILE]   default dist/cli.js (the launcher; the bundle and its
 *                                           cache beside it, the dashboard's script in admin/ui/
 *                                           below it); it must sit below the package root (the
 *                                           root is found by the package.json above it)
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.argv[2] ?? 'dist/cli.js';
const bundle = outfile.replace(/\.js$/, '.bundle.cjs');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outfile: bundle,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The oldest Node the package supports (package.json engines).
  target: 'node20.19',
  external: ['undici', 'esbuild'],
  // jsonc-parser's main is a UMD build whose inner requires esbuild cannot follow; its ES build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // undici is CommonJS: a plain require when the first callback needs it.
  supported: { 'dynamic-import': false },
  // The one import.meta.url of the sources (the package root is found from it).
  define: { 'import.meta.url': '__standModuleUrl' },
  banner: { js: "var __standModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
});
// The launcher has the #! line; the bundle keeps an empty first line in its place.
mkdirSync(dirname(bundle), { recursive: true });
writeFileSync(bundle, result.outputFiles[0].text.replace(/^#!.*/, ''));
copyFileSync(new URL('./cli-launcher.mjs', import.meta.url), outfile);
// tsc's source map of the dist/cli.js it wrote; the launcher replaced that file.
rmSync(`${outfile}.map`, { force: true });

// The dashboard's script, where the built stand looks for it: admin/ui/app.js beside the bundle,
// which for dist/ is also beside tsc's dist/admin/ui/script.js.
const { tsImport } = await import('tsx/esm/api');
const { bundleClient } = await tsImport('../src/admin/ui/script.ts', import.meta.url);
const dashboardScript = join(dirname(outfile), 'admin', 'ui', 'app.js');
mkdirSync(dirname(dashboardScript), { recursive: true });
writeFileSync(dashboardScript, await bundleClient());

// One start of the built CLI writes the code cache (the launcher does, once it listens).
const cache = `${bundle}.cache`;
rmSync(cache, { force: true });
const child = spawn(process.execPath, [outfile, '--port', '0', '--host', '127.0.0.1', '--clock', 'manual', '--log-level', 'silent'], { cwd: root, stdio: 'ignore' });
const exited = new Promise((resolve) => child.once('exit', resolve));
const deadline = Date.now() + 30_000;
while (!existsSync(cache) && child.exitCode === null && child.signalCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
child.kill('SIGTERM');
await exited;
if (!existsSync(cache)) process.stderr.write(`bundle-cli: no code cache written (${outfile} did not start); every start will compile the bundle\n`);
