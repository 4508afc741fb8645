import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../explain.js';
import { runChecks } from '../run-checks.js';
import { CONFIG_PATH, FIXTURE_SECRETS, scenario } from '../scenario.test-support.js';
import { closestField } from './config-content.js';

function found(config: string) {
  const report = runChecks(scenario({ config }));
  assert.deepEqual(report.checked.failedChecks, []);
  for (const secret of FIXTURE_SECRETS) assert.ok(!JSON.stringify(report).includes(secret), 'no secret in the report');
  return report.findings;
}

describe('doctor: what a hand-made config.json says wrongly', () => {
  it('"credStore" is reported with "did you mean credsStore", at its line; a case-only difference is read by Go and not reported', () => {
    const findings = found('config-credstore-typo.json').filter((finding) => finding.id === 'config-key-misspelt');
    assert.deepEqual(findings.map((finding) => [finding.key, finding.file, finding.line]), [['credStore', CONFIG_PATH, 5]]);
    assert.match(findings[0]?.title ?? '', /did you mean "credsStore"\?/);
  });

  it('credentials at the top level instead of under "auths"', () => {
    const findings = found('config-toplevel-auth.json').filter((finding) => finding.id === 'config-entry-misplaced');
    assert.deepEqual(findings.map((finding) => [finding.key, finding.line]), [['myreg.example.com', 2], ['auth', 5]]);
  });

  it('an auth made with echo (trailing newline)', () => {
    const findings = found('auth-echo-newline.json').filter((finding) => finding.id === 'auth-trailing-whitespace');
    assert.deepEqual(findings.map((finding) => [finding.key, finding.line]), [['myreg.example.com', 3]]);
    assert.match(findings[0]?.title ?? '', /newline/);
  });

  it('an e-mail address as the Docker Hub user name', () => {
    const findings = found('hub-email.json').filter((finding) => finding.id === 'hub-email-username');
    assert.deepEqual(findings.map((finding) => [finding.key, finding.line]), [['https://index.docker.io/v1/', 3]]);
  });

  it('well-formed configs give none of these findings', () => {
    for (const config of ['seed.json', 'hub-correct.json', 'helper-pass.json', 'host-forms.json']) {
      const ids = found(config).map((finding) => finding.id);
      for (const id of ['config-key-misspelt', 'config-entry-misplaced', 'auth-trailing-whitespace', 'hub-email-username']) assert.ok(!ids.includes(id as never), `${config}: ${id}`);
    }
  });

  it('suggestions only for near misses with one best candidate', () => {
    assert.equal(closestField('credStore'), 'credsStore');
    assert.equal(closestField('credHelper'), 'credHelpers');
    assert.equal(closestField('somethingElse'), null);
  });

  it('every new finding id has its long explanation', () => {
    for (const id of ['config-key-misspelt', 'config-entry-misplaced', 'auth-trailing-whitespace', 'hub-email-username']) {
      assert.equal(explain(id).kind, 'finding', id);
    }
  });
});
