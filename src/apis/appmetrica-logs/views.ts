import { gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExportAnswer } from './backend.js';
import { exportStream, exportText, type ExportSpec } from './domain/data.js';
import type { ActiveQuery } from './domain/active-queries.js';
import type { ManagedApp } from './domain/management.js';

/**
 * Content types as the real API sends them, as far as they are known: `text/plain` for the 202
 * texts is the docs' (request-procedure.md: "Content-Type: text/plain"), `application/json` for a
 * JSON file is observed (a third party's record of a real answer; no charset reported), and
 * `text/csv` is a guess (nobody records it; clients force UTF-8 on the CSV they read, which they
 * need when the type names no charset). README.md, "Content types".
 */
const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv' } as const;
const ACCEPTED_TYPE = 'text/plain';

/**
 * Exports of at most this many rows are sent as one string: a stream (and, with gzip accepted,
 * a gzip stream) costs far more than such a file, and a string has a length.
 */
export const SMALL_EXPORT_ROWS = 512;

/** Bytes of small files kept (with their gzip) before the table starts over. */
const TEXT_BUDGET = 32 * 1024 * 1024;

/**
 * A small file's bytes, and their gzip once a client that takes gzip asked for it. Bytes, not a
 * string: Fastify adds `; charset=utf-8` to a JSON type sent with a string body.
 */
interface Kept {
  readonly bytes: Buffer;
  gzip: Buffer | undefined;
}

/**
 * Whether an Accept-Encoding takes gzip, read as @fastify/compress reads it (src/app.ts registers
 * it for everything else): `*` and `x-gzip` mean gzip; q-values count.
 */
function acceptsGzip(header: string): boolean {
  return negotiate(header.toLowerCase().replace(/\*|x-gzip/g, 'gzip'), ['gzip']) === 'gzip';
}

/**
 * The Logs API on the wire: 202 with its plain text while an export is on its way, 200 with the
 * file. Every export of one request with a range in the past has one spec object (the backend's
 * prepared table), and the file depends on the spec alone, so the text of a small file is made at
 * its first download and kept by spec, and so is its gzip: a small ready file downloaded again
 * and again cost more in making its text than anything else (bench/README.md, "appmetrica 200 of
 * a small ready file").
 *
 * Gzip when asked, whatever the size: "To get compressed data, send the HTTP Accept-Encoding:
 * gzip header" (request-procedure.md). Small files are compressed here (@fastify/compress leaves
 * answers under 1 KiB alone, and the poll texts stay plain); streamed ones by the plugin.
 */
export class AppmetricaViews {
  #texts = new Map<ExportSpec, Kept>();
  #kept = 0;
  /** The last Accept-Encoding read and what it said: a client downloading again sends the same. */
  #lastAccept = '';
  #lastTakes = false;
  /** True while a state file is replayed: a replayed download counts, but its rows go nowhere. */
  readonly #replaying: () => boolean;

  constructor(replaying: () => boolean = () => false) {
    this.#replaying = replaying;
  }

