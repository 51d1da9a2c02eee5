import type { StorageEngine } from '../storage/engine.ts';
import type { CursorRegistry } from '../storage/cursor-registry.ts';
import type { Collection } from '../storage/collection.ts';
import type { Doc } from '../storage/bson-values.ts';
import { MongoCommandError } from '../errors.ts';

export interface ServerLimits {
  maxBsonObjectSize: number;
  maxMessageSizeBytes: number;
  maxWriteBatchSize: number;
}

export interface CommandContext {
  engine: StorageEngine;
  cursors: CursorRegistry;
  limits: ServerLimits;
  connectionId: number;
  now(): Date;
}

export type CommandHandler = (cmd: Doc, db: string, ctx: CommandContext) => Doc;

export function collectionName(cmd: Doc, name: string): string {
  const value = cmd[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MongoCommandError('InvalidNamespace', `collection name has invalid type ${typeof value}`);
  }
  return value;
}

export function requireCollection(ctx: CommandContext, db: string, name: string): Collection {
  const coll = ctx.engine.collection(db, name);
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  return coll;
}

export function optionalDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new MongoCommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${Array.isArray(v) ? 'array' : typeof v}', expected type 'object'`);
  }
  return v as Doc;
}

export function optionalNumber(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new MongoCommandError('TypeMismatch', `BSON field '${field}' must be a number`);
  return v;
}
