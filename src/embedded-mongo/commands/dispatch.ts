import { MongoCommandError, errorReply } from '../errors.ts';
import type { Doc } from '../storage/bson-values.ts';
import { aggregate } from './aggregate.ts';
import { collStatsCount, compact, create, dbStats, drop, dropDatabase, listCollections, listDatabases, renameCollection } from './collections-admin.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { insert } from './crud-insert.ts';
import { count, distinct, find, getMore, killCursors } from './crud-find.ts';
import { deleteCommand, update } from './crud-update.ts';
import { findAndModify } from './find-and-modify.ts';
import {
  buildInfo,
  connectionStatus,
  endSessions,
  getCmdLineOpts,
  getLog,
  getParameter,
  hello,
  ping,
  serverStatus,
  sessionsNoop,
  whatsmyuri,
} from './handshake.ts';
import { createIndexes, dropIndexes, listIndexes } from './indexes-admin.ts';

const HANDLERS: Record<string, CommandHandler> = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ping,
  buildInfo,
  buildinfo: buildInfo,
  endSessions,
  getParameter,
  insert,
  update,
  delete: deleteCommand,
  find,
  getMore,
  killCursors,
  findAndModify,
  findandmodify: findAndModify,
  aggregate,
  count,
  distinct,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  listCollections,
  listDatabases,
  create,
  compact,
  drop,
  dropDatabase,
  collStats: collStatsCount,
  dbStats,
  renameCollection,
  connectionStatus,
  whatsmyuri,
  getCmdLineOpts,
  getLog,
  serverStatus,
  refreshSessions: sessionsNoop,
  killAllSessions: sessionsNoop,
  killSessions: sessionsNoop,
};

const NOT_COMMAND_FIELDS = new Set(['$db', 'lsid', '$readPreference', '$clusterTime', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);

function transactionError(): MongoCommandError {
  return new MongoCommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
}

// Runs one command and always returns a reply document: nothing a client sends can
// throw past this point into the socket handler.
export function dispatchCommand(cmd: Doc, ctx: CommandContext): Doc {
  try {
    const name = Object.keys(cmd).find((k) => !NOT_COMMAND_FIELDS.has(k));
    if (!name) throw new MongoCommandError('CommandNotFound', 'no such command: <empty>');
    // A standalone refuses multi-document transactions; plain retryable writes (txnNumber
    // alone) are accepted.
    if (cmd.startTransaction === true || cmd.autocommit === false) throw transactionError();
    if (name === 'commitTransaction' || name === 'abortTransaction') throw transactionError();
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) throw new MongoCommandError('CommandNotFound', `no such command: '${name}'`);
    const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
    return handler(cmd, db, ctx);
  } catch (err) {
    return errorReply(err);
  }
}
