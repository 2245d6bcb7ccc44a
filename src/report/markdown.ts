import type { Report } from './types.js';

/** The report as a page a person reads (GET /_stand/report?format=md). */
export function reportMarkdown(report: Report): string {
  const out: string[] = [`# Client report`, '', `At ${report.at} (the stand's clock): ${report.summary.clients} client${report.summary.clients === 1 ? '' : 's'}, ${report.summary.findings} finding${report.summary.findings === 1 ? '' : 's'} (${report.summary.errors} errors, ${report.summary.warnings} warnings).`, ''];
  for (const c of report.clients) {
    out.push(`## ${c.api}, token ${c.token}: ${c.findings.length === 0 ? 'clean' : `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}`} (${c.requests} requests)`, '');
    for (const f of c.findings) {
      out.push(`### ${f.severity.toUpperCase()} ${f.code}: ${f.title}`, '');
      out.push(`${f.detail}${f.occurrences > 1 ? ` (${f.occurrences} occurrences)` : ''}.`, '');
      if (f.evidence.length > 0) out.push(`Evidence: ${f.evidence.map((e) => `#${e.seq} ${e.at} ${e.method} ${e.url} → ${e.status}`).join('; ')}`, '');
      out.push(`Source: ${f.source.doc}: “${f.source.says}”`, '', `Instead: ${f.instead}`, '');
    }
  }
  return `${out.join('\n')}\n`;
}
