/**
 * Turns what a helper run did (RunOutcome) into the typed result of each action, deciding as the
 * Go client does what counts as "not found", a failure or bad output. Pure.
 */
import type { Secret } from '../util/secret.js';
import { clientErrorText, type ExecFailure } from './client-messages.js';
import type { HelperAnswer } from './model.js';
import { IDENTITY_TOKEN_USERNAME, isNotFoundMessage, parseGetReply, parseListReply } from './protocol.js';
import type { RunOutcome } from './run.js';
import { type KnownCredentials, scrubOutput } from './scrub.js';

/** Everything that is not an answer: the helper is missing, failed, hung or printed nonsense. */
export type HelperFailure = Extract<HelperAnswer, { kind: 'missing' | 'failed' | 'timeout' | 'bad-output' }>;

export type GetResult = HelperAnswer;
export type StoreResult = { kind: 'stored' } | HelperFailure;
/** `not-found`: the helper said `credentials not found in native keychain` (Docker reports that as an error) */
export type EraseResult = { kind: 'erased' } | { kind: 'not-found' } | HelperFailure;
export type ListResult = { kind: 'listed'; entries: Record<string, string> } | HelperFailure;

export function interpretGet(outcome: RunOutcome, serverURL: string): GetResult {
  if (outcome.kind !== 'exited') return failureOf('get', outcome, noCredentials);
  if (!exitedCleanly(outcome)) {
    if (isNotFoundMessage(outcome.stdout)) return { kind: 'not-found' };
    return failedRun('get', outcome, noCredentials);
  }
  const reply = parseGetReply(outcome.stdout, serverURL);
  switch (reply.kind) {
    case 'credentials':
      return {
        kind: 'found',
        serverURL: reply.serverURL,
        username: reply.username,
        secret: reply.secret,
        isIdentityToken: reply.username === IDENTITY_TOKEN_USERNAME,
      };
    case 'empty':
      return { kind: 'not-found', emptyReply: true };
    case 'invalid':
      return {
        kind: 'bad-output',
        message: badOutputMessage('get', reply.message, outcome.stdout),
        clientError: scrubOutput(clientErrorText('docker', 'get', { kind: 'bad-output', stdout: outcome.stdout }), noCredentials),
      };
  }
}

export function interpretStore(outcome: RunOutcome, stored: KnownCredentials): StoreResult {
  if (outcome.kind !== 'exited') return failureOf('store', outcome, stored);
  if (!exitedCleanly(outcome)) return failedRun('store', outcome, stored);
  return { kind: 'stored' };
}

export function interpretErase(outcome: RunOutcome): EraseResult {
  if (outcome.kind !== 'exited') return failureOf('erase', outcome, noCredentials);
  if (!exitedCleanly(outcome)) {
    if (isNotFoundMessage(outcome.stdout)) return { kind: 'not-found' };
    return failedRun('erase', outcome, noCredentials);
  }
  return { kind: 'erased' };
}

export function interpretList(outcome: RunOutcome): ListResult {
  if (outcome.kind !== 'exited') return failureOf('list', outcome, noCredentials);
  if (!exitedCleanly(outcome)) return failedRun('list', outcome, noCredentials);
  const reply = parseListReply(outcome.stdout);
  if (reply.kind === 'invalid') {
    return { kind: 'bad-output', message: badOutputMessage('list', reply.message, outcome.stdout) };
  }
  return { kind: 'listed', entries: reply.entries };
}

const noCredentials: KnownCredentials = { secrets: [] };

type Action = 'get' | 'store' | 'erase' | 'list';
type ExitedRun = Extract<RunOutcome, { kind: 'exited' }>;

function exitedCleanly(outcome: ExitedRun): boolean {
  return outcome.exitCode === 0 && outcome.signal === null;
}

function failedRun(action: Action, outcome: ExitedRun, known: KnownCredentials): HelperFailure {
  const scrub = (text: string): string => scrubOutput(text, known);
  const failure: ExecFailure = { kind: 'exited', exitCode: outcome.exitCode, signal: outcome.signal, stdout: outcome.stdout };
  const answer: HelperFailure = {
    kind: 'failed',
    exitCode: outcome.exitCode,
    stdout: scrub(outcome.stdout),
    stderr: scrub(outcome.stderr),
    message: scrub(clientErrorText('docker', action, failure)),
  };
  if (outcome.signal !== null) answer.signal = outcome.signal;
  return answer;
}

function failureOf(action: Action, outcome: Exclude<RunOutcome, ExitedRun>, known: KnownCredentials): HelperFailure {
  switch (outcome.kind) {
    case 'missing':
      return { kind: 'missing', binary: outcome.binary, searched: outcome.searched };
    case 'timeout':
      return { kind: 'timeout', afterMs: outcome.afterMs };
    case 'oversized':
      return {
        kind: 'bad-output',
        message: `the helper's ${action} printed more than ${outcome.limitBytes} bytes and was stopped`,
      };
    case 'spawn-error':
      return {
        kind: 'failed',
        exitCode: null,
        stdout: '',
        stderr: '',
        message: scrubOutput(clientErrorText('docker', action, { kind: 'spawn-error', code: outcome.code, path: outcome.path }), known),
      };
  }
}

function badOutputMessage(action: Action, problem: string, stdout: string): string {
  const goError = clientErrorText('docker', action, { kind: 'bad-output', stdout });
  return `${problem} (Docker CLI: ${scrubOutput(goError, noCredentials)})`;
}

/** The secrets a store request carries, for scrubbing what the helper says back. */
export function storedCredentials(username: string, secret: Secret): KnownCredentials {
  return { username, secrets: [secret] };
}
