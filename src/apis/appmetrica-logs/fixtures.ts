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

const PROFILE_FIELDS: ReadonlySet<string> = new Set([...TABLES.profiles_v2, 'version', 'update_timestamp']);

/**
 * A profile attribute the app declared ("Profile attributes" in the app's settings; the Post
 * API's types: post/post-profile-attributes.md). Profiles export it under its own name
 * (ref/profiles.md lists `<any attribute name>` among the fields).
 */
const ProfileAttribute = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z][\w.-]{0,199}$/, { message: 'must start with a letter and hold only letters, digits, "_", "." and "-" (a field name in a comma-separated list)' })
    .refine((n) => !PROFILE_FIELDS.has(n), { message: 'is a field or parameter of profiles already' }),
  type: z.enum(['string', 'number', 'bool', 'counter']),
  values: z.array(z.string()).min(1).default(['basic', 'premium', 'trial']).describe('string attributes: the values profiles take'),
});

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
  profileAttributes: z
    .array(ProfileAttribute)
    .default([])
    .refine((list) => new Set(list.map((a) => a.name)).size === list.length, { message: 'attribute names must be distinct' })
    .describe('the profile attributes the app declared: profiles export them by name'),
  tokens: z
    .array(z.string().min(1))
    .nullable()
    .default(null)
    .describe('the tokens that may read this app (null: any token)'),
  management: z
    .strictObject({
      createDate: z.iso.date().default('2020-01-15').describe('create_date: the day the app was added (YYYY-MM-DD)'),
      ownerLogin: z.string().min(1).default('owner-login'),
      uid: z.number().int().positive().default(178121744).describe('the id of the user who added the app'),
      permission: z.enum(['view', 'edit', 'agency_view', 'agency_edit', 'own']).default('own'),
      category: z.number().int().nonnegative().default(6).describe('the app category id (GET /management/v1/applications/categories)'),
      label: z.strictObject({ id: z.number().int().nonnegative(), name: z.string() }).nullable().default(null).describe('the folder of the app in the web interface'),
      bundleId: z.string().default(''),
      teamId: z.string().default(''),
      universalLink: z.string().default(''),
      hideAddress: z.boolean().default(false),
      gdprAgreementAccepted: z.boolean().default(true),
    })
    .prefault({})
    .describe('what the Management API tells of the app (GET /management/v1/application/{id}); ids and keys not given are made from the seed'),
});
export type AppFixture = z.infer<typeof AppFixture>;
export type ProfileAttribute = z.infer<typeof ProfileAttribute>;

export const AppmetricaFixtures = z.strictObject({
  $schema: z.string().optional(),
  apps: z.array(AppFixture).min(1),
});
export type AppmetricaFixtures = z.infer<typeof AppmetricaFixtures>;
