import { Readable } from 'node:stream';
import SMTPConnection, { type SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';

// A small pool of nodemailer SMTP connections for one sender. nodemailer's own pool
// composes every message through its MIME tree; this one sends a message we composed,
// and keeps its rules: a connection refused for one message (a 5xx on RCPT) is reset
// and reused, one that failed otherwise is closed, and a reused connection that turns
// out to have been dropped by the server before a byte of the message went out is
// replaced once.

export interface SmtpPoolOptions {
  connection: SMTPConnectionOptions;
  auth?: { user: string; pass: string };
  maxConnections: number;
  /** Idle connections are closed after this long (servers drop them anyway). */
  idleMs?: number;
}

export interface SmtpSendError extends Error {
  code?: string;
  responseCode?: number;
}

interface Conn {
  smtp: SMTPConnection;
  /** Unusable: failed, ended by the server, or closed by us. */
  dead: boolean;
  /** No longer counted against maxConnections. */
  gone?: boolean;
  messages: number;
  idleTimer?: NodeJS.Timeout;
}

const gaveUp = (started: boolean) => Object.assign(new Error('smtp send abandoned by its caller'), { code: 'EABORT', started });
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT']);
const refusedMessageOnly = (err: SmtpSendError) => (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && err.responseCode !== 421;
const droppedConnection = (err: SmtpSendError) => err.responseCode === 421 || TRANSIENT_CODES.has(err.code ?? '');

function open(opts: SmtpPoolOptions): Promise<Conn> {
  const conn: Conn = { smtp: new SMTPConnection(opts.connection), dead: false, messages: 0 };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      conn.dead = true;
      conn.smtp.close();
      if (!settled) ((settled = true), reject(err));
    };
    // Errors while a message is in flight reach its send callback; these only mark the connection.
    conn.smtp.on('error', (err) => (settled ? (conn.dead = true) : fail(err)));
    conn.smtp.once('end', () => {
      conn.dead = true;
      // After the error or refusal that ended it, which says more (a failed login, say).
      setImmediate(() => settled || fail(Object.assign(new Error('smtp connection closed before it was ready'), { code: 'ECONNECTION' })));
    });
    conn.smtp.connect(() => {
      if (settled || conn.dead) return;
      if (!opts.auth || !conn.smtp.allowsAuth) return void ((settled = true), resolve(conn));
      conn.smtp.login(opts.auth, (err) => (err ? fail(err) : ((settled = true), resolve(conn))));
    });
  });
}

export function createSmtpPool(opts: SmtpPoolOptions) {
  const idle: Conn[] = [];
  const waiters: { resolve: (c: Conn) => void; reject: (e: unknown) => void }[] = [];
  let count = 0;
  let closed = false;

  function discard(conn: Conn): void {
    if (conn.gone) return;
    conn.gone = true;
    conn.dead = true;
    clearTimeout(conn.idleTimer);
    conn.smtp.close();
    count -= 1;
    grow();
  }

  /** Opens a connection for the oldest waiter while there is room. */
  function grow(): void {
    while (!closed && waiters.length > 0 && count < opts.maxConnections) {
      const waiter = waiters.shift()!;
      count += 1;
      open(opts).then(waiter.resolve, (err) => {
        count -= 1;
        waiter.reject(err);
        grow();
      });
    }
  }

  function release(conn: Conn): void {
    if (closed || conn.dead) return discard(conn);
    const waiter = waiters.shift();
    if (waiter) return waiter.resolve(conn);
    conn.idleTimer = setTimeout(() => {
      const at = idle.indexOf(conn);
      if (at >= 0) (idle.splice(at, 1), discard(conn));
    }, opts.idleMs ?? 30_000);
    conn.idleTimer.unref();
    idle.push(conn);
  }

  function acquire(signal?: AbortSignal): Promise<Conn> {
    if (closed) return Promise.reject(Object.assign(new Error('smtp pool closed'), { code: 'ECONNECTION' }));
    while (idle.length > 0) {
      const conn = idle.pop()!;
      clearTimeout(conn.idleTimer);
      if (!conn.dead) return Promise.resolve(conn);
      discard(conn);
    }
    return new Promise((resolve, reject) => {
      // Given up while waiting: out of the queue, and a connection that arrives anyway goes back.
      const waiter = {
        resolve: (c: Conn) => (signal?.aborted ? release(c) : resolve(c)),
        reject,
      };
      signal?.addEventListener(
        'abort',
        () => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) waiters.splice(at, 1);
          reject(gaveUp(false));
        },
        { once: true },
      );
      waiters.push(waiter);
      grow();
    });
  }

  function sendOn(
    conn: Conn,
    envelope: { from: string; to: string[] },
    message: string,
    signal?: AbortSignal,
  ): Promise<{ response: string; started: boolean }> {
    // The connection reads the text only after the server accepted DATA: a read means it may have it.
    let started = false;
    const stream = new Readable({
      read() {
        started = true;
        this.push(message);
        this.push(null);
      },
    });
    conn.messages += 1;
    return new Promise((resolve, reject) => {
      // Given up mid-exchange: the connection's state is unknown, so it is closed.
      const onAbort = () => {
        conn.dead = true;
        conn.smtp.close();
        reject(gaveUp(started));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // A copy: the connection records the session's state (a refused sender) on the envelope.
      conn.smtp.send({ from: envelope.from, to: [...envelope.to] }, stream, (err, info) => {
        signal?.removeEventListener('abort', onAbort);
        if (!err) return resolve({ response: String(info?.response ?? ''), started: true });
        reject(Object.assign(err, { started }));
      });
    });
  }

  return {
    /**
     * Sends one composed message. A failure carries `started: true` once the text was
     * handed to the connection (the server may have it). Once `signal` aborts, the send
     * fails at once with code `EABORT`; a message still waiting for a connection then
     * never goes out. `beforeSend` is awaited once, when a connection is ready and before
     * any command for this message; if it throws, the send fails with its error.
     */
    async send(
      envelope: { from: string; to: string[] },
      message: string,
      signal?: AbortSignal,
      beforeSend?: () => Promise<void>,
    ): Promise<{ response: string }> {
      let announced = false;
      for (let attempt = 0; ; attempt += 1) {
        if (signal?.aborted) throw gaveUp(false);
        const conn = await acquire(signal);
        if (!announced && beforeSend) {
          // Once a connection is ready, not before: a message waiting for one is not on its way.
          try {
            await beforeSend();
          } catch (err) {
            release(conn);
            throw err;
          }
          announced = true;
        }
        if (signal?.aborted) {
          release(conn);
          throw gaveUp(false);
        }
        const reused = conn.messages > 0;
        try {
          const result = await sendOn(conn, envelope, message, signal);
          release(conn);
          return result;
        } catch (e) {
          const err = e as SmtpSendError & { started: boolean };
          if (refusedMessageOnly(err) && !conn.dead) {
            conn.smtp.reset((resetErr) => (resetErr ? discard(conn) : release(conn)));
            throw err;
          }
          discard(conn);
          if (reused && attempt === 0 && !err.started && droppedConnection(err)) continue;
          throw err;
        }
      }
    },
    close(): void {
      closed = true;
      for (const conn of idle.splice(0)) discard(conn);
      for (const w of waiters.splice(0)) w.reject(Object.assign(new Error('smtp pool closed'), { code: 'ECONNECTION' }));
    },
  };
}

export type SmtpPool = ReturnType<typeof createSmtpPool>;
