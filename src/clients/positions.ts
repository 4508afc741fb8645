/**
 * Positions by key for the resolvers' indexes, where most keys have one: a key holds a number
 * until a second position comes (an array per key cost more than the rest of an index).
 */
export class PositionsByKey {
  readonly #map = new Map<string, number | number[]>();

  add(key: string, position: number): void {
    const found = this.#map.get(key);
    if (found === undefined) this.#map.set(key, position);
    else if (typeof found === 'number') this.#map.set(key, [found, position]);
    else found.push(position);
  }

  /** the positions under the key, in the order they were added */
  get(key: string): readonly number[] {
    const found = this.#map.get(key);
    if (found === undefined) return [];
    return typeof found === 'number' ? [found] : found;
  }
}

/**
 * A resolver's indexes answer their first few lookups of a kind by scanning the keys: a `resolve`
 * makes a handful, and a scan costs less than a map of every key. After them (`ls`, `doctor`: a
 * lookup for every key) the map is built once.
 */
const SCANS_BEFORE_INDEXING = 4;

/** The position of the first key equal to the one asked for (Go's maps keep one entry per key). */
export class FirstPositions {
  readonly #keys: readonly string[];
  #map: Map<string, number> | null = null;
  #lookups = 0;

  constructor(keys: readonly string[]) {
    this.#keys = keys;
  }

  get(key: string): number | undefined {
    if (this.#map === null && this.#lookups++ < SCANS_BEFORE_INDEXING) {
      const position = this.#keys.indexOf(key);
      return position === -1 ? undefined : position;
    }
    if (this.#map === null) {
      this.#map = new Map();
      for (let position = 0; position < this.#keys.length; position += 1) {
        const key = this.#keys[position] as string;
        if (!this.#map.has(key)) this.#map.set(key, position);
      }
    }
    return this.#map.get(key);
  }
}

/**
 * Positions by a value derived from each key (its host under a rule, its normalised form): the
 * first few lookups scan the keys, later ones use a map of every key's value, built once.
 */
export class ReducedPositions {
  readonly #keys: readonly string[];
  readonly #reduce: (key: string) => string;
  #values: string[] | null = null;
  #byValue: PositionsByKey | null = null;
  #lookups = 0;

  constructor(keys: readonly string[], reduce: (key: string) => string) {
    this.#keys = keys;
    this.#reduce = reduce;
  }

  /** the value of the key at a position */
  at(position: number): string {
    return this.#values?.[position] ?? this.#reduce(this.#keys[position] as string);
  }

  /** positions, ascending, of the keys whose value this is */
  get(value: string): readonly number[] {
    if (this.#byValue === null && this.#lookups++ < SCANS_BEFORE_INDEXING) {
      const positions: number[] = [];
      for (let position = 0; position < this.#keys.length; position += 1) if (this.#reduce(this.#keys[position] as string) === value) positions.push(position);
      return positions;
    }
    if (this.#byValue === null) {
      this.#values = this.#keys.map(this.#reduce);
      this.#byValue = new PositionsByKey();
      for (let position = 0; position < this.#values.length; position += 1) this.#byValue.add(this.#values[position] as string, position);
    }
    return this.#byValue.get(value);
  }
}
