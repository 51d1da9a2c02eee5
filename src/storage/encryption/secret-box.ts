import { createCipheriv, createDecipheriv, createHash, randomBytes as nodeRandomBytes } from 'node:crypto';

// Recoverable secrets (signing secrets, provider passwords) are sealed with AES-256-GCM
// before they reach the database. A sealed value is one printable string:
//
//   ogenc:v1:<key id>:<base64url(12-byte IV | 16-byte tag | ciphertext)>
//
// The key id (derived from the key, so nothing else has to be configured) lets a value
// sealed under an older key still open while it waits to be re-sealed under the current
// one. The version, the key id and the field's context are authenticated data: moving a
// value to another field, or editing its key id, fails to open like any other tampering.

const PREFIX = 'ogenc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const ENCRYPTION_KEY_BYTES = 32;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  /** Seals `plaintext` for the field named by `context` (e.g. `senders.http.secret`). */
  seal(plaintext: string, context: string): string;
  /** Opens a sealed value; a value that was never sealed (legacy plaintext) comes back as is. */
  open(value: string, context: string): string;
  /** True when `value` is sealed under the current key (nothing left to migrate or rotate). */
  isCurrent(value: string): boolean;
}

export interface SecretBoxOptions {
  key: Buffer;
  /** Older keys, still accepted for opening only (rotation). */
  previousKeys?: Buffer[];
  randomBytes?: (size: number) => Buffer;
}

/** A short public id of a key: enough to pick the right key, useless to guess it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('og-gateway encryption key id\n').update(key).digest('base64url').slice(0, 8);
}

export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

const aad = (keyId: string, context: string) => Buffer.from(`${PREFIX}${keyId}:${context}`, 'utf8');

export function createSecretBox(opts: SecretBoxOptions): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const key of [opts.key, ...(opts.previousKeys ?? [])]) {
    if (key.length !== ENCRYPTION_KEY_BYTES) throw new SecretBoxError(`an encryption key must be ${ENCRYPTION_KEY_BYTES} bytes, got ${key.length}`);
    if (!keys.has(keyIdOf(key))) keys.set(keyIdOf(key), key);
  }
  const currentKeyId = keyIdOf(opts.key);
  const random = opts.randomBytes ?? nodeRandomBytes;
  const currentPrefix = `${PREFIX}${currentKeyId}:`;

  return {
    currentKeyId,
    seal(plaintext, context) {
      const iv = random(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', opts.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(currentKeyId, context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${currentPrefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(value, context) {
      if (!isSealed(value)) return value;
      const rest = value.slice(PREFIX.length);
      const colon = rest.indexOf(':');
      const keyId = colon > 0 ? rest.slice(0, colon) : '';
      const key = keys.get(keyId);
      if (!key) {
        throw new SecretBoxError(
          `a ${context} value is sealed under key id ${JSON.stringify(keyId)}, which is neither OG_ENCRYPTION_KEY nor in OG_ENCRYPTION_PREVIOUS_KEYS`,
        );
      }
      const raw = Buffer.from(rest.slice(colon + 1), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError(`a ${context} value is truncated`);
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId, context));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(`a ${context} value failed authentication (altered, or sealed for another field)`);
      }
    },
    isCurrent: (value) => value.startsWith(currentPrefix),
  };
}
