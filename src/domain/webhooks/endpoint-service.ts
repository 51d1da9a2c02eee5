import { EVENT_TYPES, EVENT_WILDCARDS } from '../../events/event-types.ts';
import type { Outbox } from '../../events/outbox.ts';
import { testOrderingKey } from '../../webhooks/envelope.ts';
import { generateSecret, secretProblem } from '../../outbound/signing.ts';
import { customHeaderProblems, endpointUrlProblem } from '../../webhooks/url-policy.ts';
import { conflict, notFound, validationError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import { toDeliveryView, toEndpointView } from './serializers.ts';
import type { DeliveryRecord, DeliveryStore, EndpointRecord, EndpointStore } from './types.ts';
import { insertOrFind } from '../shared/already-stored.ts';

export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;
const SUBSCRIBABLE = new Set<string>([...EVENT_TYPES, ...EVENT_WILDCARDS]);

/** What endpoint management needs from delivery dispatch. */
export interface DispatchControl {
  fanOut(event: Awaited<ReturnType<Outbox['record']>>): Promise<DeliveryRecord[]>;
  /** Wakes deliveries paused while the endpoint was disabled. */
  resume(orgId: string, endpointId: string): Promise<void>;
}

export interface EndpointInput {
  url?: string;
  events?: string[];
  name?: string | null;
  description?: string | null;
  headers?: Record<string, string>;
  enabled?: boolean;
}

/** Create takes an optional caller-provided signing secret (rotation too). */
export interface SecretInput {
  secret?: string;
}

export interface EndpointServiceDeps {
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  outbox: Outbox;
  dispatch: DispatchControl;
  ids: IdGenerator;
  clock: Clock;
  maxEnabledEndpoints: number;
  allowPrivateNetwork: boolean;
}

const NOT_FOUND = () => notFound('WEBHOOK_ENDPOINT_NOT_FOUND', 'Webhook endpoint not found');

/** The caller's secret if it is a valid one, a fresh one if none was given. */
function secretFrom(input: SecretInput | undefined): string {
  if (input?.secret === undefined) return generateSecret();
  const problem = secretProblem(input.secret);
  if (problem) throw validationError(`body.secret ${problem}`, { in: 'body', issues: [{ path: 'body.secret', message: problem }] });
  return input.secret;
}

export function createEndpointService(deps: EndpointServiceDeps) {
  function check(input: EndpointInput): void {
    const issues: { path: string; message: string }[] = [];
    if (input.url !== undefined) {
      const problem = endpointUrlProblem(input.url, deps.allowPrivateNetwork);
      if (problem) issues.push({ path: 'body.url', message: problem });
    }
    for (const [i, name] of (input.events ?? []).entries()) {
      if (!SUBSCRIBABLE.has(name))
        issues.push({ path: `body.events.${i}`, message: `unknown event ${JSON.stringify(name)}; use one of ${[...SUBSCRIBABLE].join(', ')}` });
    }
    for (const [name, message] of Object.entries(customHeaderProblems(input.headers ?? {}))) issues.push({ path: `body.headers.${name}`, message });
    if (issues.length > 0) throw validationError(issues.map((i) => `${i.path} ${i.message}`).join('; '), { in: 'body', issues });
  }

  /** The cap keeps the oldest enabled endpoints; a concurrent create past it backs out. */
  async function withinCap(orgId: string, id?: string): Promise<boolean> {
    const ids = await deps.endpoints.enabledIds(orgId);
    if (id === undefined) return ids.length < deps.maxEnabledEndpoints;
    const position = ids.indexOf(id);
    return position >= 0 && position < deps.maxEnabledEndpoints;
  }

  const capError = () =>
    conflict('WEBHOOK_ENDPOINT_LIMIT', `At most ${deps.maxEnabledEndpoints} enabled webhook endpoints per organization; disable or delete one first`, {
      limit: deps.maxEnabledEndpoints,
    });

  async function load(orgId: string, id: string): Promise<EndpointRecord> {
    const endpoint = await deps.endpoints.findById(orgId, id);
    if (!endpoint) throw NOT_FOUND();
    return endpoint;
  }

  return {
    async create(orgId: string, input: EndpointInput & SecretInput & { url: string; events: string[] }) {
      check(input);
      const secret = secretFrom(input);
      const enabled = input.enabled ?? true;
      const now = deps.clock.now();
      const id = deps.ids.uuid();
      // A retry of a create that took effect unseen answers it, without the secret shown once.
      const earlier = await deps.endpoints.findById(orgId, id);
      if (earlier) return toEndpointView(earlier, now);
      if (enabled && !(await withinCap(orgId))) throw capError();
      const record: EndpointRecord = {
        id,
        orgId,
        url: input.url,
        events: [...new Set(input.events)],
        name: input.name ?? null,
        description: input.description ?? null,
        headers: input.headers ?? {},
        enabled,
        secret,
        secretLast4: secret.slice(-4),
        previousSecret: null,
        previousSecretExpiresAt: null,
        consecutiveFailures: 0,
        disabledReason: null,
        disabledAt: null,
        createdAt: now,
        updatedAt: now,
      };
      const stored = await insertOrFind(
        () => deps.endpoints.insert(record),
        () => deps.endpoints.findById(orgId, record.id),
      );
      if (stored) return toEndpointView(stored, now);
      if (enabled && !(await withinCap(orgId, record.id))) {
        await deps.endpoints.delete(orgId, record.id);
        throw capError();
      }
      return { ...toEndpointView(record, now), secret };
    },

    async list(orgId: string, page: { limit: number; cursor?: string }) {
      const result = await deps.endpoints.list(orgId, page);
      const now = deps.clock.now();
      return { items: result.items.map((e) => toEndpointView(e, now)), nextCursor: result.nextCursor };
    },

    async get(orgId: string, id: string) {
      return toEndpointView(await load(orgId, id), deps.clock.now());
    },

    async update(orgId: string, id: string, input: EndpointInput) {
      check(input);
      const existing = await load(orgId, id);
      const now = deps.clock.now();
      const set: Partial<EndpointRecord> = { updatedAt: now };
      if (input.url !== undefined) set.url = input.url;
      if (input.events !== undefined) set.events = [...new Set(input.events)];
      if (input.name !== undefined) set.name = input.name;
      if (input.description !== undefined) set.description = input.description;
      if (input.headers !== undefined) set.headers = input.headers;
      const enabling = input.enabled === true && !existing.enabled;
      if (input.enabled !== undefined) set.enabled = input.enabled;
      if (enabling) {
        if (!(await withinCap(orgId))) throw capError();
        Object.assign(set, { disabledReason: null, disabledAt: null, consecutiveFailures: 0 });
      }
      const updated = await deps.endpoints.update(orgId, id, set);
      if (!updated) throw NOT_FOUND();
      if (enabling) {
        if (!(await withinCap(orgId, id))) {
          await deps.endpoints.update(orgId, id, { enabled: false });
          throw capError();
        }
        await deps.dispatch.resume(orgId, id);
      }
      return toEndpointView(updated, now);
    },

    /** Deletes the endpoint, drops its pending deliveries and keeps their history. */
    async remove(orgId: string, id: string) {
      const existing = await load(orgId, id);
      if (!(await deps.endpoints.delete(orgId, id))) throw NOT_FOUND();
      await deps.deliveries.dropPending(orgId, id, 'endpoint deleted', deps.clock.now());
      return { ...toEndpointView(existing, deps.clock.now()), deleted: true };
    },

    async rotateSecret(orgId: string, id: string, input?: SecretInput) {
      const secret = secretFrom(input);
      const existing = await load(orgId, id);
      const now = deps.clock.now();
      const previousSecretExpiresAt = new Date(now.getTime() + SECRET_OVERLAP_MS);
      const updated = await deps.endpoints.update(orgId, id, {
        secret,
        secretLast4: secret.slice(-4),
        previousSecret: existing.secret,
        previousSecretExpiresAt,
        updatedAt: now,
      });
      if (!updated) throw NOT_FOUND();
      return { ...toEndpointView(updated, now), secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
    },

    /** Records a `webhook.test` event for this endpoint only and returns its delivery. */
    async sendTest(orgId: string, id: string) {
      const endpoint = await load(orgId, id);
      if (!endpoint.enabled) throw conflict('WEBHOOK_ENDPOINT_DISABLED', 'The endpoint is disabled; enable it before testing');
      const now = deps.clock.now();
      const event = await deps.outbox.record({
        type: 'webhook.test',
        orgId,
        orderingKey: testOrderingKey(id),
        data: { triggered_by: 'dashboard', triggered_at: now.toISOString(), message: 'Test event from og-gateway' },
      });
      await deps.dispatch.fanOut(event);
      const delivery = await deps.deliveries.findByEvent(orgId, id, event.id);
      if (!delivery) throw NOT_FOUND();
      return toDeliveryView(delivery);
    },
  };
}

export type EndpointService = ReturnType<typeof createEndpointService>;
