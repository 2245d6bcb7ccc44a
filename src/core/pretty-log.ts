import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 10: '90', 20: '36', 30: '32', 40: '33', 50: '31', 60: '35' };
/** Fields every line has, or that the line's text already says. */
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

function value(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** One pino JSON line as a person reads it: `12:00:01.234 INFO  msg key=value ...`. */
export function prettyLine(line: string, colour: boolean): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof o.level === 'number' ? o.level : 30;
  const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 23) : '';
  const name = LEVELS[level] ?? String(level);
  const tag = colour ? `\u001b[${COLOURS[level] ?? '0'}m${name}\u001b[0m` : name;
  const err = o.err as { message?: string; stack?: string } | undefined;
  const fields = Object.entries(o)
    .filter(([k]) => !SKIP.has(k) && k !== 'err')
    .map(([k, v]) => `${k}=${value(v)}`);
  return `${time} ${tag} ${String(o.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}${err ? `\n${err.stack ?? err.message ?? ''}` : ''}`;
}

/**
 * `--log-format pretty` (the default on a terminal): pino's JSON lines turned into one short line
 * each, in this process (pino-pretty would run as a transport in a worker thread, or be a second
 * process in a pipe; the stand's lines are few and flat).
 */
export function prettyStream(out: NodeJS.WritableStream & { isTTY?: boolean }): Writable {
  const colour = out.isTTY === true;
  let rest = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      out.write(lines.map((l) => `${prettyLine(l, colour)}\n`).join(''));
      done();
    },
  });
}
