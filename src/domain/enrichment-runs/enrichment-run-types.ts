export type OutcomeKind = 'inserted' | 'updated' | 'skipped';

export interface Outcome {
  inputIndex: number;
  rowId: string | null;
  outcome: OutcomeKind;
}

export interface OutcomeCounts {
  inserted: number;
  updated: number;
  skipped: number;
}

export type EnrichmentRunStatus = 'processing' | 'complete' | 'failed' | 'cancelled';

export interface EnrichmentRunRecord {
  /** Also the batchId (the client's, when it sent one). */
  id: string;
  orgId: string;
  tableId: string;
  type: 'upsert';
  /** `writing` until the rows are written; a replay only answers once it is `written`. */
  phase: 'writing' | 'written';
  /** Hash of the request; the same batchId with another body is refused. */
  requestHash: string;
  leaseUntil: Date;
  status: EnrichmentRunStatus;
  tableRunId: string | null;
  outcomes: Outcome[];
  outcomeCounts: OutcomeCounts;
  createdAt: Date;
  completedAt: Date | null;
}

export interface EnrichmentRunStore {
  /** Inserts the claim; false when the organization already has a run with this id. */
  claim(run: EnrichmentRunRecord): Promise<boolean>;
  /** Takes over a claim whose lease ran out (its writer died); false if someone else did. */
  renewExpired(id: string, orgId: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Ends the lease `leaseUntil` of a claim still being written (its writer failed and stopped); a no-op for any other lease. */
  release(orgId: string, id: string, leaseUntil: Date): Promise<void>;
  findById(orgId: string, id: string): Promise<EnrichmentRunRecord | null>;
  list(
    orgId: string,
    filter: { tableId?: string },
    page: { limit: number; cursor?: string },
  ): Promise<{ items: EnrichmentRunRecord[]; nextCursor: string | null }>;
  markWritten(
    orgId: string,
    id: string,
    fields: { outcomes: Outcome[]; outcomeCounts: OutcomeCounts; status: EnrichmentRunStatus; completedAt: Date | null; tableRunId: string | null },
  ): Promise<void>;
  settle(orgId: string, id: string, status: EnrichmentRunStatus, at: Date): Promise<void>;
}
