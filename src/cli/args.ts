import { parseArgs } from 'node:util';

// One argument parser for every subcommand, on node:util's parseArgs in strict mode: an
// unknown or malformed option is refused (exit code 2) instead of being ignored, and
// `--flag value` and `--flag=value` are the same thing.

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in help as `--name VALUE`. */
  valueName?: string;
  description: string;
  short?: string;
  /** Another spelling of an option (`--bind_ip` for `--host`); help lists it once. */
  aliasOf?: string;
}

export interface CommandSpec {
  /** The words that select it, e.g. `keys create`. */
  name: string;
  summary: string;
  /** What follows the name in the usage line. */
  usage?: string;
  options: Record<string, OptionSpec>;
  /** Free text after the option list (environment variables, examples). */
  notes?: string;
  /** Words after the options a command takes (e.g. `trigger <event-type>`); none when absent. */
  positionals?: { max: number };
  /** Runs the command; commands without it are run by the command table's own switch. */
  run?: (invocation: {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
    io: { out(text: string): void; err(text: string): void };
  }) => Promise<void>;
}

/** A bad invocation: the message names the problem; the process exits with code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type ParsedCommand = { help: true } | { help: false; values: Record<string, string | boolean | undefined>; positionals: string[] };

const PROGRAM = 'og-gateway';

export function usageLine(spec: CommandSpec): string {
  return `usage: ${PROGRAM} ${spec.name}${spec.usage ? ` ${spec.usage}` : ''}`;
}

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options)
    .filter(([, o]) => !o.aliasOf)
    .map(([name, o]) => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`, o.description]);
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = [usageLine(spec), '', spec.summary, '', 'options:', ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`)];
  if (spec.notes) lines.push('', spec.notes);
  return `${lines.join('\n')}\n`;
}

function explain(spec: CommandSpec, err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? message}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? message}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const spelled = option?.replace(/^-+/, '');
    const o = spelled ? spec.options[spelled] : undefined;
    if (o?.type === 'boolean') return `option ${option} takes no value`;
    return `option ${option ?? ''} needs a value${o?.valueName ? ` (${option} ${o.valueName})` : ''}`.replace('  ', ' ');
  }
  return message;
}

/**
 * Parses `argv` (the words after the command's name) against `spec`. `--help` anywhere
 * wins over everything else, so a half-typed command still shows its help.
 */
export function parseCommand(spec: CommandSpec, argv: string[]): ParsedCommand {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, ...(o.short && { short: o.short }) }]));
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: spec.positionals !== undefined });
    values = parsed.values as Record<string, string | boolean | undefined>;
    positionals = parsed.positionals;
    if (positionals.length > (spec.positionals?.max ?? 0)) {
      throw Object.assign(new Error(`Unexpected argument '${positionals[spec.positionals?.max ?? 0]}'`), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
    }
  } catch (err) {
    throw new UsageError(`${PROGRAM} ${spec.name}: ${explain(spec, err)}\n${usageLine(spec)}\nRun '${PROGRAM} ${spec.name} --help' for the options.`);
  }
  for (const [name, o] of Object.entries(spec.options)) {
    if (o.aliasOf && values[name] !== undefined) {
      values[o.aliasOf] = values[name];
      delete values[name];
    }
  }
  return { help: false, values, positionals };
}

/** A usage error of `spec` for a problem found after parsing (a missing or invalid value). */
export function usageError(spec: CommandSpec, problem: string): UsageError {
  return new UsageError(`${PROGRAM} ${spec.name}: ${problem}\n${usageLine(spec)}\nRun '${PROGRAM} ${spec.name} --help' for the options.`);
}
