import { TABLES, type TableName } from './catalogue.js';

/**
 * The 13 tables of the Logs API (https://appmetrica.yandex.com/docs/en/mobile-api/logs/ref/);
 * their fields and the fields' sources are in catalogue.ts.
 */
export { TABLES, type TableName };

/** Old table names the API still answers to: `profiles`, the old name of `profiles_v2` (ref/profiles.md). */
export const TABLE_ALIASES: Readonly<Record<string, TableName>> = { profiles: 'profiles_v2' };

/** Exported without a date range: push_tokens' request format has none (ref/push_tokens.md). */
export const TABLES_WITHOUT_DATES: ReadonlySet<TableName> = new Set<TableName>(['push_tokens']);

/**
 * A date range is optional: without one, the export is every profile as it is now. The old
 * `profiles` has no date parameters at all; `profiles_v2` shows them in brackets in its request
 * format (its note calls them required; clients such as dpmn/appmetrica-logs-api send none).
 */
export const TABLES_WITH_OPTIONAL_DATES: ReadonlySet<TableName> = new Set<TableName>(['profiles_v2']);

export function isTable(name: string): name is TableName {
  return Object.hasOwn(TABLES, name);
}
