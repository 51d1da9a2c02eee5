// Every server error code the embedded server can answer with lives here, so replies
// use the same numbers and names as a real mongod and clients can branch on them.
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Overflow: 15,
  TypeMismatch: 14,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CannotCreateIndex: 67,
  Location40324: 40324,
  Location17419: 17419,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

// A command failure that becomes `{ ok: 0, errmsg, code, codeName, ...extra }`.
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.code = ErrorCodes[codeName];
    this.codeName = codeName;
    this.extra = extra;
  }
}

// Duplicate-key failures carry the index details MongoDB reports, both as a command
// error (findAndModify) and as a writeErrors entry (insert/update batches).
export class DuplicateKeyError extends MongoCommandError {
  readonly keyPattern: Record<string, unknown>;
  readonly keyValue: Record<string, unknown>;

  constructor(message: string, keyPattern: Record<string, unknown>, keyValue: Record<string, unknown>) {
    super('DuplicateKey', message, { keyPattern, keyValue });
    this.keyPattern = keyPattern;
    this.keyValue = keyValue;
  }
}

export function errorReply(err: unknown): Record<string, unknown> {
  if (err instanceof MongoCommandError) {
    return { ok: 0, errmsg: err.message, code: err.code, codeName: err.codeName, ...err.extra };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { ok: 0, errmsg: message, code: ErrorCodes.BadValue, codeName: 'BadValue' };
}

export function writeErrorEntry(index: number, err: unknown): Record<string, unknown> {
  if (err instanceof MongoCommandError) {
    return { index, code: err.code, errmsg: err.message, ...err.extra };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { index, code: ErrorCodes.BadValue, errmsg: message };
}
