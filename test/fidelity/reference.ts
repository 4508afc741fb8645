import { parseImageRef } from '../../src/reference/parse.js';
import { askOracle } from '../oracles/oracle.js';
import { GRAMMAR_IMAGES } from './corpus.js';
import { type FidelityRow, summarise } from './outcome.js';
import { REFERENCE_UPSTREAM_IMAGES } from './reference-upstream-cases.js';

/**
 * distribution/reference (test/oracles/reference-distribution: ParseNormalizedNamed), the
 * grammar the Docker CLI and the kubelet read images with, against src/reference/parse.ts: the
 * error text, or the domain, path, tag, digest and canonical string.
 */
export const DISTRIBUTION_ORACLE = 'reference-distribution';

interface ReferenceAnswer {
  error: string;
  domain: string;
  path: string;
  tag: string;
  digest: string;
  string: string;
}

/** One reading as a line both sides can state: the error, or every part the name was split into. */
export function referenceReading(parts: { error: string } | { domain: string; path: string; tag: string; digest: string; string: string }): string {
  if ('error' in parts && parts.error !== '') return `error: ${parts.error}`;
  if (!('domain' in parts)) throw new Error('a reading without an error names its parts');
  return `${parts.domain} ${parts.path} tag=${parts.tag} digest=${parts.digest} ${parts.string}`;
}

export function regauthReferenceReading(image: string): string {
  try {
    const ref = parseImageRef(image);
    return referenceReading({ domain: ref.registry, path: ref.repository, tag: ref.tag ?? '', digest: ref.digest ?? '', string: ref.normalized });
  } catch (error) {
    return referenceReading({ error: error instanceof Error ? error.message : String(error) });
  }
}

async function referenceRow(client: string, setup: string, images: readonly string[]): Promise<FidelityRow> {
  const reply = await askOracle<{ release: string; answers: ReferenceAnswer[] }>(DISTRIBUTION_ORACLE, { cases: images.map((image) => ({ image })) });
  const differences = images.map((image, index) => {
    const answer = reply.answers[index];
    if (answer === undefined) throw new Error(`${DISTRIBUTION_ORACLE} gave no answer for ${image}`);
    const expected = referenceReading(answer);
    const actual = regauthReferenceReading(image);
    const outcome = (text: string): { error: string; username: null; kind: null; secret: null } => ({ error: text, username: null, kind: null, secret: null });
    return expected === actual ? null : { setup, image, oracle: outcome(expected), regauth: outcome(actual), reason: null };
  });
  return summarise(client, reply.release.replace(/^v/, ''), DISTRIBUTION_ORACLE, differences);
}

export function distributionReferenceFidelity(): Promise<FidelityRow> {
  return referenceRow('docker, kubelet (distribution/reference)', 'ParseNormalizedNamed', GRAMMAR_IMAGES);
}

/** The situations distribution/reference's own tests exercise (reference-upstream-cases.ts). */
export function distributionUpstreamFidelity(): Promise<FidelityRow> {
  return referenceRow('docker, kubelet (distribution/reference own test situations)', 'upstream tests', REFERENCE_UPSTREAM_IMAGES);
}
