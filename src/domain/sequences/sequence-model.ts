import type { StagedEvent } from '../../events/outbox.ts';

// One sequence per target row (per recipient); its steps live inside the sequence
// document, so claiming a step, recording its send together with the event it causes,
// and stopping the sequence (cancelling what remains) are each one single-document
// write guarded by `version` (optimistic concurrency).

export type Channel = 'email' | 'linkedin';
export type StepKind = 'message' | 'connect_request';
export type StepStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type SequenceStatus = 'draft' | 'active' | 'paused' | 'completed' | 'stopped' | 'failed';

export interface StepRecord {
  id: string;
  index: number;
  channel: Channel;
  kind: StepKind;
  subject: string | null;
  body: string;
  delaySeconds: number;
  status: StepStatus;
  scheduledAt: Date | null;
  sentAt: Date | null;
  /** RFC 5322 Message-ID, chosen at drafting so any resend carries the same one. */
  rfcMessageId: string | null;
  providerId: string | null;
  threadId: string | null;
  attempts: number;
  /** While `sending`: the claim expires here (crash detection). */
  leaseUntil: Date | null;
  /**
   * Written (durably) just before the message is handed to the SMTP server or provider;
   * null while the step is only claimed. A `sending` step without it never left the
   * gateway, so whoever finds its lease expired may send it; with it, it may have.
   * Absent on documents written before it existed (read as null).
   */
  handedOverAt: Date | null;
  failureReason: string | null;
  acceptedAt: Date | null;
}

export interface Recipient {
  email: string | null;
  linkedinSlug: string | null;
  linkedinUrn: string | null;
  displayName: string | null;
}

export interface SequenceRecord {
  id: string;
  orgId: string;
  campaignId: string;
  tableId: string;
  columnId: string;
  rowId: string;
  status: SequenceStatus;
  stopReason: string | null;
  stoppedAt: Date | null;
  stoppedByReplyId: string | null;
  stopOnReply: boolean;
  recipient: Recipient;
  /** Lower-cased email / slug / urn, for the `recipient` filter and reply matching. */
  recipientKeys: string[];
  senders: { email: string | null; linkedin: string | null };
  steps: StepRecord[];
  /** When the next pending step is due; null when nothing is to be sent. */
  nextDueAt: Date | null;
  repliedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface SequenceFilter {
  tableId?: string;
  /** Sequences of any of these tables (a workspace's tables); empty matches nothing. */
  tableIds?: string[];
  columnId?: string;
  campaignId?: string;
  status?: string[];
  /** Send-status buckets (the `sendStatus` values: draft, scheduled, sent, paused, replied, stopped, failed). */
  sendStatus?: string[];
  channel?: string;
  recipient?: string;
  search?: string;
}

/** Fields of one step to set, named by the step's index. */
export type StepPatch = { index: number } & Partial<Omit<StepRecord, 'index'>>;

/**
 * A change to one sequence: fields of the sequence itself and fields of some of its steps.
 * The store turns it into its own update (one single-document write).
 */
export interface SequenceChange {
  set: Partial<Omit<SequenceRecord, 'id' | 'orgId' | 'version' | 'steps'>>;
  steps?: StepPatch[];
}

export interface ConditionalWrite extends SequenceChange {
  orgId: string;
  id: string;
  version: number;
  events?: StagedEvent[];
}

/** A claimed step about to be handed over; `attempts` identifies the claim (each claim bumps it). */
export interface HandoverMark {
  orgId: string;
  id: string;
  index: number;
  attempts: number;
}

export interface SequenceStore {
  /**
   * Inserts sequences; one already stored under its id is left as it is (a retry of the
   * same draft). `pending` ones are invisible to every read until `revealPending`:
   * a campaign's sequences exist only once the campaign does.
   */
  insertMany(records: SequenceRecord[], opts?: { pending?: boolean }): Promise<void>;
  /** Makes a campaign's pending sequences visible (its draft committed); returns how many. */
  revealPending(orgId: string, campaignId: string): Promise<number>;
  /**
   * The drafts (organization, campaign) among the oldest `limit` pending sequences whose
   * ids were minted before `before`, across organizations: only for the sweep of drafts
   * that failed and were never retried.
   */
  pendingDraftsBefore(before: Date, limit: number): Promise<{ orgId: string; campaignId: string; tableId: string; columnId: string }[]>;
  /** Deletes a campaign's pending sequences (its draft never committed); returns how many. */
  deletePending(orgId: string, campaignId: string): Promise<number>;
  findById(orgId: string, id: string): Promise<SequenceRecord | null>;
  list(orgId: string, filter: SequenceFilter, page: { limit: number; cursor?: string }): Promise<{ items: SequenceRecord[]; nextCursor: string | null }>;
  count(orgId: string, filter: SequenceFilter): Promise<number>;
  /** Every live sequence of a campaign (bounded by the campaign size). */
  listByCampaign(orgId: string, campaignId: string): Promise<SequenceRecord[]>;
  /**
   * Applies `change` when the stored version still equals `version`, bumps the version and
   * stages `events` in the same write (then relays them). False when someone else wrote first.
   */
  compareAndSet(orgId: string, id: string, version: number, change: SequenceChange, events?: StagedEvent[]): Promise<boolean>;
  /**
   * Many `compareAndSet`s in one round trip (the sending pipeline's claims and records);
   * returns the ids whose write applied. Staged events of applied writes are relayed
   * before it returns, unless `detachRelay` is given: then it returns once the writes are
   * stored and hands it the relay still under way (a relay that never ends, in a crash,
   * is done by the outbox's recovery).
   */
  compareAndSetMany(writes: ConditionalWrite[], opts?: { detachRelay?: (relayed: Promise<void>) => void }): Promise<Set<string>>;
  /**
   * Marks claimed steps as handed over (and renews their lease) in one round trip, each
   * only while its step is still `sending` under that claim and not yet marked; bumps
   * the version. Returns the ids of the sequences whose mark applied.
   */
  markHandedOver(marks: HandoverMark[], at: Date, leaseUntil: Date): Promise<Set<string>>;
  /** Bulk status flip for a campaign (pause/resume/launch); returns how many changed. */
  updateCampaignSequences(orgId: string, campaignId: string, fromStatus: SequenceStatus, change: SequenceChange): Promise<number>;
  /** Active sequences whose next step is due, oldest first. */
  findDue(now: Date, limit: number): Promise<SequenceRecord[]>;
  /** Sequences holding a step in `sending` whose lease ran out (a process died mid-send). */
  findExpiredLeases(now: Date, limit: number): Promise<SequenceRecord[]>;
  earliestDue(): Promise<Date | null>;
  /** Reply matching: sequences that sent one of these Message-IDs / thread ids / to this recipient. */
  findByMessageIds(orgId: string, rfcMessageIds: string[]): Promise<SequenceRecord[]>;
  findByThreadId(orgId: string, threadId: string): Promise<SequenceRecord[]>;
  findByRecipient(orgId: string, recipientKey: string): Promise<SequenceRecord[]>;
}
