// The second baseline for bench:api: a bare Koa handler that reads the same JSON from the
// embedded store (the default `npm start` runs on) with one driver findOne per request and
// nothing else: the floor any handler reading a stored resource stands on. The third
// (BARE_CANNED=1) reads from a server that does no work, so the driver alone sets it.
import Koa from 'koa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMongoWorker } from '../src/embedded-mongo/index.ts';
import { connectStore } from '../src/storage/connection.ts';
import { startCannedWireServer } from './canned-wire-server.ts';

const body = JSON.parse(process.env.BARE_BODY ?? '{}') as Record<string, unknown>;
const dataDir = await mkdtemp(join(tmpdir(), 'og-bench-bare-store-'));
const socketPath = join(dataDir, 'mongod.sock');
// Reached as the gateway reaches its embedded store: over a unix socket. With
// BARE_CANNED=1 the server does no work at all (fixed replies): the driver's own floor.
const canned = process.env.BARE_CANNED === '1';
const uri = canned
  ? (await startCannedWireServer(socketPath, body)).uri
  : (await startEmbeddedMongoWorker({ dbPath: dataDir, host: '127.0.0.1', port: 0, socketPath })).socketUri!;
const store = await connectStore({ uri, timeoutMs: 30_000 });
const coll = store.db.collection<{ _id: string; orgId: string }>('bare');
if (!canned) await coll.insertOne({ _id: 'k1', orgId: 'o1', ...body });

const app = new Koa();
app.use(async (ctx) => {
  const doc = await coll.findOne({ _id: 'k1', orgId: 'o1' }, { projection: { _id: 0, orgId: 0 } });
  ctx.body = doc;
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
// A baseline server: on SIGTERM only its data directory needs to go.
process.on('SIGTERM', () => {
  server.close();
  void rm(dataDir, { recursive: true, force: true }).finally(() => process.exit(0));
});
