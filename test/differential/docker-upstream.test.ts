import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCKER_ORACLES, dockerCases, dockerFidelity } from '../fidelity/docker.js';
import { materialise } from '../fidelity/workspace.js';
import { UPSTREAM_CASES, describeOutcome } from './docker-upstream-cases.js';

/**
 * The situations of docker/cli's and docker/docker's own tests (docker-upstream-cases.ts), run
 * through the Docker CLI's own code at every release regauth distinguishes and through regauth's
 * docker resolver for the same release: the whole outcome (error, user, kind of secret, the
 * secret's fingerprint) must agree, and the oracle must answer what the upstream test asserts.
 */
const workspace = materialise(UPSTREAM_CASES.map((item) => item.setup));
after(() => workspace.remove());

test('the upstream cases cover the tests they follow', () => {
  const followed = new Set(UPSTREAM_CASES.map((item) => item.after.replace(/ \(.*\)$/, '')));
  assert.ok(UPSTREAM_CASES.length >= 80, `only ${UPSTREAM_CASES.length} setups`);
  for (const name of ['configfile.TestGetAllCredentialsCredStoreErrorHandling', 'configfile.TestGetAllCredentialsFromEnvironment', 'configfile.TestParseEnvConfig', 'credentials.TestConvertToHostname', 'credentials.TestNativeStoreGetIdentityToken', 'registry.TestResolveAuthConfigFullURL', 'config.TestLoadDanglingSymlink', 'config.TestOldValidAuth']) {
    assert.ok(followed.has(name), `no case follows ${name}`);
  }
});

for (const release of DOCKER_ORACLES) {
  test(`docker ${release.release}: regauth and docker/cli agree on every upstream situation, as the upstream tests expect`, async () => {
    const { row, outcomes } = await dockerFidelity(workspace, release);
    const cases = dockerCases(workspace);
    assert.equal(row.cases, cases.length);
    const unexplained = row.differences.filter((difference) => difference.reason === null);
    const byId = new Map(UPSTREAM_CASES.map((item) => [item.setup.id, item]));
    const unexpected = cases.flatMap((item, index) => {
      const upstream = byId.get(item.materialised.setup.id);
      const outcome = outcomes[index];
      if (upstream === undefined || outcome === undefined) throw new Error(`case ${index} has no upstream case or outcome`);
      const expected = upstream.expect[item.image];
      const want = typeof expected === 'function' ? expected(release.release) : expected;
      const got = describeOutcome(outcome);
      return got === want ? [] : [`${upstream.setup.id} ${upstream.after} ${item.image}: expected ${want}, ${release.oracle} says ${got}${outcome.error === null ? '' : ` (${outcome.error})`}`];
    });
    // both lists at once: regauth against the oracle, the oracle against the upstream test
    assert.deepEqual({ unexplained, unexpected }, { unexplained: [], unexpected: [] }, `${unexplained.length} of ${row.cases} cases differ from ${release.oracle}`);
  });
}
