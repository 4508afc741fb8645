import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gpgPass, loadTestbed } from '../testbed/testbed.js';
import { issueUserTokens } from '../testbed/user-tokens.js';
import { authOf, homeWithDockerConfig, regauth } from './support.js';

/** Commands speak from the resolvers, and their outcomes are honest; checked against the real programs. */
const testbed = loadTestbed();
after(() => testbed.close());

test('fix without a terminal and without --yes says why and exits 2, writing nothing', async () => {
  const text = JSON.stringify({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } } }, null, '\t');
  const { home, configPath } = homeWithDockerConfig(testbed, text);
  const fix = await regauth(['fix'], { env: { HOME: home }, input: '' });
  assert.equal(fix.code, 2, fix.stdout + fix.stderr);
  assert.match(fix.stderr, /not a terminal: run with --yes to apply/);
  assert.match(fix.stdout, /\+\s+"https:\/\/index\.docker\.io\/v1\/"/, 'the diff is still shown');
  assert.equal(readFileSync(configPath, 'utf8'), text);
});

test('fix with credsStore pass: the credential goes into the helper Docker asks, and the real CLI then sends alice', async () => {
  const passEnv = await gpgPass(testbed.tempDir('gpg'));
  const text = JSON.stringify({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } }, credsStore: 'pass' }, null, '\t');
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, text);
  const env = { HOME: home, ...passEnv };
  const before = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir, env: passEnv }));
  assert.deepEqual(before.users, [], 'Docker asks pass, which has nothing');

  const fix = await regauth(['fix', '--yes'], { env });
  assert.equal(fix.code, 0, fix.stdout + fix.stderr);
  assert.match(fix.stdout, /stored the credentials of "docker\.io" in docker-credential-pass under "https:\/\/index\.docker\.io\/v1\/"/);
  assert.match(fix.stdout, /now docker\.io\/alice\/x: docker: alice, podman: alice, crane: alice/);
  assert.match(fix.stdout, /after the fix: no errors left/);
  assert.equal(readFileSync(configPath, 'utf8'), text, 'the file is not touched: podman keeps reading it');
  const after = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir, env: passEnv }));
  assert.deepEqual(after.users, ['alice'], after.result.stderr);

  const ls = await regauth(['ls', '--client', 'docker', '--json'], { env });
  const entry = (JSON.parse(ls.stdout) as { clients: Array<{ files: Array<{ entries: Array<{ key: string; secretIn: string; helperHas?: boolean }> }> }> }).clients[0]?.files[0]?.entries[0];
  assert.equal(entry?.secretIn, 'helper');
  assert.equal(entry?.helperHas, true);
  const get = await regauth(['get', 'docker.io'], { env });
  assert.equal(get.code, 0, get.stderr);
  assert.equal((JSON.parse(get.stdout) as { Username: string }).Username, 'alice', 'ls and get agree: the helper holds it');
});

test('ls and get agree when the helper has nothing: the file secret is not used', async () => {
  const passEnv = await gpgPass(testbed.tempDir('gpg'));
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } }, credsStore: 'pass' }));
  const env = { HOME: home, ...passEnv };
  const ls = await regauth(['ls', '--client', 'docker'], { env });
  assert.match(ls.stdout, /docker\.io {2}user alice, docker asks docker-credential-pass, which has none for "https:\/\/index\.docker\.io\/v1\/"; the secret in the file is not used/);
  const get = await regauth(['get', 'docker.io'], { env });
  assert.equal(get.code, 1);
  assert.match(get.stderr, /credentials not found/);
});

test('check: a missing tag is reported, not granted', async () => {
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } } }));
  const check = await regauth(['check', 'alice/app:nosuchtag'], { env: { HOME: home } });
  assert.equal(check.code, 1, check.stdout + check.stderr);
  assert.match(check.stdout, /pull: repository readable, tag not found/);
  const json = await regauth(['check', 'alice/app:nosuchtag', '--json'], { env: { HOME: home } });
  assert.equal((JSON.parse(json.stdout) as { manifest: string }).manifest, 'missing');
});

