import { decodeContainersAuth } from '../config/containers-file.js';
import { decodeDockerConfig } from '../config/docker-file.js';
import { decodeLegacyDockercfg } from '../config/dockercfg-legacy.js';
import { decodeKubeletSecret } from '../config/kube-secret.js';
import type { LoadedFile } from '../config/model.js';
import { chooseStore } from '../clients/docker.js';
import { CLIENT_IDS, type ClientId, describeSecretKind } from '../clients/model.js';
import { NEWEST_MODELLED_CONTAINERD, parseCriAuth } from '../clients/containerd.js';
import { decodeCriRegistry, decodeK3sRegistries } from '../config/containerd-files.js';
import { NEWEST_MODELLED_DOCKER } from '../clients/versions.js';
import type { Warning } from '../util/trace.js';
import { containersFeatures } from '../clients/containers-versions.js';
import { registryOfKey } from '../clients/keys.js';
import { containersRelease, loadClientFiles, loadRegistriesConf, type RegistriesConfFileState, type ResolveContext, resolveContext, resolveFor, type ResolveOptions } from './resolve.js';

/** Every entry of every file a client reads, as that client decodes it. No secrets. */
export interface InventoryEntry {
  key: string;
  line: number;
  column: number;
  username: string | null;
  /** where the secret lives for this client */
  secretIn: 'file' | 'helper' | 'none';
  helper: string | null;
  secretPresent: boolean;
  /** docker and crane, in a listing: false when the client never uses this entry (another key, or a helper, decides for its registry) */
  used?: boolean;
  /** with the secret in a helper: whether the helper answered with credentials for `lookupKey` */
  helperHas?: boolean;
  lookupKey?: string;
  /** the entry itself holds a secret the client does not use */
  fileSecretIgnored?: boolean;
}

export interface InventoryFile {
  path: string;
  format: string;
  reason: string;
  exists: boolean;
  error: string | null;
  credsStore: string | null;
  credHelpers: Array<{ key: string; helper: string; line: number }>;
  entries: InventoryEntry[];
  warnings: Warning[];
}

export interface ClientInventory {
  client: ClientId;
  files: InventoryFile[];
  /** podman: registries.conf files in merge order, and the credential-helpers they give */
  registriesConf?: { files: RegistriesConfFileState[]; credentialHelpers: string[]; error: string | null };
}

export async function inventory(options: ResolveOptions, context = resolveContext(options)): Promise<ClientInventory[]> {
  const clients = options.clients ?? CLIENT_IDS;
  return Promise.all(
    clients.map(async (client) => {
      const loaded = await loadClientFiles(client, context);
      const files = loaded.files.map((file, index) => describeFile(client, file, loaded.discovery.candidates[index]?.reason ?? '', options));
      if (client !== 'podman') return { client, files };
      const conf = await loadRegistriesConf(context, containersFeatures(await containersRelease(context)).registriesConfSearchV2);
      return { client, files, registriesConf: { files: conf.files, credentialHelpers: conf.helpers.helpers, error: conf.helpers.error ?? null } };
    }),
  );
}

