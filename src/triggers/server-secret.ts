import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { openFields, sealFields, SEALED_FIELDS } from '../storage/encryption/sealed-fields.ts';
import type { SecretBox } from '../storage/encryption/secret-box.ts';

// The key of every trigger URL's MAC. All gateway processes sharing a database must
// agree on it, so it lives in the database (created once, by whichever process boots
// first) unless OG_TRIGGER_SECRET pins it. It is sealed at rest like every other
// recoverable secret.

const SETTINGS = 'settings';
const SECRET_ID = 'trigger-token-secret';

interface SettingDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

export async function loadTriggerSecret(db: Db, fromEnv: string | null, secrets: SecretBox): Promise<Buffer> {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const settings = db.collection<SettingDoc>(SETTINGS);
  const candidate = sealFields(secrets, SEALED_FIELDS.settings, { value: randomBytes(32).toString('base64') }).value;
  // $setOnInsert on a fixed _id: concurrent first boots all read back the same secret.
  const doc = await settings.findOneAndUpdate(
    { _id: SECRET_ID },
    { $setOnInsert: { value: candidate, createdAt: new Date() } },
    { upsert: true, returnDocument: 'after' },
  );
  if (!doc?.value) throw new Error('could not load the trigger token secret');
  return Buffer.from(openFields(secrets, SEALED_FIELDS.settings, doc).value, 'base64');
}
