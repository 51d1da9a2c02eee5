import { checkTargetUrl } from '../../outbound/address-policy.ts';
import { generateSecret } from '../../outbound/signing.ts';
import { ApiError, notFound, validationError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { AgentWorkerStore } from './agent-stores.ts';
import type { AgentWorkerRecord } from './agent-types.ts';
import { toWorkerView } from './serializers.ts';
import { insertOrFind } from '../shared/already-stored.ts';

export const DEFAULT_WORKER_TIMEOUT_SECONDS = 1200;
export const DEFAULT_MAX_CONCURRENT_RUNS = 3;

export interface WorkerInput {
  name?: string;
  url?: string;
  default?: boolean;
  timeoutSeconds?: number;
  maxConcurrentRuns?: number;
}

const workerNotFound = () => notFound('AGENT_WORKER_NOT_FOUND', 'Agent worker not found');

function checkWorkerUrl(raw: string, allowPrivateNetwork: boolean): string {
  const checked = checkTargetUrl(raw, { allowPrivateNetwork });
  if (checked.url === null) throw validationError(`url ${checked.problem}`, { issues: [{ path: 'body.url', message: checked.problem }] });
  return checked.url.toString();
}

export function createAgentWorkerService(deps: { store: AgentWorkerStore; ids: IdGenerator; clock: Clock; allowPrivateNetwork: boolean }) {
  async function get(orgId: string, id: string): Promise<AgentWorkerRecord> {
    const worker = await deps.store.findById(orgId, id);
    if (!worker) throw workerNotFound();
    return worker;
  }

  return {
    async create(orgId: string, input: WorkerInput & { name: string; url: string }) {
      const now = deps.clock.now();
      // The organization's first worker is its default: runs need one to go anywhere.
      const makeDefault = input.default ?? !(await deps.store.findDefault(orgId));
      const record: AgentWorkerRecord = {
        id: deps.ids.uuid(),
        orgId,
        name: input.name,
        url: checkWorkerUrl(input.url, deps.allowPrivateNetwork),
        secret: generateSecret(),
        default: makeDefault,
        timeoutSeconds: input.timeoutSeconds ?? DEFAULT_WORKER_TIMEOUT_SECONDS,
        maxConcurrentRuns: input.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS,
        createdAt: now,
        updatedAt: now,
      };
      // A retry of a create that took effect unseen answers it, without the secrets shown once.
      const stored = await insertOrFind(
        () => deps.store.insert(record),
        () => deps.store.findById(orgId, record.id),
      );
      if (stored) return toWorkerView(stored);
      if (makeDefault) await deps.store.makeDefault(orgId, record.id);
      return { ...toWorkerView(record), secret: record.secret };
    },

    async list(orgId: string, page: { limit: number; cursor?: string }) {
      const result = await deps.store.list(orgId, page);
      return { items: result.items.map(toWorkerView), nextCursor: result.nextCursor };
    },

    get: async (orgId: string, id: string) => toWorkerView(await get(orgId, id)),

    async update(orgId: string, id: string, input: WorkerInput) {
      const existing = await get(orgId, id);
      if (input.default === false && existing.default) {
        throw new ApiError({ status: 409, code: 'DEFAULT_WORKER_REQUIRED', message: 'Make another worker the default instead of unsetting it here' });
      }
      const set: Partial<AgentWorkerRecord> = { updatedAt: deps.clock.now() };
      if (input.name !== undefined) set.name = input.name;
      if (input.url !== undefined) set.url = checkWorkerUrl(input.url, deps.allowPrivateNetwork);
      if (input.timeoutSeconds !== undefined) set.timeoutSeconds = input.timeoutSeconds;
      if (input.maxConcurrentRuns !== undefined) set.maxConcurrentRuns = input.maxConcurrentRuns;
      const updated = await deps.store.update(orgId, id, set);
      if (!updated) throw workerNotFound();
      if (input.default === true && !updated.default) {
        await deps.store.makeDefault(orgId, id);
        return toWorkerView({ ...updated, default: true });
      }
      return toWorkerView(updated);
    },

    async delete(orgId: string, id: string) {
      const existing = await get(orgId, id);
      if (!(await deps.store.delete(orgId, id))) throw workerNotFound();
      // Runs need a default to go anywhere: the oldest remaining worker takes over.
      if (existing.default && !(await deps.store.findDefault(orgId))) {
        const [next] = (await deps.store.list(orgId, { limit: 1 })).items;
        if (next) await deps.store.makeDefault(orgId, next.id);
      }
      return { ...toWorkerView(existing), deleted: true as const };
    },

    /** The worker a run goes to: the agent's own if it still exists, else the default. */
    async resolve(orgId: string, preferredId?: string): Promise<AgentWorkerRecord | null> {
      const preferred = preferredId ? await deps.store.findById(orgId, preferredId) : null;
      return preferred ?? (await deps.store.findDefault(orgId));
    },
    find: (orgId: string, id: string) => deps.store.findById(orgId, id),
  };
}

export type AgentWorkerService = ReturnType<typeof createAgentWorkerService>;
