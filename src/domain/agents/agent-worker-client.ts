import type { Logger } from 'pino';
import { OutboundError, type OutboundClient } from '../../outbound/http-client.ts';
import { signedHeaders } from '../../outbound/signing.ts';
import type { ApiKeyService } from '../api-keys/api-key-service.ts';
import type { Clock } from '../shared/clock.ts';
import type { AgentRunStore, AgentWorkerStore } from './agent-stores.ts';
import type { AgentRunRecord, AgentWorkerRecord, TerminalRunStatus } from './agent-types.ts';
import type { RunLifecycle } from './run-lifecycle.ts';
import { buildRunRequest, callbackToken, InvalidResult, parseRunResult, RUN_CANCEL_REQUESTED } from './worker-protocol.ts';

/** How the domain asks for background work; src/jobs implements it on Agenda. */
export interface RunJobs {
  dispatch(orgId: string, runId: string, attempt: number, delayMs: number): Promise<void>;
  checkAt(orgId: string, runId: string, at: Date): Promise<void>;
}

export interface AgentWorkerClientDeps {
  agentRuns: AgentRunStore;
  workers: AgentWorkerStore;
  lifecycle: RunLifecycle;
  apiKeys: Pick<ApiKeyService, 'create' | 'revoke'>;
  outbound: Pick<OutboundClient, 'send'>;
  jobs: RunJobs;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  /** Delay before each attempt in seconds; its length is the attempt budget. */
  retryScheduleSeconds: number[];
  /** How long after the deadline a run key may still be presented (clock skew, slow last call). */
  keyGraceMs?: number;
}

const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429;
const MAX_HISTORY = 50;

