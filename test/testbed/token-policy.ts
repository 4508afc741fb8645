/**
 * What the offline Docker Hub token server grants. Pure: scope text in, access entries out.
 *
 * Rules: everybody (anonymous included) may pull every repository, like public repositories;
 * a user U may also push to `U/*`; read-only users never get push.
 */
import type { AccessEntry } from './jwt.js';

/** `type[(class)]:name:actions`; the name may itself hold a colon (host:port), so split at the ends */
export function parseScope(scope: string): AccessEntry | undefined {
  const firstColon = scope.indexOf(':');
  const lastColon = scope.lastIndexOf(':');
  if (firstColon <= 0 || lastColon === firstColon) return undefined;
  const type = scope.slice(0, firstColon).replace(/\(.*\)$/, '');
  const name = scope.slice(firstColon + 1, lastColon);
  const actions = scope.slice(lastColon + 1).split(',').filter((action) => action.length > 0);
  if (name.length === 0) return undefined;
  return { type, name, actions };
}

export function allowedActions(user: string | null, readOnly: boolean, entry: AccessEntry): string[] {
  if (entry.type !== 'repository') return [];
  const ownsRepository = user !== null && !readOnly && entry.name.startsWith(`${user}/`);
  return ownsRepository ? ['pull', 'push'] : ['pull'];
}

/** The intersection of what was asked and what the user may do; entries left empty are dropped. */
export function grantAccess(user: string | null, readOnly: boolean, scopes: readonly string[]): AccessEntry[] {
  const granted: AccessEntry[] = [];
  for (const scope of scopes) {
    const requested = parseScope(scope);
    if (requested === undefined) continue;
    const allowed = allowedActions(user, readOnly, requested);
    const actions = requested.actions.includes('*')
      ? allowed
      : requested.actions.filter((action) => allowed.includes(action));
    if (actions.length > 0) granted.push({ type: requested.type, name: requested.name, actions: [...new Set(actions)] });
  }
  return granted;
}

/** OAuth2 POST carries scopes as one space-separated field; GET repeats `scope=` */
export function splitScopeField(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(' ')).filter((scope) => scope.length > 0);
}
