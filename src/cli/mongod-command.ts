import { parseCommand, usageError, type CommandSpec } from './args.ts';
import type { EmbeddedMongo } from '../embedded-mongo/index.ts';
import { startEmbeddedMongo } from '../embedded-mongo/start.ts';
import type { Logger } from '../embedded-mongo/logger.ts';

export interface MongodCliArgs {
  dbPath: string;
  port: number;
  host: string;
  socketPath?: string;
}

export const MONGOD_COMMAND: CommandSpec = {
  name: 'mongod',
  usage: '--dbpath DIR [--port N] [--host H] [--socket PATH]',
  summary: 'Run the embedded database alone, for several gateway processes to share.',
  notes: 'Prints its URI (give it to each gateway as MONGODB_URI) and serves until SIGTERM or SIGINT.',
  options: {
    dbpath: { type: 'string', valueName: 'DIR', description: 'data directory (created if missing; one server per directory)' },
    port: { type: 'string', valueName: 'N', description: 'TCP port, 0 for any free one (default 27017)' },
    host: { type: 'string', valueName: 'H', description: 'address to listen on (default 127.0.0.1)' },
    bind_ip: { type: 'string', valueName: 'H', description: 'the same as --host', aliasOf: 'host' },
    socket: { type: 'string', valueName: 'PATH', description: 'also listen on this unix socket' },
  },
};

/** The server's settings from parsed options; a missing or invalid one is a usage error. */
export function mongodArgsFrom(values: Record<string, string | boolean | undefined>): MongodCliArgs {
  const dbPath = values.dbpath as string | undefined;
  if (!dbPath) throw usageError(MONGOD_COMMAND, '--dbpath is required');
  const rawPort = (values.port as string | undefined) ?? '27017';
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) throw usageError(MONGOD_COMMAND, `invalid --port ${JSON.stringify(rawPort)}: expected 0 to 65535`);
  const out: MongodCliArgs = { dbPath, port, host: (values.host as string | undefined) || '127.0.0.1' };
  if (values.socket) out.socketPath = values.socket as string;
  return out;
}

export function parseMongodArgs(argv: string[]): MongodCliArgs {
  const parsed = parseCommand(MONGOD_COMMAND, argv[0] === 'mongod' ? argv.slice(1) : argv);
  if (parsed.help) throw usageError(MONGOD_COMMAND, '--help is handled by the command line, not here');
  return mongodArgsFrom(parsed.values);
}

function jsonLogger(): Logger {
  const line = (level: string) => (obj: object, msg?: string) =>
    process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), ...obj, msg }) + '\n');
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

// Runs the embedded server on its own until SIGTERM/SIGINT, so several gateway
// processes can share one database over TCP or the unix socket.
export async function runMongod(args: MongodCliArgs): Promise<void> {
  const logger = jsonLogger();
  const server: EmbeddedMongo = await startEmbeddedMongo({ ...args, logger });
  process.stdout.write(`${server.uri}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'embedded-mongo shutting down');
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve();
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  await server.close();
}

export async function runMongodCli(argv: string[]): Promise<void> {
  await runMongod(parseMongodArgs(argv));
}
