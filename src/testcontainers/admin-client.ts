/**
 * The admin API over HTTP, for a stand in another process or a container (the same verbs as the
 * library's Stand, as fetch calls): what the Testcontainers helper returns, and usable on its own
 * against any stand URL.
 */
export interface AdminClient {
  /** The stand's base URL (every API under its prefix, the admin API under /_stand). */
  readonly url: string;
  advance(ms: number): Promise<unknown>;
  reset(): Promise<unknown>;
  clock(): Promise<{ now: string; mode: string; pendingTasks: number }>;
  jobs(query?: Record<string, string>): Promise<{ items: { api: string; id: string; state: string }[]; total: number }>;
  requests(query?: Record<string, string>): Promise<{ items: unknown[]; total: number }>;
  verify(match: Record<string, unknown>): Promise<{ ok: boolean; count: number; message: string }>;
  report(query?: Record<string, string>): Promise<{ clients: unknown[] }>;
  activateScenario(name: string): Promise<unknown>;
}

export function adminClient(url: string, adminToken?: string): AdminClient {
  const base = url.replace(/\/$/, '');
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const headers: Record<string, string> = {};
    if (adminToken) headers.authorization = `Bearer ${adminToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/_stand${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`${method} /_stand${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const qs = (q?: Record<string, string>) => (q && Object.keys(q).length ? `?${new URLSearchParams(q)}` : '');
  return {
    url: base,
    advance: (ms) => call('POST', '/clock/advance', { ms }),
    reset: () => call('POST', '/reset'),
    clock: () => call('GET', '/clock') as ReturnType<AdminClient['clock']>,
    jobs: (q) => call('GET', `/jobs${qs(q)}`) as ReturnType<AdminClient['jobs']>,
    requests: (q) => call('GET', `/journal/requests${qs(q)}`) as ReturnType<AdminClient['requests']>,
    verify: (m) => call('POST', '/journal/verify', m) as ReturnType<AdminClient['verify']>,
    report: (q) => call('GET', `/report${qs(q)}`) as ReturnType<AdminClient['report']>,
    activateScenario: (name) => call('PUT', '/scenario', { name }),
  };
}
