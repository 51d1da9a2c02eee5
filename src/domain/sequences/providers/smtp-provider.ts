import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import { isPublicAddress, METADATA_HOSTS } from '../../../outbound/address-policy.ts';
import type { SenderRecord } from '../../senders/sender-model.ts';
import { withTimeout } from '../../shared/with-timeout.ts';
import { ProviderError, type MessageProvider } from './provider.ts';

export interface SmtpProviderOptions {
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  maxConnectionsPerSender?: number;
}

/** Resolves the host once and refuses non-public answers unless private networking is allowed. */
async function resolveHost(host: string, allowPrivate: boolean): Promise<string> {
  if (allowPrivate) return host;
  if (METADATA_HOSTS.has(host.toLowerCase())) throw new ProviderError(true, 'smtp host is not allowed');
  const address = isIP(host) ? host : (await withTimeout(lookup(host), 10_000)).address;
  if (!isPublicAddress(address)) throw new ProviderError(true, 'smtp host resolves to a non-public address');
  return address;
}

function classify(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') {
    return new ProviderError(e.responseCode >= 500, `smtp server answered ${e.responseCode}`);
  }
  return new ProviderError(false, `smtp ${e.code ? `error ${e.code}` : 'connection failed'}`);
}

/**
 * SMTP through nodemailer with one pooled transport per sender (rebuilt when the sender
 * changes). A message counts as sent only on a 250 answer to DATA.
 */
export function createSmtpProvider(opts: SmtpProviderOptions): MessageProvider {
  const transports = new Map<string, { key: string; transport: Transporter }>();

  async function transportFor(sender: SenderRecord): Promise<Transporter> {
    const key = `${sender.updatedAt.getTime()}`;
    const cached = transports.get(sender.id);
    if (cached && cached.key === key) return cached.transport;
    cached?.transport.close();
    const smtp = sender.smtp;
    if (!smtp) throw new ProviderError(true, 'sender has no smtp settings');
    const host = await resolveHost(smtp.host, opts.allowPrivateNetwork);
    const transport = nodemailer.createTransport({
      host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.auth ?? undefined,
      pool: true,
      maxConnections: opts.maxConnectionsPerSender ?? 8,
      maxMessages: Infinity,
      connectionTimeout: opts.timeoutMs,
      greetingTimeout: opts.timeoutMs,
      socketTimeout: opts.timeoutMs,
      tls: { servername: smtp.host },
      logger: false,
    });
    transports.set(sender.id, { key, transport });
    return transport;
  }

  return {
    async send(sender, message) {
      if (!sender.email) throw new ProviderError(true, 'sender has no email address');
      const transport = await transportFor(sender);
      let info: { response?: string; messageId?: string };
      try {
        info = await withTimeout(
          transport.sendMail({
            from: { name: sender.displayName, address: sender.email },
            to: message.to,
            subject: message.subject ?? '',
            text: message.body,
            messageId: message.rfcMessageId ?? undefined,
            inReplyTo: message.inReplyTo ?? undefined,
            references: message.references.length ? message.references : undefined,
          }),
          opts.timeoutMs * 2,
        );
      } catch (err) {
        throw classify(err);
      }
      if (!String(info.response ?? '').startsWith('250')) throw new ProviderError(false, 'smtp server did not accept the message');
      const queued = /queued as ([\w.-]+)/i.exec(info.response ?? '');
      return { providerId: queued?.[1] ?? null, threadId: null, rfcMessageId: info.messageId ?? message.rfcMessageId };
    },
    async close() {
      for (const { transport } of transports.values()) transport.close();
      transports.clear();
    },
  };
}
