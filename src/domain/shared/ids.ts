import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { createRandomPool } from './random-pool.ts';

export type RandomBytes = (size: number) => Buffer;

export interface IdGenerator {
  /** A UUIDv7: time-ordered, so ids sort in creation order and cursors can use them. */
  uuid(): string;
}

// UUIDv7 (RFC 9562): 48-bit unix ms, version, 12 bits of a per-ms counter seeded at
// random so ids from one process stay strictly increasing within a millisecond.
export function createIdGenerator(opts: { clock?: Clock; random?: RandomBytes } = {}): IdGenerator {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? createRandomPool();
  let lastMs = -1;
  let seq = 0;
  return {
    uuid() {
      let ms = clock.now().getTime();
      if (ms <= lastMs) {
        seq += 1;
        if (seq > 0xfff) {
          lastMs += 1;
          seq = 0;
        }
        ms = lastMs;
      } else {
        lastMs = ms;
        seq = random(2).readUInt16BE(0) & 0x7ff;
      }
      const b = random(16);
      b.writeUIntBE(ms, 0, 6);
      b[6] = 0x70 | ((seq >> 8) & 0x0f);
      b[7] = seq & 0xff;
      b[8] = (b[8] & 0x3f) | 0x80;
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID_RE.test(s);
