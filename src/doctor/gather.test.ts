import assert from 'node:assert/strict';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckAccessOptions } from '../registry/index.js';
import { gatherFacts } from './gather.js';
import { runChecks } from './run-checks.js';
import { FIXTURES } from './scenario.test-support.js';

/** End to end on real files and a real helper process, offline or with a stand-in registry check. */

let root: string;

async function home(name: string, config: string | null, mode = 0o600): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, '.docker'), { recursive: true });
  if (config !== null) {
    await copyFile(join(FIXTURES, config), join(dir, '.docker', 'config.json'));
    await chmod(join(dir, '.docker', 'config.json'), mode);
  }
  return dir;
}

function env(homeDir: string, extraPath = ''): NodeJS.ProcessEnv {
  return { HOME: homeDir, PATH: `${extraPath}${extraPath === '' ? '' : ':'}/usr/local/bin:/usr/bin:/bin` };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'regauth-doctor-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('gatherFacts', () => {
  it('the seed config: Hub-key finding at line 3 and the world-readable file', async () => {
    const dir = await home('seed', 'seed.json', 0o644);
    const facts = await gatherFacts({ env: env(dir), offline: true, daemonConfigPath: join(dir, 'no-daemon.json') });
    assert.equal(facts.docker.config.meta.path, join(dir, '.docker', 'config.json'));
    assert.equal(facts.docker.config.meta.mode, 0o644);
    const report = runChecks(facts);
    const hub = report.findings.find((finding) => finding.id === 'docker-hub-key-ignored');
    assert.equal(hub?.line, 3);
    assert.equal(hub?.file, join(dir, '.docker', 'config.json'));
    assert.ok(report.findings.some((finding) => finding.id === 'config-world-readable'));
    assert.ok(report.checked.clients.podman.files.some((file) => file.path === join(dir, '.docker', 'config.json') && file.exists));
  });

  it('no config at all: the informational finding, and a warning that the next login goes to pass, which is not initialised', async () => {
    const dir = await home('empty', null);
    const report = runChecks(await gatherFacts({ env: { ...env(dir), PASSWORD_STORE_DIR: join(dir, 'password-store') }, offline: true }));
    // pass and docker-credential-pass are installed on the test machine: Docker's default store is pass
    assert.deepEqual(report.findings.map((finding) => [finding.id, finding.severity]), [['pass-not-initialised', 'warning'], ['no-docker-config', 'info']]);
  });

  it('runs helpers: a missing one and a failing one with its stderr', async () => {
    const dir = await home('helpers', null);
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const helper = join(bin, 'docker-credential-broken');
    await writeFile(helper, '#!/bin/sh\necho "keyring is locked" >&2\nexit 1\n');
    await chmod(helper, 0o755);
    await writeFile(
      join(dir, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop', credHelpers: { 'ghcr.io': 'broken' } }, null, '\t'),
    );
    const facts = await gatherFacts({ env: env(dir, bin), offline: true, helperTimeoutMs: 3_000 });
    const report = runChecks(facts);
    const ids = report.findings.map((finding) => finding.id);
    assert.ok(ids.includes('helper-missing'), JSON.stringify(ids));
    const failing = report.findings.find((finding) => finding.id === 'helper-failing');
    assert.match(failing?.detail ?? '', /keyring is locked/);
  });

  it('online: hands the resolved credentials to the registry check and maps its verdict', async () => {
    const dir = await home('online', 'hub-correct.json');
    const seen: CheckAccessOptions[] = [];
    const facts = await gatherFacts({
      env: env(dir),
      image: 'alice/app',
      push: true,
      checkAccess: async (options) => {
        seen.push(options);
        return {
          registry: options.ref.registry,
          endpoint: 'https://registry-1.docker.io',
          authenticated: false,
          pull: 'unknown',
          push: 'unknown',
          problems: [{ id: 'bad-credentials', detail: 'incorrect username or password', summary: '' }],
          requests: 1,
          trace: [],
          authScheme: 'bearer',
          tokenGrant: null,
          rateLimit: null,
          durationMs: 1,
        };
      },
    });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.credentials?.username, 'alice');
    assert.equal(seen[0]?.push, true);
    const login = runChecks(facts).findings.find((finding) => finding.id === 'registry-login-failed');
    assert.equal(login?.line, 3);
    assert.match(login?.detail ?? '', /incorrect username or password/);
  });
});

