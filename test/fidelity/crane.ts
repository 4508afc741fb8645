import type { Resolution } from '../../src/clients/model.js';
import { ggcrParseReference } from '../../src/reference/ggcr-name.js';
import { parseImageRef } from '../../src/reference/parse.js';
import { type ResolveTarget, resolveContext, resolveFor, targetOf } from '../../src/resolve/resolve.js';
import { askOracle } from '../oracles/oracle.js';
import { GRAMMAR_IMAGES } from './corpus.js';
import { GGCR_KEYCHAIN_UPSTREAM_SETUPS, GGCR_NAME_UPSTREAM_IMAGES } from './ggcr-upstream-cases.js';
import { type FidelityRow, type GoAuthConfig, type Outcome, compare, outcomeOfAuthConfig, summarise } from './outcome.js';
import { type Workspace, materialise } from './workspace.js';

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
  /** the tag (latest when none is given) or the digest */
  identifier: string;
  name: string;
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

export async function craneFidelity(workspace: Workspace, client = 'crane'): Promise<{ row: FidelityRow; resolutions: Resolution[] }> {
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
  return { row: summarise(client, reply.release.replace(/^v/, ''), GGCR_ORACLE, differences), resolutions };
}

/** The situations go-containerregistry's keychain tests exercise (ggcr-upstream-cases.ts), in a workspace of their own. */
export async function craneUpstreamFidelity(): Promise<FidelityRow> {
  const workspace = materialise([...GGCR_KEYCHAIN_UPSTREAM_SETUPS]);
  try {
    const { row } = await craneFidelity(workspace, 'crane (go-containerregistry own test situations)');
    return JSON.parse(JSON.stringify(row).split(workspace.root).join('<upstream>')) as FidelityRow;
  } finally {
    workspace.remove();
  }
}

/** One reading of pkg/name as a line both sides can state: the error, or registry, repository, identifier and full name. */
function ggcrReading(image: string): string {
  const parsed = ggcrParseReference(image);
  if (!parsed.ok) return `error: ${parsed.error}`;
  const identifier = parsed.digest ?? parsed.tag ?? 'latest';
  return `${parsed.registry} ${parsed.repository} ${identifier} ${parsed.registry}/${parsed.repository}${parsed.digest === null ? ':' : '@'}${identifier}`;
}

async function ggcrNameRow(client: string, setup: string, images: readonly string[]): Promise<FidelityRow> {
  const reply = await askOracle<{ release: string; answers: KeychainAnswer[] }>(GGCR_ORACLE, { cases: images.map((image) => ({ image, env: {} })) });
  const differences = images.map((image, index) => {
    const answer = reply.answers[index];
    if (answer === undefined) throw new Error(`${GGCR_ORACLE} gave no answer for ${image}`);
    const expected = answer.nameError !== '' ? `error: ${answer.nameError}` : `${answer.registry} ${answer.repository} ${answer.identifier} ${answer.name}`;
    const actual = ggcrReading(image);
    return expected === actual ? null : { setup, image, oracle: { error: expected, username: null, kind: null, secret: null }, regauth: { error: actual, username: null, kind: null, secret: null }, reason: null };
  });
  return summarise(client, reply.release.replace(/^v/, ''), GGCR_ORACLE, differences);
}

/** pkg/name.ParseReference against ggcr-name.ts: the registry, repository, tag or digest, or the error text. */
export function ggcrNameFidelity(): Promise<FidelityRow> {
  return ggcrNameRow('crane (pkg/name)', 'pkg/name', GRAMMAR_IMAGES);
}

/** The situations go-containerregistry's pkg/name tests exercise (ggcr-upstream-cases.ts). */
export function ggcrNameUpstreamFidelity(): Promise<FidelityRow> {
  return ggcrNameRow('crane (pkg/name own test situations)', 'pkg/name upstream tests', GGCR_NAME_UPSTREAM_IMAGES);
}
