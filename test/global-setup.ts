import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    mongoEmbedded: boolean;
  }
}

// The suite runs unchanged against a real MongoDB when MONGODB_URI is set; otherwise it
// starts the project's embedded server once for every test file.
export default async function setup(project: TestProject) {
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('mongoUri', external);
    project.provide('mongoEmbedded', false);
    return async () => {};
  }
  const dbPath = await mkdtemp(join(tmpdir(), 'og-test-db-'));
  const server = await startEmbeddedMongo({ dbPath, port: 0, ttlSweepIntervalMs: 250 });
  project.provide('mongoUri', server.uri);
  project.provide('mongoEmbedded', true);
  return async () => {
    await server.close();
    await rm(dbPath, { recursive: true, force: true });
  };
}
