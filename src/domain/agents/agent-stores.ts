import type { Page, PageRequest } from '../../storage/pagination.ts';
import type { StagedEvent } from '../../events/outbox.ts';
import type { AgentRecord, AgentRunRecord, AgentWorkerRecord, TerminalRunStatus } from './agent-types.ts';

// What the agents domain needs from storage; implemented in src/storage/repositories.

export interface AgentWorkerStore {
  insert(record: AgentWorkerRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<AgentWorkerRecord | null>;
  findDefault(orgId: string): Promise<AgentWorkerRecord | null>;
  list(orgId: string, page: PageRequest): Promise<Page<AgentWorkerRecord>>;
  update(orgId: string, id: string, set: Partial<Omit<AgentWorkerRecord, 'id' | 'orgId'>>): Promise<AgentWorkerRecord | null>;
  /** Makes `id` the organization's only default worker. */
  makeDefault(orgId: string, id: string): Promise<void>;
  delete(orgId: string, id: string): Promise<boolean>;
}

export interface ActiveSlot {
  runId: string;
  agentId: string;
  name: string;
  startedAt: Date;
}

/** Concurrency slots per worker (hence per organization): claimed atomically, one array per worker. */
export interface RunSlotStore {
  claim(orgId: string, workerId: string, slot: ActiveSlot, limit: number): Promise<boolean>;
  release(orgId: string, workerId: string, runId: string): Promise<void>;
  active(orgId: string, workerId: string): Promise<ActiveSlot[]>;
}

export interface AgentStore {
  insert(record: AgentRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<AgentRecord | null>;
  list(orgId: string, page: PageRequest & { search?: string }): Promise<Page<AgentRecord>>;
  /** The mutex: succeeds only when the agent has no active run (and is not archived). */
  claimRun(orgId: string, agentId: string, runId: string, tableIds: string[]): Promise<boolean>;
  releaseRun(orgId: string, agentId: string, runId: string): Promise<void>;
  archive(orgId: string, id: string, at: Date): Promise<AgentRecord | null>;
}

export interface AgentRunStore {
  insert(record: AgentRunRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<AgentRunRecord | null>;
  /** Callbacks arrive without an API key: the run id comes from the signed token. */
  findByIdAnyOrg(id: string): Promise<AgentRunRecord | null>;
  listForAgent(orgId: string, agentId: string, page: PageRequest): Promise<Page<AgentRunRecord>>;
  /** Earlier runs of the agent, oldest first (the conversation a worker is sent). */
  history(orgId: string, agentId: string, beforeRunId: string, max: number): Promise<AgentRunRecord[]>;
  findMany(orgId: string, ids: string[]): Promise<AgentRunRecord[]>;
  /** Updates a still-running run; false when it already ended. */
  updateRunning(orgId: string, id: string, set: Partial<AgentRunRecord>, push?: { apiKeyIds?: string }): Promise<boolean>;
  /** Makes a running run terminal and stages its events in the same write, then relays them; false when it already ended. */
  finish(orgId: string, id: string, set: Partial<AgentRunRecord> & { status: TerminalRunStatus }, events: StagedEvent[]): Promise<boolean>;
}
