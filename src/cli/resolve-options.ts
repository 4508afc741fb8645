import { statSync } from 'node:fs';
import { ALL_CLIENT_IDS, type ClientId } from '../clients/model.js';
import { checkClient } from '../api/validate.js';
import { type DockerVersion, dockerVersionArgument } from '../clients/versions.js';
import { type ContainersRelease, containersVersionArgument } from '../clients/containers-versions.js';
import { CONTAINERD_RELEASES_TEXT, containerdReleaseArgument } from '../clients/containerd.js';
import type { ResolveOptions } from '../resolve/resolve.js';
import { RegauthError } from '../util/errors.js';
import { helperTimeoutMs } from './write-options.js';

export interface ResolveOptionValues {
  client?: string[] | undefined;
  config?: string | undefined;
  'docker-version'?: string | undefined;
  'containers-version'?: string | undefined;
  authfile?: string | undefined;
  'pull-secret'?: string[] | undefined;
  'helper-timeout'?: string | undefined;
  'containerd-config'?: string | undefined;
  'k3s-registries'?: string | undefined;
  'containerd-version'?: string | undefined;
}

export function parseClients(values: string[] | undefined): ClientId[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const clients = values.flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const client of clients) {
    if (!(ALL_CLIENT_IDS as readonly string[]).includes(client)) {
      throw new RegauthError('E_USAGE', `unknown client "${client}"`, { hint: `clients: ${ALL_CLIENT_IDS.join(', ')}` });
    }
  }
  return [...new Set(clients)] as ClientId[];
}

/** `--config FILE` must name an existing file: a typo should not look like "no credentials". */
export function checkConfigFileArgument(path: string, option = '--config'): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new RegauthError('E_CONFIG_NOT_FOUND', 'no such file', { file: path, hint: `check the path given to ${option}` });
    }
    throw new RegauthError('E_CONFIG_UNREADABLE', `cannot read the file (${code ?? 'error'})`, { file: path });
  }
  if (stats.isDirectory()) {
    throw new RegauthError('E_CONFIG_IS_DIRECTORY', 'is a directory, not a file', {
      file: path,
      hint: `${option} takes the file itself, e.g. ${path.replace(/\/$/, '')}/config.json`,
    });
  }
}

export function resolveOptionsFrom(values: ResolveOptionValues, env: NodeJS.ProcessEnv): ResolveOptions {
  const options: ResolveOptions = { env };
  const clients = parseClients(values.client);
  if (clients !== undefined) options.clients = clients;
  if (values.config !== undefined) {
    checkConfigFileArgument(values.config);
    options.configFile = values.config;
  }
  const version = dockerVersionOption(values['docker-version'], env);
  if (version !== undefined) options.dockerVersion = version;
  const containersRelease = containersVersionOption(values['containers-version'], env);
  if (containersRelease !== undefined) options.containersRelease = containersRelease;
  if (values.authfile !== undefined) options.authFile = values.authfile;
  if (values['pull-secret'] !== undefined) options.pullSecrets = values['pull-secret'];
  const helperTimeout = helperTimeoutMs(values['helper-timeout']);
  if (helperTimeout !== undefined) options.helperTimeoutMs = helperTimeout;
  // a typo must not look like "no credentials": the files named must exist
  if (values['containerd-config'] !== undefined) {
    checkConfigFileArgument(values['containerd-config'], '--containerd-config');
    options.containerdConfig = values['containerd-config'];
  }
  if (values['k3s-registries'] !== undefined) {
    checkConfigFileArgument(values['k3s-registries'], '--k3s-registries');
    options.k3sRegistries = values['k3s-registries'];
  }
  if (values['containerd-version'] !== undefined) {
    const release = containerdReleaseArgument(values['containerd-version']);
    if (release === null) throw new RegauthError('E_USAGE', `--containerd-version "${values['containerd-version']}" is not a containerd release`, { hint: `give ${CONTAINERD_RELEASES_TEXT}` });
    options.containerdRelease = release;
  }
  return options;
}

/** `--containers-version` (or REGAUTH_CONTAINERS_VERSION); undefined: the installed tools' release is detected. */
export function containersVersionOption(value: string | undefined, env: NodeJS.ProcessEnv): ContainersRelease | undefined {
  const version = value ?? env['REGAUTH_CONTAINERS_VERSION'];
  return version === undefined || version === '' ? undefined : containersVersionArgument(version);
}

/** `--docker-version` (or REGAUTH_DOCKER_VERSION); undefined: the installed CLI is detected (src/clients/installed.ts). */
export function dockerVersionOption(value: string | undefined, env: NodeJS.ProcessEnv): DockerVersion | undefined {
  const version = value ?? env['REGAUTH_DOCKER_VERSION'];
  return version === undefined || version === '' ? undefined : dockerVersionArgument(version);
}

/** doctor's and fix's `--client ID` (one client: the one the user is about to use) and `--docker-version`. */
export function primaryClientOptions(client: string | undefined, dockerVersion: string | undefined, env: NodeJS.ProcessEnv): { client?: ClientId; dockerVersion?: DockerVersion } {
  const clients = parseClients(client === undefined ? undefined : [client]);
  if (clients !== undefined && clients.length !== 1) throw new RegauthError('E_USAGE', '--client takes one client here');
  if (clients?.[0] !== undefined) checkClient(clients[0]);
  const version = dockerVersionOption(dockerVersion, env);
  return { ...(clients?.[0] === undefined ? {} : { client: clients[0] }), ...(version === undefined ? {} : { dockerVersion: version }) };
}
