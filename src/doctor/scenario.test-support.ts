import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DockerVersion } from '../config/docker-version.js';
import type { HelperAnswer } from '../helpers/model.js';
import { containersFileFacts, dockerConfigFacts } from './derive.js';
import type { EnvironmentFacts, Facts, FileMeta, HelperFacts } from './facts.js';

/** Builds Facts from real fixture files plus a described environment, for the check tests. */

export const FIXTURES = fileURLToPath(new URL('../../../src/doctor/fixtures/', import.meta.url));
export const HOME = '/home/alice';
export const CONFIG_PATH = `${HOME}/.docker/config.json`;
/** Every fixture's password contains this; no output may. */
export const FIXTURE_SECRETS = ['s3cr3t-Pa55', '0ther-s3cr3t', 'th1rd-s3cr3t'];

export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function meta(path: string, overrides: Partial<FileMeta> = {}): FileMeta {
  return { path, kind: 'file', symlink: null, mode: 0o600, uid: 1000, gid: 1000, ioError: null, ...overrides };
}

export function missing(path: string): FileMeta {
  return meta(path, { kind: 'missing', mode: null, uid: null, gid: null });
}

export interface Scenario {
  /** fixture file name of config.json; null for no file */
  config?: string | null;
  configMeta?: Partial<FileMeta>;
  configPath?: string;
  configDirMeta?: Partial<FileMeta>;
  version?: DockerVersion | null;
  env?: Partial<EnvironmentFacts>;
  helpers?: Array<{ name: string; installed: boolean; answers?: Array<{ serverURL: string; answer: HelperAnswer }> }>;
  legacyDockercfg?: string | null;
  otherConfigs?: Facts['docker']['otherConfigs'];
  authConfigEnv?: Facts['docker']['authConfigEnv'];
  access?: Facts['access'];
  /** the resolvers' outcomes (gathered from real files in gather.test.ts; none here unless given) */
  clients?: Partial<Facts['clients']>;
  options?: Partial<Facts['options']>;
  now?: string;
}

export function scenario(input: Scenario = {}): Facts {
  const version = input.version === undefined ? { major: 28, minor: 2, patch: 2 } : input.version;
  const assumedVersion = version ?? { major: 28, minor: 2, patch: 2 };
  const configPath = input.configPath ?? CONFIG_PATH;
  const configName = input.config === undefined ? null : input.config;
  const configMeta = configName === null ? missing(configPath) : meta(configPath, input.configMeta);
  const text = configName === null ? '' : fixtureText(configName);
  const config = dockerConfigFacts(configMeta, text, assumedVersion);
  const legacyPath = `${HOME}/.dockercfg`;
  const legacyMeta = input.legacyDockercfg === undefined || input.legacyDockercfg === null ? missing(legacyPath) : meta(legacyPath);
  const environment: EnvironmentFacts = {
    platform: 'linux',
    uid: 1000,
    user: 'alice',
    home: HOME,
    sudoUser: null,
    sudoUserHome: null,
    dockerConfig: null,
    registryAuthFile: null,
    dockerAuthConfigSet: false,
    xdgRuntimeDir: '/run/user/1000',
    xdgConfigHome: null,
    ci: null,
    wsl: false,
    snapDocker: { installed: false, configFiles: [] },
    ...input.env,
  };
  const configFile = config.view;
  const helpers: HelperFacts[] = (input.helpers ?? []).map((helper) => ({
    name: helper.name,
    configuredBy: [
      ...(configFile.credsStore?.value === helper.name ? [{ file: configPath, key: null, line: configFile.credsStore.pos.line, setting: 'credsStore' as const }] : []),
      ...configFile.credHelpers
        .filter((entry) => entry.helper === helper.name)
        .map((entry) => ({ file: configPath, key: entry.key, line: entry.pos.line, setting: 'credHelpers' as const })),
    ],
    path: helper.installed ? `/usr/bin/docker-credential-${helper.name}` : null,
    list: { kind: 'not-run' },
    answers: helper.answers ?? [],
  }));
  return {
    now: input.now ?? '2025-01-01T00:00:00.000Z',
    environment,
    docker: {
      version,
      assumedVersion,
      configDir: { path: configPath.slice(0, configPath.lastIndexOf('/')), reason: 'default directory $HOME/.docker', meta: meta(configPath.slice(0, configPath.lastIndexOf('/')), { kind: 'directory', mode: 0o700, ...input.configDirMeta }) },
      config,
      legacyDockercfg: legacyMeta,
      authConfigEnv: input.authConfigEnv ?? { present: false, error: null, keys: [] },
      otherConfigs: input.otherConfigs ?? [],
    },
    containers: {
      files: [
        containersFileFacts('/run/user/1000/containers/auth.json', 'primary auth file', missing('/run/user/1000/containers/auth.json'), '', 'containers-auth'),
        containersFileFacts(configPath, "Docker's config.json", configMeta, text, 'containers-auth'),
      ],
    },
    crane: configName === null ? { path: null, reason: 'no config file exists' } : { path: configPath, reason: '~/.docker/config.json exists' },
    helpers,
    daemon: null,
    access: input.access ?? { skipped: 'offline', results: [] },
    clients: { primary: 'docker', dockerModel: 'Docker CLI 28.2.2, as given', probes: [], omitted: 0, ...input.clients },
    options: { offline: true, image: null, push: false, ...input.options },
  };
}
