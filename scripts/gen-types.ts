// Generates src/generated/openapi.ts from openapi.yaml. `--check` exits 1 when the
// committed file is stale, so CI notices a spec edit without a regeneration.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSpecTypes } from './render-spec-types.ts';

// Two flavours: the server's (openapi.ts) and the typed client's (openapi-client.ts).
const targets = [
  { file: 'openapi.ts', forClients: false },
  { file: 'openapi-client.ts', forClients: true },
];
let stale = false;
for (const { file, forClients } of targets) {
  const target = fileURLToPath(new URL(`../src/generated/${file}`, import.meta.url));
  const fresh = await renderSpecTypes({ forClients });
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== fresh) {
      console.error(`src/generated/${file} is stale: run \`npm run gen\``);
      stale = true;
    } else console.log(`src/generated/${file} is up to date`);
  } else {
    writeFileSync(target, fresh);
    console.log(`wrote ${target}`);
  }
}
if (stale) process.exit(1);
