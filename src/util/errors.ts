/**
 * Typed errors with stable codes. Messages never contain secrets; the CLI renders
 * `file:line:column: message` and the hint, and maps codes to exit status 2 (input) or 1.
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_REFERENCE_INVALID'
  | 'E_CONFIG_PARSE'
  | 'E_CONFIG_TYPE'
  | 'E_CONFIG_TOO_LARGE'
  | 'E_CONFIG_UNREADABLE'
  | 'E_CONFIG_IS_DIRECTORY'
  /** a FIFO, socket or device where a credential file should be */
  | 'E_CONFIG_NOT_REGULAR'
  | 'E_CONFIG_NOT_FOUND'
  | 'E_AUTH_DECODE'
  | 'E_HELPER_MISSING'
  | 'E_HELPER_FAILED'
  | 'E_HELPER_TIMEOUT'
  | 'E_HELPER_OUTPUT'
  | 'E_CREDENTIALS_NOT_FOUND'
  | 'E_NETWORK'
  | 'E_TIMEOUT'
  | 'E_WRITE_CONFLICT'
  | 'E_WRITE_READONLY'
  | 'E_WRITE_FAILED'
  /** an edit plan does not fit the file (key to rename missing, would duplicate a key, parent not an object) */
  | 'E_EDIT_INVALID'
  /** a library call got an options object it cannot use (unknown key, wrong type) */
  | 'E_OPTIONS_INVALID'
  /** a library call named a client regauth does not model */
  | 'E_CLIENT_UNKNOWN'
  /** a library call named a client this function does not model (containerd outside resolve) */
  | 'E_CLIENT_UNSUPPORTED'
  /** the client itself would fail to look credentials up (unreadable file, failing helper) */
  | 'E_LOOKUP_FAILED'
  /** the registry or its token server refused the credentials (library `authorize`) */
  | 'E_AUTH_REFUSED'
  | 'E_INTERNAL';

export interface ErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  cause?: unknown;
}

/**
 * Every failure regauth reports: `code` is stable (branch on it, never on `message`); `file`,
 * `line` and `column` say where in an input file, `hint` what to do.
 */
export class RegauthError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RegauthError';
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
  }

  /** `file:line:column: message` as compilers print it */
  get located(): string {
    if (this.file === undefined) return this.message;
    const where = [this.file, this.line, this.column].filter((part) => part !== undefined).join(':');
    return `${where}: ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      file: this.file ?? null,
      line: this.line ?? null,
      column: this.column ?? null,
      hint: this.hint ?? null,
    };
  }
}

/** Narrows a caught value to a `RegauthError`. */
export function isRegauthError(value: unknown): value is RegauthError {
  return value instanceof RegauthError;
}

/** Usage and input errors exit 2; everything else that fails exits 1. */
export function exitCodeFor(error: unknown): number {
  if (!isRegauthError(error)) return 1;
  switch (error.code) {
    case 'E_USAGE':
    case 'E_REFERENCE_INVALID':
    case 'E_CONFIG_PARSE':
    case 'E_CONFIG_TYPE':
    case 'E_CONFIG_TOO_LARGE':
    case 'E_CONFIG_UNREADABLE':
    case 'E_CONFIG_IS_DIRECTORY':
    case 'E_CONFIG_NOT_REGULAR':
    case 'E_CONFIG_NOT_FOUND':
    case 'E_OPTIONS_INVALID':
    case 'E_CLIENT_UNKNOWN':
    case 'E_CLIENT_UNSUPPORTED':
      return 2;
    default:
      return 1;
  }
}
