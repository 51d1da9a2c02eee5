import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(opts: { level: string; name?: string }): Logger {
  return pino({
    name: opts.name ?? 'og-gateway',
    level: opts.level,
    // Secrets never reach the log even when a caller logs a whole request.
    redact: ['req.headers.authorization', '*.authorization', '*.secret', '*.apiKey', '*.pass'],
  });
}
