import type { Db } from 'mongodb';
import type { IdGenerator } from '../../src/domain/shared/ids.ts';
import { requestFingerprint } from '../../src/http/middleware/idempotency.ts';
import { createIdempotencyRepo } from '../../src/storage/repositories/idempotency-repo.ts';

/**
 * Runs `attempt` as the first attempt of `POST path` with `body` under `key` runs: under
 * its claim's ids (`ids` must be the generator of the services `attempt` calls), then
 * releases the claim as a 5xx answer does. The client's retry of the same request over
 * HTTP then runs under the same claim. Returns what `attempt` threw (it must throw).
 */
export async function failedFirstAttempt(
  opts: { db: Db; orgId: string; ids: IdGenerator; key: string; path: string; body: unknown },
  attempt: () => Promise<unknown>,
): Promise<unknown> {
  const store = createIdempotencyRepo(opts.db);
  const fingerprint = requestFingerprint('POST', opts.path, Buffer.from(JSON.stringify(opts.body)));
  const begun = await store.begin(opts.orgId, opts.key, fingerprint, { now: new Date(), lockMs: 60_000, ttlMs: 86_400_000 });
  if (begun.state !== 'started' || !begun.scope) throw new Error(`the key could not be claimed: ${begun.state}`);
  let failure: unknown = null;
  try {
    await opts.ids.within(begun.scope, attempt);
  } catch (err) {
    failure = err;
  }
  if (failure === null) throw new Error('the first attempt was meant to fail');
  await store.abandon(opts.orgId, opts.key);
  return failure;
}
