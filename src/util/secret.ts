import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * The secret values this process has held, most recent last: text from outside is scrubbed of
 * all of them. Bounded, so a long-running library user does not hold every secret forever.
 */
const SECRETS_SEEN = new Set<string>();
const MAX_SECRETS_SEEN = 1024;

/**
 * Which value to drop next: every add, in order, with the stamp it got. Entries whose value was
 * added again later are stale and skipped. (Taking the Set's first value instead walks over the
 * holes earlier deletions left, which made a file of thousands of secrets slow to read.)
 */
let addOrder: Array<{ value: string; stamp: number }> = [];
let addOrderHead = 0;
const latestStamp = new Map<string, number>();
let stamps = 0;

function rememberSeen(value: string): void {
  SECRETS_SEEN.delete(value);
  SECRETS_SEEN.add(value);
  stamps += 1;
  latestStamp.set(value, stamps);
  addOrder.push({ value, stamp: stamps });
  while (SECRETS_SEEN.size > MAX_SECRETS_SEEN && addOrderHead < addOrder.length) {
    const oldest = addOrder[addOrderHead] as { value: string; stamp: number };
    addOrderHead += 1;
    if (latestStamp.get(oldest.value) !== oldest.stamp) continue;
    SECRETS_SEEN.delete(oldest.value);
    latestStamp.delete(oldest.value);
  }
  if (addOrder.length - addOrderHead > 4 * MAX_SECRETS_SEEN || addOrderHead > MAX_SECRETS_SEEN) {
    addOrder = addOrder.slice(addOrderHead).filter((entry) => latestStamp.get(entry.value) === entry.stamp);
    addOrderHead = 0;
  }
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
