/**
 * The error text each client prints when a credential helper fails, so that `explain` can match
 * what the user saw and `doctor` can show what the user will see. Pure.
 *
 * Both Docker CLI and containers/image use the Go client of docker-credential-helpers, which
 * formats ``error <verb> credentials - err: <Go exec error>, out: `<trimmed stdout>` ``.
 * They differ in the exec error for a missing binary (checked against Docker CLI 28.2.2 and the
 * Debian build of skopeo 1.9.3, see client-messages.test.ts).
 */
import { decodeFirstValue } from '../config/json.js';
import { type HelperAction, VALIDATION_MESSAGES } from './protocol.js';

/** A failure as the Go client sees it. */
export type ExecFailure =
  | { kind: 'missing'; binary: string }
  | { kind: 'exited'; exitCode: number | null; signal?: string | null; stdout: string }
  | { kind: 'spawn-error'; code: string; path: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'oversized'; limitBytes: number }
  | { kind: 'bad-output'; stdout: string };

const VERB: Record<HelperAction, string> = {
  get: 'getting',
  store: 'storing',
  erase: 'erasing',
  list: 'listing',
};

export type ClientFamily = 'docker' | 'containers';

/** What the client prints (the innermost error; callers add their own prefix such as "Error saving credentials: "). */
export function clientErrorText(client: ClientFamily, action: HelperAction, failure: ExecFailure): string {
  switch (failure.kind) {
    case 'missing':
      return wrap(action, missingBinaryError(client, failure.binary), '');
    case 'spawn-error':
      return wrap(action, `fork/exec ${failure.path}: ${errnoText(failure.code)}`, '');
    case 'exited': {
      const out = failure.stdout.trim();
      // a validation message takes the exit error's place, still wrapped (docker-credential-helpers 0.6.4 to 0.9)
      return wrap(action, VALIDATION_MESSAGES.includes(out) ? out : goExitError(failure.exitCode, failure.signal ?? null), out);
    }
    case 'bad-output':
      return goDecodeError(failure.stdout);
    case 'timeout':
      return `the helper did not finish within ${failure.afterMs} ms; ${client === 'docker' ? 'Docker CLI' : 'containers/image'} sets no time limit and waits for it`;
    case 'oversized':
      return `the helper printed more than ${failure.limitBytes} bytes; ${client === 'docker' ? 'Docker CLI' : 'containers/image'} would read all of it`;
  }
}

function wrap(action: HelperAction, execError: string, trimmedStdout: string): string {
  return `error ${VERB[action]} credentials - err: ${execError}, out: \`${trimmedStdout}\``;
}

function missingBinaryError(client: ClientFamily, binary: string): string {
  if (client === 'docker') return `exec: "${binary}": executable file not found in $PATH`;
  // Debian's skopeo/podman build the helper client with golang.org/x/sys/execabs, which
  // misreports a binary that is not on PATH at all as one found in the current directory.
  return `${binary} resolves to executable in current directory (./${binary})`;
}

/** `(*exec.ExitError).Error()`, i.e. `os.ProcessState.String()` */
function goExitError(exitCode: number | null, signal: string | null): string {
  if (signal !== null) return `signal: ${GO_SIGNAL_NAMES[signal] ?? signal}`;
  return `exit status ${exitCode ?? -1}`;
}

const GO_SIGNAL_NAMES: Record<string, string> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGSEGV: 'segmentation fault',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
};

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  ENOEXEC: 'exec format error',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  E2BIG: 'argument list too long',
  ENOMEM: 'cannot allocate memory',
  ETXTBSY: 'text file busy',
};

function errnoText(code: string): string {
  return ERRNO_TEXT[code] ?? code.toLowerCase();
}

/** The first thing `json.Decoder` would complain about, for the usual kinds of bad reply. */
function goDecodeError(stdout: string): string {
  if (stdout.trim() === '') return 'EOF';
  const decoded = decodeFirstValue(stdout);
  if (!decoded.ok) return decoded.error.message;
  return 'the helper printed JSON that does not decode into the expected reply';
}
