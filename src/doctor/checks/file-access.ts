import { dockerAtLeast } from '../../config/docker-version.js';
import type { Facts, FileMeta } from '../facts.js';
import type { Finding } from '../finding.js';
import { finding, quote, shellQuote } from './support.js';

/** Where Docker looks, and whether it can read what it finds there. */
export function checkFileAccess(facts: Facts): Finding[] {
  const { config, configDir } = facts.docker;
  const findings: Finding[] = [
    ...dockerConfigEnv(facts),
    ...metaFindings(facts, config.meta, config.hasPlaintextSecrets, 'Docker'),
    ...ownedByRoot(facts, configDir.meta),
    ...sudoConfig(facts),
    ...snapConfig(facts),
    ...noConfig(facts),
  ];
  const dockerPath = config.meta.path;
  for (const file of facts.containers.files) {
    if (file.meta.path === dockerPath) continue;
    const hasSecrets = file.view?.auths.some((entry) => entry.password !== null || entry.identityToken !== null) ?? false;
    findings.push(...metaFindings(facts, file.meta, hasSecrets, 'podman'));
  }
  return findings;
}

function metaFindings(facts: Facts, meta: FileMeta, hasSecrets: boolean, reader: string): Finding[] {
  const file = meta.path;
  if (meta.symlink?.dangling === true) {
    return [finding('config-dangling-symlink', { detail: `${file} points at ${meta.symlink.target}, which does not exist: ${reader} finds no credentials there.`, file })];
  }
  if (meta.kind === 'directory') {
    return [finding('config-is-directory', { detail: `${file} is a directory (often a bind mount of a file that did not exist): ${reader} cannot read credentials from it.`, file, command: `rmdir ${shellQuote(file)}` })];
  }
  if (meta.ioError !== null && meta.kind !== 'missing') {
    return [
      finding('config-unreadable', {
        detail: `${reader} cannot read ${file}: ${meta.ioError.message}.${meta.uid === 0 && facts.environment.uid !== 0 ? ' It belongs to root.' : ''}`,
        file,
        ...(facts.environment.user !== null && meta.uid === 0 ? { command: `sudo chown ${shellQuote(facts.environment.user)}: ${shellQuote(file)}` } : {}),
      }),
    ];
  }
  const findings: Finding[] = [];
  if (meta.kind === 'file' && meta.mode !== null && (meta.mode & 0o044) !== 0 && hasSecrets) {
    const who = (meta.mode & 0o004) !== 0 ? 'every user on this machine' : 'members of its group';
    findings.push(
      finding('config-world-readable', {
        title: `${file} holds plain-text credentials and is readable by ${who}`,
        detail: `Mode ${formatMode(meta.mode)} lets ${who} read the credentials in ${file}. Docker creates it as 0600.`,
        file,
        command: `chmod 600 ${shellQuote(file)}`,
      }),
    );
  }
  findings.push(...ownedByRoot(facts, meta));
  return findings;
}

function ownedByRoot(facts: Facts, meta: FileMeta): Finding[] {
  const { uid, home, user } = facts.environment;
  if (meta.kind === 'missing' || meta.uid !== 0 || uid === null || uid === 0 || home === null || !meta.path.startsWith(`${home}/`)) return [];
  return [
    finding('config-owned-by-root', {
      title: `${meta.path} belongs to root`,
      detail: `${meta.path} is in ${user ?? 'the user'}'s home but owned by root (left by "sudo docker login"?): Docker running as ${user ?? 'the user'} cannot update it${
        meta.mode !== null && (meta.mode & 0o004) === 0 ? ' and cannot read it' : ''
      }.`,
      file: meta.path,
      command: `sudo chown -R ${shellQuote(user ?? String(uid))}: ${shellQuote(meta.path)}`,
    }),
  ];
}

