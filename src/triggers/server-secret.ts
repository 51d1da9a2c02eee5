import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';

// The key of every trigger URL's MAC. All gateway processes sharing a database must
// agree on it, so it lives in the database (created once, by whichever process boots
// first) unless OG_TRIGGER_SECRET pins it.

const SETTINGS = 'settings';
const SECRET_ID = 'trigger-token-secret';

interface SettingDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

export async function loadTriggerSecret(db: Db, fromEnv: string | null): Promise<Buffer> {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const settings = db.collection<SettingDoc>(SETTINGS);
  const candidate = randomBytes(32).toString('base64');
  // $setOnInsert on a fixed _id: concurrent first boots all read back the same secret.
  const doc = await settings.findOneAndUpdate(
    { _id: SECRET_ID },
    { $setOnInsert: { value: candidate, createdAt: new Date() } },
    { upsert: true, returnDocument: 'after' },
  );
  if (!doc?.value) throw new Error('could not load the trigger token secret');
  return Buffer.from(doc.value, 'base64');
}
