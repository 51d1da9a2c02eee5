// With BENCH_COUNT_COMMANDS=1, the benches count the store commands the gateway sends
// (driver command monitoring), by command and collection, so a change to the delivery
// path can be judged by its round trips as well as by its CPU.
import type { MongoClient } from 'mongodb';

export const countingCommands = process.env.BENCH_COUNT_COMMANDS === '1' || process.env.BENCH_COUNT_COMMANDS === '2';
const byShape = process.env.BENCH_COUNT_COMMANDS === '2';

/** The top-level fields of a command's filter (of its first statement for writes), e.g. `{_id,orgId,status}`. */
function shapeOf(command: Record<string, unknown>): string {
  const first = (xs: unknown) => (Array.isArray(xs) ? (xs[0] as Record<string, unknown> | undefined) : undefined);
  const filter = (command.filter ?? command.query ?? first(command.updates)?.q ?? first(command.deletes)?.q) as Record<string, unknown> | undefined;
  return filter && typeof filter === 'object' ? ` {${Object.keys(filter).join(',')}}` : '';
}

/** The URI with command monitoring turned on when counting. */
export const withCommandMonitoring = (uri: string) => (countingCommands ? `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true` : uri);

export function commandCounter(client: MongoClient) {
  let counts = new Map<string, number>();
  if (countingCommands) {
    client.on('commandStarted', (e) => {
      const target = (e.command as Record<string, unknown>)[e.commandName];
      const key = `${e.commandName}${typeof target === 'string' ? ` ${target}` : ''}${byShape ? shapeOf(e.command as Record<string, unknown>) : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
  }
  return {
    reset(): void {
      counts = new Map();
    },
    /** One line: commands per unit (delivery), the total first, then the largest. */
    report(units: number): string {
      if (!countingCommands) return '';
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / units).toFixed(3)}`);
      return `store commands per delivery: ${(total / units).toFixed(3)} (${parts.join(', ')})`;
    },
  };
}
