import type { ApiName } from '../core/journal.js';
import type { Finding, Severity } from '../report/index.js';
import type { Stand } from '../stand-interface.js';

/** Thrown by expectCleanClient: the message lists every finding, its evidence and what to do instead. */
export class ClientReportError extends Error {
  readonly findings: Finding[];
  constructor(message: string, findings: Finding[]) {
    super(message);
    this.name = 'ClientReportError';
    this.findings = findings;
  }
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Fails (throws) when the client report has findings for this client: what it did that the real
 * API would punish. Works in any test runner.
 *
 *   expectCleanClient(t.stand, { token: 'my-token' });
 *   // ClientReportError: appmetrica client my…(0f3a) has 2 findings:
 *   //   ERROR APPMETRICA_NO_CACHE_EVERY_POLL: 6 of 6 requests for /appmetrica/... sent Cache-Control: no-cache ...
 *   //     instead: Send no-cache on the first request only ...
 *
 * `minSeverity` (default `warning`) leaves out findings below it (`info`: calls the stand could
 * not check, heavy reads on the sync API).
 */
export function expectCleanClient(stand: Stand, options: { token: string; api?: ApiName; minSeverity?: Severity }): void {
  const min = RANK[options.minSeverity ?? 'warning'];
  const clients = stand.report({ token: options.token, api: options.api }).clients;
  const findings = clients.flatMap((c) => c.findings).filter((f) => RANK[f.severity] >= min);
  if (findings.length === 0) return;
  const lines = findings.map(
    (f) =>
      `  ${f.severity.toUpperCase()} ${f.code} (${f.api}): ${f.detail}${f.occurrences > 1 ? ` (${f.occurrences} occurrences)` : ''}\n` +
      `    evidence: ${f.evidence.map((e) => `#${e.seq} at ${e.at}`).join(', ') || 'none kept'}\n` +
      `    source: ${f.source.doc}\n` +
      `    instead: ${f.instead}`,
  );
  throw new ClientReportError(`client ${findings[0]!.token} has ${findings.length} finding${findings.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, findings);
}
