/**
 * The second half of `npm run build`: bundles the CLI (src/cli.ts and everything it imports,
 * dependencies included) into one ES module, dist/cli.js, over the file tsc wrote there. The
 * library entries (dist/index.js, dist/testing/) stay tsc's, one file per module.
 *
 * Why: a start of the stand is mostly Node loading modules. Unbundled, the CLI loads ~400 files
 * (fastify, zod, pino, @fastify/compress and ours), each resolved, read, compiled and linked on
 * its own; one file does the same work once. On a 2-core machine this took the cold start to
 * the first 200 on /_stand/health from ~1.9x a bare Fastify app's to ~1.1x (bench/README.md).
 *
 * - undici stays external: the stand imports it on its first callback only, and it is the
 *   largest dependency (1 MB of source to parse at every start otherwise). It is one of our own
 *   dependencies, so it resolves from dist/ wherever the package is installed.
 * - No minification: stack traces and dist/cli.js stay readable; it saved nothing measurable.
 *   Nor keepNames (only needed with minified names): it wraps every function made at run time
 *   in a defineProperty call, closures made per request included (a seventh of a poll's time).
 * - The banner gives the bundled CommonJS dependencies (fastify, pino) a real `require` for
 *   Node's built-in modules, which an ES module does not have.
 *
 * Plain node (no tsx): the Docker build runs it too.
 *
 *   node scripts/bundle-cli.mjs [OUTFILE]   default dist/cli.js; the bundle must sit one folder
 *                                           below the package root (it finds the root by its package.json)
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outfile: process.argv[2] ?? 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The oldest Node the package supports (package.json engines).
  target: 'node20.19',
  external: ['undici'],
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __standCreateRequire } from 'node:module';\nconst require = __standCreateRequire(import.meta.url);",
  },
});