  /** Whether the client takes gzip (X-No-Compression refuses, as for the plugin). */
  #takesGzip(request: FastifyRequest): boolean {
    const header = request.headers['accept-encoding'];
    if (header === undefined || request.headers['x-no-compression'] !== undefined) return false;
    if (header !== this.#lastAccept) {
      this.#lastAccept = header;
      this.#lastTakes = acceptsGzip(header);
    }
    return this.#lastTakes;
  }

  export(reply: FastifyReply, answer: ExportAnswer): void {
    if (answer.kind === 'accepted') {
      reply.code(202).header('content-type', ACCEPTED_TYPE);
      if (answer.retryAfter !== null) reply.header('retry-after', String(answer.retryAfter));
      reply.send(answer.text);
      return;
    }
    const { job, data } = answer;
    reply.code(200).header('content-type', CONTENT_TYPES[job.spec.format]);
    if (this.#replaying()) {
      reply.send('');
      return;
    }
    if (job.rows > SMALL_EXPORT_ROWS) {
      // @fastify/compress gzips a stream when the client takes gzip.
      reply.send(exportStream(data, job.spec));
      return;
    }
    const kept = this.#small(answer);
    if (!this.#takesGzip(reply.request)) {
      reply.send(kept.bytes);
      return;
    }
    if (kept.gzip === undefined) {
      kept.gzip = gzipSync(kept.bytes);
      this.#kept += kept.gzip.length;
    }
    // A Content-Encoding already set: the plugin passes the answer on as it is.
    reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding').header('content-length', kept.gzip.length);
    reply.send(kept.gzip);
  }

  #small({ job, data }: Extract<ExportAnswer, { kind: 'file' }>): Kept {
    const kept = this.#texts.get(job.spec);
    if (kept !== undefined) return kept;
    const bytes = Buffer.from(exportText(data, job.spec), 'utf8');
    if (this.#kept + bytes.length > TEXT_BUDGET) this.reset();
    const made: Kept = { bytes, gzip: undefined };
    this.#texts.set(job.spec, made);
    this.#kept += bytes.length;
    return made;
  }

  /** GET /management/v1/applications: `{"applications":[...]}` (applications/getapplicationslist.md). */
  applications(reply: FastifyReply, apps: readonly ManagedApp[], pretty: boolean): void {
    sendJson(reply, { applications: apps.map((a) => applicationJson(a, 'list')) }, pretty);
  }

  /** GET /management/v1/application/{id}: `{"application":{...}}` (applications/getapplication.md). */
  application(reply: FastifyReply, app: ManagedApp, pretty: boolean): void {
    sendJson(reply, { application: applicationJson(app, 'one') }, pretty);
  }

  /** GET /logs/v1/export/get_active_queries: a JSON array (docs: request-list). */
  activeQueries(reply: FastifyReply, list: readonly ActiveQuery[]): void {
    sendJson(reply, list, false);
  }

  /**
   * POST /logs/v1/export/{request_id}/cancel: 200 with the docs' message. The "already finished"
   * text is the Russian page's (the API's own English there); the English page words it "has
   * already been completed and cannot be canceled".
   */
  cancelled(reply: FastifyReply, outcome: 'scheduled' | 'finished'): void {
    const message = outcome === 'scheduled' ? 'Request cancellation has been scheduled.' : 'The request has already finished and cannot be cancelled.';
    sendJson(reply, { message }, false);
  }

  /** Forgets the kept texts (a reset: the next generation's specs are new objects). */
  reset(): void {
    this.#texts = new Map();
    this.#kept = 0;
  }
}

/** The Management API answers JSON in UTF-8 (management/formats.md); `pretty=1` formats it "for debugging purposes". */
function sendJson(reply: FastifyReply, body: unknown, pretty: boolean): void {
  reply.code(200).header('content-type', 'application/json; charset=utf-8');
  reply.send(pretty ? JSON.stringify(body, null, 4) : JSON.stringify(body));
}

/**
 * An application object, keys in the order of the docs' field tables: both have the folder
 * (`label_id`, `label`; the list's response block leaves them out, its table has them, and a
 * client grouping apps by folder reads them), the list's also `permission_date`, the single app's
 * not. Numbers and booleans are JSON's own, unlike the Logs API's strings.
 */
function applicationJson(m: ManagedApp, view: 'list' | 'one'): Record<string, unknown> {
  const app = m.data.app;
  const mg = app.management;
  return {
    name: app.name,
    time_zone_name: app.timeZone,
    label_id: mg.label?.id ?? 0,
    hide_address: mg.hideAddress,
    gdpr_agreement_accepted: mg.gdprAgreementAccepted,
    category: mg.category,
    bundle_id: mg.bundleId,
    team_id: mg.teamId,
    use_universal_links: mg.universalLink !== '',
    universal_link: mg.universalLink,
    id: app.id,
    uid: mg.uid,
    owner_login: mg.ownerLogin,
    api_key128: m.apiKey,
    import_token: m.importToken,
    permission: mg.permission,
    label: mg.label?.name ?? '',
    time_zone_offset: m.offsetSeconds,
    ...(view === 'list' ? { permission_date: m.permissionDate } : {}),
    create_date: mg.createDate,
  };
}
