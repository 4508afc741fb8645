import type { Resolution } from '../../src/clients/model.js';
import { ggcrParseReference } from '../../src/reference/ggcr-name.js';
import { parseImageRef } from '../../src/reference/parse.js';
import { type ResolveTarget, resolveContext, resolveFor, targetOf } from '../../src/resolve/resolve.js';
import { askOracle } from '../oracles/oracle.js';
import { GRAMMAR_IMAGES } from './corpus.js';
import { type FidelityRow, type GoAuthConfig, type Outcome, compare, outcomeOfAuthConfig, summarise } from './outcome.js';
import type { Workspace } from './workspace.js';

/**
 * crane's own code (test/oracles/ggcr-keychain: go-containerregistry pkg/name and
 * authn.DefaultKeychain) against regauth's crane resolver, over the corpus; and pkg/name alone
 * against src/reference/ggcr-name.ts over names the grammars disagree on.
 */
export const GGCR_ORACLE = 'ggcr-keychain';

interface KeychainAnswer extends GoAuthConfig {
  nameError: string;
  registry: string;
  repository: string;
  keychainError: string;
  anonymous: boolean;
}

/** The target the CLI hands over: distribution/reference's reading where it has one, and the text for crane to parse. */
export function craneTarget(image: string): ResolveTarget {
  try {
    return targetOf(parseImageRef(image));
  } catch {
    return { registry: '', repository: null, image };
  }
}

function oracleOutcome(answer: KeychainAnswer): Outcome {
  if (answer.nameError !== '') return { error: answer.nameError, username: null, kind: null, secret: null };
  return outcomeOfAuthConfig(answer, answer.keychainError);
}

export async function craneFidelity(workspace: Workspace): Promise<{ row: FidelityRow; resolutions: Resolution[] }> {
  const cases = workspace.setups.flatMap((materialised) => materialised.setup.images.map((image) => ({ materialised, image })));
  const reply = await askOracle<{ release: string; answers: KeychainAnswer[] }>(GGCR_ORACLE, { cases: cases.map((item) => ({ image: item.image, env: item.materialised.env })) }, { timeoutMs: 120_000 });
  const resolutions = await Promise.all(
    cases.map((item) => resolveFor('crane', craneTarget(item.image), resolveContext({ clients: ['crane'], env: item.materialised.env }))),
  );
  const differences = cases.map((item, index) => {
    const answer = reply.answers[index];
    const resolution = resolutions[index];
    if (answer === undefined || resolution === undefined) throw new Error(`${GGCR_ORACLE} gave no answer for case ${index}`);
    return compare(item.materialised.setup.id, item.image, oracleOutcome(answer), resolution);
  });
  return { row: summarise('crane', reply.release.replace(/^v/, ''), GGCR_ORACLE, differences), resolutions };
}

/** pkg/name.ParseReference against ggcr-name.ts: the registry and repository, or the error text. */
export async function ggcrNameFidelity(): Promise<FidelityRow> {
  const reply = await askOracle<{ release: string; answers: KeychainAnswer[] }>(GGCR_ORACLE, { cases: GRAMMAR_IMAGES.map((image) => ({ image, env: {} })) });
  const differences = GRAMMAR_IMAGES.map((image, index) => {
    const answer = reply.answers[index];
    if (answer === undefined) throw new Error(`${GGCR_ORACLE} gave no answer for ${image}`);
    const parsed = ggcrParseReference(image);
    const expected = answer.nameError !== '' ? `error: ${answer.nameError}` : `${answer.registry} ${answer.repository}`;
    const actual = parsed.ok ? `${parsed.registry} ${parsed.repository}` : `error: ${parsed.error}`;
    return expected === actual ? null : { setup: 'pkg/name', image, oracle: { error: expected, username: null, kind: null, secret: null }, regauth: { error: actual, username: null, kind: null, secret: null }, reason: null };
  });
  return summarise('crane (pkg/name)', reply.release.replace(/^v/, ''), GGCR_ORACLE, differences);
}
