// Generates src/generated/openapi.ts from openapi.yaml. `--check` exits 1 when the
// committed file is stale, so CI notices a spec edit without a regeneration.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSpecTypes } from './render-spec-types.ts';

const target = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url));
const fresh = await renderSpecTypes();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== fresh) {
    console.error('src/generated/openapi.ts is stale: run `npm run gen`');
    process.exit(1);
  }
  console.log('src/generated/openapi.ts is up to date');
} else {
  writeFileSync(target, fresh);
  console.log(`wrote ${target}`);
}
