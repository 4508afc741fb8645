export { helperErase, helperGet, helperList, helperStore, type StoreRequest } from './actions.js';
export type { EraseResult, GetResult, HelperFailure, ListResult, StoreResult } from './interpret.js';
export { answerQueries, type AnswerQueriesOptions, DEFAULT_CONCURRENCY } from './answer-queries.js';
export { clientErrorText, type ClientFamily, type ExecFailure } from './client-messages.js';
export { describeAnswer } from './describe.js';
export { lookPath, type LookupResult } from '../util/look-path.js';
export { type HelperAnswer, type HelperQuery, helperKey } from './model.js';
export {
  encodeStoreRequest,
  type HelperAction,
  type HelperInputs,
  IDENTITY_TOKEN_USERNAME,
  NOT_FOUND_MESSAGE,
  parseGetReply,
  parseListReply,
  stdinFor,
  type StoreInput,
} from './protocol.js';
export {
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_TIMEOUT_MS,
  helperBinary,
  runHelper,
  type RunHelperOptions,
  type RunOutcome,
} from './run.js';
export { scrubKnown, scrubOutput, type KnownCredentials } from './scrub.js';
