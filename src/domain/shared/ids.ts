import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { createRandomPool } from './random-pool.ts';

export type RandomBytes = (size: number) => Buffer;

export interface IdGenerator {
  /** A UUIDv7: time-ordered, so ids sort in creation order and cursors can use them. */
  uuid(): string;
  /**
   * Runs `fn` with the ids it mints derived from `seed`: the n-th id of a run is the same
   * on every run with that seed, and carries `atMs` as its time. A request retried under
   * one idempotency claim thereby writes under the ids of its first attempt, so a write
   * of the first attempt that took effect unseen collides instead of being made twice.
   * Work `fn` leaves running mints ordinary ids once `fn` has ended.
   */
  within<T>(scope: { seed: string; atMs: number }, fn: () => Promise<T>): Promise<T>;
  /** True inside `within`: the ids minted now repeat on a retry of this request. */
  repeatable(): boolean;
  /**
   * An ordinary UUIDv7, also inside `within`: for records a retry must not meet by id
   * because something else makes them single (a row's match key) and a repeated id would
   * only collide with a different record of the first attempt.
   */
  fresh(): string;
}

interface DerivedScope {
  seed: string;
  atMs: number;
  next: number;
  open: boolean;
}

function formatUuid(b: Buffer, ms: number, seq: number): string {
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function derivedUuid(scope: DerivedScope): string {
  const n = scope.next++;
  const b = Buffer.from(createHash('sha256').update(`${scope.seed}\u0000${n}`).digest().subarray(0, 16));
  // A 34-bit mint counter, high bits in the version's 12 bits and low bits at the head of
  // the variant's 62: a run's ids sort in mint order (its rows, its sequences) however
  // many it mints, and the rest (40 bits) tells runs of one millisecond apart.
  const lo = n % 0x400000;
  b[8] = (lo >> 16) & 0x3f;
  b[9] = (lo >> 8) & 0xff;
  b[10] = lo & 0xff;
  return formatUuid(b, scope.atMs, Math.floor(n / 0x400000) & 0xfff);
}

// UUIDv7 (RFC 9562): 48-bit unix ms, version, 12 bits of a per-ms counter seeded at
// random so ids from one process stay strictly increasing within a millisecond.
export function createIdGenerator(opts: { clock?: Clock; random?: RandomBytes } = {}): IdGenerator {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? createRandomPool();
  const scopes = new AsyncLocalStorage<DerivedScope>();
  let lastMs = -1;
  let seq = 0;
  return {
    async within(scope, fn) {
      const run: DerivedScope = { seed: scope.seed, atMs: scope.atMs, next: 0, open: true };
      try {
        return await scopes.run(run, fn);
      } finally {
        run.open = false;
      }
    },
    repeatable: () => scopes.getStore()?.open === true,
    uuid() {
      const scope = scopes.getStore();
      return scope?.open ? derivedUuid(scope) : fresh();
    },
    fresh,
  };

  function fresh(): string {
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
    return formatUuid(random(16), ms, seq);
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID_RE.test(s);
