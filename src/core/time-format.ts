/**
 * Date-time text without a Date: the poll answers of every API carry timestamps, and
 * `new Date(ms).toISOString()` plus slicing cost about a microsecond each, a visible share of a
 * poll. These give the same text as the Date-based forms for any time in years 0000-9999.
 */

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const pad4 = (n: number) => (n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : `${n}`);

/** `yyyy-mm-dd` of the UTC day `days` after 1970-01-01 (Howard Hinnant's civil_from_days). */
export function formatUtcDay(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  return `${pad4(y)}-${pad2(mo)}-${pad2(d)}`;
}

/** `hh:mm:ss` of the milliseconds `msOfDay` into a day. */
function clock(msOfDay: number): string {
  let secs = Math.floor(msOfDay / 1000);
  const h = Math.floor(secs / 3600);
  secs -= h * 3600;
  const m = Math.floor(secs / 60);
  return `${pad2(h)}:${pad2(m)}:${pad2(secs - m * 60)}`;
}

/** `yyyy-mm-dd hh:mm:ss` of the UTC fields of `ms`. */
export function formatUtcFields(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  return `${formatUtcDay(days)} ${clock(ms - days * 86_400_000)}`;
}

/** `yyyy-mm-ddThh:mm:ss.sss`: `new Date(ms).toISOString()` without the `Z`. */
export function formatIsoMillis(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const rest = ms - days * 86_400_000;
  return `${formatUtcDay(days)}T${clock(rest)}.${pad3(Math.floor(rest) % 1000)}`;
}
