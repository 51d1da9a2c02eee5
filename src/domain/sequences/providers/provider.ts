import type { SenderRecord } from '../../senders/sender-model.ts';
import type { Channel, StepKind } from '../sequence-model.ts';

export interface OutgoingMessage {
  /** The step id: the message's identity towards providers (and the webhook-id of the call). */
  id: string;
  sequenceId: string;
  channel: Channel;
  kind: StepKind;
  to: string;
  subject: string | null;
  body: string;
  rfcMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  threadId: string | null;
}

export interface SendResult {
  providerId: string | null;
  threadId: string | null;
  rfcMessageId: string | null;
}

/** `permanent` failures are not retried (a rejected recipient, a 4xx from the provider). */
export class ProviderError extends Error {
  constructor(
    readonly permanent: boolean,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ProviderError';
  }
}

/** Thrown by a `beforeHandover` hook: the message is not sent, and no byte of it went out. */
export class HandoverRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'HandoverRefused';
  }
}

export interface SendHooks {
  /**
   * Awaited just before the message is handed to the server or provider (an SMTP
   * connection is ready for it; the HTTP call is about to start), at most once per
   * send. If it throws, the send ends with that error and nothing went out.
   */
  beforeHandover?: () => Promise<void>;
}

export interface MessageProvider {
  send(sender: SenderRecord, message: OutgoingMessage, hooks?: SendHooks): Promise<SendResult>;
  close(): Promise<void>;
}
