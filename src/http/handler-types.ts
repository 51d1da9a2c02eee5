import type { Readable } from 'node:stream';
import type { AuthContext } from '../domain/api-keys/api-key-service.ts';
import type { operations } from '../generated/openapi.ts';

export type OperationId = keyof operations;

type Part<K extends OperationId, P extends string> = operations[K] extends { parameters: infer Params }
  ? Params extends Record<P, infer T>
    ? [T] extends [undefined] | [never]
      ? Record<string, never>
      : NonNullable<T>
    : Record<string, never>
  : Record<string, never>;

type JsonBody<K extends OperationId> = operations[K] extends { requestBody: { content: infer C } }
  ? C extends Record<string, infer B>
    ? B
    : undefined
  : operations[K] extends { requestBody?: { content: infer C } }
    ? C extends Record<string, infer B>
      ? B | undefined
      : undefined
    : undefined;

/** What a handler receives: validated input only, never the Koa context. */
export interface HandlerInput<K extends OperationId> {
  operationId: K;
  params: Part<K, 'path'>;
  query: Part<K, 'query'>;
  body: JsonBody<K>;
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** Present on every operation whose scope is not `none`. */
  auth: AuthContext;
  requestId: string;
  /** The request path without the query string (the list envelope's `url`). */
  path: string;
  ip: string;
}

export interface HandlerOutput {
  status: number;
  body?: unknown | Readable;
  headers?: Record<string, string>;
}

export type Handler<K extends OperationId> = (input: HandlerInput<K>) => Promise<HandlerOutput>;

export type HandlerMap = { [K in OperationId]?: Handler<K> };

export const ok = (body: unknown, headers?: Record<string, string>): HandlerOutput => ({ status: 200, body, headers });
export const created = (body: unknown): HandlerOutput => ({ status: 201, body });
export const accepted = (body: unknown): HandlerOutput => ({ status: 202, body });

/** The published list envelope. */
export function listEnvelope(path: string, page: { items: unknown[]; nextCursor: string | null }, extra: Record<string, unknown> = {}) {
  return { object: 'list' as const, items: page.items, nextCursor: page.nextCursor, url: path, ...extra };
}

/** Whether a comma-separated `include` parameter names `token` (unknown tokens are ignored). */
export const includes = (include: string | undefined, token: string): boolean => !!include?.split(',').some((t) => t.trim() === token);
