import openapiTS, { astToString } from 'openapi-typescript';
import { pathToFileURL } from 'node:url';
import { SPEC_PATH } from '../src/http/openapi/spec.ts';

const HEADER = '// Generated from openapi.yaml by `npm run gen`. Do not edit by hand.\n\n';

/**
 * `forClients`: the flavour `og-gateway/client` is typed with, where a field the gateway
 * fills with its default (`enabled`, `limit`, …) is optional, as it is for a caller. The
 * server's handlers keep the default flavour: they see bodies after the defaults are applied.
 */
export async function renderSpecTypes(opts: { forClients?: boolean } = {}): Promise<string> {
  const ast = await openapiTS(pathToFileURL(SPEC_PATH), { exportType: false, rootTypes: false, ...(opts.forClients ? { defaultNonNullable: false } : {}) });
  return HEADER + astToString(ast);
}
