import { randomFillSync } from 'node:crypto';
import type { RandomBytes } from './ids.ts';

/**
 * CSPRNG bytes drawn from a refilled buffer: one system call per `poolSize` bytes
 * instead of one per id (ids are minted on every request). Each byte is handed out
 * once, as a copy the caller may write into.
 */
export function createRandomPool(poolSize = 4096): RandomBytes {
  const pool = Buffer.allocUnsafe(poolSize);
  let offset = poolSize;
  return (size: number) => {
    if (size > poolSize) return randomFillSync(Buffer.allocUnsafe(size));
    if (offset + size > poolSize) {
      randomFillSync(pool);
      offset = 0;
    }
    const out = Buffer.from(pool.subarray(offset, offset + size));
    offset += size;
    return out;
  };
}
