import Koa from 'koa';
import pino from 'pino';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { conflict } from '../../domain/errors.ts';
import { errorHandler } from './error-handler.ts';

function appAnswering(body: () => unknown) {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
  const app = new Koa();
  app.use(errorHandler({ logger }));
  app.use((ctx) => {
    ctx.body = body();
  });
  return { agent: supertest(app.callback()), lines };
}

const cyclic = () => {
  const a: Record<string, unknown> = { id: 'x' };
  a.self = a;
  return a;
};

describe('errorHandler', () => {
  it.each([
    ['a BigInt', () => ({ n: 10n })],
    ['a cycle', cyclic],
    [
      'a throwing toJSON',
      () => ({
        toJSON: () => {
          throw new Error('secret detail');
        },
      }),
    ],
  ])('answers a body holding %s with the 500 envelope, hiding the cause', async (_what, body) => {
    const { agent, lines } = appAnswering(body);
    const res = await agent.get('/');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'Internal server error', code: 'INTERNAL_ERROR' });
    expect(res.text).not.toContain('secret');
    expect(lines.join('')).toContain('unhandled error');
  });

  it.each([
    ['an object', () => ({ id: 'a', n: 1 }), { id: 'a', n: 1 }],
    ['an array', () => [1, 'two'], [1, 'two']],
  ])('sends %s as JSON', async (_what, body, expected) => {
    const res = await appAnswering(body).agent.get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(expected);
  });

  it.each([
    ['a Buffer', () => Buffer.from('raw bytes')],
    ['a Blob', () => new Blob(['raw bytes'])],
    ['a web ReadableStream', () => new Blob(['raw bytes']).stream()],
  ])('leaves %s to Koa', async (_what, body) => {
    const res = await appAnswering(body)
      .agent.get('/')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (d: Buffer) => (text += d));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.body).toBe('raw bytes');
  });

  it('answers a thrown ApiError with its status and code', async () => {
    const res = await appAnswering(() => {
      throw conflict('TAKEN', 'That name is taken');
    }).agent.get('/');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'That name is taken', code: 'TAKEN' });
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const app = new Koa();
    app.use(errorHandler({ logger: pino({ level: 'silent' }) }));
    const res = await supertest(app.callback()).get('/');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
