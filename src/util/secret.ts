import { inspect } from 'node:util';

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

  constructor(value: string) {
    this.#value = value;
    if (value.length > 0) rememberSeen(value);
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  get length(): number {
    return this.#value.length;
  }

  equals(other: Secret): boolean {
    return this.#value === other.#value;
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
