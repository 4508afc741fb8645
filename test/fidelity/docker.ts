import { join } from 'node:path';
import { dockerAuthConfigKey } from '../../src/clients/keys.js';
import type { Resolution } from '../../src/clients/model.js';
import { dockerVersionArgument } from '../../src/clients/versions.js';
import { parseImageRef } from '../../src/reference/parse.js';
import { resolveContext, resolveFor, targetOf } from '../../src/resolve/resolve.js';
import { askOracle } from '../oracles/oracle.js';
import { type FidelityRow, type GoAuthConfig, type Outcome, compare, outcomeOfAuthConfig, outcomeOfResolution, summarise } from './outcome.js';
import type { MaterialisedSetup, Workspace } from './workspace.js';

/**
 * The Docker CLI's own lookup (test/oracles/dockercli-<release>, docker/cli cli/config at that
 * release) against regauth's docker resolver with the matching --docker-version, over the corpus.
 */

/** Every release line the docker resolver distinguishes, as far as the Go module proxy serves docker/cli. */
export const DOCKER_ORACLES: ReadonlyArray<{ oracle: string; release: string }> = [
  { oracle: 'dockercli-20.10', release: '20.10.17' },
  { oracle: 'dockercli-24.0', release: '24.0.7' },
  { oracle: 'dockercli-25.0', release: '25.0.1' },
  { oracle: 'dockercli-26.1', release: '26.1.5' },
  { oracle: 'dockercli-27.0.1', release: '27.0.1' },
  { oracle: 'dockercli-27.0.3', release: '27.0.3' },
  { oracle: 'dockercli-28.2', release: '28.2.2' },
  { oracle: 'dockercli-28.3', release: '28.3.2' },
  { oracle: 'dockercli-29.0', release: '29.0.3' },
  { oracle: 'dockercli-29.6', release: '29.6.2' },
  { oracle: 'dockercli-29.9', release: '29.9.3' },
];

interface DockerAnswer extends GoAuthConfig {
  id: string;
  serverAddress: string;
  error: string;
  warning: string;
  stderr: string;
  credsStore: string;
}

interface DockerCase {
  materialised: MaterialisedSetup;
  image: string;
  key: string;
}

export function dockerCases(workspace: Workspace): DockerCase[] {
  return workspace.setups.flatMap((materialised) =>
    materialised.setup.images.map((image) => ({
      materialised,
      image,
      // docker/cli ResolveAuthConfig: the Hub's index name maps to its index URL, any other registry is its own key
      key: dockerAuthConfigKey(parseImageRef(image).registry),
    })),
  );
}

/**
 * What `docker pull`, `push` and `manifest inspect` send: the CLI resolves auth with
 * ResolveAuthConfig, which drops GetAuthConfig's error and sends the entry returned with it.
 * The dropped error still has to be what regauth reports as ignored.
 */
function commandOutcome(answer: DockerAnswer): Outcome {
  const sent = outcomeOfAuthConfig(answer, '');
  return answer.error === '' ? sent : { ...sent, error: `ignored: ${answer.error}` };
}

const IGNORED_SUFFIX = ": Docker ignores the helper's error";

function predictedCommandOutcome(resolution: Resolution): Outcome {
  const predicted = outcomeOfResolution(resolution);
  const ignored = resolution.warnings.find((warning) => warning.id === 'docker.helper-error-ignored');
  if (predicted.error !== null || ignored === undefined) return predicted;
  const cut = ignored.message.indexOf(IGNORED_SUFFIX);
  return { ...predicted, error: `ignored: ${cut < 0 ? ignored.message : ignored.message.slice(0, cut)}` };
}

/** The directory given with --config: $HOME/.docker, or none when the setup leaves Docker to find it. */
function configDirFlag(materialised: MaterialisedSetup): string | null {
  return materialised.setup.dockerConfigFlag === false ? null : join(materialised.home, '.docker');
}

/** As `docker --config $HOME/.docker` resolves: the CLI's own code, and regauth modelling the same release. */
export async function dockerFidelity(
  workspace: Workspace,
  release: { oracle: string; release: string },
): Promise<{ row: FidelityRow; resolutions: Resolution[]; outcomes: Outcome[] }> {
  const cases = dockerCases(workspace);
  const request = {
    cases: cases.map((item, index) => ({ id: String(index), configDir: configDirFlag(item.materialised) ?? '', key: item.key, env: item.materialised.env })),
  };
  const reply = await askOracle<{ release: string; answers: DockerAnswer[] }>(release.oracle, request, { timeoutMs: 120_000 });
  if (reply.release !== `v${release.release}+incompatible`) throw new Error(`${release.oracle} is built against docker/cli ${reply.release}, not ${release.release}`);
  const version = dockerVersionArgument(release.release);
  const resolutions = await Promise.all(
    cases.map((item) => {
      const configDir = configDirFlag(item.materialised);
      const context = resolveContext({ clients: ['docker'], dockerVersion: version, ...(configDir === null ? {} : { dockerConfigDir: configDir }), env: item.materialised.env });
      return resolveFor('docker', targetOf(parseImageRef(item.image)), context);
    }),
  );
  const outcomes: Outcome[] = [];
  const differences = cases.map((item, index) => {
    const answer = reply.answers[index];
    const resolution = resolutions[index];
    if (answer === undefined || resolution === undefined) throw new Error(`${release.oracle} gave no answer for case ${index}`);
    const outcome = commandOutcome(answer);
    outcomes.push(outcome);
    return compare(item.materialised.setup.id, item.image, outcome, resolution, predictedCommandOutcome(resolution));
  });
  return { row: summarise('docker', release.release, release.oracle, differences), resolutions, outcomes };
}
