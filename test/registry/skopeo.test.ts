import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkAccess } from '../../src/registry/probe.js';
import { Secret } from '../../src/util/secret.js';
import { observeOutcome } from '../differential/outcome.js';
import { loadTestbed } from '../testbed/testbed.js';
import { writeTinyOciLayout } from './support/oci-layout.js';
import { imageRef } from './support/ref.js';

/** The push verdict must agree with what a real `skopeo copy` of a tiny image can do. */

const testbed = loadTestbed();
let layout: string;
before(async () => {
  layout = join(testbed.tempDir('oci-layout'), 'image');
  await writeTinyOciLayout(layout);
});
after(() => testbed.close());

const cases: Array<[string, string, string | null, string, 'granted' | 'denied']> = [
  ['owner on the hub', 'alice', null, 'docker.io/alice/probe', 'granted'],
  ['other namespace on the hub', 'alice', null, 'docker.io/bob/probe', 'denied'],
  ['read-only user on the hub', 'reader', null, 'docker.io/reader/probe', 'denied'],
  ['wrong password on the hub', 'alice', 'wrong-password', 'docker.io/alice/probe', 'denied'],
  ['valid user on the htpasswd registry', 'bob', null, 'myreg.example.com/bob/probe', 'granted'],
  ['wrong password on the htpasswd registry', 'bob', 'wrong-password', 'myreg.example.com/bob/probe', 'denied'],
];

for (const [name, user, wrongPassword, target, expected] of cases) {
  test(`push verdict matches skopeo copy: ${name}`, async () => {
    const password = wrongPassword ?? testbed.user(user).password;
    const [registry, ...path] = target.split('/');
    const report = await checkAccess({
      ref: imageRef(registry!, path.join('/')),
      credentials: { username: user, password: new Secret(password) },
      push: true,
      insecureRegistries: [],
      proxy: null,
      env: testbed.env(),
      timeoutMs: 5000,
      deadlineMs: 20000,
    });
    const skopeo = await testbed.runSkopeo(
      ['copy', '--insecure-policy', '--retry-times', '0', '--dest-creds', `${user}:${password}`, `oci:${layout}:latest`, `docker://${target}:probe`],
      { timeoutMs: 30_000 },
    );
    assert.equal(report.push, expected, JSON.stringify(report.problems));
    // only an authentication or authorisation refusal means "denied"; any other failure proves nothing
    const observed = observeOutcome(skopeo, { accepted: [], rejected: [] });
    assert.ok(observed.exit === 'ok' || (observed.exit === 'failed' && observed.error === 'auth'), `skopeo copy neither succeeded nor was refused: exit ${skopeo.code}: ${skopeo.stderr}`);
    assert.equal(observed.exit === 'ok' ? 'granted' : 'denied', report.push, skopeo.stderr);
  });
}
