// Owned by the idempotency middleware; storage/repositories implements it.

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What makes a claim's ids: the same on every attempt under the claim (see
 * `IdGenerator.within`), absent for a claim recorded before claims had one.
 */
export interface ClaimScope {
  seed: string;
  atMs: number;
}

export type BeginResult =
  { state: 'started'; scope: ClaimScope | null } | { state: 'replay'; response: RecordedResponse } | { state: 'mismatch' } | { state: 'in_flight' };

export interface IdempotencyStore {
  /** Claims `key` for a request with this fingerprint, or says why it cannot run. */
  begin(orgId: string, key: string, fingerprint: string, opts: { now: Date; lockMs: number; ttlMs: number }): Promise<BeginResult>;
  complete(orgId: string, key: string, response: RecordedResponse): Promise<void>;
  /**
   * Releases the claim of a request that failed with a 5xx, so a retry runs again at
   * once, under the same claim: it may have taken effect, so the key stays bound to it.
   */
  abandon(orgId: string, key: string): Promise<void>;
}
