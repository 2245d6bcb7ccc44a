import { expect, test } from 'vitest';
import { schemeTokenReader } from '../../src/core/auth-header.js';

test('the Authorization token reader gives what the full pattern gives, for every form of header', () => {
  const read = schemeTokenReader(['OAuth', 'ApiKey']);
  const full = /^(?:OAuth|ApiKey)\s+(\S+)\s*$/i;
  const headers = [
    'OAuth abc', 'ApiKey k-1', 'oauth abc', 'OAUTH  abc', 'OAuth\tabc', 'OAuth abc ', 'OAuth abc\t', 'OAuth a b',
    'OAuth ', 'OAuth', 'OAuthabc', 'Bearer abc', 'OAuth  ', ' OAuth abc', 'OAuth ab\u00a0c', 'OAuth abc\u2028', 'ApiKeyx abc', '',
  ];
  for (const h of headers) expect([h, read(h)]).toEqual([h, full.exec(h)?.[1] ?? null]);
  expect(read(undefined)).toBeNull();
});
