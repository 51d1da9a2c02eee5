import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RandomBytes } from '../shared/ids.ts';

// The published key format: og_live_ + 30 random base-62 characters + a 6-character checksum,
// CRC-32 (IEEE) of the random part written in the same alphabet, most significant first.
export const KEY_PREFIX = 'og_live_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LEN = 30;
const CHECKSUM_LEN = 6;
const KEY_RE = /^og_live_[0-9A-Za-z]{36}$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(input: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(input, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

export const checksumOf = (randomPart: string): string => base62(crc32(randomPart), CHECKSUM_LEN);

export function generateApiKey(random: RandomBytes = randomBytes): string {
  let body = '';
  // Rejection sampling keeps the 62 characters uniformly likely.
  while (body.length < RANDOM_LEN) {
    for (const byte of random(RANDOM_LEN * 2)) {
      if (byte < 248 && body.length < RANDOM_LEN) body += ALPHABET[byte % 62];
    }
  }
  return `${KEY_PREFIX}${body}${checksumOf(body)}`;
}

/** Well-formed means right prefix, length, alphabet and checksum: no store lookup needed to reject junk. */
export function isWellFormedApiKey(key: string): boolean {
  if (!KEY_RE.test(key)) return false;
  const body = key.slice(KEY_PREFIX.length, KEY_PREFIX.length + RANDOM_LEN);
  const sum = Buffer.from(key.slice(KEY_PREFIX.length + RANDOM_LEN));
  return timingSafeEqual(sum, Buffer.from(checksumOf(body)));
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export const keyLast4 = (key: string): string => key.slice(-4);
