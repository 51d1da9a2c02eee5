import { unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import { dispatchCommand } from './commands/dispatch.ts';
import type { CommandContext, ServerLimits } from './commands/context.ts';
import type { Logger } from './logger.ts';
import { CursorRegistry } from './storage/cursor-registry.ts';
import type { StorageEngine } from './storage/engine.ts';
import { attachConnection } from './wire/connection.ts';
import type { CommandRequest } from './wire/messages.ts';

export const DEFAULT_LIMITS: ServerLimits = {
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
};

export interface WireServerOptions {
  engine: StorageEngine;
  logger: Logger;
  now?: () => Date;
  limits?: ServerLimits;
  // Called after every command, before its reply is written (journal write(2)).
  afterCommand(): void;
}

// Owns the listeners and client sockets; commands run synchronously per message.
export class WireServer {
  private readonly listeners: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly cursors: CursorRegistry;
  private readonly reaper: NodeJS.Timeout;
  private nextConnectionId = 1;
  private requestId = 1;

  constructor(private readonly opts: WireServerOptions) {
    const now = opts.now ?? (() => new Date());
    this.cursors = new CursorRegistry(() => now().getTime());
    this.reaper = setInterval(() => this.cursors.reapIdle(), 60_000);
    this.reaper.unref();
  }

  async listen(target: { host: string; port: number } | { path: string }): Promise<Server> {
    try {
      return await this.listenOnce(target);
    } catch (err) {
      // A unix socket file left behind by a crashed server blocks bind(2); remove it
      // when nothing answers on it, then retry once.
      if (!('path' in target) || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || (await isSocketLive(target.path))) throw err;
      unlinkSync(target.path);
      return this.listenOnce(target);
    }
  }

  private listenOnce(target: { host: string; port: number } | { path: string }): Promise<Server> {
    const server = createServer((socket) => this.accept(socket));
    this.listeners.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      const done = () => {
        server.off('error', reject);
        server.on('error', (err) => this.opts.logger.error({ err: err.message }, 'embedded-mongo listener error'));
        resolve(server);
      };
      if ('path' in target) server.listen(target.path, done);
      else server.listen(target.port, target.host, done);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.reaper);
    const closing = this.listeners.map((s) => new Promise<void>((r) => s.close(() => r())));
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(closing);
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const limits = this.opts.limits ?? DEFAULT_LIMITS;
    const connectionId = this.nextConnectionId++;
    const ctx: CommandContext = {
      engine: this.opts.engine,
      cursors: this.cursors,
      limits,
      connectionId,
      now: this.opts.now ?? (() => new Date()),
    };
    attachConnection(socket, connectionId, {
      maxMessageSizeBytes: limits.maxMessageSizeBytes,
      logger: this.opts.logger,
      nextRequestId: () => (this.requestId = (this.requestId + 1) & 0x7fffffff),
      execute: (req) => this.execute(req, ctx),
    });
  }

  private execute(req: CommandRequest, ctx: CommandContext): Document {
    const reply = dispatchCommand(req.command, ctx);
    try {
      this.opts.afterCommand();
    } catch (err) {
      // Not journalled, so not acknowledged: the connection closes with no reply, which
      // the client takes as a server gone away (its write may or may not have happened).
      this.opts.logger.error(
        { err: (err as Error).message, command: Object.keys(req.command)[0] },
        'embedded-mongo journal write failed; closing the connection without a reply',
      );
      throw err;
    }
    return reply;
  }
}

function isSocketLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
