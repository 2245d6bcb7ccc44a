/**
 * Issue 22: a request body sent a byte at a time never timed out (Fastify sets no request
 * timeout), and one client could open 19,974 sockets and run the stand out of file descriptors.
 * A whole request must arrive within --request-timeout (408, then the connection closes), and
 * each listener takes at most --max-connections (more are closed as they come).
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { expect, onTestFinished, test } from 'vitest';
import { start } from '../reliability/state-helpers.js';

function open(url: string): Socket {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setEncoding('latin1');
  onTestFinished(() => void socket.destroy());
  return socket;
}

/** Sends one request on `socket` and resolves with what it reads until the head of an answer is in, or the connection ends. */
function exchange(socket: Socket, request: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const done = () => {
      socket.off('data', onData);
      resolve(got);
    };
    const onData = (d: string) => {
      got += d;
      if (/\r\n\r\n[^]*\}$/.test(got) || /\r\n\r\nok$/.test(got)) done();
    };
    socket.on('data', onData);
    socket.once('close', done);
    socket.write(request);
  });
}

test('a body that trickles in is cut at --request-timeout with 408', async () => {
  const running = await start({ requestTimeout: 300 });
  const socket = open(running.url);
  const drip = setInterval(() => socket.writable && socket.write('x'), 50);
  onTestFinished(() => clearInterval(drip));
  const answer = await exchange(socket, 'POST /toloka/api/v1/tasks HTTP/1.1\r\nHost: stand\r\nAuthorization: OAuth a\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
  expect(answer.split('\r\n', 1)[0]).toBe('HTTP/1.1 408 Request Timeout');
  expect(answer).toMatch(/"code":"[A-Z_]+"/); // Toloka's error shape
});

test('connections beyond --max-connections are closed as they come; those within are served', async () => {
  const running = await start({ maxConnections: 5 });
  const health = 'GET /_stand/health HTTP/1.1\r\nHost: stand\r\n\r\n';
  const within = Array.from({ length: 5 }, () => open(running.url));
  for (const s of within) expect((await exchange(s, health)).split('\r\n', 1)[0]).toBe('HTTP/1.1 200 OK');
  const beyond = open(running.url);
  await once(beyond, 'close');
  expect((await exchange(within[0]!, health)).split('\r\n', 1)[0]).toBe('HTTP/1.1 200 OK');
  within[1]!.destroy();
  await once(within[1]!, 'close');
  // A place is free again (the server hears of the close a little later: try until it does).
  let answer = '';
  for (let i = 0; i < 50 && !answer.startsWith('HTTP/1.1 200'); i++) answer = await exchange(open(running.url), health);
  expect(answer.split('\r\n', 1)[0]).toBe('HTTP/1.1 200 OK');
});