describe('doctor on the engine: what each client sends comes from the resolvers', () => {
  const pinned = { dockerVersion: { major: 28, minor: 2, patch: 2 } };

  async function doctorOn(name: string, config: string | object, extra: Parameters<typeof gatherFacts>[0] = {}): Promise<ReturnType<typeof runChecks>> {
    const dir = await home(name, null);
    const text = typeof config === 'string' ? await readFixture(config) : JSON.stringify(config, null, '\t');
    await writeFile(join(dir, '.docker', 'config.json'), text, { mode: 0o600 });
    return runChecks(await gatherFacts({ env: env(dir), offline: true, ...pinned, ...extra }));
  }

  it('the seed: Docker sends nothing for Hub images, podman sends alice: an error with the rename', async () => {
    const report = await doctorOn('engine-seed', 'seed.json');
    const disagree = report.findings.filter((finding) => finding.id === 'clients-disagree');
    assert.equal(disagree.length, 1, JSON.stringify(report.findings.map((finding) => finding.title)));
    const [finding] = disagree;
    assert.equal(finding?.severity, 'error');
    assert.equal(finding?.key, 'docker.io');
    assert.equal(finding?.line, 3);
    assert.match(finding?.detail ?? '', /Docker sends no credentials/);
    assert.match(finding?.detail ?? '', /podman\/skopeo\/buildah sends the user "alice"/);
    assert.deepEqual(finding?.fix?.edits, [{ kind: 'rename-key', path: ['auths', 'docker.io'], newKey: 'https://index.docker.io/v1/' }]);
    const hub = report.findings.find((item) => item.id === 'docker-hub-key-ignored');
    assert.equal(hub?.readers?.docker, false);
    assert.equal(hub?.readers?.podman, true);
    assert.equal(hub?.readers?.crane, false);
    assert.match(hub?.detail ?? "", /podman\/skopeo\/buildah (and the kubelet )?use it; Docker and crane do not/);
    assert.match(report.checked.dockerModel, /28\.2\.2, as given/);
  });

  it('--client podman: podman sends alice, so the same disagreement is a warning', async () => {
    const report = await doctorOn('engine-seed-podman', 'seed.json', { client: 'podman' });
    assert.equal(report.findings.find((finding) => finding.id === 'clients-disagree')?.severity, 'warning');
  });

  it('names the winner per client as the resolvers decide, and a random Docker winner is an error', async () => {
    const exact = (await doctorOn('engine-conflict', 'host-conflict.json')).findings.find((finding) => finding.id === 'conflicting-keys');
    assert.match(exact?.detail ?? '', /Docker sends the user "alice" \(key "myreg.example.com"/);
    assert.match(exact?.detail ?? '', /podman\/skopeo\/buildah sends the user "alice" \(key "myreg.example.com"/);
    const random = (await doctorOn('engine-random', 'host-random.json')).findings.find((finding) => finding.id === 'conflicting-keys');
    assert.equal(random?.severity, 'error');
    assert.match(random?.detail ?? '', /random map order/);
  });

  it('a namespaced key: Docker uses it for the whole host, podman only under the namespace', async () => {
    const auth = Buffer.from('alice:s3cr3t-Pa55').toString('base64');
    const report = await doctorOn('engine-namespace', { auths: { 'myreg.example.com/team': { auth } } });
    const finding = report.findings.find((item) => item.id === 'clients-disagree');
    assert.match(finding?.title ?? '', /myreg\.example\.com\/x/);
    assert.equal(finding?.severity, 'warning');
    assert.deepEqual(finding?.fix?.edits, [{ kind: 'rename-key', path: ['auths', 'myreg.example.com/team'], newKey: 'myreg.example.com' }]);
    assert.ok(report.checked.resolved.some((item) => item.image === 'myreg.example.com/team/x' && /docker: alice, podman: alice/.test(item.summary)), JSON.stringify(report.checked.resolved));
  });

  it('username and password without "auth": podman sends nothing; the fix writes the equivalent "auth"', async () => {
    const report = await doctorOn('engine-userpass', { auths: { 'https://index.docker.io/v1/': { username: 'alice', password: 's3cr3t-Pa55' } } });
    const finding = report.findings.find((item) => item.id === 'clients-disagree');
    assert.equal(finding?.severity, 'warning');
    assert.deepEqual(finding?.fix?.edits.map((edit) => edit.kind), ['set', 'remove', 'remove']);
    assert.ok(!JSON.stringify(finding).includes('s3cr3t'), 'no secret in a finding');
  });

  it('Hub key beside a credsStore: Docker asks the helper; the fix stores the entry there instead of renaming', async () => {
    const dir = await home('engine-store', null);
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'docker-credential-empty'), '#!/bin/sh\n[ "$1" = get ] && { echo "credentials not found in native keychain"; exit 1; }\n[ "$1" = list ] && { echo "{}"; exit 0; }\nexit 0\n', { mode: 0o755 });
    const auth = Buffer.from('alice:s3cr3t-Pa55').toString('base64');
    await writeFile(join(dir, '.docker', 'config.json'), JSON.stringify({ auths: { 'docker.io': { auth } }, credsStore: 'empty' }), { mode: 0o600 });
    const report = runChecks(await gatherFacts({ env: env(dir, bin), offline: true, ...pinned }));
    const finding = report.findings.find((item) => item.id === 'clients-disagree');
    assert.equal(finding?.severity, 'error');
    assert.deepEqual(finding?.storeInHelper, { file: join(dir, '.docker', 'config.json'), key: 'docker.io', helper: 'empty', serverURL: 'https://index.docker.io/v1/' });
    assert.equal(finding?.fix, null);
    assert.equal(report.findings.find((item) => item.id === 'docker-hub-key-ignored')?.fix, null, 'a rename would not reach Docker');
  });

  it('clients that agree raise no disagreement', async () => {
    const report = await doctorOn('engine-agree', 'hub-correct.json');
    assert.deepEqual(report.findings.filter((finding) => finding.id === 'clients-disagree'), []);
  });
});

async function readFixture(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(join(FIXTURES, name), 'utf8');
}
