import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DbPathLock {
  path: string;
  release(): void;
}

export class DbPathLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

// `mongod.lock` holds the owner's pid. A lock whose pid is gone (kill -9, crash) is
// stale and taken over; a live owner - including this process - is refused.
export function acquireDbPathLock(dbPath: string): DbPathLock {
  const path = join(dbPath, 'mongod.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path)) return { path, release: () => releaseLock(path) };
    let owner = NaN;
    try {
      owner = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    } catch {
      continue;
    }
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      const who = owner === process.pid ? 'this process' : `process ${owner}`;
      throw new DbPathLockedError(
        `Unable to lock the data directory ${dbPath}: it is in use by another embedded MongoDB server (${who}, see ${path}). ` +
          'Stop that server or choose a different dbPath.',
      );
    }
    try {
      unlinkSync(path);
    } catch {
      // another starter removed it first; retry the exclusive create
    }
  }
  throw new DbPathLockedError(`Unable to lock the data directory ${dbPath}: could not take over ${path}`);
}

function releaseLock(path: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
  } catch {
    // already gone
  }
}
