/**
 * Memory of accounts (suite `tokens`, run by name): the heap one new token's account keeps,
 * per API, from 10,000 tokens of one GET each (bench/tokens-worker.mjs). Accounts share their
 * fixture set's objects until they change one, so a client that uses a new token per test
 * costs little. No baseline: the same requests from one token are shown for scale.
 */
import { CLIENT_CORE, pinned, runCommand, type BenchRow } from './lib.js';

const TOKENS = 10_000;

export default async function tokensBench(): Promise<BenchRow[]> {
  const out = await runCommand(pinned(CLIENT_CORE, [process.execPath, '--expose-gc', 'bench/tokens-worker.mjs', String(TOKENS)]));
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, { newTokens: number; oneToken: number }>;
  return (['appmetrica', 'mytarget', 'toloka'] as const).map((api) => ({
    name: `heap per new ${api} token (one GET each)`,
    ours: r[api]!.newTokens,
    baseline: null,
    unit: 'B',
    better: 'lower',
    note: `${TOKENS.toLocaleString('en')} tokens; the same GETs from one token: ${Math.round(r[api]!.oneToken)} B each`,
  }));
}