test('identity token beside auth: the token on Docker Hub (token auth), the user and password on a basic-auth registry', async () => {
  const refresh = (await issueUserTokens(testbed)).get('carol')?.refresh ?? '';
  const entry = { auth: authOf(testbed, 'alice'), identitytoken: refresh };
  const { home, configDir } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'https://index.docker.io/v1/': entry, 'myreg.example.com': entry } }));
  const env = { HOME: home };

  const hub = await regauth(['check', 'alice/app'], { env });
  assert.equal(hub.code, 0, hub.stdout + hub.stderr);
  assert.match(hub.stdout, /credentials: an identity token \(no username; exchanged for a registry token\)/);
  assert.match(hub.stdout, /authenticated: yes/);
  const realHub = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
  assert.deepEqual(realHub.users, ['carol'], 'Docker exchanges the identity token (carol\'s)');

  const basic = await regauth(['check', 'myreg.example.com/app'], { env });
  assert.equal(basic.code, 0, basic.stdout + basic.stderr);
  assert.match(basic.stdout, /credentials: user "alice" \(basic auth: the password is sent, not the identity token\)/);
  const realBasic = await testbed.usersSeen('myreg', () => testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir }));
  assert.deepEqual(realBasic.users, ['alice'], realBasic.result.stderr);
  const skopeo = await testbed.usersSeen('myreg', () => testbed.runSkopeo(['inspect', '--raw', '--authfile', `${configDir}/config.json`, 'docker://myreg.example.com/app'], { env }));
  assert.deepEqual(skopeo.users, ['alice'], skopeo.result.stderr);
});

test('DOCKER_AUTH_CONFIG: resolve models the installed CLI (28.2, which ignores it), as the real CLI shows', async () => {
  const { home, configDir } = homeWithDockerConfig(testbed, '{}');
  const authConfig = JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } } });
  const env = { HOME: home, DOCKER_AUTH_CONFIG: authConfig };
  const resolve = await regauth(['resolve', 'alice/app', '--client', 'docker', '--json'], { env });
  const [docker] = (JSON.parse(resolve.stdout) as { results: Array<{ username: string | null; trace: Array<{ why: string }> }> }).results;
  assert.match(docker?.trace[0]?.why ?? '', /^modelling Docker CLI 28\.2\.2, installed at \S+docker$/);
  const real = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir, env: { DOCKER_AUTH_CONFIG: authConfig } }));
  assert.equal(docker?.username ?? null, real.users[0] ?? null, `regauth and the installed CLI agree: ${real.result.stderr}`);
  const doctor = await regauth(['doctor', '--offline', '--json'], { env });
  assert.ok((JSON.parse(doctor.stdout) as { findings: Array<{ id: string }> }).findings.some((finding) => finding.id === 'auth-config-env-ignored'), 'doctor says the same');
});

test('doctor: an unreachable registry is an error (exit 1); nothing sent is never called a refusal', async () => {
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'unreachable.invalid': { auth: authOf(testbed, 'alice') } } }));
  const doctor = await regauth(['doctor', 'unreachable.invalid/app', '--json', '--timeout', '5'], { env: { HOME: home } });
  assert.equal(doctor.code, 1, doctor.stdout);
  const findings = (JSON.parse(doctor.stdout) as { findings: Array<{ id: string; severity: string }> }).findings;
  assert.equal(findings.find((finding) => finding.id === 'registry-unreachable')?.severity, 'error');

  const seed = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } } }));
  const push = await regauth(['doctor', 'alice/app', '--push', '--json'], { env: { HOME: seed.home } });
  const text = push.stdout;
  assert.doesNotMatch(text, /refuses the stored token/, 'nothing was sent, so nothing was refused');
  assert.ok((JSON.parse(text) as { findings: Array<{ id: string }> }).findings.some((finding) => finding.id === 'clients-disagree'));
});
