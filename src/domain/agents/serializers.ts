import type { AgentRecord, AgentRunRecord, AgentWorkerRecord } from './agent-types.ts';

// One serializer per resource, used by the API and by event payloads alike. The agent
// is its own session container, so every `workspaceId` is the agent id.

const PROMPT_PREVIEW = 200;

export function toRunSummary(run: AgentRunRecord) {
  return {
    object: 'run' as const,
    id: run.id,
    agentId: run.agentId,
    status: run.status,
    prompt: run.prompt.length > PROMPT_PREVIEW ? `${run.prompt.slice(0, PROMPT_PREVIEW - 1)}…` : run.prompt,
    model: run.model,
    steps: run.steps,
    startedAt: run.startedAt.toISOString(),
    completedAt: run.completedAt?.toISOString() ?? null,
  };
}

/** `tables`: the Table objects the run touched (actions and focus), once it has ended. */
export function toRunView(run: AgentRunRecord, tables: unknown[] = []) {
  return {
    ...toRunSummary(run),
    prompt: run.prompt,
    workspaceId: run.agentId,
    request: { prompt: run.prompt, model: run.model, focusTableIds: run.focusTableIds },
    response: run.response ? { text: run.response.text, actions: run.response.actions, tables, transcript: null, transcriptTruncated: false } : null,
    todo: run.todo,
  };
}

export function toAgentSummary(agent: AgentRecord) {
  return { object: 'agent' as const, id: agent.id, name: agent.name, workspaceId: agent.id, createdAt: agent.createdAt.toISOString() };
}

export function toAgentView(agent: AgentRecord, lastRun: AgentRunRecord | null) {
  return { ...toAgentSummary(agent), apiKeyOwned: true, lastRun: lastRun ? toRunSummary(lastRun) : null };
}

export function toWorkspaceView(agent: AgentRecord) {
  return { object: 'workspace' as const, id: agent.id, name: agent.name, createdAt: agent.createdAt.toISOString(), createdByApi: true };
}

export function toWorkerView(worker: AgentWorkerRecord) {
  return {
    object: 'agent_worker' as const,
    id: worker.id,
    name: worker.name,
    url: worker.url,
    default: worker.default,
    timeoutSeconds: worker.timeoutSeconds,
    maxConcurrentRuns: worker.maxConcurrentRuns,
    secretLast4: worker.secret.slice(-4),
    createdAt: worker.createdAt.toISOString(),
    updatedAt: worker.updatedAt.toISOString(),
  };
}
