import type { Channel, StepKind } from '../sequences/sequence-model.ts';

export type CampaignStatus = 'draft' | 'active' | 'paused';

export interface CampaignStepTemplate {
  channel: Channel;
  kind: StepKind;
  subject: string | null;
  body: string;
  delaySeconds: number;
}

export interface CampaignRecord {
  id: string;
  orgId: string;
  name: string;
  slug: string;
  status: CampaignStatus;
  tableId: string;
  columnId: string;
  senders: { email: string | null; linkedin: string | null };
  recipientColumns: { email: string | null; linkedin: string | null };
  steps: CampaignStepTemplate[];
  stopOnReply: boolean;
  launchedAt: Date | null;
  pausedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** The agent that applies `editCampaign` requests: one per campaign, so edits queue behind each other (absent until the first). */
  editAgentId?: string | null;
}

export interface CampaignStore {
  insert(record: CampaignRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<CampaignRecord | null>;
  listByTable(orgId: string, tableId: string): Promise<CampaignRecord[]>;
  /** Conditional status change: true when the campaign was in one of `from`. */
  transition(orgId: string, id: string, from: CampaignStatus[], set: Partial<CampaignRecord>): Promise<boolean>;
  markDeleted(orgId: string, id: string, at: Date): Promise<boolean>;
  /** New step templates, only while the campaign is unchanged since `seenUpdatedAt`; false otherwise. */
  replaceSteps(orgId: string, id: string, seenUpdatedAt: Date, steps: CampaignStepTemplate[], at: Date): Promise<boolean>;
  /**
   * Closes the id of a draft whose campaign was never stored, so it never can be (a late
   * retry's insert then collides): 'abandoned' when no campaign holds the id (now, or
   * since an earlier call); else what the stored campaign is, 'live' or 'deleted'.
   */
  abandonDraft(orgId: string, id: string, refs: { tableId: string; columnId: string }, at: Date): Promise<'abandoned' | 'live' | 'deleted'>;
  /** Conditional swap of the edit agent (`from: null` also matches a campaign that never had one). */
  swapEditAgent(orgId: string, id: string, from: string | null, to: string | null): Promise<boolean>;
}

/**
 * What campaigns need from tables and rows, owned here so drafting does not depend on
 * how tables store cells; an adapter over the tables/rows services implements it.
 */
export interface CampaignTableAccess {
  getTable(orgId: string, tableId: string): Promise<{ id: string; name: string; columns: { id: string; slug: string; name: string; kind: string }[] } | null>;
  /** Target rows with their input cell values keyed by slug; `ids` picks rows, `null` means every row. */
  listTargetRows(orgId: string, tableId: string, select: { ids: string[] } | null, limit: number): Promise<TargetRow[]>;
  readRow(orgId: string, tableId: string, rowId: string): Promise<TargetRow | null>;
  /** `draftOf` marks the column as its draft's until `commitSequenceColumn`. */
  addSequenceColumn(
    orgId: string,
    tableId: string,
    column: { name: string; draftOf?: string },
  ): Promise<{ id: string; name: string; slug: string; kind: 'sequence' }>;
  /** Writes each row's `sequence` cell: the id of the sequence drafted for it. */
  linkSequences?(orgId: string, tableId: string, columnId: string, links: { rowId: string; sequenceId: string }[]): Promise<void>;
  /** The column's campaign is stored: it is no longer a draft's (see `ColumnRecord.draftOf`). */
  commitSequenceColumn?(orgId: string, tableId: string, columnId: string): Promise<void>;
}

export interface TargetRow {
  id: string;
  values: Record<string, unknown>;
}

export interface AgentDrafting {
  /** Hands `{ instructions }` to the organization's agent worker; answers the published 202 body. */
  draftWithAgent(orgId: string, table: { id: string; name: string }, instructions: string): Promise<unknown>;
  /**
   * Starts a `campaign.edit` run for `{ instructions }` on the agent `agentId`: a new agent
   * with that id when `existing` is false, else the next run of that agent (409
   * AGENT_BUSY while one is in flight, 404 AGENT_NOT_FOUND once it is archived).
   */
  editWithAgent(
    orgId: string,
    input: { agentId: string; existing: boolean; task: CampaignEditTaskInput; prompt: string },
  ): Promise<{ agent: unknown; run: unknown }>;
}

export interface CampaignEditTaskInput {
  type: 'campaign.edit';
  campaignId: string;
  tableId: string;
  instructions: string;
  campaign: { name: string; status: string };
  steps: (CampaignStepTemplate & { index: number; sent: number; editable: boolean })[];
}
