import type { EmbeddedMongo } from './index.ts';
import { startEmbeddedMongo } from './start.ts';
import type { Logger } from './logger.ts';

export interface MongodCliArgs { dbPath: string; port: number; host: string; socketPath?: string }

const USAGE = 'usage: og-gateway mongod --dbpath DIR [--port N] [--host H] [--socket PATH]';

export function parseMongodArgs(argv: string[]): MongodCliArgs {
  const args = argv[0] === 'mongod' ? argv.slice(1) : argv;
  const out: Partial<MongodCliArgs> = { port: 27017, host: '127.0.0.1' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`missing value for ${flag}\n${USAGE}`);
    switch (flag) {
      case '--dbpath': out.dbPath = value; break;
      case '--port': out.port = Number.parseInt(value, 10); break;
      case '--host': case '--bind_ip': out.host = value; break;
      case '--socket': out.socketPath = value; break;
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (!out.dbPath) throw new Error(`--dbpath is required\n${USAGE}`);
  if (!Number.isInteger(out.port) || (out.port as number) < 0 || (out.port as number) > 65535) throw new Error(`invalid --port\n${USAGE}`);
  return out as MongodCliArgs;
}

function jsonLogger(): Logger {
  const line = (level: string) => (obj: object, msg?: string) =>
    process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), ...obj, msg }) + '\n');
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

// Runs the embedded server on its own until SIGTERM/SIGINT, so several gateway
// processes can share one database over TCP or the unix socket.
export async function runMongodCli(argv: string[]): Promise<void> {
  const args = parseMongodArgs(argv);
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
