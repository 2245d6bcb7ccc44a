// A TypeScript CommonJS file of this project: async-stand's types under require() (the .d.cts build) type-check it.
import { createTestStand, expectCleanClient, expectRequests } from 'async-stand/testing';
import type { Stand, Finding } from 'async-stand';
export async function flow(): Promise<Finding[]> {
  const t = await createTestStand();
  const s: Stand = t.stand;
  expectRequests(s, { api: 'toloka' }).never();
  expectCleanClient(s, { token: 'x' });
  await t.close();
  return s.report().clients.flatMap((c) => c.findings);
}
