import type { Edit } from '../config/edit.js';
import type { DockerConfigView } from '../config/model.js';
import { DOCKER_HUB_KEY, dockerAuthConfigKey, isHubSpelling, registryOfKey } from '../clients/keys.js';
import { Secret } from '../util/secret.js';
import { chooseStore } from '../clients/docker.js';

/**
 * Where `login` stores and what `logout` removes, as pure plans over a decoded file.
 * Docker's own login stores under whatever the user typed after ConvertToHostname, which is
 * how `docker login index.docker.io` ends up unreadable; regauth stores under the key the
 * Docker CLI will look up.
 */

export interface DockerStorePlan {
  /** the key Docker looks the registry up by */
  key: string;
  /** the helper that receives the secret; null: the file keeps it */
  helper: string | null;
  edits: Edit[];
  /** Docker prints its "stored unencrypted" warning */
  plaintext: boolean;
}

export function base64UserPassword(username: string, password: Secret): Secret {
  return new Secret(Buffer.from(`${username}:${password.reveal()}`).toString('base64'));
}

/** The helper Docker stores with: the one it would read from (credHelpers, credsStore, default store). */
export function dockerStoreHelper(view: DockerConfigView, key: string, defaultStore: string | null): string | null {
  return chooseStore(view, key, defaultStore)?.name ?? null;
}

const STALE_ENTRY_FIELDS = ['username', 'password', 'identitytoken', 'registrytoken', 'serveraddress'];

export function dockerLoginPlan(view: DockerConfigView, registry: string, username: string, password: Secret, defaultStore: string | null): DockerStorePlan {
  const key = dockerAuthConfigKey(registry);
  const helper = dockerStoreHelper(view, key, defaultStore);
  const existing = view.auths.find((entry) => entry.key === key);
  const edits: Edit[] = [];
  const staleFields = (existing?.fields ?? []).filter((field) => STALE_ENTRY_FIELDS.includes(field.toLowerCase()));
  for (const field of staleFields) edits.push({ kind: 'remove', path: ['auths', key, field] });
  if (helper === null) {
    edits.push({ kind: 'set', path: ['auths', key, 'auth'], value: base64UserPassword(username, password) });
    return { key, helper, edits, plaintext: true };
  }
  if (existing?.fields.some((field) => field.toLowerCase() === 'auth') === true) edits.push({ kind: 'remove', path: ['auths', key, 'auth'] });
  if (existing === undefined) edits.push({ kind: 'set', path: ['auths', key], value: {} });
  if (view.credsStore === null && !view.credHelpers.some((entry) => entry.key === key) && defaultStore !== null) {
    edits.push({ kind: 'set', path: ['credsStore'], value: defaultStore });
  }
  return { key, helper, edits, plaintext: false };
}

/** podman login: the registry as typed (docker.io for the Hub), `auth` only. */
export function containersLoginPlan(key: string, username: string, password: Secret, compatDockerConfig: boolean): { key: string; edits: Edit[] } {
  const storedKey = compatDockerConfig && key === 'docker.io' ? DOCKER_HUB_KEY : key;
  return { key: storedKey, edits: [{ kind: 'set', path: ['auths', storedKey, 'auth'], value: base64UserPassword(username, password) }] };
}

/** Every key in the file that names the registry, in any spelling a client accepts. */
export function keysNamingRegistry(keys: readonly string[], registry: string): string[] {
  const wanted = registryOfKey(registry === 'index.docker.io' ? 'docker.io' : registry);
  return keys.filter((key) => registryOfKey(key) === wanted);
}

export interface LogoutPlan {
  /** keys removed from `auths` */
  keys: string[];
  /** server URLs to erase from the helper */
  helperKeys: string[];
  helper: string | null;
  edits: Edit[];
}

export function logoutPlan(view: DockerConfigView, registry: string, defaultStore: string | null): LogoutPlan {
  const keys = keysNamingRegistry(view.auths.map((entry) => entry.key), registry);
  const lookupKey = dockerAuthConfigKey(registry);
  const helper = dockerStoreHelper(view, lookupKey, defaultStore);
  const helperKeys = helper === null ? [] : [...new Set([lookupKey, ...keys])];
  return { keys, helperKeys, helper, edits: keys.map((key) => ({ kind: 'delete-key', path: ['auths', key] })) };
}

/** Where `login`/`logout` store or remove: the registry, and a one-line note when the spelling given was normalised. */
export interface StoreRegistry {
  registry: string;
  note: string | null;
}

/**
 * Docker Hub in any spelling (docker.io, index.docker.io, registry-1.docker.io, with or without a
 * scheme) is the one registry "docker.io": Docker keeps it under "https://index.docker.io/v1/",
 * podman under "docker.io". Other arguments name their registry as `registryFromArgument` reads them.
 */
export function storeRegistry(argument: string | undefined, client: 'docker' | 'podman', fromArgument: (text: string) => string): StoreRegistry {
  if (argument === undefined) return { registry: 'docker.io', note: null };
  const typed = argument.trim();
  const namespaced = !typed.includes('://') && /\/[^/]/.test(typed);
  if (!isHubSpelling(typed) || namespaced) {
    return { registry: fromArgument(typed), note: null };
  }
  const stored = client === 'docker' ? DOCKER_HUB_KEY : 'docker.io';
  if (typed === stored) return { registry: 'docker.io', note: null };
  const reader = client === 'docker' ? 'the Docker CLI looks Hub credentials up only under' : 'podman stores Hub credentials under';
  return { registry: 'docker.io', note: `"${typed}" is Docker Hub: ${reader} "${stored}", so that is the key used` };
}
