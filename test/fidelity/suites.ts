import { generateCorpus } from './corpus.js';
import { craneFidelity, craneUpstreamFidelity, ggcrNameFidelity, ggcrNameUpstreamFidelity } from './crane.js';
import { DOCKER_ORACLES, dockerFidelity } from './docker.js';
import { kubeletFidelity } from './kubelet.js';
import type { FidelityRow } from './outcome.js';
import { distributionReferenceFidelity, distributionUpstreamFidelity } from './reference.js';
import type { FidelityFile } from './report.js';
import { type Workspace, materialise } from './workspace.js';

/**
 * Every comparison of regauth with the clients' own code, as named suites: the test runs each
 * as a test, `npm run fidelity` writes their rows to docs/fidelity/<name>.json.
 */
export interface FidelitySuite {
  name: string;
  title: string;
  measuredWith: string;
  rows: Array<{ label: string; run: (workspace: Workspace) => Promise<FidelityRow> }>;
}

export const FIDELITY_SUITES: FidelitySuite[] = [
  {
    name: 'docker',
    title: 'Docker CLI',
    measuredWith:
      'docker/cli `cli/config` (`LoadDefaultConfigFile`, `ConfigFile.GetAuthConfig`, which includes `GetCredentialsStore` and DOCKER_AUTH_CONFIG from 28.3) at each release the module proxy serves for the lines regauth distinguishes (23.0 is not served; 29.7 is covered by ggcr\'s pin below), against `resolve --client docker --docker-version <release>`.',
    rows: DOCKER_ORACLES.map((release) => ({ label: `docker ${release.release}`, run: async (workspace) => (await dockerFidelity(workspace, release)).row })),
  },
  {
    name: 'crane',
    title: 'crane (go-containerregistry)',
    measuredWith: 'go-containerregistry `pkg/name.ParseReference` and `authn.DefaultKeychain` (built against docker/cli 29.7.2), against `resolve --client crane`; and `pkg/name` alone against `src/reference/ggcr-name.ts`. The rows marked "own test situations" run cases of regauth\'s own written for each situation go-containerregistry 0.22.1 tests `pkg/authn` and `pkg/name` with (`test/fidelity/ggcr-upstream-cases.ts`): Docker, podman and DOCKER_CONFIG file fallbacks, key spellings, token kinds, helpers, and tag, digest and registry forms.',
    rows: [
      { label: 'crane keychain', run: async (workspace) => (await craneFidelity(workspace)).row },
      { label: 'crane pkg/name', run: () => ggcrNameFidelity() },
      { label: 'crane keychain (own test situations)', run: () => craneUpstreamFidelity() },
      { label: 'crane pkg/name (own test situations)', run: () => ggcrNameUpstreamFidelity() },
    ],
  },
  {
    name: 'kubelet',
    title: 'kubelet',
    measuredWith: 'k8s.io/kubernetes `pkg/credentialprovider` (`DockerConfigJSON`, `BasicDockerKeyring.Add`, `Lookup`) built from the module proxy with its staging modules replaced by their published versions, against `resolve --client kubelet --pull-secret FILE`; the order of every match is compared too.',
    rows: [{ label: 'kubelet keyring', run: async (workspace) => (await kubeletFidelity(workspace)).row }],
  },
  {
    name: 'reference',
    title: 'Image references (distribution/reference)',
    measuredWith: 'github.com/distribution/reference `ParseNormalizedNamed` (the grammar of the Docker CLI and the kubelet), against `src/reference/parse.ts`: the error text, or the domain, path, tag, digest and canonical name. The row marked "own test situations" runs cases of regauth\'s own written for each situation distribution/reference 0.6.0 tests itself with (`test/fidelity/reference-upstream-cases.ts`).',
    rows: [
      { label: 'distribution/reference', run: () => distributionReferenceFidelity() },
      { label: 'distribution/reference (own test situations)', run: () => distributionUpstreamFidelity() },
    ],
  },
];

export function corpusWorkspace(): Workspace {
  return materialise(generateCorpus());
}

/** Paths inside the corpus directory vary per run; results name them relative to it. */
export function withoutWorkspacePaths(row: FidelityRow, workspace: Workspace): FidelityRow {
  return JSON.parse(JSON.stringify(row).split(workspace.root).join('<corpus>')) as FidelityRow;
}

export async function runFidelitySuites(): Promise<Array<{ name: string; file: FidelityFile }>> {
  const workspace = corpusWorkspace();
  try {
    const results: Array<{ name: string; file: FidelityFile }> = [];
    for (const suite of FIDELITY_SUITES) {
      const rows: FidelityRow[] = [];
      for (const row of suite.rows) rows.push(withoutWorkspacePaths(await row.run(workspace), workspace));
      results.push({ name: suite.name, file: { title: suite.title, measuredWith: suite.measuredWith, rows } });
    }
    return results;
  } finally {
    workspace.remove();
  }
}
