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
