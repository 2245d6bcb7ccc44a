/**
 * Garbage generators for the fuzz suite: strings, query strings, bodies, content types, headers
 * and ids, weighted so that most requests still get past authentication and routing (where the
 * interesting bugs are), while the rest are plain garbage.
 */
import fc from 'fast-check';
import { INJECTED_HEADER } from './shapes.js';

/** Strings that have broken parsers, routers and object lookups before. */
export const NASTY = [
  '',
  ' ',
  '0',
  '-1',
  '1e400',
  'NaN',
  'Infinity',
  '-0',
  '00000000000000000000000000000000001',
  '9007199254740993',
  '1.5',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '....//....//',
  '/',
  '//',
  '.',
  '..',
  '%00',
  '\u0000',
  '\u0000\u0001\u001f\u007f',
  'x\r\nSet-Cookie: fuzz=1',
  `x\r\n${INJECTED_HEADER}: 1`,
  `%0d%0a${INJECTED_HEADER}:%201`,
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  '\u2028\u2029',
  '\ufeff',
  '\ud800',
  '\udfff',
  '😀👍🏽',
  'Ω≈ç√∫˜µ≤≥÷',
  'ﷺ',
  'ЁЖЗИЙ',
  '中文字符',
  '\u202egnp.exe',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '%s%s%s%n',
  '%',
  '%zz',
  '%c0%af',
  '*',
  '?',
  '#',
  '&',
  '=',
  ';',
  ',',
  ',,,',
  'a,b,,c',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://[::1',
  'http://127.0.0.1:0/',
  'http://user:pass@127.0.0.1:1/x',
  'http://169.254.169.254/latest/meta-data/',
  'gopher://127.0.0.1:25/',
  'http://exa mple.com/',
  'http://例え.テスト/',
  'https://127.0.0.1:65536/',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00 00:00:00',
  '9999-12-31 23:59:59',
  '2026-01-01T00:00:00+99:99',
  '1970-01-01',
];

/** A long string (past id limits, URL limits, or body limits when repeated). */
const long = fc.tuple(fc.constantFrom('a', '9', '%', 'é', '😀', '/', '.', ',', '\u0000'), fc.integer({ min: 200, max: 12_000 })).map(([c, n]) => c.repeat(n));

/** Any garbage string. */
export const garbage: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 6 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.integer().map(String), weight: 2 },
  { arbitrary: fc.double().map(String), weight: 1 },
  { arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String), weight: 1 },
  { arbitrary: long, weight: 1 },
);

/** A string that can travel in an HTTP header (no lone surrogates; CR/LF only in the NASTY injections). */
export const headerGarbage: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY.filter((s) => !/[\ud800-\udfff]/.test(s))), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' ')), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
);

/** Encodes a value for a URL the way a client might: percent-encoded, raw where harmless, or raw. */
export function urlPart(value: string, how: number): string {
  if (how === 0) return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '?'));
  if (how === 1) return value.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c.replace(/[\ud800-\udfff]/, '?'))).replace(/[#?]/g, encodeURIComponent);
  // Raw, but a URL must stay one line without spaces to be a request at all.
  return value.replace(/[\s#?]/g, '').replace(/[\ud800-\udfff]/g, '') || '-';
}

/** A path id: a real-looking one, a number, or garbage (encoded as a client would, or not). */
export function idArb(real: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...real), weight: 3 },
    { arbitrary: fc.nat({ max: 1_000_000 }).map(String), weight: 2 },
    { arbitrary: fc.tuple(garbage, fc.nat({ max: 2 })).map(([g, how]) => urlPart(g, how)), weight: 5 },
    { arbitrary: fc.constantFrom('%zz', '%', '%c0', '%E0%A4%A', 'a%2Fb', '..%2F..', '%2e%2e', '%0d%0aX-Fuzz-Injected:%201', 'x'.repeat(600)), weight: 1 },
  );
}

export type Query = [string, string][];

/** Query parameters: some known names of the route with garbage or plausible values, some garbage names, repeats. */
export function queryArb(known: readonly string[], plausible: Readonly<Record<string, readonly string[]>> = {}): fc.Arbitrary<Query> {
  const names = known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, { arbitrary: garbage, weight: 1 }) : garbage;
  const value = (name: string) => {
    const p = Object.hasOwn(plausible, name) ? plausible[name] : undefined;
    return p && p.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...p), weight: 2 }, { arbitrary: garbage, weight: 1 }) : garbage;
  };
  return fc.array(names.chain((n) => value(n).map((v): [string, string] => [n, v])), { maxLength: 8 });
}

