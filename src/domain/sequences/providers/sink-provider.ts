import { ProviderError, type MessageProvider } from './provider.ts';

/**
 * The `sink` transport: every message is accepted at once and nothing leaves the gateway.
 * The step is recorded `sent` and its event emitted exactly as for a real provider, which
 * is what a receiver under development needs; the provider id says where it went.
 */
export function createSinkProvider(): MessageProvider {
  return {
    async send(sender, message, hooks) {
      if (sender.transport !== 'sink') throw new ProviderError(true, 'sender is not a sink');
      await hooks?.beforeHandover?.();
      return { providerId: `sink:${message.id}`, threadId: message.threadId ?? `sink-thread:${message.sequenceId}`, rfcMessageId: message.rfcMessageId };
    },
    async close() {},
  };
}
