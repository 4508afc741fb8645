import type { Resolution } from '../clients/model.js';
import type { ImageRef } from '../reference/model.js';
import { checkAccess, proxySettingsFromEnv, type AccessReport, type DebugExchange } from '../registry/index.js';
import { toRegistryCredentials } from './credentials.js';

/** How a registry check runs, beside what the resolution says to send. */
export interface AccessSettings {
  push: boolean;
  insecure: boolean;
  /** the whole check's deadline */
  timeoutMs: number;
  debug?: (exchange: DebugExchange) => void;
}

const MAX_REQUEST_MS = 15_000;

/**
 * Proves a resolution's credentials against the registry: `check`, the library's `check()` and
 * `kube --check` end here. Proxies: HTTP(S)_PROXY and NO_PROXY from the environment, as Go's
 * ProxyFromEnvironment in every client. The "proxies" section of Docker's config.json is not
 * one: the CLI only passes it to containers and builds.
 */
export async function checkResolution(ref: ImageRef, resolution: Resolution, settings: AccessSettings, env: NodeJS.ProcessEnv): Promise<AccessReport> {
  const proxy = proxySettingsFromEnv(env);
  return checkAccess({
    ref,
    credentials: toRegistryCredentials(resolution.credentials),
    push: settings.push,
    insecure: settings.insecure,
    deadlineMs: settings.timeoutMs,
    timeoutMs: Math.min(MAX_REQUEST_MS, settings.timeoutMs),
    env,
    proxy,
    ...(settings.debug === undefined ? {} : { debug: settings.debug }),
  });
}
