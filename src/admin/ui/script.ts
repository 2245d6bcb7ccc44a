import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { StandError } from '../../core/errors.js';
import { PACKAGE_ROOT } from '../../scenarios/loader.js';

/**
 * The dashboard's script (/_stand/ui/app.js) is TypeScript in client/, bundled by esbuild into
 * one classic script. `npm run build` bundles it once (scripts/bundle-cli.mjs, with
 * bundleClient below) into dist/admin/ui/app.js, which the built stand reads; a stand run from
 * source (tsx, vitest) has no such file and bundles it itself on the first request for it.
 * Either happens on first need, so a start of the stand does neither.
 */

/** The client's entry; it exists when this module runs from source (src/admin/ui/). */
export const CLIENT_ENTRY = fileURLToPath(new URL('client/main.ts', import.meta.url));

/**
 * Where a build put the bundle (dist/admin/ui/app.js), found from this module's URL: beside tsc's
 * dist/admin/ui/script.js; under admin/ui/ from the CLI bundle dist/cli.bundle.cjs, whose
 * import.meta.url is the bundle's own (scripts/bundle-cli.mjs). None when this runs from source
 * (a .ts file): a dist/ left by an older build must not stand in for the sources.
 */
export function builtScriptOf(moduleUrl: string): string | undefined {
  if (moduleUrl.endsWith('.ts')) return undefined;
  return fileURLToPath(new URL(moduleUrl.endsWith('.cjs') ? 'admin/ui/app.js' : 'app.js', moduleUrl));
}

const UNAVAILABLE = 'STAND_DASHBOARD_UNAVAILABLE';

/** Bundles the client (esbuild is a dev dependency: loaded only here, only when needed). */
export async function bundleClient(entry: string = CLIENT_ENTRY): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    throw new StandError(
      500,
      UNAVAILABLE,
      `the dashboard's script is not built and esbuild, which bundles it from source, cannot be loaded (${(e as Error).message}); run \`npm ci\` (esbuild is a dev dependency) or \`npm run build\``,
    );
  }
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      // Paths in the bundle's comments are relative to this, the same wherever the build ran.
      absWorkingDir: PACKAGE_ROOT,
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      // Browsers of 2022 on (the page needs <dialog>: Firefox 98, Safari 15.4), as the client's
      // tsconfig lib (ES2022) assumes; esbuild lowers syntax only, never adds missing APIs.
      target: 'es2022',
      charset: 'utf8',
      legalComments: 'none',
      banner: { js: "// async-stand's dashboard script, bundled by esbuild from src/admin/ui/client/ (see src/admin/ui/script.ts)." },
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  } catch (e) {
    throw new StandError(500, UNAVAILABLE, `bundling the dashboard's script (${entry}) with esbuild failed: ${(e as Error).message}`);
  }
}

export interface ScriptSources {
  /** The prebuilt bundle, if this is a build. */
  built: string | undefined;
  /** The client's entry, bundled when there is no prebuilt file. */
  entry: string;
}

/**
 * The dashboard's script of one stand, read or bundled once and then served from memory. A
 * failure is not kept: the next request tries again (after `npm run build`, say).
 */
export class DashboardScript {
  readonly #sources: ScriptSources;
  #text: Promise<string> | undefined;

  constructor(sources: ScriptSources = { built: builtScriptOf(import.meta.url), entry: CLIENT_ENTRY }) {
    this.#sources = sources;
  }

  text(): Promise<string> {
    this.#text ??= this.#load().catch((e: unknown) => {
      this.#text = undefined;
      throw e;
    });
    return this.#text;
  }

  async #load(): Promise<string> {
    const { built, entry } = this.#sources;
    if (built !== undefined && existsSync(built)) return readFile(built, 'utf8');
    if (!existsSync(entry)) {
      const missing = built === undefined ? '' : `no ${built}, and `;
      throw new StandError(
        500,
        UNAVAILABLE,
        `the dashboard's script is missing: ${missing}no source to bundle it from (${entry}); run \`npm run build\`, or reinstall the package`,
      );
    }
    return bundleClient(entry);
  }
}
