/** JSON string literal of a value; most values need no escaping. */
export function jsonString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /["\\\u0000-\u001f\u2028\u2029]/.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** RFC 4180: quote a cell holding a comma, a quote or a line break, doubling the quotes. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
