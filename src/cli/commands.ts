import { ConfigError, loadConfig } from '../config/config.ts';
import { generateApiKey } from '../domain/api-keys/key-format.ts';
import { helpText, parseCommand, usageError, UsageError, type CommandSpec } from './args.ts';
import { MONGOD_COMMAND, mongodArgsFrom, runMongod } from './mongod-command.ts';
import { LISTEN_COMMAND } from './listen-command.ts';
import { TRIGGER_COMMAND } from './trigger-command.ts';

// Every subcommand is described once here: its options drive parsing, `--help` and the
// top-level usage, so what the help says is exactly what the parser accepts.

export const START_COMMAND: CommandSpec = {
  name: 'start',
  summary: 'Run the gateway (the same as `npm start`).',
  options: {},
  notes:
    'Configured by environment variables only (PORT, HOST, MONGODB_URI, OG_DATA_DIR,\nOG_BOOTSTRAP_KEY, …); the README lists every one. A bad value stops it at boot.',
};

export const KEYS_CREATE_COMMAND: CommandSpec = {
  name: 'keys create',
  usage: '--org NAME [--scopes read,write] [--name LABEL]',
  summary: 'Create an API key in the configured database and print it as JSON (shown this once).',
  options: {
    org: { type: 'string', valueName: 'NAME', description: 'organization name (created if new)' },
    scopes: { type: 'string', valueName: 'LIST', description: 'comma-separated scopes: read, write, admin (default read,write)' },
    name: { type: 'string', valueName: 'LABEL', description: 'label shown in key lists (default cli)' },
  },
  notes:
    'The database is MONGODB_URI, or the embedded one in OG_DATA_DIR. On the embedded database the data directory must not be in use\nby a running gateway; run `og-gateway mongod` and point both at it with MONGODB_URI to share it.',
};

export const KEYS_GENERATE_COMMAND: CommandSpec = {
  name: 'keys generate',
  summary: 'Print a fresh well-formed og_live_ key (for OG_BOOTSTRAP_KEY); nothing is stored.',
  options: {},
};

export const COMMANDS: CommandSpec[] = [START_COMMAND, MONGOD_COMMAND, KEYS_CREATE_COMMAND, KEYS_GENERATE_COMMAND, LISTEN_COMMAND, TRIGGER_COMMAND];

export function topLevelUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'usage: og-gateway <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'og-gateway <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/** Picks the command named by the leading words; the rest is its arguments. */
function select(argv: string[]): { spec: CommandSpec; rest: string[] } | null {
  for (const spec of COMMANDS) {
    const words = spec.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { spec, rest: argv.slice(words.length) };
  }
  return null;
}

async function execute(spec: CommandSpec, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<void> {
  switch (spec) {
    case START_COMMAND:
      await import('../main.ts');
      return;
    case MONGOD_COMMAND: {
      await runMongod(mongodArgsFrom(values));
      return;
    }
    case KEYS_GENERATE_COMMAND:
      io.out(`${generateApiKey()}\n`);
      return;
    case KEYS_CREATE_COMMAND: {
      const { createKeyCommand, parseScopes } = await import('./keys-create.ts');
      const org = values.org as string | undefined;
      if (!org) throw usageError(spec, 'keys create needs --org NAME');
      let scopes;
      try {
        scopes = parseScopes((values.scopes as string | undefined) ?? 'read,write');
      } catch (err) {
        throw usageError(spec, (err as Error).message);
      }
      const created = await createKeyCommand({
        config: loadConfig(process.env, { sealsSecrets: false }),
        org,
        name: (values.name as string | undefined) || 'cli',
        scopes,
      });
      io.out(`${JSON.stringify(created, null, 2)}\n`);
      return;
    }
  }
}

/** Runs one invocation and returns its exit code: 0 done, 1 failed, 2 bad invocation. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [first] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? select(argv.slice(1)) : null;
    io.out(target ? helpText(target.spec) : topLevelUsage());
    return 0;
  }
  const chosen = select(argv);
  if (!chosen) {
    const group = COMMANDS.filter((c) => first !== undefined && c.name.startsWith(`${first} `));
    const problem =
      first === undefined
        ? 'no command given'
        : group.length > 0 && argv[1] === undefined
          ? `${first} needs a subcommand`
          : `unknown command ${argv.slice(0, group.length > 0 ? 2 : 1).join(' ')}`;
    const helpOnly = group.length > 0 && (argv[1] === '--help' || argv[1] === '-h');
    if (helpOnly) {
      io.out(group.map((c) => helpText(c)).join('\n'));
      return 0;
    }
    io.err(`og-gateway: ${problem}\n${topLevelUsage()}`);
    return 2;
  }
  try {
    const parsed = parseCommand(chosen.spec, chosen.rest);
    if (parsed.help) {
      io.out(helpText(chosen.spec));
      return 0;
    }
    if (chosen.spec.run) await chosen.spec.run({ values: parsed.values, positionals: parsed.positionals, io });
    else await execute(chosen.spec, parsed.values, io);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n`);
      return err.exitCode;
    }
    io.err(`${err instanceof ConfigError ? err.message : `og-gateway: ${err instanceof Error ? err.message : String(err)}`}\n`);
    return 1;
  }
}
