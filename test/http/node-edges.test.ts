import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/node-server.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Answers node:http would give itself, before the app, come in the error envelope.
// Raw sockets, because well-behaved clients cannot send these requests.

let gw: TestGateway;
let server: Server;
let port: number;

beforeAll(async () => {
  gw = await startTestGateway();
  server = createHttpServer(gw.callback as never, { requestTimeoutMs: 60_000, headersTimeoutMs: 20_000 });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  await gw.close();
});

function exchange(bytes: string, opts: { endOnFirstAnswer?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
      if (opts.endOnFirstAnswer && /\r\n\r\n/.test(answer)) {
        const length = Number(/content-length: (\d+)/i.exec(answer)?.[1] ?? 0);
        if (Buffer.byteLength(answer.split('\r\n\r\n').slice(1).join('\r\n\r\n')) >= length) {
          socket.destroy();
          resolve(answer);
        }
      }
    });
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error(`no answer; so far: ${JSON.stringify(answer)}`)));
  });
}

function parse(answer: string) {
  const at = answer.indexOf('\r\n\r\n');
  expect(at, `no header end in ${JSON.stringify(answer)}`).toBeGreaterThan(0);
  const head = answer.slice(0, at);
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(answer.slice(at + 4)) };
}

describe('requests node:http would answer itself', () => {
  it('answers TRACE 405 with Allow, in the envelope', async () => {
    const res = parse(await exchange('TRACE /api/v2/api-keys HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    expect(res.statusLine).toMatch(/^HTTP\/1.1 405 /);
    expect(res.head).toMatch(/\r\nallow: [^\r]*GET/i);
    expect(res.body).toEqual({ error: expect.any(String), code: 'METHOD_NOT_ALLOWED' });
  });

  it('answers CONNECT 501 in the envelope instead of closing the connection', async () => {
    const res = parse(await exchange('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'));
    expect(res.statusLine).toMatch(/^HTTP\/1.1 501 /);
    expect(res.head).toMatch(/content-type: application\/json/i);
    expect(res.body).toEqual({ error: expect.stringContaining('CONNECT'), code: 'NOT_IMPLEMENTED' });
  });

  it('answers an HTTP/1.1 request without Host 400 in the envelope; HTTP/1.0 needs none', async () => {
    const res = parse(await exchange('GET /healthz HTTP/1.1\r\n\r\n'));
    expect(res.statusLine).toMatch(/^HTTP\/1.1 400 /);
    expect(res.body).toEqual({ error: expect.stringContaining('Host'), code: 'MALFORMED_REQUEST' });
    expect(await exchange('GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1.1 200 /);
  });

  it('answers an unsupported Expect 417 in the envelope; 100-continue still works', async () => {
    const res = parse(
      await exchange('POST /api/v2/tables HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n'),
    );
    expect(res.statusLine).toMatch(/^HTTP\/1.1 417 /);
    expect(res.head).toMatch(/\r\nconnection: close/i);
    expect(res.body).toEqual({ error: expect.any(String), code: 'EXPECTATION_FAILED' });

    const body = JSON.stringify({ name: 'expect', columns: [{ name: 'a', kind: 'input' }] });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let seen = '';
      socket.on('data', (d) => {
        seen += d;
        if (seen.startsWith('HTTP/1.1 100 ') && !seen.includes('\r\n\r\nHTTP/1.1 ') && seen.endsWith('\r\n\r\n')) socket.write(body);
      });
      socket.on('close', () => resolve(seen));
      socket.on('error', reject);
      socket.write(
        `POST /api/v2/tables HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gw.adminKey}\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      socket.setTimeout(10_000, () => reject(new Error(`no answer: ${seen}`)));
    });
    expect(answer).toMatch(/^HTTP\/1.1 100 Continue\r\n\r\nHTTP\/1.1 201 /);
  });

  it('answers a method no route implements 501 in the envelope, with Allow', async () => {
    const res = parse(await exchange('PROPFIND /api/v2/api-keys HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    expect(res.statusLine).toMatch(/^HTTP\/1.1 501 /);
    expect(res.head).toMatch(/\r\nallow: [^\r]*GET/i);
    expect(res.body).toEqual({ error: expect.any(String), code: 'NOT_IMPLEMENTED' });
  });

  it('still answers a TRACE to an unknown path 404 and ordinary requests as before', async () => {
    expect(parse(await exchange('TRACE /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).body.code).toBe('NOT_FOUND');
    expect(await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1.1 200 /);
  });
});
