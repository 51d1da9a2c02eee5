import type { OpenApiDocument } from '../openapi/spec.ts';
import { renderReference } from '../docs/render-reference.ts';
import { ok, type HandlerMap } from '../handler-types.ts';

/** The API reference and the raw spec, both rendered once when the gateway is built. */
export function docsRoutes(deps: { doc: OpenApiDocument; specText: string }): HandlerMap {
  const reference = renderReference(deps.doc);
  const common = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
  return {
    getApiReference: async () =>
      ok(reference.html, {
        ...common,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': reference.contentSecurityPolicy,
        'referrer-policy': 'no-referrer',
      }),
    getOpenApiDocument: async () => ok(deps.specText, { ...common, 'content-type': 'application/yaml; charset=utf-8' }),
  };
}
