import type { FastifyReply } from 'fastify';
import type { ExportAnswer } from './backend.js';
import { exportStream, exportText, type ExportSpec } from './domain/data.js';

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;
const ACCEPTED_TYPE = 'text/plain; charset=utf-8';

/**
 * Exports of at most this many rows are sent as one string: a stream (and, with gzip accepted,
 * a gzip stream) costs far more than such a file, and a string has a length, so the 1 KiB
 * compression threshold applies. Larger exports are streamed as the socket drains.
 */
export const SMALL_EXPORT_ROWS = 512;

/** Text of small files kept (UTF-16 code units, about bytes for these files) before the table starts over. */
const TEXT_BUDGET = 32 * 1024 * 1024;

/**
 * The Logs API on the wire: 202 with its plain text while an export is on its way, 200 with the
 * file. Every export of one request has one spec object (the backend's prepared table), and the
 * file depends on the spec alone, so the text of a small file is made at its first download and
 * kept by spec: a small ready file downloaded again and again cost more in making its text than
 * anything else (bench/README.md, "appmetrica 200 of a small ready file").
 */
export class AppmetricaViews {
  #texts = new Map<ExportSpec, string>();
  #kept = 0;

  export(reply: FastifyReply, answer: ExportAnswer): void {
    if (answer.kind === 'accepted') {
      reply.code(202).type(ACCEPTED_TYPE);
      if (answer.retryAfter !== null) reply.header('retry-after', String(answer.retryAfter));
      reply.send(answer.text);
      return;
    }
    const { job, data } = answer;
    reply.code(200).type(CONTENT_TYPES[job.spec.format]);
    // @fastify/compress gzips the answer when the client takes gzip: a string from 1 KiB, a stream always.
    reply.send(job.rows <= SMALL_EXPORT_ROWS ? this.#smallText(answer) : exportStream(data, job.spec));
  }

  #smallText({ job, data }: Extract<ExportAnswer, { kind: 'file' }>): string {
    const kept = this.#texts.get(job.spec);
    if (kept !== undefined) return kept;
    const text = exportText(data, job.spec);
    if (this.#kept + text.length > TEXT_BUDGET) this.reset();
    this.#texts.set(job.spec, text);
    this.#kept += text.length;
    return text;
  }

  /** Forgets the kept texts (a reset: the next generation's specs are new objects). */
  reset(): void {
    this.#texts = new Map();
    this.#kept = 0;
  }
}
