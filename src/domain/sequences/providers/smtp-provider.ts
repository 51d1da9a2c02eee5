import { randomUUID } from 'node:crypto';
import { hostProblem, parseHostLiteral, resolvedAddressProblem } from '../../../outbound/address-policy.ts';
import { systemLookup, type HostLookup } from '../../../outbound/http-client.ts';
import type { SenderRecord } from '../../senders/sender-model.ts';
import { withTimeout } from '../../shared/with-timeout.ts';
import { HandoverRefused, ProviderError, type MessageProvider } from './provider.ts';
import { cleanAddress, composePlainMessage } from './smtp-message.ts';
import { createSmtpPool, type SmtpPool } from './smtp-pool.ts';

export interface SmtpProviderOptions {
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  maxConnectionsPerSender?: number;
  /** Name resolution (tests simulate a host rebound to loopback). */
  lookup?: HostLookup;
}

/**
 * Resolves the host once (the pool dials that address, so a later DNS answer cannot
 * rebind it) and refuses it by the outbound-address policy. A numeric spelling such as
 * `2130706433` is judged and dialled as the address it stands for.
 */
async function resolveHost(host: string, allowPrivate: boolean, lookup: HostLookup): Promise<string> {
  const policy = { allowPrivateNetwork: allowPrivate };
  const problem = hostProblem(host, policy);
  if (problem) throw new ProviderError(true, `smtp host ${problem}`);
  const literal = parseHostLiteral(host);
  if (literal && literal !== 'invalid') return literal.toString();
  if (allowPrivate) return host;
  const addresses = await withTimeout(lookup(host), 10_000);
  const usable = addresses.find((a) => resolvedAddressProblem(a.address, policy) === null);
  if (!usable) throw new ProviderError(true, 'smtp host resolves to a non-public address');
  return usable.address;
}

/**
 * An SMTP answer means the server refused the message (5xx for good, 4xx for now). A
 * failure without one is retried only if the message text had not been handed to the
 * connection yet; after that the server may have it, and email is sent at most once.
 */
function classify(err: unknown, bodyStarted: boolean, timedOut: boolean): ProviderError {
  if (err instanceof ProviderError) return err;
  // Our own deadline. Once the text was handed over the server may have it: never retried.
  // Before that, the pool drops the message for good, so trying again later is safe.
  if (timedOut) {
    return bodyStarted
      ? new ProviderError(true, 'delivery_unknown: the smtp send did not finish in time')
      : new ProviderError(false, 'smtp send timed out before the message was handed over');
  }
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') {
    return new ProviderError(e.responseCode >= 500, `smtp server answered ${e.responseCode}`);
  }
  if (bodyStarted) return new ProviderError(true, `delivery_unknown: the smtp connection failed after the message was sent (${e.code ?? 'error'})`);
  return new ProviderError(false, `smtp ${e.code ? `error ${e.code}` : 'connection failed'}`);
}

/**
 * SMTP through nodemailer's connection, one pool per sender (rebuilt when the sender
 * changes). A message counts as sent only on a 250 answer to DATA.
 */
export function createSmtpProvider(opts: SmtpProviderOptions): MessageProvider {
  const pools = new Map<string, { key: string; pool: SmtpPool }>();

  async function poolFor(sender: SenderRecord): Promise<SmtpPool> {
    const key = `${sender.updatedAt.getTime()}`;
    const cached = pools.get(sender.id);
    if (cached && cached.key === key) return cached.pool;
    cached?.pool.close();
    const smtp = sender.smtp;
    if (!smtp) throw new ProviderError(true, 'sender has no smtp settings');
    const host = await resolveHost(smtp.host, opts.allowPrivateNetwork, opts.lookup ?? systemLookup);
    const pool = createSmtpPool({
      connection: {
        host,
        port: smtp.port,
        secure: smtp.secure,
        connectionTimeout: opts.timeoutMs,
        greetingTimeout: opts.timeoutMs,
        socketTimeout: opts.timeoutMs,
        tls: { servername: parseHostLiteral(smtp.host) === null ? smtp.host : undefined },
        logger: false,
      },
      auth: smtp.auth ?? undefined,
      maxConnections: opts.maxConnectionsPerSender ?? 8,
    });
    pools.set(sender.id, { key, pool });
    return pool;
  }

  return {
    async send(sender, message, hooks) {
      if (!sender.email) throw new ProviderError(true, 'sender has no email address');
      const pool = await poolFor(sender);
      const from = cleanAddress(sender.email);
      const messageId = message.rfcMessageId ?? `<${randomUUID()}@${from.split('@')[1] ?? 'localhost'}>`;
      const raw = composePlainMessage({
        from: { name: sender.displayName, address: from },
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        messageId,
        inReplyTo: message.inReplyTo,
        references: message.references,
        date: new Date(),
      });
      let info: { response: string };
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), opts.timeoutMs * 2);
      try {
        info = await pool.send({ from, to: [cleanAddress(message.to)] }, raw, deadline.signal, hooks?.beforeHandover);
      } catch (err) {
        if (err instanceof HandoverRefused) throw err;
        throw classify(err, (err as { started?: boolean }).started === true, deadline.signal.aborted);
      } finally {
        clearTimeout(timer);
      }
      if (!info.response.startsWith('250')) throw new ProviderError(false, 'smtp server did not accept the message');
      const queued = /queued as ([\w.-]+)/i.exec(info.response);
      return { providerId: queued?.[1] ?? null, threadId: null, rfcMessageId: messageId };
    },
    async close() {
      for (const { pool } of pools.values()) pool.close();
      pools.clear();
    },
  };
}
