/** Numbers, times and durations as the page writes them, and the amounts it reads. */

const DAY_MS = 86_400_000;

export function num(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, word: string): string {
  return `${num(n)} ${word}${n === 1 ? '' : 's'}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** An ISO time of the admin API as epoch ms. */
export function t(iso: string): number {
  return Date.parse(iso);
}

/** 00:00:03.020 (UTC: the stand's clock has no time zone) */
export function fmtTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** 2026-01-01 00:00:03.020 */
export function fmtFull(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${fmtTime(ms)}`;
}

/** The time of day when `ms` is on the day of `now`, else 01-02 00:00:03. */
export function fmtWhen(ms: number, now: number): string {
  if (Math.floor(now / DAY_MS) === Math.floor(ms / DAY_MS)) return fmtTime(ms);
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** 250 ms, 1.5 s, 2 min 5 s, 3 h 10 min, 1 d 2 h: the two largest units that matter. */
export function fmtDur(signed: number): string {
  const ms = Math.abs(signed);
  const rest = (total: number, unit: number, sub: number, name: string) => (total % unit >= sub ? ` ${Math.floor((total % unit) / sub)} ${name}` : '');
  let s: string;
  if (ms < 1000) s = `${Math.round(ms)} ms`;
  else if (ms < 60_000) s = `${Math.round(ms / 100) / 10} s`;
  else if (ms < 3_600_000) s = `${Math.floor(ms / 60_000)} min${rest(ms, 60_000, 1000, 's')}`;
  else if (ms < DAY_MS) s = `${Math.floor(ms / 3_600_000)} h${rest(ms, 3_600_000, 60_000, 'min')}`;
  else s = `${Math.floor(ms / DAY_MS)} d${rest(ms, DAY_MS, 3_600_000, 'h')}`;
  return (signed < 0 ? '-' : '') + s;
}

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: DAY_MS,
  day: DAY_MS,
  days: DAY_MS,
  w: 7 * DAY_MS,
};

/** "90s", "2h30m", "1d 3h", "1.5h", "500ms"; plain digits are milliseconds; null if unreadable. */
export function parseAmount(text: string): number | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, '');
  if (/^\d+$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|sec|min|days|day|s|m|h|d|w)/g;
  let total = 0;
  let used = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    total += Number(m[1]) * (UNITS[m[2]!] ?? Number.NaN);
    used += m[0].length;
  }
  if (!s || used !== s.length) return null;
  return Math.round(total);
}

/** A query string of the non-empty values ('' when none). */
export function qs(params: Readonly<Record<string, string | number | null | undefined>>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
