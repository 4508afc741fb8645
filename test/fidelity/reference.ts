import { parseImageRef } from '../../src/reference/parse.js';
import { askOracle } from '../oracles/oracle.js';
import { GRAMMAR_IMAGES } from './corpus.js';
import { type FidelityRow, summarise } from './outcome.js';

/**
 * distribution/reference (test/oracles/reference-distribution: ParseNormalizedNamed), the
 * grammar the Docker CLI and the kubelet read images with, against src/reference/parse.ts.
 */
export const DISTRIBUTION_ORACLE = 'reference-distribution';

interface ReferenceAnswer {
  error: string;
  domain: string;
  path: string;
}

export async function distributionReferenceFidelity(): Promise<FidelityRow> {
  const reply = await askOracle<{ release: string; answers: ReferenceAnswer[] }>(DISTRIBUTION_ORACLE, { cases: GRAMMAR_IMAGES.map((image) => ({ image })) });
  const differences = GRAMMAR_IMAGES.map((image, index) => {
    const answer = reply.answers[index];
    if (answer === undefined) throw new Error(`${DISTRIBUTION_ORACLE} gave no answer for ${image}`);
    const expected = answer.error !== '' ? `error: ${answer.error}` : `${answer.domain} ${answer.path}`;
    let actual: string;
    try {
      const ref = parseImageRef(image);
      actual = `${ref.registry} ${ref.repository}`;
    } catch (error) {
      actual = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    const outcome = (text: string): { error: string; username: null; kind: null; secret: null } => ({ error: text, username: null, kind: null, secret: null });
    return expected === actual ? null : { setup: 'ParseNormalizedNamed', image, oracle: outcome(expected), regauth: outcome(actual), reason: null };
  });
  return summarise('docker, kubelet (distribution/reference)', reply.release.replace(/^v/, ''), DISTRIBUTION_ORACLE, differences);
}