/** The gateway's calls to an agent worker: hands a run over (retried on the dispatch schedule) and asks it to stop. */
export function createAgentWorkerClient(deps: AgentWorkerClientDeps) {
  const end = (run: AgentRunRecord, status: TerminalRunStatus, reason: string) => deps.lifecycle.finish(run, { status }, reason);

  function signed(worker: AgentWorkerRecord, id: string, payload: unknown) {
    const body = JSON.stringify(payload);
    const ts = Math.floor(deps.clock.now().getTime() / 1000);
    return { body, headers: { 'content-type': 'application/json', 'user-agent': 'og-gateway', ...signedHeaders([worker.secret], id, ts, body) } };
  }

  async function retryOrEnd(run: AgentRunRecord, attempt: number, reason: string): Promise<void> {
    const next = attempt + 1;
    await deps.agentRuns.updateRunning(run.orgId, run.id, { dispatch: { ...run.dispatch, attempts: next, lastError: reason } });
    if (next >= deps.retryScheduleSeconds.length) {
      await end(run, 'errored', `worker unreachable after ${next} attempts: ${reason}`);
      return;
    }
    deps.logger.warn({ runId: run.id, attempt, reason }, 'agent worker call failed; retrying');
    await deps.jobs.dispatch(run.orgId, run.id, next, deps.retryScheduleSeconds[next] * 1000);
  }

  async function mintKey(run: AgentRunRecord): Promise<{ id: string; key: string } | null> {
    const key = await deps.apiKeys.create(run.orgId, {
      name: `agent run ${run.id}`,
      scopes: ['read', 'write'],
      expiresAt: new Date(run.deadlineAt.getTime() + (deps.keyGraceMs ?? 60_000)),
    });
    // Recorded before use, so the run's end revokes it whatever happens next.
    if (await deps.agentRuns.updateRunning(run.orgId, run.id, {}, { apiKeyIds: key.id })) return key;
    await deps.apiKeys.revoke(run.orgId, key.id);
    return null;
  }

  /** One attempt at handing a run to its worker (the Agenda job body). */
  async function dispatch(orgId: string, runId: string, attempt: number): Promise<void> {
    const run = await deps.agentRuns.findById(orgId, runId);
    if (!run || run.status !== 'running' || run.cancel || run.dispatch.acceptedAt) return;
    const worker = await deps.workers.findById(orgId, run.workerId);
    if (!worker) return void (await end(run, 'errored', 'the agent worker was deleted'));
    const remainingMs = run.deadlineAt.getTime() - deps.clock.now().getTime();
    if (remainingMs <= 0) return void (await end(run, 'timed_out', 'deadline passed before dispatch'));
    const key = await mintKey(run);
    if (!key) return;
    const history = await deps.agentRuns.history(orgId, run.agentId, run.id, MAX_HISTORY);
    const payload = buildRunRequest({
      run,
      history,
      callbackUrl: `${deps.publicUrl}/api/v2/agent-callbacks/${encodeURIComponent(callbackToken(worker.secret, run.id))}`,
      apiBaseUrl: `${deps.publicUrl}/api/v2`,
      apiKey: key.key,
    });
    const { body, headers } = signed(worker, run.id, payload);
    try {
      const res = await deps.outbound.send({ url: worker.url, method: 'POST', headers, body, timeoutMs: remainingMs, maxResponseBytes: 1024 * 1024 });
      if (res.status === 202) {
        await deps.agentRuns.updateRunning(orgId, run.id, { dispatch: { attempts: attempt + 1, acceptedAt: deps.clock.now(), lastError: null } });
        return;
      }
      if (res.status >= 200 && res.status < 300) {
        const result = parseRunResult(JSON.parse(res.body.toString('utf8')));
        await deps.agentRuns.updateRunning(orgId, run.id, { dispatch: { attempts: attempt + 1, acceptedAt: deps.clock.now(), lastError: null } });
        await deps.lifecycle.apply(run, result);
        return;
      }
      await deps.apiKeys.revoke(orgId, key.id).catch(() => undefined);
      if (RETRYABLE(res.status)) return await retryOrEnd(run, attempt, `worker answered ${res.status}`);
      await end(run, 'errored', `worker refused the run with ${res.status}`);
    } catch (err) {
      if (err instanceof InvalidResult || err instanceof SyntaxError) return void (await end(run, 'errored', `invalid worker result: ${err.message}`));
      if (!(err instanceof OutboundError)) throw err;
      if (err.kind === 'timeout' && deps.clock.now() >= run.deadlineAt) return void (await end(run, 'timed_out', 'the worker did not answer in time'));
      if (err.kind === 'invalid_url' || err.kind === 'refused_address') return void (await end(run, 'errored', `worker URL refused: ${err.message}`));
      await deps.apiKeys.revoke(orgId, key.id).catch(() => undefined);
      await retryOrEnd(run, attempt, err.message);
    }
  }

  /** Asks the worker to stop; true when it confirmed synchronously. */
  async function requestCancel(run: AgentRunRecord): Promise<boolean> {
    const worker = await deps.workers.findById(run.orgId, run.workerId);
    if (!worker) return true;
    const payload = {
      type: RUN_CANCEL_REQUESTED,
      run: { id: run.id, agentId: run.agentId },
      callbackUrl: `${deps.publicUrl}/api/v2/agent-callbacks/${encodeURIComponent(callbackToken(worker.secret, run.id))}`,
    };
    const { body, headers } = signed(worker, `${run.id}:cancel`, payload);
    try {
      const res = await deps.outbound.send({ url: worker.url, method: 'POST', headers, body, timeoutMs: 5_000, maxResponseBytes: 64 * 1024 });
      if (res.status !== 200) return false;
      const parsed = JSON.parse(res.body.toString('utf8')) as { status?: unknown };
      return parsed.status === 'cancelled';
    } catch (err) {
      deps.logger.warn({ err, runId: run.id }, 'cancel request to the agent worker failed; the grace period will end the run');
      return false;
    }
  }

  return { dispatch, requestCancel };
}

export type AgentWorkerClient = ReturnType<typeof createAgentWorkerClient>;
