import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listOperations, loadSpec, SPEC_PATH } from '../../src/http/openapi/spec.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const text = (path: string) =>
  supertest(gw.callback as never)
    .get(path)
    .buffer(true)
    .parse((r, done) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (body += c));
      r.on('end', () => done(null, body));
    });

describe('served API reference', () => {
  it('answers /docs without a key: one HTML page naming every operation and webhook event', async () => {
    const res = await text('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body as string;
    const doc = loadSpec();
    const ops = listOperations(doc);
    expect(ops.length).toBeGreaterThan(50);
    for (const op of ops) expect(html, op.operationId).toContain(`id="op-${op.operationId}"`);
    for (const [name, item] of Object.entries(doc.webhooks ?? {})) {
      expect(html, name).toContain(`id="webhook-${name}"`);
      expect(html).toContain((item as { post: { operationId: string } }).post.operationId);
    }
    for (const schema of Object.keys(doc.components.schemas)) expect(html, schema).toContain(`id="schema-${schema}"`);
  });

  it('loads nothing from elsewhere and runs no script, under a CSP that allows only its own style sheet', async () => {
    const res = await text('/docs');
    const html = res.body as string;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // Every link stays on the page or on this gateway.
    const targets = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(100);
    expect(targets.filter((t) => !t.startsWith('#') && t !== '/openapi.yaml')).toEqual([]);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src|https?:/);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles.length).toBe(1);
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(styles[0]).digest('base64')}'`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers /openapi.yaml without a key with the spec as shipped', async () => {
    const res = await text('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(res.body).toBe(readFileSync(SPEC_PATH, 'utf8'));
    expect(parse(res.body as string)).toEqual(loadSpec());
  });
});
