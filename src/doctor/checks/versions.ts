import { dockerAtLeast, formatDockerVersion } from '../../config/docker-version.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { dockerHostOf } from '../keys.js';
import { finding, quote } from './support.js';

/** Behaviour that depends on the installed Docker CLI release. */
export function checkVersions(facts: Facts): Finding[] {
  const { version } = facts.docker;
  const findings: Finding[] = [];
  const described = version === null ? 'the Docker CLI' : `Docker CLI ${formatDockerVersion(version)}`;

  const legacy = facts.docker.legacyDockercfg;
  if (legacy !== null && legacy.kind === 'file' && facts.docker.config.meta.kind === 'missing') {
    if (version !== null && !dockerAtLeast(version, 23)) {
      findings.push(finding('legacy-dockercfg-used', { detail: `${described} reads ${legacy.path} because ${facts.docker.config.meta.path} does not exist; Docker 23.0 and later ignore it.`, file: legacy.path }));
    } else {
      findings.push(
        finding('legacy-dockercfg-ignored', {
          detail: `${legacy.path} exists but ${facts.docker.config.meta.path} does not: ${described} ignores the legacy file (support ended with 23.0), while podman/skopeo/buildah still read it. Run "docker login" or move its entries into ${facts.docker.config.meta.path} under "auths".`,
          file: legacy.path,
        }),
      );
    }
  }

  const env = facts.docker.authConfigEnv;
  if (facts.environment.dockerAuthConfigSet) {
    if (version !== null && !dockerAtLeast(version, 28, 3)) {
      findings.push(finding('auth-config-env-ignored', { detail: `DOCKER_AUTH_CONFIG is set, but ${described} reads it only from 28.3 on: it uses ${facts.docker.config.meta.path} and helpers instead.`, key: 'DOCKER_AUTH_CONFIG' }));
    } else if (env.error !== null) {
      findings.push(finding('auth-config-env-invalid', { detail: `Docker prints "Failed to create credential store from DOCKER_AUTH_CONFIG: ${env.error}" and ignores the variable.`, key: 'DOCKER_AUTH_CONFIG' }));
    }
  }

  if (version !== null && version.major === 27 && version.minor === 0 && version.patch === 1) {
    const file = facts.docker.config.view.file.path;
    for (const entry of facts.docker.config.view.auths.filter((candidate) => /:\d+$/.test(dockerHostOf(candidate.key)))) {
      findings.push(
        finding('hostname-port-dropped', {
          detail: `${described} drops the port when reducing ${quote(entry.key)} to a host, so these credentials are also sent to the same host on other ports (and other ports' keys to this one). 27.0.2 fixed it.`,
          file,
          line: entry.keyPos.line,
          key: entry.key,
        }),
      );
    }
  }
  return findings;
}
