import * as z from 'zod';
import { TABLES } from './domain/tables.js';

const tableName = z.enum(Object.keys(TABLES) as [keyof typeof TABLES, ...(keyof typeof TABLES)[]]);

/**
 * The IANA zones this runtime knows by their canonical names (a constant, read once). Checking a
 * name here costs nothing; building a DateTimeFormat (the check for any other name, e.g. the
 * aliases UTC or Etc/GMT+3) costs ~10 ms the first time in a process, a visible share of start-up.
 */
const CANONICAL_ZONES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('timeZone'));

function isTimeZone(tz: string): boolean {
  if (CANONICAL_ZONES.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An application whose logs the stand generates. */
export const AppFixture = z.strictObject({
  id: z.number().int().positive(),
  name: z.string().min(1),
  timeZone: z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Moscow' }),
  packageName: z.string().min(1),
  platforms: z
    .strictObject({ android: z.number().min(0), ios: z.number().min(0), windows: z.number().min(0).default(0) })
    .refine((p) => p.android + p.ios + p.windows > 0, { message: 'at least one platform needs a weight above 0' })
    .describe('relative weights of the devices\' operating systems'),
  devices: z.number().int().positive().max(10_000_000).describe('how many distinct devices the app has'),
  appVersions: z.array(z.string().min(1)).min(1),
  eventNames: z.array(z.string().min(1)).min(1),
  dailyVolume: z
    .partialRecord(tableName, z.number().positive().max(100_000_000))
    .default({})
    .describe('rows per day per table; a table not listed gets 1000'),
  tokens: z
    .array(z.string().min(1))
    .nullable()
    .default(null)
    .describe('the tokens that may read this app (null: any token)'),
});
export type AppFixture = z.infer<typeof AppFixture>;

export const AppmetricaFixtures = z.strictObject({
  $schema: z.string().optional(),
  apps: z.array(AppFixture).min(1),
});
export type AppmetricaFixtures = z.infer<typeof AppmetricaFixtures>;
