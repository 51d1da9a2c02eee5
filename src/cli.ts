import { runCli } from './cli/commands.ts';

// The `og-gateway` command. A command that keeps running (start, mongod) returns once it is
// serving; failures exit at once with their code (1 failed, 2 bad invocation).
runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`og-gateway: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
