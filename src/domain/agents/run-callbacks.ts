import { verify } from '../../outbound/signing.ts';
import { ApiError, notFound, unprocessable } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { AgentRunStore, AgentWorkerStore } from './agent-stores.ts';
import type { RunLifecycle } from './run-lifecycle.ts';
import { callbackTokenMatches, InvalidResult, parseRunResult, splitCallbackToken } from './worker-protocol.ts';

// A callback URL is a credential for one run: an unknown, altered or foreign token is
// a plain 404 (nothing says whether the run exists), and a valid token still needs the
// worker's Standard Webhooks signature on the exact body.

const notACallback = () => notFound('NOT_FOUND', 'No such callback');
const badSignature = () => new ApiError({ status: 401, code: 'INVALID_SIGNATURE', message: 'The webhook-signature does not match this callback' });

export function createRunCallbacks(deps: { agentRuns: AgentRunStore; workers: AgentWorkerStore; lifecycle: RunLifecycle; clock: Clock }) {
  return {
    async receive(token: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>) {
      const parts = splitCallbackToken(token);
      const run = parts ? await deps.agentRuns.findByIdAnyOrg(parts.runId) : null;
      const worker = run ? await deps.workers.findById(run.orgId, run.workerId) : null;
      if (!run || !worker || !callbackTokenMatches(token, worker.secret)) throw notACallback();
      const header = (name: string) => {
        const v = headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const signed = verify(
        worker.secret,
        { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') },
        rawBody,
        { nowSeconds: Math.floor(deps.clock.now().getTime() / 1000) },
      );
      if (!signed) throw badSignature();
      let result;
      try {
        result = parseRunResult(JSON.parse(rawBody.toString('utf8')));
      } catch (err) {
        if (err instanceof InvalidResult || err instanceof SyntaxError) throw unprocessable(`Invalid run result: ${err.message}`);
        throw err;
      }
      const accepted = run.status === 'running' && (await deps.lifecycle.apply(run, result));
      const latest = (await deps.agentRuns.findById(run.orgId, run.id)) ?? run;
      return { object: 'agent_callback_receipt' as const, runId: run.id, accepted, status: latest.status };
    },
  };
}

export type RunCallbacks = ReturnType<typeof createRunCallbacks>;