/** Renders a query: URLSearchParams encoding, per-part encoding, or raw with broken escapes. */
export function renderQuery(q: Query, how: number): string {
  if (q.length === 0) return '';
  if (how === 0) {
    const p = new URLSearchParams();
    for (const [k, v] of q) p.append(k.replace(/[\ud800-\udfff]/g, '?'), v.replace(/[\ud800-\udfff]/g, '?'));
    return `?${p.toString()}`;
  }
  return `?${q.map(([k, v]) => `${urlPart(k, how)}=${urlPart(v, how)}`).join('&')}`;
}

// --- bodies --------------------------------------------------------------------------------

export interface Body {
  payload: string | Buffer | undefined;
  /** undefined: no Content-Type header. */
  contentType: string | undefined;
}

const deep = fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.constantFrom('[', '{"a":'), fc.boolean()).map(([n, open, closed]) => {
  const close = open === '[' ? ']' : '}';
  const inner = open === '[' ? '' : '1';
  return open.repeat(n) + inner + (closed ? close.repeat(n) : '');
});

const hugeJson = fc.integer({ min: 1_000, max: 120_000 }).map((n) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ i, s: 'x' }))));

/**
 * A deeply nested value inside a document: a marker string that toJson() expands to `depth`
 * nested arrays (building the value itself would overflow the test's own JSON.stringify).
 */
const deepMarker = fc.integer({ min: 100, max: 30_000 }).map((n): unknown => `__fuzz_deep_${n}__`);

/** JSON text of a generated document, with deep markers expanded. */
export function toJson(doc: unknown): string {
  return (JSON.stringify(doc) ?? 'undefined').replace(/"__fuzz_deep_(\d+)__"/g, (_, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)));
}

/** Random JSON with hostile keys sprinkled in. */
const jsonValue = fc.jsonValue({ maxDepth: 4 });
const protoJson = fc.constantFrom(
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '[{"__proto__":{"pool_id":"1"}}]',
  '{"a":1,"a":2}',
  '{"toString":1,"valueOf":"x","hasOwnProperty":null}',
);

/**
 * A mutation of a valid document: a value replaced by garbage or random JSON, a key removed,
 * a hostile key added, or nothing (the valid document itself).
 */
export function mutate(doc: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  const replacement = fc.oneof(
    garbage.map((s): unknown => s),
    jsonValue,
    fc.constantFrom<unknown>(null, -1, 0, 1.5, 1e308, -1e308, '', [], {}, true),
    deepMarker,
  );
  return fc.oneof(
    { arbitrary: fc.constant(doc), weight: 2 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...paths), replacement).map(([path, value]) => setAt(doc, path, value)),
      weight: 5,
    },
    ...(paths.length > 1 ? [{ arbitrary: fc.constantFrom(...paths.filter((p) => p.length > 0)).map((path) => setAt(doc, path, undefined)), weight: 2 }] : []),
    {
      arbitrary: fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 })), replacement).map(([path, key, value]) =>
        setAt(doc, [...path, key], value),
      ),
      weight: 2,
    },
  );
}

function setAt(doc: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(doc);
  let cur = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null) return copy;
    cur = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (typeof cur !== 'object' || cur === null) return copy;
  if (value === undefined) {
    if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
    else delete cur[last];
  } else {
    // defineProperty: "__proto__" becomes an own key, as JSON.parse makes it.
    Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

export const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 8 },
  {
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset="latin1"; boundary=x',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/jsonx',
      'text/plain',
      'text/plain; charset=utf-8',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/xml',
      'application/octet-stream',
      '*/*',
      '',
      ';',
      'application/',
      '/json',
    ),
    weight: 4,
  },
  { arbitrary: headerGarbage, weight: 1 },
);

/**
 * A body for a route: mutated valid documents (the `templates`), random JSON, hostile JSON,
 * non-JSON text, raw bytes, deep nesting, huge documents, or none.
 */
