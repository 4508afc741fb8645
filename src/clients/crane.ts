import type { DockerAuthConfigEnvView, DockerConfigViewDetail } from '../config/docker-file.js';
import type { HelperAnswer } from '../helpers/model.js';
import { Trace } from '../util/trace.js';
import { authEntryUnder, resolveDocker } from './docker.js';
import { type Resolution, startResolution } from './model.js';
import type { GgcrReference } from '../reference/ggcr-name.js';
import type { DockerVersion } from './versions.js';

/** The docker/cli release go-containerregistry 0.22 builds its keychain against (its go.mod). */
export const CRANE_DOCKER_CLI: DockerVersion = { major: 29, minor: 7, patch: 2 };

/**
 * go-containerregistry's default keychain (crane, ko, kaniko): one docker-format file, keys
 * tried as the full repository then the registry, each through docker/cli's own lookup.
 */
export interface CraneInputs {
  /** registry domain as distribution/reference normalised it, e.g. "docker.io" */
  registry: string;
  /** repository path, e.g. "alice/app"; null when only a registry is looked up */
  repository: string | null;
  /** the image as crane's own parser (pkg/name) reads it; when given it decides registry and repository */
  reference?: GgcrReference;
  config: DockerConfigViewDetail | null;
  /** how the keychain loads the file: config.Load (Docker's directory) wraps errors with the path, LoadFromReader does not */
  loader?: 'config.Load' | 'LoadFromReader';
  authConfigEnv: DockerAuthConfigEnvView | null;
  answers: ReadonlyMap<string, HelperAnswer>;
}

/** pkg/name spells Docker Hub as index.docker.io. */
export function craneRegistryName(registry: string): string {
  return registry === 'docker.io' ? 'index.docker.io' : registry;
}

function loadErrorText(config: DockerConfigViewDetail, loader: 'config.Load' | 'LoadFromReader'): string {
  const path = config.file.path;
  const ioError = config.file.ioError;
  if (ioError !== null) {
    if (loader === 'LoadFromReader') return ioError.message;
    // a directory opens fine and fails on read, inside LoadFromReader; other errors come from os.Open
    return ioError.code === 'E_CONFIG_IS_DIRECTORY' ? `parsing config file (${path}): ${ioError.message}` : `loading config file: ${ioError.message}`;
  }
  return loader === 'LoadFromReader' ? (config.loadError?.cause ?? '') : (config.loadError?.message ?? '');
}

export function resolveCrane(inputs: CraneInputs): Resolution {
  const trace = new Trace();
  const base = startResolution('crane', inputs.registry, trace.steps, inputs.config?.file.path ?? null);
  let registryName = craneRegistryName(inputs.registry);
  let repository = inputs.repository;
  if (inputs.reference !== undefined) {
    if (!inputs.reference.ok) {
      base.error = inputs.reference.error;
      trace.error('crane.reference', `crane cannot parse the image (go-containerregistry pkg/name): ${inputs.reference.error}`);
      return base;
    }
    registryName = inputs.reference.registry;
    repository = inputs.reference.repository;
    trace.info('crane.reference', `crane reads the image as registry "${registryName}", repository "${repository}" (go-containerregistry pkg/name)`);
  }
  const config = inputs.config;
  if (config === null) {
    trace.missing('crane.file', 'no docker config, REGISTRY_AUTH_FILE or containers auth.json exists: crane is anonymous');
    return base;
  }
  base.warnings.push(...config.warnings);
  if (config.loadError !== null || config.file.ioError !== null) {
    const message = loadErrorText(config, inputs.loader ?? 'config.Load');
    base.error = message;
    if (config.orderDependent) {
      base.ambiguous = true;
      base.warnings.push({ id: 'crane.load-order', message: 'several entries fail to decode: which error go-containerregistry reports depends on Go map order', file: config.file.path });
    }
    trace.error('crane.load', `go-containerregistry loads the file with ${inputs.loader ?? 'config.Load'}, which fails hard: ${message}${config.orderDependent ? ' (which bad entry it reports first depends on Go map order)' : ''}`, { file: config.file.path });
    return base;
  }
  const keys = repository === null ? [registryName] : [`${registryName}/${repository}`, registryName];
  trace.info('crane.keys', `crane tries ${keys.map((key) => `"${key}"`).join(' then ')} (index.docker.io is looked up as "https://index.docker.io/v1/")`);
  for (const key of keys) {
    const attempt = resolveDocker({
      registry: key === 'index.docker.io' ? 'docker.io' : key,
      version: CRANE_DOCKER_CLI,
      config,
      defaultStore: null,
      authConfigEnv: inputs.authConfigEnv,
      answers: inputs.answers,
      helperErrors: 'fatal',
    });
    for (const step of attempt.trace) {
      if (step.step === 'docker.version' || step.step === 'docker.file') continue;
      trace.add({ ...step, step: step.step.replace(/^docker\./, 'crane.') });
    }
    if (attempt.pendingHelperQueries.length > 0) {
      base.pendingHelperQueries.push(...attempt.pendingHelperQueries);
      return base;
    }
    // the keychain stops at the first key whose AuthConfig has any field set, usable or not
    const entry = attempt.source === 'file' && attempt.key !== null ? authEntryUnder(config, attempt.key) : undefined;
    const anyField = entry !== undefined && (entry.username !== '' || !entry.password.isEmpty || entry.identityToken !== null || entry.registryToken !== null);
    const hit = attempt.error !== null || attempt.credentials !== null || anyField;
    if (!hit) {
      // an empty entry chosen at random among rivals: in another map order a rival with credentials wins
      if (attempt.ambiguous) {
        base.ambiguous = true;
        base.warnings.push(...attempt.warnings.filter((warning) => !base.warnings.includes(warning)));
      }
      continue;
    }
    const warnings = [...base.warnings, ...attempt.warnings.filter((warning) => !base.warnings.includes(warning))];
    // the daemon's AuthConfig is the Docker CLI's alone
    const { engineAuth: _daemonAuth, ...found } = attempt;
    return { ...found, client: 'crane', registry: inputs.registry, warnings, trace: trace.steps };
  }
  trace.missing('crane.result', 'no key holds credentials: crane is anonymous');
  return base;
}
