import { join } from 'node:path';
import type { Resolution } from '../../src/clients/model.js';
import { parseImageRef } from '../../src/reference/parse.js';
import { resolveContext, resolveFor, targetOf } from '../../src/resolve/resolve.js';
import { askOracle } from '../oracles/oracle.js';
import { type FidelityRow, type Outcome, compare, summarise } from './outcome.js';
import type { Workspace } from './workspace.js';

/**
 * The kubelet's own keyring (test/oracles/kubelet-keyring: k8s.io/kubernetes
 * pkg/credentialprovider) against regauth's kubelet resolver: each setup's config.json used as
 * a pull secret's .dockerconfigjson, every image looked up by its normalised name.
 */
export const KUBELET_ORACLE = 'kubelet-keyring';

interface KeyringAnswer {
  error: string;
  found: boolean;
  matches: Array<{ username: string; password: string }>;
}

/** The credentials the kubelet tries first, and the users of every match in the order it tries them. */
function oracleOutcome(answer: KeyringAnswer): Outcome & { users: string } {
  const users = answer.matches.map((match) => match.username).join(',');
  if (answer.error !== '') return { error: answer.error, username: null, kind: null, secret: null, users: '' };
  const [first] = answer.matches;
  if (first === undefined || first.username === '' || first.password === '') return { error: null, username: null, kind: null, secret: null, users };
  return { error: null, username: first.username, kind: 'password', secret: first.password, users };
}

/**
 * A secret's type says which shape its data has; a bare file does not, and regauth reads a JSON
 * object without "auths" as the older .dockercfg shape. Such files are left out: they are not
 * .dockerconfigjson content.
 */
function isDockerConfigJsonText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value !== 'object' || value === null || Array.isArray(value) || 'auths' in value;
  } catch {
    return true;
  }
}

export async function kubeletFidelity(workspace: Workspace): Promise<{ row: FidelityRow; resolutions: Resolution[] }> {
  const cases = workspace.setups
    .filter((materialised) => {
      const text = materialised.setup.files['.docker/config.json'];
      return typeof text === 'string' && isDockerConfigJsonText(text);
    })
    .flatMap((materialised) => materialised.setup.images.map((image) => ({ materialised, image, secret: String(materialised.setup.files['.docker/config.json']) })));
  const reply = await askOracle<{ release: string; answers: KeyringAnswer[] }>(
    KUBELET_ORACLE,
    { cases: cases.map((item) => ({ secrets: [item.secret], name: parseImageRef(item.image).name })) },
    { timeoutMs: 120_000 },
  );
  const resolutions = await Promise.all(
    cases.map((item) =>
      resolveFor('kubelet', targetOf(parseImageRef(item.image)), resolveContext({ clients: ['kubelet'], env: item.materialised.env, pullSecrets: [join(item.materialised.home, '.docker/config.json')] })),
    ),
  );
  const differences = cases.map((item, index) => {
    const answer = reply.answers[index];
    const resolution = resolutions[index];
    if (answer === undefined || resolution === undefined) throw new Error(`${KUBELET_ORACLE} gave no answer for case ${index}`);
    const { users, ...expected } = oracleOutcome(answer);
    const difference = compare(item.materialised.setup.id, item.image, expected, resolution);
    if (difference !== null) return difference;
    // every match, in the order the kubelet tries them
    const predictedUsers = (resolution.alternatives ?? []).map((alternative) => alternative.username ?? '').join(',');
    if (resolution.error === null && predictedUsers !== users) {
      const reason = resolution.ambiguous ? `ambiguous: ${resolution.warnings.find((warning) => warning.id === 'kubelet.random-order')?.message ?? 'Go map order decides'}` : null;
      return { setup: item.materialised.setup.id, image: item.image, oracle: { ...expected, error: `tries ${users}` }, regauth: { ...expected, error: `tries ${predictedUsers}` }, reason };
    }
    return null;
  });
  return { row: summarise('kubelet', reply.release.replace(/^v/, ''), KUBELET_ORACLE, differences), resolutions };
}