export function bodyArb(templates: readonly unknown[]): fc.Arbitrary<Body> {
  const text = fc.oneof(
    ...(templates.length > 0
      ? [
          { arbitrary: fc.constantFrom(...templates).chain(mutate).map(toJson), weight: 10 },
          {
            arbitrary: fc.array(fc.constantFrom(...templates).chain(mutate), { minLength: 0, maxLength: 5 }).map(toJson),
            weight: 3,
          },
        ]
      : []),
    { arbitrary: jsonValue.map((v) => JSON.stringify(v)), weight: 3 },
    { arbitrary: protoJson, weight: 1 },
    { arbitrary: garbage, weight: 2 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: hugeJson, weight: 1 },
    { arbitrary: fc.constantFrom('', ' ', '\n', 'null', '"', '{', '[1,', '{"a":}', 'undefined', 'NaN', '1e999', '{"a":1}garbage'), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.constant<Body>({ payload: undefined, contentType: undefined }), weight: 2 },
    { arbitrary: fc.tuple(text, contentTypeArb).map(([payload, contentType]): Body => ({ payload, contentType })), weight: 10 },
    { arbitrary: fc.tuple(fc.uint8Array({ maxLength: 200 }), contentTypeArb).map(([b, contentType]): Body => ({ payload: Buffer.from(b), contentType })), weight: 1 },
  );
}

// --- headers -------------------------------------------------------------------------------

/** Authorization: mostly the API's scheme with a fuzz token, sometimes hostile tokens or other schemes. */
export function authArb(scheme: string, tokens: readonly string[]): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...tokens).map((t) => `${scheme} ${t}`), weight: 12 },
    {
      arbitrary: fc
        .constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '%00', '😀', 'a'.repeat(5000), 'x;y', '"q"')
        .map((t) => `${scheme} ${t}`),
      weight: 2,
    },
    { arbitrary: fc.constantFrom(undefined, '', scheme, `${scheme} `, `${scheme}  a b`, 'Bearer fuzz-1', 'OAuth fuzz-1', 'ApiKey fuzz-1', 'Basic Zm9vOmJhcg=='), weight: 2 },
    { arbitrary: headerGarbage, weight: 1 },
  );
}

/** X-Stand-Scenario values that are not valid (400), plus harmless valid ones and scripted 4xx/5xx statuses. */
export const scenarioHeaderArb: fc.Arbitrary<{ value: string; scriptedStatus: number | null }> = fc.oneof(
  {
    arbitrary: fc
      .constantFrom('nope', 'default', 'realistic', 'expiry', '../default', '{', '{"action":{}}', '{"action":{"type":"status","status":99}}', '{"action":{"type":"delay","ms":-1}}', '{"__proto__":{}}', '{"action":{"type":"unknown"}}', '[]')
      .map((value) => ({ value, scriptedStatus: null })),
    weight: 4,
  },
  { arbitrary: headerGarbage.map((value) => ({ value, scriptedStatus: null })), weight: 2 },
  {
    arbitrary: fc.constantFrom(400, 401, 403, 404, 409, 413, 418, 429, 500, 502, 503).map((status) => ({
      value: JSON.stringify({ action: { type: 'status', status } }),
      scriptedStatus: status,
    })),
    weight: 1,
  },
);

/** A Host header: mostly none (inject's default), sometimes hostile (it flows into callback URLs). */
export const hostArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: fc.constantFrom('evil.example', 'a b', '127.0.0.1:99999', '[::1]', 'x\r\nX-Fuzz-Injected: 1', '', 'é.example', 'a'.repeat(300)), weight: 1 },
);

/** Accept-Encoding and Cache-Control garbage (compression and the Logs API's cache rules read them). */
export const acceptEncodingArb = fc.option(fc.oneof(fc.constantFrom('gzip', 'br', 'deflate', 'gzip;q=0', 'gzip;q=x, *;q=-1', '*', 'identity;q=0', 'gzip, gzip, gzip'), headerGarbage), { nil: undefined });
export const cacheControlArb = fc.option(fc.oneof(fc.constantFrom('no-cache', 'max-age=0', 'max-age=99999999999999999999', 'max-age=-1', 'max-age=abc', 'no-store, no-cache', 'NO-CACHE'), headerGarbage), { nil: undefined });

/** Methods: the route's own most of the time, then any other (HEAD and the unusual ones too). */
export const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'SEARCH', 'COPY', 'LOCK'] as const;
export function methodArb(own: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 5 }, { arbitrary: fc.constantFrom(...ALL_METHODS), weight: 1 });
}
