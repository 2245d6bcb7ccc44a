import { prettyStream } from './pretty-log.js';
import { pino, type Level, type Logger, type LevelWithSilent } from 'pino';

export type { Level, Logger };

/**
 * One pino logger per stand; APIs and jobs get child loggers
 * (`logger.child({ api: 'appmetrica', job: id })`). Never `console`.
 */
export function createLogger(level: LevelWithSilent, destination?: NodeJS.WritableStream, format: 'json' | 'pretty' = 'json'): Logger {
  const out = destination ?? process.stdout;
  return pino({ level, base: { name: 'async-stand' } }, format === 'pretty' ? prettyStream(out) : out);
}

/**
 * A job's child logger, or undefined when `level` is off: a pino child costs more than the job
 * step it would log, and most job steps log at info or debug.
 *
 *   jobLogger(logger, 'mytarget', call.id, 'debug')?.debug('async call done');
 */
export function jobLogger(logger: Logger, api: string, job: string, level: Level): Logger | undefined {
  return logger.isLevelEnabled(level) ? logger.child({ api, job }) : undefined;
}
