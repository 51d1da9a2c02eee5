#!/usr/bin/env node
// In a source checkout (src/ present) the TypeScript sources run through tsx, so the
// command never runs a stale build; the published package ships only the compiled
// JavaScript (`npm run build`, run by `npm pack`) and runs it with plain node.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../src/cli.ts', import.meta.url))) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport('../src/cli.ts', import.meta.url);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
