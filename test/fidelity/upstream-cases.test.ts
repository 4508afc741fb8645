import { test } from 'node:test';
import assert from 'node:assert/strict';
import { askOracle } from '../oracles/oracle.js';
import { GGCR_ORACLE } from './crane.js';
import { GGCR_KEYCHAIN_UPSTREAM_SETUPS, GGCR_NAME_UPSTREAM_IMAGES } from './ggcr-upstream-cases.js';
import { DISTRIBUTION_ORACLE } from './reference.js';
import { REFERENCE_UPSTREAM_IMAGES } from './reference-upstream-cases.js';
import { materialise } from './workspace.js';

/**
 * The case lists written for the situations go-containerregistry and distribution/reference test
 * themselves with stay meaningful: each reaches every kind of outcome in the libraries' own code
 * (fidelity.test.ts compares every case with regauth).
 */
test('the distribution/reference situations include accepted names of every shape and refused ones', async () => {
  const reply = await askOracle<{ answers: Array<{ error: string; domain: string; tag: string; digest: string }> }>(DISTRIBUTION_ORACLE, { cases: REFERENCE_UPSTREAM_IMAGES.map((image) => ({ image })) });
  assert.equal(reply.answers.length, REFERENCE_UPSTREAM_IMAGES.length);
  const errors = new Set(reply.answers.map((answer) => answer.error.replace(/\(.*\)/, '()')).filter((error) => error !== ''));
  for (const error of ['invalid reference format', 'repository name must be lowercase', 'repository name must not be more than 255 characters', 'invalid checksum digest length', 'unsupported digest algorithm', 'invalid repository name (), cannot specify 64-byte hexadecimal strings', 'invalid reference format: repository name () must be lowercase']) {
    assert.ok(errors.has(error), `no case ends in "${error}"`);
  }
  const accepted = reply.answers.filter((answer) => answer.error === '');
  assert.ok(accepted.length >= 100, `only ${accepted.length} accepted`);
  assert.ok(accepted.some((answer) => answer.domain.startsWith('[')), 'no IPv6 domain');
  assert.ok(accepted.some((answer) => answer.tag !== '' && answer.digest !== ''), 'no tag with a digest');
  assert.ok(accepted.some((answer) => answer.domain !== answer.domain.toLowerCase()), 'no upper-case domain');
});

test('the go-containerregistry situations reach every keychain outcome and pkg/name refusal', async () => {
  const workspace = materialise([...GGCR_KEYCHAIN_UPSTREAM_SETUPS]);
  try {
    const cases = workspace.setups.flatMap((item) => item.setup.images.map((image) => ({ image, env: item.env })));
    type Answer = { nameError: string; keychainError: string; anonymous: boolean; password: string; identityToken: string; registryToken: string };
    const keychain = await askOracle<{ answers: Answer[] }>(GGCR_ORACLE, { cases }, { timeoutMs: 120_000 });
    const kinds = new Set(keychain.answers.map((answer) => (answer.keychainError !== '' ? 'error' : answer.anonymous ? 'anonymous' : answer.identityToken !== '' ? 'identitytoken' : answer.registryToken !== '' ? 'registrytoken' : answer.password !== '' ? 'password' : 'empty')));
    assert.deepEqual([...kinds].sort(), ['anonymous', 'empty', 'error', 'identitytoken', 'password', 'registrytoken']);
    const names = await askOracle<{ answers: Answer[] }>(GGCR_ORACLE, { cases: GGCR_NAME_UPSTREAM_IMAGES.map((image) => ({ image, env: {} })) });
    const refused = names.answers.filter((answer) => answer.nameError !== '');
    assert.ok(refused.length >= 30 && names.answers.length - refused.length >= 60, `${refused.length} refused of ${names.answers.length}`);
    assert.ok(refused.some((answer) => answer.nameError.includes('URL scheme')), 'no URL-scheme refusal');
  } finally {
    workspace.remove();
  }
});
