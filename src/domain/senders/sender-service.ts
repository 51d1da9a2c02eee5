import { notFound, validationError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import { checkTargetUrl, hostProblem } from '../../outbound/address-policy.ts';
import { generateSecret } from '../../outbound/signing.ts';
import type { SenderChannel, SenderRecord, SenderStore } from './sender-model.ts';
import { toSenderView } from './sender-serializer.ts';
import { insertOrFind } from '../shared/already-stored.ts';

export interface CreateSenderInput {
  channel: SenderChannel;
  name: string;
  displayName: string;
  email?: string;
  linkedinSlug?: string;
  smtp?: { host: string; port: number; secure?: boolean; auth?: { user: string; pass: string } };
  http?: { url: string };
  /** Accepts every message and sends nothing (development gateways only). */
  sink?: Record<string, never>;
}

export interface SenderServiceDeps {
  store: SenderStore;
  ids: IdGenerator;
  clock: Clock;
  allowPrivateNetwork: boolean;
  /** OG_SINK_SENDERS: whether `sink` senders may be created. */
  allowSinkSenders: boolean;
}

const senderNotFound = () => notFound('SENDER_NOT_FOUND', 'No such sender');

/** Refused at submit by the outbound-address policy (and again when dialled). */
function checkHost(host: string, field: string, allowPrivate: boolean): void {
  const problem = hostProblem(host, { allowPrivateNetwork: allowPrivate });
  if (problem) throw validationError(`${field} ${problem}`, { field });
}

function checkProviderUrl(raw: string, allowPrivate: boolean): string {
  const checked = checkTargetUrl(raw, { allowPrivateNetwork: allowPrivate });
  if (checked.url === null) throw validationError(`http.url ${checked.problem}`, { field: 'http.url' });
  return checked.url.toString();
}

function checkShape(input: CreateSenderInput, allowSink: boolean): void {
  if ([input.smtp, input.http, input.sink].filter(Boolean).length !== 1)
    throw validationError('Give exactly one of smtp, http or sink', { fields: ['smtp', 'http', 'sink'] });
  if (input.sink && !allowSink) {
    throw validationError(
      'sink senders are disabled on this gateway (OG_SINK_SENDERS=true enables them; the default allows them only when it listens on loopback)',
      { field: 'sink' },
    );
  }
  if (input.channel === 'linkedin' && input.smtp) throw validationError('A linkedin sender sends through an http provider, not smtp', { field: 'smtp' });
  if (input.channel === 'email' && !input.email) throw validationError('An email sender needs the email address it sends from', { field: 'email' });
  if (input.channel === 'linkedin' && !input.linkedinSlug) throw validationError('A linkedin sender needs its linkedinSlug', { field: 'linkedinSlug' });
}

export function createSenderService(deps: SenderServiceDeps) {
  return {
    /** Returns the view plus, for an http sender, its secret (shown this once). */
    async create(orgId: string, input: CreateSenderInput) {
      checkShape(input, deps.allowSinkSenders);
      if (input.smtp) checkHost(input.smtp.host, 'smtp.host', deps.allowPrivateNetwork);
      const now = deps.clock.now();
      const record: SenderRecord = {
        id: deps.ids.uuid(),
        orgId,
        channel: input.channel,
        transport: input.smtp ? 'smtp' : input.sink ? 'sink' : 'http',
        name: input.name,
        displayName: input.displayName,
        email: input.email?.toLowerCase() ?? null,
        linkedinSlug: input.linkedinSlug ?? null,
        smtp: input.smtp
          ? { host: input.smtp.host, port: input.smtp.port, secure: input.smtp.secure ?? input.smtp.port === 465, auth: input.smtp.auth ?? null }
          : null,
        http: input.http ? { url: checkProviderUrl(input.http.url, deps.allowPrivateNetwork), secret: generateSecret() } : null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
      // A retry of a create that took effect unseen answers it, without the secrets shown once.
      const stored = await insertOrFind(
        () => deps.store.insert(record),
        () => deps.store.findById(orgId, record.id),
      );
      if (stored) return toSenderView(stored);
      return record.http ? { ...toSenderView(record), secret: record.http.secret } : toSenderView(record);
    },
    async list(orgId: string, page: { limit: number; cursor?: string }) {
      const result = await deps.store.list(orgId, page);
      return { items: result.items.map(toSenderView), nextCursor: result.nextCursor };
    },
    async get(orgId: string, id: string) {
      const record = await deps.store.findById(orgId, id);
      if (!record || record.deletedAt) throw senderNotFound();
      return toSenderView(record);
    },
    async remove(orgId: string, id: string) {
      const existing = await deps.store.findById(orgId, id);
      if (!existing || existing.deletedAt) throw senderNotFound();
      const record = await deps.store.markDeleted(orgId, id, deps.clock.now());
      if (!record) throw senderNotFound();
      return { ...toSenderView(record), deleted: true as const };
    },
    /** For the sending pipeline: the full record, credentials included; null when gone. */
    async findActive(orgId: string, id: string): Promise<SenderRecord | null> {
      const record = await deps.store.findById(orgId, id);
      return record && !record.deletedAt ? record : null;
    },
  };
}

export type SenderService = ReturnType<typeof createSenderService>;
