import type { FastifyInstance } from 'fastify';

interface Known {
  /** Path segments; ':x' is one segment, a last '*' any rest. */
  readonly segments: readonly string[];
  readonly methods: Set<string>;
}

/**
 * The routes of an app and their methods, collected as they are added (Fastify's onRoute hook),
 * so a not-found answer can tell a path that exists for other methods (405, with Allow) from
 * one that does not exist (404): PROPFIND on a known path is no 404.
 */
export class RouteMethods {
  readonly #known: Known[] = [];
  readonly #prefix: string;

  /** Collects the routes `app` and its children add from now on; paths are taken relative to `app.prefix`. */
  constructor(app: FastifyInstance) {
    this.#prefix = app.prefix;
    app.addHook('onRoute', (route) => {
      const url = route.url.startsWith(this.#prefix) ? route.url.slice(this.#prefix.length) : route.url;
      const segments = url.split('/');
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const same = this.#known.find((k) => k.segments.join('/') === segments.join('/'));
      if (same) for (const m of methods) same.methods.add(m);
      else this.#known.push({ segments, methods: new Set(methods) });
    });
  }

  /** The methods `path` (relative to the app's prefix) is routed for, in a stable order; empty for an unknown path. */
  allowed(path: string): string[] {
    const parts = path.split('/');
    const exact = new Set<string>();
    const wild = new Set<string>();
    for (const k of this.#known) {
      if (!fits(k.segments, parts)) continue;
      for (const m of k.methods) (k.segments.at(-1) === '*' ? wild : exact).add(m);
    }
    // A route of this very path says more than a catch-all above it.
    return [...(exact.size > 0 ? exact : wild)].sort();
  }
}

function fits(pattern: readonly string[], parts: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '*' && i === pattern.length - 1) return parts.length > i;
    const part = parts[i];
    if (part === undefined) return false;
    if (p.startsWith(':')) {
      if (part === '') return false;
      continue;
    }
    if (p !== part) return false;
  }
  return pattern.length === parts.length;
}
