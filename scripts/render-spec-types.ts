import openapiTS, { astToString } from 'openapi-typescript';
import { pathToFileURL } from 'node:url';
import { SPEC_PATH } from '../src/http/openapi/spec.ts';

const HEADER = '// Generated from openapi.yaml by `npm run gen`. Do not edit by hand.\n\n';

export async function renderSpecTypes(): Promise<string> {
  const ast = await openapiTS(pathToFileURL(SPEC_PATH), { exportType: false, rootTypes: false });
  return HEADER + astToString(ast);
}
