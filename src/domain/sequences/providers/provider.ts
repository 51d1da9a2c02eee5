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
  constructor(readonly permanent: boolean, readonly reason: string) {
    super(reason);
    this.name = 'ProviderError';
  }
}

export interface MessageProvider {
  send(sender: SenderRecord, message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}
