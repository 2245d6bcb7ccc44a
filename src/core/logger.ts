import { pino, type Level, type Logger, type LevelWithSilent } from 'pino';

export type { Level, Logger };

/**
 * One pino logger per stand; APIs and jobs get child loggers
 * (`logger.child({ api: 'appmetrica', job: id })`). Never `console`.
 */
export function createLogger(level: LevelWithSilent, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { name: 'async-stand' } }, destination ?? process.stdout);
}
