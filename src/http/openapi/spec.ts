import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { responseSecretPaths } from './secret-fields.ts';
import { parse, stringify } from 'yaml';

// The spec is the source of truth for routing, scopes and validation: routes exist
// only because an operation in openapi.yaml names them.

export type Scope = 'read' | 'write' | 'admin';
export type OperationScope = Scope | 'none';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
  $ref?: string;
}

export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** The same path in @koa/router syntax: `/tables/{tableId}` → `/tables/:tableId`. */
  routerPath: string;
  scope: OperationScope;
  parameters: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
  bodyLimitBytes?: number;
  /** Paths of the secrets its successful responses show once (`x-og-secret`), never recorded for a replay. */
  secretPaths: string[];
  /**
   * The operation is part of the published Origami API (`x-og-published: true`): its
   * requests are checked no more strictly than the published schema checks them.
   */
  published: boolean;
  /** A published operation this gateway does not serve (`x-og-not-served: true`): it answers 501. */
  notServed: boolean;
  /** The console portal area whose sessions may call it (`x-og-portal`), or `any`; absent: none may. */
  portalArea?: string;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

export const SPEC_PATH = fileURLToPath(new URL('../../../openapi.yaml', import.meta.url));

export function loadSpec(path: string = SPEC_PATH): OpenApiDocument {
  return parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

/** The spec as written (comments and all), for serving it verbatim. */
export const loadSpecText = (path: string = SPEC_PATH): string => readFileSync(path, 'utf8');

export const stringifySpec = (doc: OpenApiDocument): string => stringify(doc);

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/** Follows one local `$ref` (`#/components/...`) to its target. */
export function deref<T>(doc: OpenApiDocument, node: T): T {
  const ref = (node as { $ref?: string } | undefined)?.$ref;
  if (!ref || !ref.startsWith('#/')) return node;
  let target: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return deref(doc, target as T);
}

export function listOperations(doc: OpenApiDocument): OperationSpec[] {
  const ops: OperationSpec[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = ((item.parameters as ParameterObject[] | undefined) ?? []).map((p) => deref(doc, p));
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const own = ((op.parameters as ParameterObject[] | undefined) ?? []).map((p) => deref(doc, p));
      const byKey = new Map<string, ParameterObject>();
      for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
      ops.push({
        operationId: op.operationId as string,
        method,
        path,
        routerPath: path.replace(/\{([^}]+)\}/g, ':$1'),
        scope: (op['x-og-scope'] as OperationScope | undefined) ?? (method === 'get' ? 'read' : 'write'),
        parameters: [...byKey.values()],
        requestBody: deref(doc, op.requestBody as OperationSpec['requestBody']),
        responses: op.responses as OperationSpec['responses'],
        bodyLimitBytes: op['x-og-body-limit'] as number | undefined,
        secretPaths: responseSecretPaths(doc, { responses: op.responses as OperationSpec['responses'] }),
        published: op['x-og-published'] === true,
        notServed: op['x-og-not-served'] === true,
        portalArea: op['x-og-portal'] as string | undefined,
      });
    }
  }
  return ops;
}
