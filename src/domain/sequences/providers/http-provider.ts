import type { Clock } from '../../shared/clock.ts';
import { OutboundError, type OutboundClient } from '../../../outbound/http-client.ts';
import { signedHeaders } from '../../../outbound/signing.ts';
import { ProviderError, type MessageProvider } from './provider.ts';

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

function parseAnswer(body: Buffer): { providerId: string | null; threadId: string | null; rfcMessageId: string | null } {
  try {
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 1000 ? v : null);
    return { providerId: str(json.providerId), threadId: str(json.threadId), rfcMessageId: str(json.rfcMessageId) };
  } catch {
    return { providerId: null, threadId: null, rfcMessageId: null };
  }
}

/**
 * The provider call: a POST signed like a webhook with the sender's secret. The
 * step id is the webhook-id, so a provider can drop a repeat of the same message.
 */
export function createHttpProvider(deps: { client: OutboundClient; clock: Clock; timeoutMs: number }): MessageProvider {
  return {
    async send(sender, message, hooks) {
      if (!sender.http) throw new ProviderError(true, 'sender has no http provider');
      const body = JSON.stringify({
        type: 'sequence.message.send',
        message: {
          id: message.id,
          sequenceId: message.sequenceId,
          channel: message.channel,
          kind: message.kind,
          to: message.to,
          subject: message.subject,
          body: message.body,
          rfcMessageId: message.rfcMessageId,
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
          references: message.references,
          threadId: message.threadId,
        },
        sender: { id: sender.id, channel: sender.channel, email: sender.email, linkedinSlug: sender.linkedinSlug, displayName: sender.displayName },
      });
      const ts = Math.floor(deps.clock.now().getTime() / 1000);
      await hooks?.beforeHandover?.();
      let res;
      try {
        res = await deps.client.send({
          url: sender.http.url,
          method: 'POST',
          body,
          timeoutMs: deps.timeoutMs,
          maxResponseBytes: 16 * 1024,
          headers: { 'content-type': 'application/json', 'user-agent': 'og-gateway', ...signedHeaders([sender.http.secret], message.id, ts, body) },
        });
      } catch (err) {
        if (err instanceof OutboundError)
          throw new ProviderError(err.kind === 'refused_address' || err.kind === 'invalid_url', `provider call failed: ${err.kind}`);
        throw err;
      }
      if (res.status >= 200 && res.status < 300) return parseAnswer(res.body);
      throw new ProviderError(!RETRYABLE(res.status), `provider answered ${res.status}`);
    },
    async close() {},
  };
}
