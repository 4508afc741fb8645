import { type DockerVersion, dockerAtLeast, formatDockerVersion, parseDockerVersion } from '../config/docker-version.js';
import { RegauthError } from '../util/errors.js';

export type { DockerVersion };
export { formatDockerVersion };

/**
 * The newest Docker CLI release the docker resolver models, checked against its own code
 * (test/fidelity/): used when no docker is installed (src/clients/installed.ts detects the
 * installed one).
 */
export const NEWEST_MODELLED_DOCKER: DockerVersion = { major: 29, minor: 9, patch: 3 };

/** `--docker-version X.Y[.Z]` */
export function dockerVersionArgument(text: string): DockerVersion {
  const version = parseDockerVersion(text);
  if (version === null) {
    throw new RegauthError('E_USAGE', `invalid Docker version "${text}"`, { hint: 'give it as MAJOR.MINOR, e.g. 20.10 or 28.2' });
  }
  return version;
}

const atLeast = dockerAtLeast;

/** How ConvertToHostname reduced an auths key to a host over the releases. */
export type HostnameRule = 'strip-http-prefix' | 'url-parse-no-port' | 'url-parse' | 'url-parse-ipv6-fallback';

/** Behaviour switches that differ between Docker CLI releases. */
export interface DockerFeatures {
  /** ~/.dockercfg read when config.json is missing (removed in 23.0) */
  legacyDockercfg: boolean;
  /** an `auth` decoding to an empty username is rejected (23.0) */
  rejectsEmptyUsername: boolean;
  /** DOCKER_AUTH_CONFIG environment variable (28.3) */
  authConfigEnv: boolean;
  hostnameRule: HostnameRule;
  /** error texts lower-cased (29.0) */
  lowercaseErrors: boolean;
}

export function dockerFeatures(version: DockerVersion): DockerFeatures {
  let hostnameRule: HostnameRule = 'strip-http-prefix';
  if (atLeast(version, 29, 7)) hostnameRule = 'url-parse-ipv6-fallback';
  else if (atLeast(version, 27, 0, 2)) hostnameRule = 'url-parse';
  else if (atLeast(version, 27, 0, 1)) hostnameRule = 'url-parse-no-port';
  return {
    legacyDockercfg: !atLeast(version, 23),
    rejectsEmptyUsername: atLeast(version, 23),
    authConfigEnv: atLeast(version, 28, 3),
    hostnameRule,
    lowercaseErrors: atLeast(version, 29),
  };
}
