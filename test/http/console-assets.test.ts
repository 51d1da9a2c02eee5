import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { loadConfig } from '../../src/config/config.ts';
import { CONSOLE_DIR } from '../../src/http/console/console-assets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// The console's static files over a real socket: raw request targets (no client-side
// normalisation), so traversal attempts reach the gateway as a browser could send them.

let gw: TestGateway;
let server: Server;
let port: number;
beforeAll(async () => {
  gw = await startTestGateway();
  server = createServer(gw.callback as never);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await gw.close();
});

function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('console static files', () => {
  it('may be framed only by the origins OG_CONSOLE_FRAME_ANCESTORS lists', async () => {
    expect(String((await raw('GET', '/console/')).headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const framed = await startTestGateway({ env: { OG_CONSOLE_FRAME_ANCESTORS: 'https://app.example.com, http://127.0.0.1:3000' } });
    try {
      const res = await supertest(framed.callback as never).get('/console/');
      expect(res.headers['content-security-policy']).toContain('frame-ancestors https://app.example.com http://127.0.0.1:3000');
    } finally {
      await framed.close();
    }
    expect(() => loadConfig({ OG_CONSOLE_FRAME_ANCESTORS: 'javascript:alert(1)' })).toThrow(/OG_CONSOLE_FRAME_ANCESTORS/);
  });

  it('serves the page and its files with their content types, a strict CSP and revalidation', async () => {
    const page = await raw('GET', '/console/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe(readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8'));
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await raw('GET', '/console/js/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await raw('GET', '/console/styles.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const catalog = await raw('GET', '/console/catalog.json');
    expect(JSON.parse(catalog.body).subscriptions).toContain('webhook.*');
    const again = await raw('GET', '/console/', { 'if-none-match': String(page.headers.etag) });
    expect([again.status, again.body]).toEqual([304, '']);
    const head = await raw('HEAD', '/console/js/app.js');
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('redirects /console to the page and keeps no inline script in it', async () => {
    const res = await raw('GET', '/console');
    expect([res.status, res.headers.location]).toEqual([308, '/console/']);
    const page = (await raw('GET', '/console/')).body;
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it.each([
    '/console/../openapi.yaml',
    '/console/%2e%2e/openapi.yaml',
    '/console/%2E%2E%2Fpackage.json',
    '/console/js/..%2f..%2fpackage.json',
    '/console//etc/passwd',
    '/console/..\\package.json',
    '/console/js/',
    '/console/missing.js',
  ])('answers %s with the 404 envelope, never a file outside the folder', async (path) => {
    const res = await raw('GET', path);
    if (res.status === 200) throw new Error(`served ${path}`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers other methods with 405 and Allow, in the envelope', async () => {
    const res = await raw('POST', '/console/index.html');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(res.body).code).toBe('METHOD_NOT_ALLOWED');
  });
});
