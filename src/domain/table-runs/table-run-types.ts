import type { StagedEvent } from '../../events/outbox.ts';

export type TableRunStatus = 'building' | 'processing' | 'complete' | 'failed' | 'cancelled';
export const TERMINAL_TABLE_RUN: TableRunStatus[] = ['complete', 'failed', 'cancelled'];

export interface TableRunCounts {
  complete: number;
  errored: number;
  cancelled: number;
}

export interface TableRunRecord {
  id: string;
  orgId: string;
  tableId: string;
  enrichmentRunId: string;
  source: 'api';
  status: TableRunStatus;
  createdAt: Date;
  activatedAt: Date | null;
  completedAt: Date | null;
  failureReason: string | null;
  counts: TableRunCounts | null;
}

export type CellRunStatus = 'queued' | 'running' | 'complete' | 'errored' | 'cancelled';
export const SUPERSEDED_CELL_RUN = 'superseded by a newer run of this cell';
export const ACTIVE_CELL_RUN: CellRunStatus[] = ['queued', 'running'];

export interface CellRunRecord {
  id: string;
  orgId: string;
  tableId: string;
  rowId: string;
  columnId: string;
  tableRunId: string;
  status: CellRunStatus;
  /** False once a newer run for the same cell exists or the row is deleted: counts use current runs only. */
  current: boolean;
  attempts: number;
  nextAttemptAt: Date;
  /** A running claim past this time belongs to a dead worker and may be taken again. */
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type CellRunTally = Record<CellRunStatus, number>;
export const emptyTally = (): CellRunTally => ({ queued: 0, running: 0, complete: 0, errored: 0, cancelled: 0 });

export interface CellRunStore {
  insertMany(runs: CellRunRecord[]): Promise<void>;
  /** Marks older runs of these cells as no longer current (a newer run now speaks for them). */
  supersede(orgId: string, tableId: string, rowIds: string[], columnIds: string[], exceptTableRunId: string): Promise<void>;
  due(orgId: string, tableRunId: string, now: Date, limit: number): Promise<CellRunRecord[]>;
  claim(id: string, now: Date, leaseUntil: Date): Promise<CellRunRecord | null>;
  /** Settles a running cell; false when it is no longer running (cancelled meanwhile). */
  finish(id: string, status: Extract<CellRunStatus, 'complete' | 'errored' | 'cancelled'>, error: string | null, at: Date): Promise<boolean>;
  requeue(id: string, nextAttemptAt: Date, error: string, at: Date): Promise<boolean>;
  /** A run that completed but lost its cell to a newer run: recorded as cancelled, not complete. */
  markSuperseded(id: string, at: Date): Promise<void>;
  tally(orgId: string, tableRunId: string): Promise<CellRunTally>;
  /** The earliest time something of this run is due again (queued retry or running lease). */
  nextDue(orgId: string, tableRunId: string): Promise<Date | null>;
  /** Cancels active runs; returns how many and which table runs they belonged to. */
  cancelActive(orgId: string, tableId: string, scope: { columnIds?: string[]; rowIds?: string[] }, at: Date): Promise<{ count: number; tableRunIds: string[] }>;
  countActive(orgId: string, tableId: string, columnIds: string[] | null): Promise<number>;
  /** Current runs per column: active (queued/running) and errored. */
  liveness(orgId: string, tableId: string): Promise<{ columnId: string; status: CellRunStatus; count: number }[]>;
  latestForRows(orgId: string, tableId: string, rowIds: string[]): Promise<CellRunRecord[]>;
  retire(orgId: string, tableId: string, rowIds: string[]): Promise<void>;
}

export interface TableRunStore {
  insert(run: TableRunRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<TableRunRecord | null>;
  activate(orgId: string, id: string, at: Date): Promise<void>;
  /** Runs not yet terminal, across organizations: only for the recovery sweep. */
  listUnsettled(limit: number): Promise<TableRunRecord[]>;
  /** Moves a non-terminal run to its terminal state, staging `events` in the same write, then relays them; false if already terminal. */
  settle(
    orgId: string,
    id: string,
    fields: { status: TableRunStatus; counts: TableRunCounts; completedAt: Date; failureReason: string | null },
    events: StagedEvent[],
  ): Promise<boolean>;
}
