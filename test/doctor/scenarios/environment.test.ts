import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run } from '../../testbed/process.js';
import { REGAUTH_BIN } from '../../cli/support.js';
import { assertDockerSends, doctor, dockerLogin, expectFinding, expectNoFinding, fixtureText, freshPassEnv, initialisePassAsAdvised, inspect, place, runAdvised, scenarioTestbed, stopGpgAgent } from './support.js';

/** Around config.json: Docker contexts, file modes, the legacy file, environment variables, where the file is. */
const testbed = scenarioTestbed();
after(() => testbed.close());

/** A fresh HOME; doctor and Docker find their files there (no DOCKER_CONFIG). */
function homeEnv(home: string): Record<string, string | undefined> {
  return { HOME: home, DOCKER_CONFIG: undefined };
}

test('"currentContext" names a context that does not exist: Docker 28 cannot log in, 20.10 cannot even inspect; "docker context use default" fixes both', async () => {
  const dir = testbed.tempDir('context');
  const config = place(testbed, 'current-context-missing.json', dir);
  const found = expectFinding(await doctor({ config }), 'docker-context-missing', config, 7);
  assert.equal(found.command, 'docker context use default');
  const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir);
  assert.notEqual(login.code, 0);
  assert.match(login.stderr, /context "desktop-linux": context not found/);
  const old = await inspect(testbed, 'myreg', dir, { dockerBin: testbed.bins.docker20 });
  assert.notEqual(old.code, 0);
  assert.match(old.stderr, /Current context "desktop-linux" is not found on the file system/);
  // DOCKER_HOST picks the default context before currentContext is looked at: doctor and Docker agree
  const viaHost = { DOCKER_HOST: `unix://${dir}/no-daemon.sock` };
  expectNoFinding(await doctor({ config, env: viaHost }), 'docker-context-missing');
  const hostLogin = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, viaHost);
  assert.equal(hostLogin.code, 0, hostLogin.stderr);
  await runAdvised(testbed, found.command, { DOCKER_CONFIG: dir });
  expectNoFinding(await doctor({ config }), 'docker-context-missing');
  const fixed = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir);
  assert.equal(fixed.code, 0, fixed.stderr);
  await assertDockerSends(testbed, 'myreg', dir, 'alice', { dockerBin: testbed.bins.docker20 });
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('DOCKER_CONTEXT names a missing context: doctor says so without a file; unset, Docker logs in', async () => {
  const dir = testbed.tempDir('context-env');
  const config = place(testbed, 'world-readable.json', dir);
  const env = { DOCKER_CONTEXT: 'ci-remote' };
  const found = expectFinding(await doctor({ config, env }), 'docker-context-missing', null, null);
  assert.equal(found.command, 'unset DOCKER_CONTEXT');
  const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, env);
  assert.match(login.stderr, /context "ci-remote": context not found/);
  const fixed = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, { DOCKER_CONTEXT: undefined });
  assert.equal(fixed.code, 0, fixed.stderr);
});

test('a config file readable by everyone: the advised chmod 600 makes it private and Docker still reads it', async () => {
  const dir = testbed.tempDir('world-readable');
  const config = place(testbed, 'world-readable.json', dir, 'config.json', 0o644);
  const found = expectFinding(await doctor({ config }), 'config-world-readable', config, null);
  await runAdvised(testbed, found.command ?? '');
  assert.equal(statSync(config).mode & 0o777, 0o600);
  expectNoFinding(await doctor({ config }), 'config-world-readable');
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('a backup readable by everyone: the advised chmod 600 makes it private', async () => {
  const dir = testbed.tempDir('backup-readable');
  const config = place(testbed, 'world-readable.json', dir);
  const backup = place(testbed, 'world-readable.json', dir, 'config.json.bak', 0o644);
  const found = expectFinding(await doctor({ config }), 'backup-readable-by-others', backup, null);
  await runAdvised(testbed, found.command ?? '');
  assert.equal(statSync(backup).mode & 0o777, 0o600);
  expectNoFinding(await doctor({ config }), 'backup-readable-by-others');
});

test('only a legacy ~/.dockercfg: Docker 28 ignores it, 20.10 reads it; moved into config.json as advised, Docker 28 sends the user', async () => {
  const home = testbed.tempDir('legacy-home');
  const legacy = place(testbed, 'legacy.dockercfg', home, '.dockercfg');
  const env = homeEnv(home);
  expectFinding(await doctor({ env }), 'legacy-dockercfg-ignored', legacy, null);
  expectFinding(await doctor({ env, args: ['--docker-version', '20.10'] }), 'legacy-dockercfg-used', legacy, null);
  assert.notEqual((await inspect(testbed, 'myreg', undefined, { env })).code, 0);
  await assertDockerSends(testbed, 'myreg', undefined, 'alice', { env, dockerBin: testbed.bins.docker20 });
  mkdirSync(join(home, '.docker'), { mode: 0o700 });
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: JSON.parse(readFileSync(legacy, 'utf8')) as unknown }, null, 2), { mode: 0o600 });
  expectNoFinding(await doctor({ env }), 'legacy-dockercfg-ignored');
  await assertDockerSends(testbed, 'myreg', undefined, 'alice', { env });
});

