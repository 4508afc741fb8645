import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { gpgPass, testHelperScript } from '../../testbed/testbed.js';
import { assertDockerSends, doctor, dockerLogin, expectFinding, expectNoFinding, freshPassEnv, inspect, place, regauthFix, runAdvised, scenarioTestbed, stopGpgAgent } from './support.js';

/** Credential helpers: named but not installed, keyed where Docker never looks, pass without a store, empty entries. */
const testbed = scenarioTestbed();
after(() => testbed.close());

const MISSING_HELPERS = [
  { fixture: 'helper-desktop-missing.json', helper: 'desktop', line: 5, key: 'credsStore' },
  { fixture: 'helper-desktop-exe-missing.json', helper: 'desktop.exe', line: 5, key: 'credsStore' },
  { fixture: 'helper-osxkeychain-copied.json', helper: 'osxkeychain', line: 6, key: 'credsStore' },
  { fixture: 'helper-wincred-credhelpers.json', helper: 'wincred', line: 6, key: 'myreg.example.com' },
];

for (const scenario of MISSING_HELPERS) {
  test(`${scenario.helper} named but not installed: login fails until "regauth fix" removes the setting, then Docker logs in and pulls`, async () => {
    const dir = testbed.tempDir(`missing-${scenario.helper}`);
    const config = place(testbed, scenario.fixture, dir);
    const report = await doctor({ config });
    const found = expectFinding(report, 'helper-missing', config, scenario.line);
    assert.equal(found.key, scenario.key);
    assert.ok(found.fix !== null, 'a helper of another platform is removed by regauth fix');
    const refused = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`docker-credential-${scenario.helper.replace('.', '\\.')}.*executable file not found`));
    await regauthFix(config);
    expectNoFinding(await doctor({ config }), 'helper-missing');
    const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir);
    assert.equal(login.code, 0, login.stderr);
    await assertDockerSends(testbed, 'myreg', dir, 'alice');
  });
}

test('desktop.exe inside WSL: doctor points at Windows interop instead of removing the helper', async () => {
  const dir = testbed.tempDir('wsl-desktop-exe');
  const config = place(testbed, 'helper-desktop-exe-missing.json', dir);
  const found = expectFinding(await doctor({ config, env: { WSL_DISTRO_NAME: 'Ubuntu' } }), 'helper-missing', config, 5);
  assert.equal(found.fix, null);
  assert.match(found.command ?? '', /wsl\.exe --shutdown/);
});

test('credHelpers keyed "docker.io": Docker never asks the helper; renamed as advised, Docker pulls as the helper\'s user', async () => {
  const alice = testbed.user('alice');
  const helperDir = testHelperScript(testbed.tempDir('hub-helper'), 'scenario', { credentials: { 'https://index.docker.io/v1/': { username: 'alice', secret: alice.password } } });
  const env = { PATH: `${helperDir}:${testbed.env()['PATH'] ?? ''}` };
  const dir = testbed.tempDir('credhelpers-docker-io');
  const config = place(testbed, 'credhelpers-hub-docker-io.json', dir);
  const found = expectFinding(await doctor({ config, env }), 'credhelpers-hub-key-ignored', config, 4);
  assert.equal(found.key, 'docker.io');
  const before = await inspect(testbed, 'hub', dir, { env });
  assert.equal(before.code, 0, before.stderr);
  assert.deepEqual(before.users, [], 'Docker pulls anonymously');
  await regauthFix(config, [], env);
  await assertDockerSends(testbed, 'hub', dir, 'alice', { env });
});

/** A private pass store with a GPG key, for the scenarios where pass works. */
async function initialisedPass(prefix: string): Promise<Record<string, string>> {
  return { ...(await gpgPass(testbed.tempDir(prefix))) };
}

test('plain-text credentials beside credsStore "pass": Docker asks pass and sends nothing; docker login stores them in pass and Docker pulls', async () => {
  const env = await initialisedPass('plaintext-pass');
  const dir = testbed.tempDir('plaintext-ignored');
  const config = place(testbed, 'plaintext-ignored-for-helper.json', dir);
  expectFinding(await doctor({ config, env }), 'plaintext-ignored-for-helper', config, 3);
  const before = await inspect(testbed, 'myreg', dir, { env });
  assert.notEqual(before.code, 0, 'the registry refuses the anonymous request');
  const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, env);
  assert.equal(login.code, 0, login.stderr);
  await assertDockerSends(testbed, 'myreg', dir, 'alice', { env });
});

test('an empty entry whose helper holds nothing: the advised docker login fills pass and Docker pulls', async () => {
  const env = await initialisedPass('empty-entry-pass');
  const dir = testbed.tempDir('empty-entry');
  const config = place(testbed, 'helper-empty-entry.json', dir);
  const found = expectFinding(await doctor({ config, env }), 'helper-empty-entry', config, 3);
  assert.match(found.command ?? '', /^docker login myreg\.example\.com/);
  assert.notEqual((await inspect(testbed, 'myreg', dir, { env })).code, 0);
  const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, env);
  assert.equal(login.code, 0, login.stderr);
  await assertDockerSends(testbed, 'myreg', dir, 'alice', { env });
  expectNoFinding(await doctor({ config, env }), 'helper-empty-entry');
});

const PASS_CASES = [
  { fixture: 'pass-uninitialised-credsstore.json', line: 3, why: 'credsStore "pass"' },
  { fixture: 'pass-uninitialised-default.json', line: null, why: 'no credsStore: pass is Docker\'s default store' },
];

for (const scenario of PASS_CASES) {
  test(`pass not initialised (${scenario.why}): login fails "pass not initialized"; the advised gpg + pass init make login and pulls work`, async () => {
    const env = freshPassEnv(testbed);
    const dir = testbed.tempDir('pass-uninitialised');
    const config = place(testbed, scenario.fixture, dir);
    const found = expectFinding(await doctor({ config, env }), 'pass-not-initialised', config, scenario.line);
    assert.match(found.command ?? '', /--quick-gen-key .* && PASSWORD_STORE_DIR=.* pass init /);
    const refused = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, env);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /pass not initiali[sz]ed/);
    try {
      await runAdvised(testbed, found.command ?? '', env);
      expectNoFinding(await doctor({ config, env }), 'pass-not-initialised');
      const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, env);
      assert.equal(login.code, 0, login.stderr);
      await assertDockerSends(testbed, 'myreg', dir, 'alice', { env });
    } finally {
      await stopGpgAgent(testbed, env);
    }
  });
}

test('pass not initialised but a GPG key exists: doctor advises "pass init" with that key; run, login and pulls work', async () => {
  const env = freshPassEnv(testbed);
  try {
    await runAdvised(testbed, "gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key 'Alice Example <alice@example.com>' default default never", env);
    const dir = testbed.tempDir('pass-with-key');
    const config = place(testbed, 'pass-uninitialised-credsstore.json', dir);
    const found = expectFinding(await doctor({ config, env }), 'pass-not-initialised', config, 3);
    assert.match(found.command ?? '', /^PASSWORD_STORE_DIR=\S+ pass init [0-9A-F]{40}$/);
    assert.doesNotMatch(found.command ?? '', /quick-gen-key/);
    await runAdvised(testbed, found.command ?? '', env);
    const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, env);
    assert.equal(login.code, 0, login.stderr);
    await assertDockerSends(testbed, 'myreg', dir, 'alice', { env });
  } finally {
    await stopGpgAgent(testbed, env);
  }
});
