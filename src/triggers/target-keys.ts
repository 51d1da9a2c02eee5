import { createHash } from 'node:crypto';
import { parseEmail, parseLinkedin } from '../domain/campaigns/recipients.ts';
import { asText } from '../domain/rows/match-keys.ts';
import { mapped, PermanentFailure, REPLY_FIELDS, rowsOf, type ReferencedSequence } from './actions.ts';
import type { TriggerRecord } from './types.ts';

// What an inbound action touches, worked out once when the post is accepted (from the
// trigger as it is then): posts touching one target take effect in the order they were
// acknowledged, posts touching different targets run side by side. A key is scoped by
// the organization where it is stored and compared; values are hashed, so a key has a
// bounded length and repeats no personal data the stored body already holds.

const digest = (parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);

/** A row is the table plus its match columns' values, compared as text as the upsert does. */
function rowKeys(trigger: TriggerRecord, body: unknown): string[] {
  const columns = [...(trigger.matchColumns ?? [])].sort();
  // Without match columns every row is new: nothing to order.
  if (!trigger.tableId || columns.length === 0) return [];
  let rows: Record<string, unknown>[];
  try {
    rows = rowsOf(trigger, body);
  } catch (err) {
    if (err instanceof PermanentFailure) return []; // the action refuses it anyway
    throw err;
  }
  return rows.map((row) => `row:${trigger.tableId}:${digest(columns.flatMap((c) => [c, asText(row[c])]))}`);
}

/** The person who replies or accepts: every sequence a reply can stop is addressed to them. */
function personKey(from: unknown): string | null {
  if (typeof from !== 'string' || from.trim() === '') return null;
  const email = parseEmail(from.match(/<([^>]+)>/)?.[1] ?? from);
  if (email) return `person:${digest(['email', email])}`;
  const li = parseLinkedin(from);
  const id = li?.slug ?? li?.urn;
  return `person:${digest(id ? ['linkedin', id] : ['raw', from.trim().toLowerCase()])}`;
}

function connectionKeys(trigger: TriggerRecord, body: unknown): (string | null)[] {
  const input = trigger.mapping ? mapped(trigger, body, []) : body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const from = [input.from, input.linkedinSlug, input.linkedinUrn].find((v) => typeof v === 'string' && v !== '');
  const sequenceId = typeof input.sequenceId === 'string' && input.sequenceId !== '' ? `sequence:${digest([input.sequenceId])}` : null;
  return [personKey(from), sequenceId];
}

/**
 * A reply that names sequences by Message-ID or thread id touches those sequences,
 * whoever sent it (a colleague answering, a forwarded thread): it is ordered with every
 * post touching one of them — connection acceptances naming the sequence, and replies
 * from its recipient, which are keyed by the recipient as a person.
 */
export function referencedSequenceKeys(sequences: ReferencedSequence[]): string[] {
  return sequences.flatMap((seq) => [
    `sequence:${digest([seq.id])}`,
    ...[seq.recipient.email, seq.recipient.linkedinSlug].map(personKey).filter((k): k is string => k !== null),
  ]);
}

/** The distinct targets of one post, in a stable order; empty when its action needs no ordering. */
export function targetKeysOf(trigger: TriggerRecord, body: unknown): string[] {
  let keys: (string | null)[] = [];
  if (trigger.action === 'rows.upsert') keys = rowKeys(trigger, body);
  else if (trigger.action === 'sequence.reply') keys = [personKey(mapped(trigger, body, REPLY_FIELDS).from)];
  else if (trigger.action === 'sequence.connection.accepted') keys = connectionKeys(trigger, body);
  return [...new Set(keys.filter((k): k is string => k !== null))];
}
