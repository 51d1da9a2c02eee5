import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GatewayConfig } from '../config/config.ts';
import type { Logger } from '../observability/logger.ts';
import { createSecretBox, ENCRYPTION_KEY_BYTES, type SecretBox } from '../storage/encryption/secret-box.ts';

export const KEY_FILE = 'encryption.key';

/** The key OG_ENCRYPTION_KEY configures; null when it is unset. */
export function secretBoxFromConfig(config: GatewayConfig): SecretBox | null {
  return config.encryptionKey ? createSecretBox({ key: config.encryptionKey, previousKeys: config.encryptionPreviousKeys }) : null;
}
async function readKeyFile(path: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== ENCRYPTION_KEY_BYTES)
    throw new Error(`${path}: expected a ${ENCRYPTION_KEY_BYTES}-byte base64 key; restore it from a backup or set OG_ENCRYPTION_KEY`);
  return key;
}

/**
 * The embedded default needs no setup: without OG_ENCRYPTION_KEY a key is generated once
 * into the data directory (owner-only) and reused on every start. It sits beside the
 * data it protects, so it guards copies of the database files only; production sets
 * OG_ENCRYPTION_KEY from a secret store, and the warning says so on every start.
 */
export async function resolveSecretBox(config: GatewayConfig, logger: Logger): Promise<SecretBox> {
  const dir = resolve(config.dataDir);
  const path = join(dir, KEY_FILE);
  if (config.encryptionKey) {
    // Moving an embedded install from its generated key to OG_ENCRYPTION_KEY needs no
    // extra step: the generated key still opens what it sealed until the re-seal is done.
    const generated = config.mongodbUri ? null : await readKeyFile(path).catch(() => null);
    const previousKeys = generated && !generated.equals(config.encryptionKey) ? [...config.encryptionPreviousKeys, generated] : config.encryptionPreviousKeys;
    return createSecretBox({ key: config.encryptionKey, previousKeys });
  }
  if (config.mongodbUri) throw new Error('OG_ENCRYPTION_KEY is required with MONGODB_URI');
  let key = await readKeyFile(path);
  if (!key) {
    await mkdir(dir, { recursive: true });
    const fresh = randomBytes(ENCRYPTION_KEY_BYTES);
    try {
      await writeFile(path, `${fresh.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      key = fresh;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      key = await readKeyFile(path);
      if (!key) throw err;
    }
  }
  // A copied or restored file may have lost its owner-only mode.
  await chmod(path, 0o600).catch(() => undefined);
  logger.warn(
    { keyFile: path },
    'OG_ENCRYPTION_KEY is not set: secrets are sealed with a key generated into the data directory; production must set OG_ENCRYPTION_KEY (32 bytes, base64) and keep it outside the data',
  );
  return createSecretBox({ key, previousKeys: config.encryptionPreviousKeys });
}
