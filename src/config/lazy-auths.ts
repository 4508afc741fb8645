/**
 * The entries of a view read the cheap way (plain-json.ts) are built only when used: the keys
 * are known at once, each entry is decoded on first use, and `view.auths` builds them all when
 * read (what `ls` and `doctor` do). A lookup that touches one entry decodes one entry.
 */

interface LazyAuths<E> {
  keys: readonly string[];
  at(index: number): E;
}

const lazyViews = new WeakMap<object, LazyAuths<unknown>>();

/** Makes `view.auths` the entries `build` gives for `keys`, each built once, on first use. */
export function defineLazyAuths<E>(view: { auths: E[] }, keys: readonly string[], build: (index: number) => E): void {
  const built: Array<E | undefined> = new Array<E | undefined>(keys.length);
  const at = (index: number): E => {
    let entry = built[index];
    if (entry === undefined) {
      entry = build(index);
      built[index] = entry;
    }
    return entry;
  };
  const settle = (auths: E[]): E[] => {
    Object.defineProperty(view, 'auths', { value: auths, writable: true, enumerable: true, configurable: true });
    lazyViews.delete(view);
    return auths;
  };
  Object.defineProperty(view, 'auths', {
    get: () => settle(keys.map((_, index) => at(index))),
    set: (auths: E[]) => settle(auths),
    enumerable: true,
    configurable: true,
  });
  lazyViews.set(view, { keys, at });
}

/** The keys of a view's entries, in order, without building the entries. */
export function authKeysOf(view: { auths: ReadonlyArray<{ key: string }> }): readonly string[] {
  const lazy = lazyViews.get(view);
  return lazy === undefined ? view.auths.map((entry) => entry.key) : lazy.keys;
}

/** The entry at `index`, built alone when the view's entries are not all built yet. */
export function authAt<E>(view: { auths: readonly E[] }, index: number): E {
  const lazy = lazyViews.get(view) as LazyAuths<E> | undefined;
  return lazy === undefined ? (view.auths[index] as E) : lazy.at(index);
}

/** How many entries the view has, without building them. */
export function authCount(view: { auths: readonly unknown[] }): number {
  return lazyViews.get(view)?.keys.length ?? view.auths.length;
}

/** The view's entries when they are built (or were never lazy), else null. */
export function builtAuths<E>(view: { auths: E[] }): E[] | null {
  return lazyViews.has(view) ? null : view.auths;
}

/**
 * An object that stands for the view's entries while they are unbuilt (for caches keyed by it):
 * their keys, which views of the same map share.
 */
export function authsIdentity(view: { auths: readonly unknown[] }): object {
  return lazyViews.get(view)?.keys ?? view.auths;
}
