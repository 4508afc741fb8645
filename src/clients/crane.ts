import type { DockerConfigView } from '../config/model.js';
import type { DockerAuthConfigEnvView } from '../config/docker-file.js';
import type { HelperAnswer } from '../helpers/model.js';
import { Trace } from '../util/trace.js';
import { resolveDocker } from './docker.js';
import { type Resolution, startResolution } from './model.js';
import { CURRENT_DOCKER } from './versions.js';

/**
 * go-containerregistry's default keychain (crane, ko, kaniko): one docker-format file, keys
 * tried as the full repository then the registry, each through docker/cli's own lookup.
 */
export interface CraneInputs {
  /** registry domain as distribution/reference normalised it, e.g. "docker.io" */
  registry: string;
  /** repository path, e.g. "alice/app"; null when only a registry is looked up */
  repository: string | null;
  config: DockerConfigView | null;
  authConfigEnv: DockerAuthConfigEnvView | null;
  answers: ReadonlyMap<string, HelperAnswer>;
}

/** pkg/name spells Docker Hub as index.docker.io. */
export function craneRegistryName(registry: string): string {
  return registry === 'docker.io' ? 'index.docker.io' : registry;
}

export function resolveCrane(inputs: CraneInputs): Resolution {
  const trace = new Trace();
  const registryName = craneRegistryName(inputs.registry);
  const base = startResolution('crane', inputs.registry, trace.steps, inputs.config?.file.path ?? null);
  const config = inputs.config;
  if (config === null) {
    trace.missing('crane.file', 'no docker config, REGISTRY_AUTH_FILE or containers auth.json exists: crane is anonymous');
    return base;
  }
  base.warnings.push(...config.warnings);
  if (config.loadError !== null || config.file.ioError !== null) {
    const message = config.file.ioError?.message ?? config.loadError?.message ?? '';
    base.error = message;
    trace.error('crane.load', `go-containerregistry loads the file with config.Load, which fails hard: ${message}`, { file: config.file.path });
    return base;
  }
  const keys = inputs.repository === null ? [registryName] : [`${registryName}/${inputs.repository}`, registryName];
  trace.info('crane.keys', `crane tries ${keys.map((key) => `"${key}"`).join(' then ')} (index.docker.io is looked up as "https://index.docker.io/v1/")`);
  for (const key of keys) {
    const attempt = resolveDocker({
      registry: key === 'index.docker.io' ? 'docker.io' : key,
      version: CURRENT_DOCKER,
      config,
      defaultStore: null,
      authConfigEnv: inputs.authConfigEnv,
      answers: inputs.answers,
    });
    for (const step of attempt.trace) {
      if (step.step === 'docker.version' || step.step === 'docker.file') continue;
      trace.add({ ...step, step: step.step.replace(/^docker\./, 'crane.') });
    }
    if (attempt.pendingHelperQueries.length > 0) {
      base.pendingHelperQueries.push(...attempt.pendingHelperQueries);
      return base;
    }
    const hit = attempt.error !== null || attempt.credentials !== null;
    if (!hit) continue;
    const warnings = [...base.warnings, ...attempt.warnings.filter((warning) => !base.warnings.includes(warning))];
    return { ...attempt, client: 'crane', registry: inputs.registry, warnings, trace: trace.steps };
  }
  trace.missing('crane.result', 'no key holds credentials: crane is anonymous');
  return base;
}
