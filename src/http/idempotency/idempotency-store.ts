// Owned by the idempotency middleware; storage/repositories implements it.

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type BeginResult = { state: 'started' } | { state: 'replay'; response: RecordedResponse } | { state: 'mismatch' } | { state: 'in_flight' };

export interface IdempotencyStore {
  /** Claims `key` for a request with this fingerprint, or says why it cannot run. */
  begin(orgId: string, key: string, fingerprint: string, opts: { now: Date; lockMs: number; ttlMs: number }): Promise<BeginResult>;
  complete(orgId: string, key: string, response: RecordedResponse): Promise<void>;
  /** Forgets a claim whose request failed with a 5xx, so a retry runs again. */
  abandon(orgId: string, key: string): Promise<void>;
}
