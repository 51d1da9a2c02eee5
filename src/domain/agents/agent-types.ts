// Stored shapes of agents, runs and workers. The wire shapes are in serializers.ts.

export const RUN_STATUSES = ['running', 'completed', 'needs_input', 'step_cap_hit', 'incomplete', 'cancelled', 'errored', 'timed_out'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type TerminalRunStatus = Exclude<RunStatus, 'running'>;
export const isTerminal = (s: RunStatus): s is TerminalRunStatus => s !== 'running';

export const RUN_ID_PREFIX = 'v2_run-';
export const DEFAULT_MODEL = 'origami-max';
export type PublicModel = 'origami-lite' | 'origami-max';

export interface AgentWorkerRecord {
  id: string;
  orgId: string;
  name: string;
  url: string;
  secret: string;
  default: boolean;
  timeoutSeconds: number;
  maxConcurrentRuns: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgentRecord {
  id: string;
  orgId: string;
  name: string;
  workerId: string;
  /** Every table a run of this agent was focused on: what listAgentTables shows. */
  tableIds: string[];
  /** The per-agent mutex: set atomically when a run is admitted, cleared when it ends. */
  activeRunId: string | null;
  lastRunId: string | null;
  createdAt: Date;
  archivedAt: Date | null;
}

export interface RunAction {
  type: string;
  tableId: string;
  [field: string]: unknown;
}

export interface PendingQuestion {
  type: 'single-choice' | 'confirm';
  question: string;
  suggestedAnswers: string[];
  freeformOption: string;
}

export interface NextAction {
  label: string;
  type?: string;
  tableSlug?: string;
}

export interface RunResult {
  status: RunStatus;
  response?: { text: string | null; actions: RunAction[] };
  todo?: { pendingQuestions: PendingQuestion[]; nextActions: NextAction[] };
  steps?: { completed: number; max?: number };
}

/**
 * Structured work the gateway itself asks of a run, beside the free-text prompt, so a
 * worker never has to parse prose to know what is wanted. `campaign.draft` comes from
 * the published `{ instructions }` campaign form; `senders` are the organization's
 * sending accounts, passed in because the run's key lacks the admin scope senders need.
 */
export interface CampaignDraftTask {
  type: 'campaign.draft';
  tableId: string;
  instructions: string;
  senders: { id: string; channel: 'email' | 'linkedin'; name: string; displayName: string; email: string | null; linkedinSlug: string | null }[];
}
/**
 * `campaign.edit` comes from the published `editCampaign`: the worker applies the change
 * with the explicit step edit (`PATCH /campaigns/{id}/steps`). `steps` are the campaign's
 * templates when the run was requested; `sent` counts the sequences that sent (or are
 * sending) that step, and a step with `editable: false` can no longer change.
 */
export interface CampaignEditTask {
  type: 'campaign.edit';
  campaignId: string;
  tableId: string;
  instructions: string;
  campaign: { name: string; status: string };
  steps: {
    index: number;
    channel: 'email' | 'linkedin';
    kind: string;
    subject: string | null;
    body: string;
    delaySeconds: number;
    sent: number;
    editable: boolean;
  }[];
}
export type RunTask = CampaignDraftTask | CampaignEditTask;

export interface AgentRunRecord {
  id: string;
  orgId: string;
  agentId: string;
  workerId: string;
  status: RunStatus;
  prompt: string;
  model: PublicModel;
  focusTableIds: string[];
  steps: { completed: number; max: number };
  /** Set once terminal; null while running. */
  response: { text: string | null; actions: RunAction[] } | null;
  todo: { pendingQuestions: PendingQuestion[]; nextActions: NextAction[] };
  startedAt: Date;
  completedAt: Date | null;
  deadlineAt: Date;
  dispatch: { attempts: number; acceptedAt: Date | null; lastError: string | null };
  cancel: { requestedAt: Date; graceUntil: Date } | null;
  /** Short-lived keys minted for this run; all revoked when it ends. */
  apiKeyIds: string[];
  /** Why the gateway (not the worker) ended the run, for operators. */
  endReason: string | null;
  /** Set on runs the gateway starts for its own work (absent on older runs). */
  task?: RunTask | null;
}