test('DOCKER_AUTH_CONFIG with Docker 28.2: ignored (read from 28.3 on); the same entries in config.json work', async () => {
  const dir = testbed.tempDir('auth-config-env');
  mkdirSync(dir, { recursive: true });
  const env = { DOCKER_AUTH_CONFIG: fixtureText(testbed, 'docker-auth-config.env.json'), DOCKER_CONFIG: dir };
  const found = expectFinding(await doctor({ env }), 'auth-config-env-ignored', null, null);
  assert.equal(found.key, 'DOCKER_AUTH_CONFIG');
  assert.notEqual((await inspect(testbed, 'myreg', dir, { env })).code, 0, 'Docker 28.2 sends nothing');
  place(testbed, 'docker-auth-config.env.json', dir);
  await assertDockerSends(testbed, 'myreg', dir, 'alice', { env: { DOCKER_AUTH_CONFIG: undefined } });
});

test('DOCKER_CONFIG names the file instead of its directory: the advised export makes Docker read it', async () => {
  const dir = testbed.tempDir('config-env-file');
  const config = place(testbed, 'world-readable.json', dir);
  const found = expectFinding(await doctor({ env: { DOCKER_CONFIG: config } }), 'docker-config-env-not-dir', config, null);
  assert.notEqual((await inspect(testbed, 'myreg', config)).code, 0);
  const exported = await runAdvised(testbed, `${found.command ?? ''} && printf '%s' "$DOCKER_CONFIG"`);
  assert.equal(exported.stdout, dir);
  await assertDockerSends(testbed, 'myreg', exported.stdout, 'alice');
});

test('DOCKER_CONFIG names a directory that does not exist (a typo): Docker starts empty; pointed at the real directory, it sends the user', async () => {
  const dir = testbed.tempDir('config-env-missing');
  place(testbed, 'world-readable.json', dir);
  const typo = `${dir}-typo`;
  expectFinding(await doctor({ env: { DOCKER_CONFIG: typo } }), 'docker-config-env-missing', typo, null);
  assert.notEqual((await inspect(testbed, 'myreg', typo)).code, 0);
  expectNoFinding(await doctor({ env: { DOCKER_CONFIG: dir } }), 'docker-config-env-missing');
  await assertDockerSends(testbed, 'myreg', dir, 'alice');
});

test('config.json is a directory (a bind mount of a missing file): login fails; after the advised rmdir doctor names the next step (pass), and then login works', async () => {
  const dir = testbed.tempDir('config-dir');
  const config = join(dir, 'config.json');
  mkdirSync(config);
  const pass = freshPassEnv(testbed);
  const env = { DOCKER_CONFIG: dir, ...pass };
  const found = expectFinding(await doctor({ env }), 'config-is-directory', config, null);
  assert.notEqual((await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, pass)).code, 0);
  await runAdvised(testbed, found.command ?? '');
  try {
    // an empty config: Docker's default store on this machine is pass, not yet initialised
    await initialisePassAsAdvised(testbed, await doctor({ env }), config, null, pass);
    const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, pass);
    assert.equal(login.code, 0, login.stderr);
    await assertDockerSends(testbed, 'myreg', dir, 'alice', { env: pass });
  } finally {
    await stopGpgAgent(testbed, pass);
  }
});

test('config.json is a dangling symlink: Docker finds no credentials; its next login writes through the link', async () => {
  const dir = testbed.tempDir('dangling');
  const config = join(dir, 'config.json');
  const target = join(dir, 'elsewhere', 'config.json');
  mkdirSync(join(dir, 'elsewhere'));
  symlinkSync(target, config);
  const pass = freshPassEnv(testbed);
  const env = { DOCKER_CONFIG: dir, ...pass };
  expectFinding(await doctor({ env }), 'config-dangling-symlink', config, null);
  assert.notEqual((await inspect(testbed, 'myreg', dir, { env: pass })).code, 0);
  try {
    await initialisePassAsAdvised(testbed, await doctor({ env }), config, null, pass);
    const login = await dockerLogin(testbed, 'myreg.example.com', 'alice', dir, pass);
    assert.equal(login.code, 0, login.stderr);
    assert.ok(existsSync(target), 'Docker wrote through the link');
    expectNoFinding(await doctor({ env }), 'config-dangling-symlink');
    await assertDockerSends(testbed, 'myreg', dir, 'alice', { env: pass });
  } finally {
    await stopGpgAgent(testbed, pass);
  }
});

