import type { RequestMatch } from '../journal/match.js';
import type { CountExpectation, Verification } from '../journal/reader.js';
import type { Stand } from '../stand-interface.js';

/** Thrown by expectRequests: the message says what was looked for, what was found and what came near. */
export class RequestExpectationError extends Error {
  readonly verification: Verification;
  constructor(verification: Verification) {
    super(verification.message);
    this.name = 'RequestExpectationError';
    this.verification = verification;
  }
}

export interface RequestExpectation {
  /** Exactly `n` matching requests. */
  toHaveCount(n: number): Verification;
  /** At least one. */
  toHaveBeenMade(): Verification;
  /** None. */
  never(): Verification;
  /** Between `atLeast` and `atMost` (either may be left out). */
  toHaveCountBetween(expected: { atLeast?: number; atMost?: number }): Verification;
}

/**
 * Assertions on the request journal that work in any test runner (they throw an Error):
 *
 *   expectRequests(stand, { api: 'mytarget', method: 'DELETE', path: '/api/v2/campaigns/*' }).toHaveCount(1);
 *   // RequestExpectationError: expected exactly 1 request with api mytarget, method DELETE, path
 *   // /api/v2/campaigns/*; found 0. Near misses: 3 requests with api mytarget, path ..., none with
 *   // method DELETE (they had method GET ×2, method POST)
 */
export function expectRequests(stand: Stand, match: RequestMatch): RequestExpectation {
  const check = (expected: CountExpectation): Verification => {
    const v = stand.verifyRequests(match, expected);
    if (!v.ok) throw new RequestExpectationError(v);
    return v;
  };
  return {
    toHaveCount: (n) => check(n),
    toHaveBeenMade: () => check({ atLeast: 1 }),
    never: () => check(0),
    toHaveCountBetween: (e) => check(e),
  };
}
