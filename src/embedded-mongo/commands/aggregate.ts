import { Aggregator } from 'mingo';
import { MongoCommandError } from '../errors.ts';
import { MINGO_OPTIONS } from '../storage/mingo-options.ts';
import { cloneValue, idFirst, isPlainObject, normalizeNumbers, type Doc } from '../storage/bson-values.ts';
import { matchDocs } from '../storage/query-planner.ts';
import { collectionName, type CommandHandler } from './context.ts';
import { cursorId } from './crud-find.ts';

const UNSUPPORTED = new Set(['$out', '$merge', '$changeStream', '$currentOp', '$listSessions', '$collStats', '$indexStats']);
// Stages that never write into their input documents. Any other stage (mingo's $set /
// $addFields on a dotted path write into the shared nested object) gets copies, because
// stored documents must never change in place: the journal and snapshots rely on it.
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$limit', '$skip', '$count', '$group', '$sortByCount']);

export const aggregate: CommandHandler = (cmd, db, ctx) => {
  if (typeof cmd.aggregate !== 'string') {
    throw new MongoCommandError('InvalidNamespace', 'database-level aggregation ({aggregate: 1}) is not supported by the embedded server');
  }
  const name = collectionName(cmd, 'aggregate');
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) throw new MongoCommandError('TypeMismatch', "'pipeline' option must be specified as an array");
  for (const stage of pipeline as Doc[]) {
    const op = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (!op) throw new MongoCommandError('BadValue', 'A pipeline stage specification object must contain exactly one field.');
    if (UNSUPPORTED.has(op)) throw new MongoCommandError('Location40324', `Unrecognized pipeline stage name: '${op}' (not supported by the embedded server)`);
  }
  normalizeNumbers(pipeline);
  const coll = ctx.engine.collection(db, name);
  // A leading $match narrows the input through the indexes; the stage still runs.
  const first = pipeline[0] as Doc | undefined;
  const matched = !coll ? [] : first && isPlainObject(first.$match) ? matchDocs(coll, first.$match as Doc) : [...coll.docs.values()];
  const readOnly = (pipeline as Doc[]).every((stage) => READ_ONLY_STAGES.has(Object.keys(stage)[0]));
  const source = readOnly ? matched : matched.map(cloneValue);
  let results: Doc[];
  try {
    results = new Aggregator(pipeline as Doc[], {
      ...MINGO_OPTIONS,
      collectionResolver: (other: string) => [...(ctx.engine.collection(db, other)?.docs.values() ?? [])].map(cloneValue),
    }).run(source) as Doc[];
    results = results.map((d) => (isPlainObject(d) ? idFirst(d) : d));
  } catch (err) {
    throw new MongoCommandError('BadValue', (err as Error).message);
  }
  const ns = `${db}.${name}`;
  const cursorOpts = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = typeof cursorOpts.batchSize === 'number' ? cursorOpts.batchSize : undefined;
  const first2 = ctx.cursors.first(ns, results, batchSize, false);
  return { cursor: { firstBatch: first2.batch, id: cursorId(first2.id), ns }, ok: 1 };
};
