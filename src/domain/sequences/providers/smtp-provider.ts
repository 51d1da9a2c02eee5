import { lookup } from 'node:dns/promises';
import { Readable } from 'node:stream';
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

/**
 * An SMTP answer means the server refused the message (5xx for good, 4xx for now). A
 * failure without one is retried only if the message text had not been handed to the
 * connection yet; after that the server may have it, and email is sent at most once.
 */
function classify(err: unknown, bodyStarted: boolean, timedOut: boolean): ProviderError {
  if (err instanceof ProviderError) return err;
  // Our own deadline: nodemailer may still send it later, so it is never retried.
  if (timedOut) return new ProviderError(true, 'delivery_unknown: the smtp send did not finish in time');
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') {
    return new ProviderError(e.responseCode >= 500, `smtp server answered ${e.responseCode}`);
  }
  if (bodyStarted) return new ProviderError(true, `delivery_unknown: the smtp connection failed after the message was sent (${e.code ?? 'error'})`);
  return new ProviderError(false, `smtp ${e.code ? `error ${e.code}` : 'connection failed'}`);
}

/** The body as a stream nodemailer reads only while writing the message after DATA. */
function trackedBody(body: string) {
  const state = { started: false };
  const stream = new Readable({
    read() {
      state.started = true;
      this.push(body);
      this.push(null);
    },
  });
  return { stream, state };
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
      // The pool must never resend on its own: a connection lost after DATA may have delivered.
      maxRequeues: 0,
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
      const text = trackedBody(message.body);
      let info: { response?: string; messageId?: string };
      let timedOut = false;
      try {
        info = await withTimeout(
          transport.sendMail({
            from: { name: sender.displayName, address: sender.email },
            to: message.to,
            subject: message.subject ?? '',
            text: text.stream,
            messageId: message.rfcMessageId ?? undefined,
            inReplyTo: message.inReplyTo ?? undefined,
            references: message.references.length ? message.references : undefined,
          }),
          opts.timeoutMs * 2,
        ).catch((err: unknown) => {
          timedOut = err instanceof Error && err.message.startsWith('timed out');
          throw err;
        });
      } catch (err) {
        throw classify(err, text.state.started, timedOut);
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
