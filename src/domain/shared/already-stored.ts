/**
 * An insert met a record already stored under its id. Ids repeat only where a request
 * is retried under its idempotency claim (see `IdGenerator.within`), so this means the
 * first attempt took effect although it was not answered: the create answers the
 * stored record instead of making a second one.
 */
export class AlreadyStoredError extends Error {
  readonly id: string;
  constructor(id: string) {
    super(`A record with id ${id} is already stored`);
    this.name = 'AlreadyStoredError';
    this.id = id;
  }
}

/**
 * Runs `insert`; when the id was already stored, answers the stored record (`find`)
 * instead. `null` means this call inserted it.
 */
export async function insertOrFind<R>(insert: () => Promise<unknown>, find: () => Promise<R | null>): Promise<R | null> {
  try {
    await insert();
    return null;
  } catch (err) {
    if (!(err instanceof AlreadyStoredError)) throw err;
    const existing = await find();
    if (!existing) throw err;
    return existing;
  }
}
