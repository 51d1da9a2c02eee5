import type { CommandHandler } from './context.ts';

// A standalone server. topologyVersion is deliberately absent (it would switch the
// driver to the streaming monitor protocol) and so are compression and $clusterTime.
export const hello: CommandHandler = (_cmd, _db, ctx) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: ctx.limits.maxBsonObjectSize,
  maxMessageSizeBytes: ctx.limits.maxMessageSizeBytes,
  maxWriteBatchSize: ctx.limits.maxWriteBatchSize,
  localTime: ctx.now(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

export const ping: CommandHandler = () => ({ ok: 1 });

export const buildInfo: CommandHandler = () => ({
  version: '7.0.0',
  gitVersion: 'og-gateway-embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['og-embedded'],
  ok: 1,
});

export const endSessions: CommandHandler = () => ({ ok: 1 });

export const getParameter: CommandHandler = () => ({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 });
