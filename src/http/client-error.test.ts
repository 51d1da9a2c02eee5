import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerClientError } from './client-error.ts';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  server.on('clientError', answerClientError);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

// Raw bytes, because a well-behaved client cannot send what these tests need.
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => reject(new Error('no answer')));
  });
}

function parse(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) };
}

describe('requests node:http refuses before the app sees them', () => {
  it.each([
    ['a request line over 16 KB', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, '431', 'HEADERS_TOO_LARGE'],
    ['headers over 16 KB', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, '431', 'HEADERS_TOO_LARGE'],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', '400', 'MALFORMED_REQUEST'],
    ['a bad Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n', '400', 'MALFORMED_REQUEST'],
  ])('answers %s in the error envelope', async (_what, bytes, status, code) => {
    const res = parse(await rawExchange(bytes));
    expect(res.statusLine).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(res.head).toMatch(/content-type: application\/json/i);
    expect(res.body).toEqual({ error: expect.any(String), code });
  });

  it('answers on a kept-alive connection that served an earlier request', async () => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await vi.waitFor(() => expect(answer).toMatch(/ok$/));
    socket.write(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    await new Promise((done) => socket.once('end', done));
    expect(answer).toMatch(/^HTTP\/1.1 200 [\s\S]*okHTTP\/1.1 431 [\s\S]*"HEADERS_TOO_LARGE"/);
  });

  it('still serves well-formed requests', async () => {
    expect(await rawExchange('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1.1 200 [\s\S]*ok$/);
  });
});
