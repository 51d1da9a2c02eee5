import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  raw: string;
  messageId: string | null;
  parsed: ParsedMail | null;
  envelopeTo: string[];
}

/**
 * A real SMTP server on loopback. Each accepted message gets a `250 OK: queued as <n>`;
 * `parse: false` (the bench) skips mailparser and only pulls the Message-ID header.
 * `answerDelayMs`: a slow server — the message is in `messages` once its data arrived
 * (delivered, as far as its recipient is concerned) and the 250 comes this much later.
 */
export async function startSmtpSink(
  opts: {
    parse?: boolean;
    answerDelayMs?: number;
    reject?: (nth: number) => { code: number; message: string } | null;
    hold?: (nth: number) => boolean;
    drop?: (nth: number) => boolean;
  } = {},
) {
  const messages: SinkMessage[] = [];
  /** Messages whose DATA arrived but which were never answered (`hold`): delivered or not, the client cannot tell. */
  const held: string[] = [];
  let nth = 0;
  const waiters: { pred: () => boolean; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 256,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        nth += 1;
        const failure = opts.reject?.(nth);
        if (failure) {
          const err = Object.assign(new Error(failure.message), { responseCode: failure.code });
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        if (opts.drop?.(nth)) {
          // The message arrived, the answer never does: the client's connection just dies.
          held.push(raw);
          for (const c of (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections)
            if (c.id === session.id) c._socket.destroy();
          return;
        }
        if (opts.hold?.(nth)) {
          held.push(raw);
          for (const w of [...waiters]) if (w.pred()) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
          return;
        }
        const parsed = opts.parse === false ? null : await simpleParser(raw);
        const messageId = parsed?.messageId ?? /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? null;
        messages.push({ raw, messageId, parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
        for (const w of [...waiters]) if (w.pred()) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
        const queued = `OK: queued as Q${nth}`;
        if (opts.answerDelayMs) setTimeout(() => callback(null, queued), opts.answerDelayMs);
        else callback(null, queued);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    held,
    until(pred: () => boolean, ms = 15_000): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`smtp sink: condition not met in ${ms} ms (got ${messages.length} messages)`)), ms);
        waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** Drops every client connection (a held message's socket would keep close() waiting). */
    dropClients() {
      for (const c of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) c.close();
    },
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
