import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { Testbed } from '../../testbed/testbed.js';
import { assertDockerSends, doctor, expectFinding, expectNoFinding, inspect, place, regauthFix, runAdvised, scenarioTestbed } from './support.js';

/** What a hand-made config.json says: entries at the wrong level, bad "auth" values, broken JSON, keys with a port or a scheme. */
const testbed = scenarioTestbed();
after(() => testbed.close());

type Json = Record<string, unknown>;

function editJson(path: string, edit: (value: Json) => Json): void {
  writeFileSync(path, `${JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')) as Json), null, 2)}\n`, { mode: 0o600 });
}

/** The value the explanation tells users to make: printf '%s' 'user:password' | base64 -w0, run for real. */
async function printfAuth(bed: Testbed, user: string): Promise<string> {
  const result = await runAdvised(bed, `printf '%s' '${user}:${bed.user(user).password}' | base64 -w0`);
  return result.stdout.trim();
}

async function setAuth(path: string, key: string, user: string): Promise<void> {
  const auth = await printfAuth(testbed, user);
  editJson(path, (value) => ({ ...value, auths: { ...(value['auths'] as Json), [key]: { auth } } }));
}

test('credentials at the top level instead of under "auths": every client ignores them; moved under "auths", Docker sends them', async () => {
  const dir = testbed.tempDir('top-level');
  const config = place(testbed, 'auth-at-top-level.json', dir);
  expectFinding(await doctor({ config }), 'config-entry-misplaced', config, 2);
  assert.notEqual((await inspect(testbed, 'myreg', dir)).code, 0);
  editJson(config, (value) => ({ auths: value }));
  expectNoFinding(await doctor({ config }), 'config-entry-misplaced');
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

const BAD_AUTH = [
  { fixture: 'auth-invalid-base64.json', id: 'auth-invalid-base64' },
  { fixture: 'auth-missing-colon.json', id: 'auth-missing-colon' },
  { fixture: 'auth-empty-username.json', id: 'auth-empty-username' },
];

for (const scenario of BAD_AUTH) {
  test(`${scenario.id}: Docker sends nothing; re-made with printf | base64 as advised, Docker sends the user`, async () => {
    const dir = testbed.tempDir(scenario.id);
    const config = place(testbed, scenario.fixture, dir);
    expectFinding(await doctor({ config }), scenario.id, config, 4);
    assert.notEqual((await inspect(testbed, 'myreg', dir)).code, 0);
    await setAuth(config, 'myreg.example.com', 'alice');
    expectNoFinding(await doctor({ config }), scenario.id);
    await assertDockerSends(testbed, 'myreg', dir, 'alice');
  });
}

test('one bad entry makes Docker drop the others: doctor names it; removed, the other registry works', async () => {
  const dir = testbed.tempDir('bad-entry');
  const config = place(testbed, 'bad-entry-breaks-file.json', dir);
  const found = expectFinding(await doctor({ config }), 'bad-entry-breaks-file', config, 3);
  assert.equal(found.key, 'other.example.com');
  assert.notEqual((await inspect(testbed, 'other', dir)).code, 0);
  editJson(config, (value) => {
    const { ['other.example.com']: _bad, ...rest } = value['auths'] as Json;
    return { ...value, auths: rest };
  });
  expectNoFinding(await doctor({ config }), 'bad-entry-breaks-file');
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('invalid JSON (a trailing comma): Docker reads nothing; with the syntax fixed at the reported line, Docker sends the user', async () => {
  const dir = testbed.tempDir('invalid-json');
  const config = place(testbed, 'invalid-json.json', dir);
  expectFinding(await doctor({ config }), 'config-invalid-json', config, 5);
  const before = await inspect(testbed, 'myreg', dir);
  assert.notEqual(before.code, 0);
  assert.match(before.stderr, /Error parsing config file|invalid character/);
  writeFileSync(config, readFileSync(config, 'utf8').replace(/",\n(\s*)\}/, '"\n$1}'));
  expectNoFinding(await doctor({ config }), 'config-invalid-json');
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('a value of the wrong JSON type: Docker stops decoding; with the value fixed, Docker sends the user', async () => {
  const dir = testbed.tempDir('type-error');
  const config = place(testbed, 'config-type-error.json', dir);
  expectFinding(await doctor({ config }), 'config-type-error', config, 7);
  assert.notEqual((await inspect(testbed, 'myreg', dir)).code, 0);
  editJson(config, ({ credsStore: _wrong, ...rest }) => rest);
  expectNoFinding(await doctor({ config }), 'config-type-error');
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('a key with the default port :443: Docker never uses it; after "regauth fix" it does', async () => {
  const dir = testbed.tempDir('default-port');
  const config = place(testbed, 'key-default-port.json', dir);
  expectFinding(await doctor({ config }), 'key-default-port', config, 3);
  assert.notEqual((await inspect(testbed, 'myreg', dir)).code, 0);
  await regauthFix(config);
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('"username" naming another user than "auth": Docker sends the auth\'s user, as doctor says', async () => {
  const dir = testbed.tempDir('username-mismatch');
  const config = place(testbed, 'auth-username-mismatch.json', dir);
  const found = expectFinding(await doctor({ config }), 'auth-username-mismatch', config, 4);
  assert.match(found.detail + found.title, /alice/);
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
  editJson(config, (value) => ({ auths: { 'myreg.example.com': { auth: ((value['auths'] as Json)['myreg.example.com'] as Json)['auth'] } } }));
  expectNoFinding(await doctor({ config }), 'auth-username-mismatch');
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('one registry with and without "https://" holding different users: doctor says which each client sends; Docker does; --keep decides', async () => {
  const dir = testbed.tempDir('scheme-duplicates');
  const config = place(testbed, 'scheme-duplicates-myreg.json', dir);
  const found = expectFinding(await doctor({ config }), 'conflicting-keys', config, 3);
  assert.match(found.detail, /Docker sends the user "dave"/, found.detail);
  await assertDockerSends(testbed, 'myreg', dir, 'dave');
  const podman = /podman\/skopeo\/buildah sends the user "(\w+)"/.exec(found.detail)?.[1];
  const skopeo = await testbed.usersSeen('myreg', () => testbed.runSkopeo(['inspect', '--raw', '--authfile', config, 'docker://myreg.example.com/app']));
  assert.equal(skopeo.result.code, 0, skopeo.result.stderr);
  assert.deepEqual(skopeo.users, [podman], found.detail);
  await regauthFix(config, ['--keep', 'https://myreg.example.com']);
  expectNoFinding(await doctor({ config }), 'conflicting-keys');
  await assertDockerSends(testbed, 'myreg', dir, 'carol');
});

test('Amazon ECR keys with and without "https://": doctor reports both, which one Docker sends, and offers --keep', async () => {
  const dir = testbed.tempDir('ecr-duplicates');
  const config = place(testbed, 'ecr-scheme-duplicates.json', dir);
  const found = expectFinding(await doctor({ config }), 'conflicting-keys', config, 3);
  assert.match(found.detail, /Docker sends the user "AWS"/);
  assert.deepEqual((found as { choices?: string[] }).choices, ['https://123456789012.dkr.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com']);
  await regauthFix(config, ['--keep', '123456789012.dkr.ecr.eu-west-1.amazonaws.com']);
  expectNoFinding(await doctor({ config }), 'conflicting-keys');
  assert.deepEqual(Object.keys((JSON.parse(readFileSync(config, 'utf8')) as { auths: Json }).auths), ['123456789012.dkr.ecr.eu-west-1.amazonaws.com']);
});

test('an Amazon ECR login older than 12 hours: doctor reads its expiration offline and advises the ECR credential helper', async () => {
  const dir = testbed.tempDir('ecr-expired');
  const config = place(testbed, 'ecr-token-expired.json', dir);
  const found = expectFinding(await doctor({ config }), 'ecr-token-expired', config, 3);
  assert.match(found.detail + found.title, /2020-09-13/);
});
