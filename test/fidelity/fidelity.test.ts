import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCorpus } from './corpus.js';
import { FIDELITY_SUITES, corpusWorkspace } from './suites.js';

/**
 * regauth against the clients' own Go code (test/oracles/), over the generated corpus: every
 * difference must be one regauth flags as ambiguous (Go map order), with the reason in its trace.
 */
const workspace = corpusWorkspace();
after(() => workspace.remove());

test('the corpus mixes at least 300 credential setups × images', () => {
  const setups = generateCorpus();
  const pairs = setups.reduce((sum, setup) => sum + setup.images.length, 0);
  assert.ok(pairs >= 300, `only ${pairs} cases`);
  const texts = JSON.stringify(setups);
  for (const ingredient of ['credsStore', 'credHelpers', 'identitytoken', 'registrytoken', '%%not-base64%%', 'https://', 'http://', ':5000', '/v1/', 'MYREG', 'DOCKER_CONFIG', 'REGISTRY_AUTH_FILE', 'XDG_RUNTIME_DIR', '.dockercfg', '"directory":true']) {
    assert.ok(texts.includes(ingredient), `the corpus has no ${ingredient}`);
  }
  assert.ok(setups.some((setup) => setup.authConfigEnv !== undefined), 'the corpus never sets DOCKER_AUTH_CONFIG');
  assert.ok(setups.some((setup) => setup.helpers.some((helper) => helper.behaviour.mode === 'fail')), 'no failing helper');
});

for (const suite of FIDELITY_SUITES) {
  for (const row of suite.rows) {
    test(`fidelity: ${row.label} agrees with regauth on every unambiguous case`, async () => {
      const result = await row.run(workspace);
      assert.ok(result.cases > 0, 'no cases ran');
      const unexplained = result.differences.filter((difference) => difference.reason === null);
      assert.deepEqual(unexplained, [], `${unexplained.length} of ${result.cases} cases differ from ${result.oracle}`);
      assert.equal(result.agree + result.differences.length, result.cases);
    });
  }
}
