import { createTestStand, type TestStand } from '../src/testing/index.js';
import type { StandOptions } from '../src/config.js';

/** A test stand that every test closes: `const t = await stand(); onTestFinished(t.close)`. */
export async function stand(options: StandOptions & { listen?: boolean } = {}): Promise<TestStand> {
  return createTestStand(options);
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
