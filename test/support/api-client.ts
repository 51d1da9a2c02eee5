import type { Server } from 'node:http';
import supertest from 'supertest';
import { assertResponseMatchesSpec } from './spec-validation.ts';

type Target = Server | ((req: never, res: never) => void);

export interface SendOptions {
  key?: string | null;
  headers?: Record<string, string>;
  /** A raw body sent as-is (with its own content-type header); otherwise `body` is JSON. */
  raw?: string | Buffer;
}

/**
 * supertest with the project's two habits built in: a bearer key by default, and every
 * response checked against openapi.yaml before the test sees it.
 */
export function apiClient(target: Target, defaultKey?: string) {
  async function send(method: 'get' | 'post' | 'patch' | 'delete' | 'put', path: string, body?: unknown, opts: SendOptions = {}) {
    let req = supertest(target as never)[method](path);
    const key = opts.key === undefined ? defaultKey : opts.key;
    if (key) req = req.set('authorization', `Bearer ${key}`);
    for (const [name, value] of Object.entries(opts.headers ?? {})) req = req.set(name, value);
    // A raw body goes out byte for byte, whatever its content type says.
    if (opts.raw !== undefined) req = req.serialize((x: unknown) => x as string);
    const res = opts.raw !== undefined ? await req.send(opts.raw as never) : body !== undefined ? await req.send(body as object) : await req;
    assertResponseMatchesSpec(method, path, res.status, String(res.headers['content-type'] ?? ''), res.body);
    return res;
  }
  return {
    get: (path: string, opts?: SendOptions) => send('get', path, undefined, opts),
    post: (path: string, body?: unknown, opts?: SendOptions) => send('post', path, body, opts),
    patch: (path: string, body?: unknown, opts?: SendOptions) => send('patch', path, body, opts),
    put: (path: string, body?: unknown, opts?: SendOptions) => send('put', path, body, opts),
    delete: (path: string, body?: unknown, opts?: SendOptions) => send('delete', path, body, opts),
    withKey: (key: string | undefined) => apiClient(target, key),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
