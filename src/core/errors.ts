/**
 * Errors the stand raises. Each emulated API keeps a catalog in its own errors.ts that builds
 * these with its real status codes and texts, and renders them in its real wire shape.
 */
export class StandError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'StandError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export function isStandError(e: unknown): e is StandError {
  return e instanceof StandError;
}

/** A start-up problem (bad config, bad scenario): the CLI prints the message and exits 2. */
export class ConfigError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.code = code;
  }
}