function describeFile(client: ClientId, file: LoadedFile, reason: string, options: ResolveOptions): InventoryFile {
  const base = { path: file.path, format: file.format, reason, exists: file.exists, error: file.ioError?.message ?? null };
  if (client === 'podman') {
    const view = decodeContainersAuth(file);
    const helperFor = new Map(view.credHelpers.map((entry) => [entry.key, entry.helper]));
    return {
      ...base,
      error: base.error ?? view.parseError?.message ?? null,
      credsStore: null,
      credHelpers: view.credHelpers.map((entry) => ({ key: entry.key, helper: entry.helper, line: entry.pos.line })),
      entries: view.auths.map((entry) => {
        const helper = helperFor.get(entry.key) ?? null;
        const present = entry.password !== null && !entry.password.isEmpty;
        return {
          key: entry.key,
          line: entry.keyPos.line,
          column: entry.keyPos.column,
          username: entry.username,
          secretIn: helper !== null ? 'helper' : present || entry.identityToken !== null ? 'file' : 'none',
          helper,
          secretPresent: present || entry.identityToken !== null,
        };
      }),
      warnings: view.warnings,
    };
  }
  if (client === 'kubelet') {
    const view = decodeKubeletSecret(file);
    return {
      ...base,
      error: base.error ?? view.parseError?.message ?? null,
      credsStore: null,
      credHelpers: [],
      entries: view.auths.map((entry) => ({
        key: entry.key,
        line: entry.keyPos.line,
        column: entry.keyPos.column,
        username: entry.username === '' ? null : entry.username,
        secretIn: entry.password.isEmpty ? 'none' : 'file',
        helper: null,
        secretPresent: !entry.password.isEmpty,
      })),
      warnings: view.warnings,
    };
  }
  if (client === 'containerd') {
    const view = file.format === 'k3s-registries' ? decodeK3sRegistries(file) : decodeCriRegistry(file, options.containerdRelease ?? NEWEST_MODELLED_CONTAINERD);
    return {
      ...base,
      error: base.error ?? view.error?.message ?? null,
      credsStore: null,
      credHelpers: [],
      entries: view.configs
        .filter((entry) => entry.auth !== null)
        .map((entry) => {
          const parsed = entry.auth === null ? null : parseCriAuth(entry.auth);
          const credentials = parsed?.ok === true ? parsed.credentials : null;
          const present = describeSecretKind(credentials).present;
          return { key: entry.key, line: entry.pos?.line ?? 0, column: entry.pos?.column ?? 0, username: credentials?.username ?? null, secretIn: present ? 'file' : 'none', helper: null, secretPresent: present };
        }),
      warnings: [],
    };
  }
  const version = client === 'docker' ? (options.dockerVersion ?? NEWEST_MODELLED_DOCKER) : NEWEST_MODELLED_DOCKER;
  const view = file.format === 'dockercfg' ? decodeLegacyDockercfg(file, { version }) : decodeDockerConfig(file, { version });
  return {
    ...base,
    error: base.error ?? view.loadError?.message ?? null,
    credsStore: view.credsStore?.value ?? null,
    credHelpers: view.credHelpers.map((entry) => ({ key: entry.key, helper: entry.helper, line: entry.pos.line })),
    entries: view.auths.map((entry) => {
      // the store as Docker chooses it, without the platform default (inventory does not probe PATH)
      const helper = chooseStore(view, entry.key, null)?.name ?? null;
      const present = !entry.password.isEmpty || entry.identityToken !== null || entry.registryToken !== null;
      return {
        key: entry.key,
        line: entry.keyPos.line,
        column: entry.keyPos.column,
        username: entry.username === '' ? null : entry.username,
        secretIn: helper !== null ? 'helper' : present ? 'file' : 'none',
        helper,
        secretPresent: present,
      };
    }),
    warnings: view.warnings,
  };
}

/**
 * Where Docker and crane take each entry's secret from is the resolver's answer for the entry's
 * registry (as \`get\` asks it), not a second reading of credsStore and credHelpers.
 */
async function whereSecretsAre(clients: ClientInventory[], context: ResolveContext): Promise<ClientInventory[]> {
  for (const { client, files } of clients) {
    if (client !== 'docker' && client !== 'crane') continue;
    for (const file of files) {
      for (const entry of file.entries) {
        const resolution = await resolveFor(client, { registry: registryOfKey(entry.key), repository: null }, context);
        if (resolution.source === 'helper' && resolution.helper !== null) {
          entry.fileSecretIgnored = entry.secretPresent;
          entry.secretIn = 'helper';
          entry.helper = resolution.helper;
          entry.used = true;
          entry.helperHas = resolution.credentials !== null;
          entry.lookupKey = resolution.key ?? entry.key;
        } else {
          entry.used = resolution.key === entry.key && resolution.configFile === file.path;
          entry.secretIn = entry.secretPresent ? 'file' : 'none';
          entry.helper = null;
        }
      }
    }
  }
  return clients;
}

/** `ls`: every client's files and entries, each entry with where the client really takes its secret from. No secrets. */
export async function listInventory(options: ResolveOptions, context = resolveContext(options)): Promise<ClientInventory[]> {
  return whereSecretsAre(await inventory(options, context), context);
}
