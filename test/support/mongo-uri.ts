import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';

// One database server serves the whole run (started in test/global-setup.ts, or
// MONGODB_URI when set); each test file gets databases of its own so files can run
// in parallel without seeing each other's data.
export function testMongoUri(): string {
  return inject('mongoUri');
}

export function uniqueDbName(prefix = 't'): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export function isEmbedded(): boolean {
  return inject('mongoEmbedded');
}
