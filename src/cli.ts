import { ConfigError, loadConfig } from './config/config.ts';
import { generateApiKey } from './domain/api-keys/key-format.ts';
import { parseScopes, createKeyCommand } from './cli/keys-create.ts';

const USAGE = `usage:
  og-gateway start                                   run the gateway (same as npm start)
  og-gateway mongod --dbpath DIR [--port N] [--host H] [--socket PATH]
                                                     run the embedded database alone
  og-gateway keys create --org NAME [--scopes read,write] [--name LABEL]
                                                     create an API key in the configured database
  og-gateway keys generate                           print a fresh well-formed key (for OG_BOOTSTRAP_KEY)`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function runCli(argv: string[]): Promise<void> {
  const [command, sub] = argv;
  if (command === 'start') {
    await import('./main.ts');
    return;
  }
  if (command === 'mongod') {
    const { runMongodCli } = await import('./embedded-mongo/index.ts');
    await runMongodCli(argv.slice(1));
    return;
  }
  if (command === 'keys' && sub === 'generate') {
    console.log(generateApiKey());
    return;
  }
  if (command === 'keys' && sub === 'create') {
    const org = flag(argv, '--org');
    if (!org) throw new Error('keys create needs --org NAME');
    const created = await createKeyCommand({
      config: loadConfig(process.env, { sealsSecrets: false }),
      org,
      name: flag(argv, '--name') ?? 'cli',
      scopes: parseScopes(flag(argv, '--scopes') ?? 'read,write'),
    });
    console.log(JSON.stringify(created, null, 2));
    return;
  }
  console.error(USAGE);
  process.exitCode = 2;
}

runCli(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof ConfigError ? err.message : `og-gateway: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
