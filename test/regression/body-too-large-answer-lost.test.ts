/**
 * Issue 22: a body over --body-limit was answered 413, but the connection was closed with the
 * rest of the body unread: the kernel then resets it, and a client that reads its answer only
 * once it has sent the body (curl: "Send failure: Broken pipe") never saw the 413. The rest of
 * the body is now read and dropped (for a bounded time) before the connection closes.
 */
import { connect } from 'node:net';
import { expect, test } from 'vitest';
import { start, stateFile } from '../reliability/state-helpers.js';

/** Like curl: sends the headers and the whole body, reading nothing until then (or until a write fails). */
function postHuge(url: string, path: string, length: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.pause();
    let answer = '';
    let sent = 0;
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const read = () => socket.resume();
    const pump = () => {
      while (sent < length) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      read();
    };
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) socket.destroy(); // the answer's head is all this test reads
    });
    socket.on('error', (e) => {
      answer += `[${(e as NodeJS.ErrnoException).code}]`;
      read();
    });
    socket.on('close', () => resolve(answer));
    socket.write(`POST ${path} HTTP/1.1\r\nHost: stand\r\nAuthorization: OAuth big\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
    pump();
  });
}

test('a body over the limit gets its 413 before the connection closes (with a state file too)', async () => {
  const running = await start({ stateFile: stateFile(), bodyLimit: 1024 });
  for (const path of ['/toloka/api/v1/tasks', '/mytarget/api/v2/campaigns.json', '/_stand/scenario']) {
    const answer = await postHuge(running.url, path, 16 * 1024 * 1024);
    expect(answer.split('\r\n', 1)[0], path).toBe('HTTP/1.1 413 Payload Too Large');
  }
});