function dockerConfigEnv(facts: Facts): Finding[] {
  const value = facts.environment.dockerConfig;
  if (value === null || value === '') return [];
  const { meta } = facts.docker.configDir;
  if (meta.kind === 'file') {
    return [
      finding('docker-config-env-not-dir', {
        title: `DOCKER_CONFIG=${value} is a file`,
        detail: `DOCKER_CONFIG names the directory holding config.json, so Docker opens ${facts.docker.config.meta.path}, which fails with "not a directory": no credentials are used and "docker login" fails. Use DOCKER_CONFIG=${parentOf(value)} if ${value} is the config file.`,
        file: value,
        command: `export DOCKER_CONFIG=${shellQuote(parentOf(value))}`,
      }),
    ];
  }
  if (meta.kind === 'missing') {
    return [
      finding('docker-config-env-missing', {
        title: `DOCKER_CONFIG=${value} does not exist`,
        detail: `Docker starts from an empty configuration (no credentials) and podman/buildah use ${value}/config.json as their only auth file. Typo, or a variable left over from another step?`,
        file: value,
      }),
    ];
  }
  return [];
}

function sudoConfig(facts: Facts): Finding[] {
  const { uid, sudoUser } = facts.environment;
  if (uid !== 0 || sudoUser === null) return [];
  const own = facts.docker.otherConfigs.find((other) => other.reason === 'sudo');
  if (own === undefined || own.keys.length === 0) return [];
  const rootKeys = new Set(facts.docker.config.view.auths.map((entry) => entry.key));
  const missing = own.keys.filter((key) => !rootKeys.has(key));
  if (missing.length === 0) return [];
  return [
    finding('sudo-reads-root-config', {
      title: `Under sudo Docker reads ${facts.docker.config.meta.path}, not ${own.path}`,
      detail: `${sudoUser}'s own file ${own.path} has credentials for ${missing.map(quote).join(', ')}, which ${facts.docker.config.meta.path} lacks: "sudo docker pull/push" sends none for them. Log in again under sudo, use the docker group instead of sudo, or run with DOCKER_CONFIG=${parentOf(own.path)}.`,
      file: facts.docker.config.meta.path,
      command: `sudo DOCKER_CONFIG=${shellQuote(parentOf(own.path))} docker …`,
    }),
  ];
}

function snapConfig(facts: Facts): Finding[] {
  const { snapDocker } = facts.environment;
  if (!snapDocker.installed) return [];
  const regular = facts.environment.home === null ? '~/.docker/config.json' : `${facts.environment.home}/.docker/config.json`;
  return [
    finding('snap-docker-config', {
      detail: `Docker is the snap package: it keeps its credentials in ${snapDocker.configFiles.length === 0 ? '~/snap/docker/<revision>/.docker/config.json' : snapDocker.configFiles.join(', ')}, while crane, podman and other tools read ${regular}. Credentials stored by one are missing for the others.`,
      file: snapDocker.configFiles[0] ?? null,
    }),
  ];
}

function noConfig(facts: Facts): Finding[] {
  const { meta } = facts.docker.config;
  if (meta.kind !== 'missing' || meta.symlink !== null || facts.docker.configDir.meta.kind === 'file') return [];
  const { version, legacyDockercfg } = facts.docker;
  // Docker before 23.0 reads ~/.dockercfg instead: the versions check reports that
  if (legacyDockercfg?.kind === 'file' && version !== null && !dockerAtLeast(version, 23)) return [];
  const podmanFiles = facts.containers.files.filter((file) => file.meta.kind === 'file').map((file) => file.meta.path);
  return [
    finding('no-docker-config', {
      title: `No Docker config at ${meta.path}`,
      detail: [
        'Docker and crane pull and push anonymously.',
        podmanFiles.length === 0 ? 'podman/skopeo/buildah find no auth file either.' : `podman/skopeo/buildah read ${podmanFiles.join(', ')}.`,
        facts.crane.path === null ? '' : `crane reads ${facts.crane.path}.`,
        'Run "docker login" to store credentials.',
      ]
        .filter((part) => part !== '')
        .join(' '),
      file: meta.path,
    }),
  ];
}

function parentOf(path: string): string {
  const slash = path.replace(/\/+$/, '').lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
