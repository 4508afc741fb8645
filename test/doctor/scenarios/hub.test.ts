import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run } from '../../testbed/process.js';
import { assertDockerSends, doctor, dockerLogin, expectFinding, expectNoFinding, inspect, place, regauthFix, scenarioTestbed } from './support.js';

/** Docker Hub: the key spellings Docker never reads, the web site's host, e-mail logins, expired and stale credentials. */
const testbed = scenarioTestbed();
after(() => testbed.close());

const HUB = 'https://index.docker.io/v1/';

const IGNORED_SPELLINGS = [
  { fixture: 'hub-key-docker-io.json', key: 'docker.io', id: 'docker-hub-key-ignored', user: 'alice' },
  { fixture: 'hub-key-index-no-slash.json', key: 'https://index.docker.io/v1', id: 'docker-hub-key-ignored', user: 'alice' },
  { fixture: 'hub-key-registry-1.json', key: 'registry-1.docker.io', id: 'docker-hub-key-ignored', user: 'bob' },
  { fixture: 'hub-website-key.json', key: 'hub.docker.com', id: 'hub-website-key', user: 'alice' },
];

for (const scenario of IGNORED_SPELLINGS) {
  test(`Hub credentials under ${JSON.stringify(scenario.key)}: Docker pulls anonymously; after "regauth fix" it sends ${scenario.user}`, async () => {
    const dir = testbed.tempDir('hub-key');
    const config = place(testbed, scenario.fixture, dir);
    const found = expectFinding(await doctor({ config }), scenario.id, config, 3);
    assert.equal(found.key, scenario.key);
    const before = await inspect(testbed, 'hub', dir);
    assert.equal(before.code, 0, before.stderr);
    assert.deepEqual(before.users, [], 'Docker sends nothing');
    await regauthFix(config);
    expectNoFinding(await doctor({ config }), scenario.id);
    await assertDockerSends(testbed, 'hub', dir, scenario.user);
  });
}

test('an e-mail address as the Hub user: the registry refuses it; docker login with the Docker ID works', async () => {
  const dir = testbed.tempDir('hub-email');
  const config = place(testbed, 'hub-email-username.json', dir);
  const found = expectFinding(await doctor({ config }), 'hub-email-username', config, 3);
  assert.equal(found.key, HUB);
  assert.notEqual((await inspect(testbed, 'hub', dir)).code, 0, 'the token server refuses alice@example.com');
  const login = await dockerLogin(testbed, 'docker.io', 'alice', dir);
  assert.equal(login.code, 0, login.stderr);
  expectNoFinding(await doctor({ config }), 'hub-email-username');
  await assertDockerSends(testbed, 'hub', dir, 'alice');
});

test('an expired identity token: Hub pulls fail; the advised docker login replaces it and Docker pulls as the user', async () => {
  const dir = testbed.tempDir('hub-expired');
  const config = place(testbed, 'hub-identitytoken-expired.json', dir);
  const found = expectFinding(await doctor({ config }), 'token-expired', config, 3);
  assert.match(found.command ?? '', /^docker login/);
  assert.notEqual((await inspect(testbed, 'hub', dir)).code, 0, 'the token server refuses the stale token');
  const login = await dockerLogin(testbed, 'docker.io', 'alice', dir);
  assert.equal(login.code, 0, login.stderr);
  expectNoFinding(await doctor({ config }), 'token-expired');
  await assertDockerSends(testbed, 'hub', dir, 'alice');
});

test('a stale Hub password breaks even public pulls: doctor (online) names the refusal; docker logout makes the public pull work', async () => {
  const dir = testbed.tempDir('hub-stale');
  const config = place(testbed, 'hub-stale-password.json', dir);
  const ubuntu = 'docker.io/library/ubuntu';
  const report = await doctor({ config, offline: false, args: [ubuntu] });
  const found = expectFinding(report, 'registry-login-failed', config, 3);
  assert.equal(found.key, HUB);
  const before = await inspect(testbed, 'hub', dir, { image: ubuntu });
  assert.notEqual(before.code, 0, 'Docker sends the stale password and the token server refuses it');
  const logout = await run(testbed.bins.docker, ['logout'], { env: testbed.env({ DOCKER_CONFIG: dir }) });
  assert.equal(logout.code, 0, logout.stderr);
  const after = await inspect(testbed, 'hub', dir, { image: ubuntu });
  assert.equal(after.code, 0, after.stderr);
  assert.deepEqual(after.users, []);
});
