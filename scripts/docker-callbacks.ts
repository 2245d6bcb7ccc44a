/**
 * npm run test:docker: a stand in a bridged container (docker run --add-host
 * host.docker.internal:host-gateway) delivers a myTarget callback to a receiver on the host, as
 * docs/recipes.md's docker-compose recipe says.
 *
 *   tsx scripts/docker-callbacks.ts http://127.0.0.1:<published port> <STAND_ADMIN_TOKEN>
 *
 * The admin token: the host reaches the published port from the bridge's address, not loopback.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const base = process.argv[2]!;
const adminToken = process.argv[3]!;
const received: string[] = [];
// Every interface: the container reaches the host through the bridge's gateway address.
const sink = createServer((req, res) => {
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.on('end', () => {
    received.push(body);
    res.end('ok');
  });
});
await new Promise<void>((resolve) => sink.listen(0, '0.0.0.0', resolve));
const port = (sink.address() as AddressInfo).port;
// A deadline on every request: a published port that accepts and never answers fails the check.
const soon = () => AbortSignal.timeout(5000);
try {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${base}/_stand/health`, { signal: soon() }).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const submitted = await fetch(`${base}/mytarget/async_api/v2/user.json`, {
    headers: { authorization: 'Bearer docker', 'x-callback-location': `http://host.docker.internal:${port}/done` },
    signal: soon(),
  });
  if (submitted.status !== 202) throw new Error(`submit: ${submitted.status}`);
  const advanced = await fetch(`${base}/_stand/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: '{"ms":10000}',
    signal: soon(),
  });
  if (advanced.status !== 200) throw new Error(`clock advance: ${advanced.status} ${await advanced.text()}`);
  for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  if (received.length === 0) {
    const attempts = await (await fetch(`${base}/_stand/journal/callbacks`, { headers: { authorization: `Bearer ${adminToken}` }, signal: soon() })).json();
    throw new Error(`no callback reached the host: ${JSON.stringify(attempts)}`);
  }
  console.log(`test:docker: a callback from the bridged container reached the host (${received[0]})`);
} finally {
  sink.close();
}