/** Two `docker login`s started together on one config directory: which keys survive. */
async function concurrentLogins(dirs: [string, string]): Promise<string[]> {
  const [first, second] = await Promise.all([dockerLogin(testbed, 'myreg.example.com', 'alice', dirs[0]), dockerLogin(testbed, 'other.example.com', 'bob', dirs[1])]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  const keys = (dir: string): string[] => Object.keys((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { auths: object }).auths);
  return dirs[0] === dirs[1] ? keys(dirs[0]) : [...keys(dirs[0]), ...keys(dirs[1])];
}

test('one config file shared by concurrent jobs: doctor advises DOCKER_CONFIG per job; two real logins at once lose one, separate directories keep both', async () => {
  const dir = testbed.tempDir('shared');
  const config = place(testbed, 'shared-config.json', dir);
  writeFileSync(join(dir, 'config.json4075312982'), '', { mode: 0o600 });
  const found = expectFinding(await doctor({ config }), 'config-shared-by-jobs', config, null);
  assert.match(found.command ?? '', /DOCKER_CONFIG/);
  const ciDir = testbed.tempDir('shared-ci');
  const ciConfig = place(testbed, 'shared-config.json', ciDir);
  const ci = expectFinding(await doctor({ env: { GITHUB_ACTIONS: 'true' }, config: ciConfig }), 'config-shared-by-jobs', ciConfig, null);
  assert.equal(ci.severity, 'info');
  // the shared file: both logins read it before either writes it back
  let lost = false;
  for (let attempt = 0; attempt < 4 && !lost; attempt += 1) {
    const shared = testbed.tempDir('shared-run');
    writeFileSync(join(shared, 'config.json'), '{"auths": {"localhost:5001": {}}}\n', { mode: 0o600 });
    lost = (await concurrentLogins([shared, shared])).filter((key) => key !== 'localhost:5001').length < 2;
  }
  assert.ok(lost, 'two concurrent logins on one file lost one entry in at least one of 4 runs');
  // the advice: one directory per job
  const own = await runAdvised(testbed, `${(found.command ?? '').replace(/#.*$/, '')} && printf '%s' "$DOCKER_CONFIG"`);
  const other = await runAdvised(testbed, `${(found.command ?? '').replace(/#.*$/, '')} && printf '%s' "$DOCKER_CONFIG"`);
  assert.notEqual(own.stdout, other.stdout);
  for (const jobDir of [own.stdout, other.stdout]) writeFileSync(join(jobDir, 'config.json'), '{"auths": {"localhost:5001": {}}}\n', { mode: 0o600 });
  assert.deepEqual((await concurrentLogins([own.stdout, other.stdout])).filter((key) => key !== 'localhost:5001').sort(), ['myreg.example.com', 'other.example.com']);
  await assertDockerSends(testbed, 'myreg', own.stdout, 'alice');
  await assertDockerSends(testbed, 'other', other.stdout, 'bob');
  await run('rm', ['-rf', own.stdout, other.stdout]);
});

test('under sudo Docker reads root\'s config, not the user\'s: doctor names both files; with the advised DOCKER_CONFIG, Docker as root sends the user\'s login', async () => {
  const userHome = testbed.tempDir('sudo-user');
  mkdirSync(join(userHome, '.docker'), { mode: 0o700 });
  place(testbed, 'world-readable.json', join(userHome, '.docker'));
  const rootHome = testbed.tempDir('sudo-root');
  // the sudo user's home comes from the password database: a private copy with the user added, mounted for doctor alone
  const passwd = join(testbed.tempDir('sudo-passwd'), 'passwd');
  writeFileSync(passwd, `${readFileSync('/etc/passwd', 'utf8')}scenario:x:4242:4242::${userHome}:/bin/sh\n`);
  const env = { HOME: rootHome, SUDO_USER: 'scenario', DOCKER_CONFIG: undefined };
  const doctorRun = await run('unshare', ['--mount', 'sh', '-c', 'mount --bind "$0" /etc/passwd && exec "$@"', passwd, process.execPath, REGAUTH_BIN, 'doctor', '--offline', '--json'], { env: testbed.env(env), timeoutMs: 60_000 });
  const report = { findings: (JSON.parse(doctorRun.stdout) as { findings: Array<{ id: string; file: string | null; line: number | null; command?: string; detail: string; title: string; severity: string; key: string | null; fix: unknown }> }).findings, stdout: doctorRun.stdout };
  const found = expectFinding(report, 'sudo-reads-root-config', join(rootHome, '.docker', 'config.json'), null);
  assert.match(found.detail, new RegExp(`${userHome}/\\.docker/config\\.json`));
  assert.notEqual((await inspect(testbed, 'myreg', undefined, { env })).code, 0, 'as root Docker finds nothing for myreg');
  const advised = /DOCKER_CONFIG=(\S+)/.exec(found.command ?? '')?.[1] ?? '';
  assert.equal(advised, join(userHome, '.docker'));
  await assertDockerSends(testbed, 'myreg', undefined, 'alice', { env: { ...env, DOCKER_CONFIG: advised } });
});
