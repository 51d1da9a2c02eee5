#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so the published package needs no build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('../src/cli.ts', import.meta.url);
