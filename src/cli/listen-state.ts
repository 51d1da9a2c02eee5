import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

// Where `og-gateway listen` keeps the id of the last event it forwarded, so a restart
// resumes right after it. One file per gateway and API key (a key belongs to one
// organization); the key itself is never written, only a hash naming the file.

export interface ListenState {
  gateway: string;
  lastEventId: string;
  savedAt: string;
}

/** `$XDG_STATE_HOME/og-gateway/listen/<hash>.json` (default `~/.local/state/…`). */
export function defaultStatePath(gateway: string, apiKey: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  const name = createHash('sha256').update(`${gateway}\n${apiKey}`).digest('hex').slice(0, 24);
  return join(base, 'og-gateway', 'listen', `${name}.json`);
}

export async function readListenState(path: string): Promise<ListenState | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ListenState>;
    return typeof parsed.lastEventId === 'string' ? (parsed as ListenState) : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read the listen state ${path}: ${(err as Error).message}`);
  }
}

/**
 * Saves the last forwarded id without slowing forwarding down: one write at a time, each
 * of the newest id (written to a temporary file and renamed, so a crash never leaves a
 * torn file); `flush` waits for the newest to be on disk.
 */
export function createStateSaver(path: string, gateway: string, now: () => Date = () => new Date()) {
  let pending: string | null = null;
  let writing: Promise<void> | null = null;
  let failed: Error | null = null;
  let dirReady = false;
  async function drain(): Promise<void> {
    while (pending !== null) {
      const id = pending;
      pending = null;
      const state: ListenState = { gateway, lastEventId: id, savedAt: now().toISOString() };
      if (!dirReady) {
        await mkdir(dirname(path), { recursive: true });
        dirReady = true;
      }
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(state)}\n`);
      await rename(tmp, path);
    }
  }
  const kick = () => {
    writing ??= drain()
      .catch((err: Error) => void (failed = err))
      .finally(() => {
        writing = null;
        if (pending !== null) kick();
      });
  };
  return {
    save(id: string): void {
      pending = id;
      kick();
    },
    async flush(): Promise<void> {
      while (writing) await writing;
      if (failed) throw failed;
    },
  };
}
