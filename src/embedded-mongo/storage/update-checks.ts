import { MongoCommandError } from '../errors.ts';
import { bsonType, formatForMessage, isPlainObject, type Doc } from './bson-values.ts';

const NUMERIC_OPS = new Set(['$inc', '$mul']);
const ARRAY_OPS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  const t = bsonType(v);
  return t ? t.toLowerCase() : 'object';
}

function isNumeric(v: unknown): boolean {
  const t = bsonType(v);
  return typeof v === 'number' || t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128';
}

// Walks a plain dotted path; reports the first existing non-container on the way.
function inspect(doc: Doc, path: string): { value: unknown; blockedAt?: { field: string; holder: Doc } } {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(parts[i])) return { value: undefined };
      cur = cur[Number(parts[i])];
      continue;
    }
    if (!isPlainObject(cur)) return { value: undefined };
    const next = cur[parts[i]];
    if (i < parts.length - 1 && next !== undefined && next !== null && !isPlainObject(next) && !Array.isArray(next)) {
      return { value: undefined, blockedAt: { field: parts[i + 1], holder: { [parts[i]]: next } } };
    }
    cur = next;
  }
  return { value: cur };
}

// The type errors mongod raises and mingo silently ignores: arithmetic on non-numbers,
// array operators on non-arrays, and creating a field inside a scalar.
export function checkOperatorTypes(doc: Doc, modifier: Doc): void {
  for (const op of Object.keys(modifier)) {
    const fields = modifier[op];
    if (!isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      if (path.includes('$')) continue;
      const { value, blockedAt } = inspect(doc, path);
      if (blockedAt && op !== '$unset' && op !== '$pull' && op !== '$pullAll' && op !== '$pop') {
        throw new MongoCommandError('PathNotViable', `Cannot create field '${blockedAt.field}' in element ${formatForMessage(blockedAt.holder)}`);
      }
      if (value === undefined) continue;
      if (NUMERIC_OPS.has(op) && !isNumeric(value)) {
        throw new MongoCommandError(
          'TypeMismatch',
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatForMessage(doc._id)}} has the field '${path.split('.').pop()}' of non-numeric type ${typeName(value)}`,
        );
      }
      if (ARRAY_OPS.has(op) && !Array.isArray(value)) {
        throw new MongoCommandError(
          'BadValue',
          `The field '${path}' must be an array but is of type ${typeName(value)} in document {_id: ${formatForMessage(doc._id)}}`,
        );
      }
    }
  }
}

/** Whether `prefix` names a field that contains `path` (`a` of `a.b`), without building strings. */
const isPrefixPath = (prefix: string, path: string) => path.length > prefix.length && path.charCodeAt(prefix.length) === 46 && path.startsWith(prefix);

// mongod refuses one update touching the same path (or a path and its prefix) twice.
export function checkConflicts(update: Doc): void {
  const seen: string[] = [];
  for (const op of Object.keys(update)) {
    const fields = update[op];
    if (!isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      const targets = op === '$rename' && typeof fields[path] === 'string' ? [path, fields[path] as string] : [path];
      for (const p of targets) {
        const clash = seen.find((q) => q === p || isPrefixPath(p, q) || isPrefixPath(q, p));
        if (clash !== undefined) {
          throw new MongoCommandError(
            'ConflictingUpdateOperators',
            `Updating the path '${p}' would create a conflict at '${clash.length < p.length ? clash : p}'`,
          );
        }
        seen.push(p);
      }
    }
  }
}
