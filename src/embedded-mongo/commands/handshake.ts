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

// Diagnostics that shells and health checks call; answered minimally but truthfully.
export const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

export const whatsmyuri: CommandHandler = (_cmd, _db, ctx) => ({ you: `connection ${ctx.connectionId}`, ok: 1 });

export const getCmdLineOpts: CommandHandler = () => ({ argv: ['og-gateway', 'mongod'], parsed: {}, ok: 1 });

export const getLog: CommandHandler = () => ({ totalLinesWritten: 0, log: [], ok: 1 });

export const serverStatus: CommandHandler = (_cmd, _db, ctx) => ({
  host: 'og-gateway-embedded',
  version: '7.0.0',
  process: 'og-gateway',
  pid: process.pid,
  uptime: Math.floor(process.uptime()),
  localTime: ctx.now(),
  connections: { current: 0 },
  ok: 1,
});

export const sessionsNoop: CommandHandler = () => ({ ok: 1 });
