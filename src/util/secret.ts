import { inspect } from 'node:util';
import { bytesToString } from './go-string.js';

const REDACTED = '[redacted]';

/**
 * The secret values this process has held, most recent last: text from outside is scrubbed of
 * all of them. Bounded, so a long-running library user does not hold every secret forever.
 */
const SECRETS_SEEN = new Set<string>();
const MAX_SECRETS_SEEN = 1024;

/**
 * Points at the oldest value: every value before it was evicted, and one seen again moves behind
 * it (a Set iterator skips deleted values and reaches added ones), so eviction never walks over
 * the holes evictions leave, which made a file of thousands of secrets cost quadratic time.
 */
const OLDEST = SECRETS_SEEN.values();

function rememberSeen(value: string): void {
  SECRETS_SEEN.delete(value);
  SECRETS_SEEN.add(value);
  if (SECRETS_SEEN.size > MAX_SECRETS_SEEN) SECRETS_SEEN.delete(OLDEST.next().value as string);
}

export function secretsSeen(): Iterable<string> {
  return SECRETS_SEEN;
}

/**
 * A credential value that cannot reach output by accident: string conversion, JSON
 * serialisation and util.inspect all yield "[redacted]". Only `reveal()` gives the value,
 * and only the code paths that must hand it on (helpers, registry auth, `get`) call it.
 */
export class Secret {
  readonly #value: string;
  /** the bytes the value was decoded from, kept only when they are not UTF-8 (the value then holds U+FFFD) */
  readonly #raw: Uint8Array | null;

  constructor(value: string, raw: Uint8Array | null = null) {
    this.#value = value;
    this.#raw = raw;
    if (value.length > 0) rememberSeen(value);
  }

  reveal(): string {
    return this.#value;
  }

  /** The bytes a client sends: the value's UTF-8, or the bytes it was decoded from when those are not UTF-8. */
  bytes(): Uint8Array {
    return this.#raw ?? new Uint8Array(Buffer.from(this.#value, 'utf8'));
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  get length(): number {
    return this.#value.length;
  }

  equals(other: Secret): boolean {
    return this.#value === other.#value && Buffer.from(this.bytes()).equals(other.bytes());
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

export function secret(value: string): Secret {
  return new Secret(value);
}

// made on first use: a TextDecoder costs every start that never decodes a secret ~0.1 ms
let strictUtf8: InstanceType<typeof TextDecoder> | undefined;

/**
 * A secret decoded from bytes, as Go's string(bytes) keeps them: bytes that are not UTF-8 are
 * sent as they are, while the value regauth shows and compares holds U+FFFD for them.
 */
export function secretFromBytes(bytes: Uint8Array): Secret {
  try {
    return new Secret((strictUtf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(bytes));
  } catch {
    return new Secret(bytesToString(bytes), Uint8Array.from(bytes));
  }
}
