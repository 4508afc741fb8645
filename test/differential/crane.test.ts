import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Resolution } from '../../src/clients/model.js';
import { resolveContext, resolveFor } from '../../src/resolve/resolve.js';
import { craneTarget } from '../fidelity/crane.js';
import { oracleBinary } from '../oracles/oracle.js';
import { type RegistryName } from '../testbed/descriptor.js';
import { run } from '../testbed/process.js';
import { type HelperBehaviour, type Testbed, loadTestbed, testHelperScript } from '../testbed/testbed.js';

/**
 * The real crane (go-containerregistry's cmd/crane, built by the test setup) against the
 * offline Docker Hub and the htpasswd registries: the user the registry sees for
 * `crane manifest IMAGE`, and what `crane auth get REGISTRY` prints, must be what
 * `resolve --client crane` predicts.
 */
const testbed: Testbed = loadTestbed();
after(() => testbed.close());

let refreshTokens: Record<string, string> = {};
before(async () => {
  const { realm, service } = testbed.descriptor.tokenServer;
  for (const name of ['alice', 'bob']) {
    const form = new URLSearchParams({ grant_type: 'password', username: name, password: testbed.user(name).password, service, client_id: 'regauth-test', access_type: 'offline' });
    const reply = (await (await fetch(realm, { method: 'POST', body: form })).json()) as { refresh_token: string };
    refreshTokens = { ...refreshTokens, [name]: reply.refresh_token };
  }
});

const auth = (name: string): { auth: string } => ({ auth: Buffer.from(`${name}:${testbed.user(name).password}`).toString('base64') });

interface CraneCase {
  name: string;
  image: string;
  registry: RegistryName;
  /** files under the home directory: JSON content, or a directory */
  files: () => Record<string, unknown>;
  env?: (home: string) => Record<string, string>;
  helpers?: () => Record<string, HelperBehaviour>;
  /** whose refresh token the file holds: the token server names that user, regauth sends no username */
  tokenOwner?: string;
}

const cases: CraneCase[] = [
  { name: 'Hub under its index URL', image: 'alice/app', registry: 'hub', files: () => ({ '.docker/config.json': { auths: { 'https://index.docker.io/v1/': auth('alice') } } }) },
  { name: 'Hub under "docker.io" is not found', image: 'alice/app', registry: 'hub', files: () => ({ '.docker/config.json': { auths: { 'docker.io': auth('alice') } } }) },
  { name: 'a repository-scoped key wins over the registry key', image: 'bob/tool', registry: 'hub', files: () => ({ '.docker/config.json': { auths: { 'index.docker.io/bob/tool': auth('bob'), 'https://index.docker.io/v1/': auth('alice') } } }) },
  { name: 'an identity token is exchanged at the token server', image: 'alice/app', registry: 'hub', files: () => ({ '.docker/config.json': { auths: { 'https://index.docker.io/v1/': { identitytoken: refreshTokens['alice'] } } } }), tokenOwner: 'alice' },
  { name: 'a host key with a scheme and path', image: 'myreg.example.com/team/app', registry: 'myreg', files: () => ({ '.docker/config.json': { auths: { 'https://myreg.example.com/v2/': auth('bob') } } }) },
  { name: 'a port is part of the host', image: 'myreg.example.com:5000/app', registry: 'myreg5000', files: () => ({ '.docker/config.json': { auths: { 'myreg.example.com': auth('bob'), 'myreg.example.com:5000': auth('carol') } } }) },
  {
    name: 'a config.json that is a directory is skipped for REGISTRY_AUTH_FILE',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    files: () => ({ '.docker/config.json': 'directory', 'auth.json': { auths: { 'myreg.example.com': auth('dave') } } }),
    env: (home) => ({ REGISTRY_AUTH_FILE: join(home, 'auth.json') }),
  },
  { name: "podman's auth.json when there is no Docker config", image: 'other.example.com/app', registry: 'other', files: () => ({ '.config/containers/auth.json': { auths: { 'other.example.com': auth('erin') } } }) },
  {
    name: 'DOCKER_AUTH_CONFIG before the file',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    files: () => ({ '.docker/config.json': { auths: { 'myreg.example.com': auth('bob') } } }),
    env: () => ({ DOCKER_AUTH_CONFIG: JSON.stringify({ auths: { 'myreg.example.com': auth('frank') } }) }),
  },
  {
    name: 'a credsStore helper',
    image: 'myreg.example.com/app',
    registry: 'myreg',
    files: () => ({ '.docker/config.json': { auths: { 'myreg.example.com': auth('bob') }, credsStore: 'cranetest' } }),
    helpers: () => ({ cranetest: { credentials: { 'myreg.example.com': { username: 'carol', secret: testbed.user('carol').password } } } }),
  },
  { name: 'a broken config.json fails the pull', image: 'myreg.example.com/app', registry: 'myreg', files: () => ({ '.docker/config.json': { auths: { 'myreg.example.com': { auth: '%%' } } } }) },
  { name: 'an upper-case first component is no registry for crane', image: 'MYREG/app', registry: 'myreg', files: () => ({ '.docker/config.json': { auths: {} } }) },
];

interface Prepared {
  env: NodeJS.ProcessEnv;
}

function prepare(testCase: CraneCase): Prepared {
  const home = testbed.tempDir('crane-home');
  for (const [relative, content] of Object.entries(testCase.files())) {
    const path = join(home, relative);
    if (content === 'directory') {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(content), { mode: 0o600 });
  }
  const bin = join(home, 'bin');
  for (const [name, behaviour] of Object.entries(testCase.helpers?.() ?? {})) testHelperScript(bin, name, behaviour);
  const base = testbed.env();
  const env = testbed.env({
    HOME: home,
    XDG_RUNTIME_DIR: join(home, 'run'),
    XDG_CONFIG_HOME: join(home, '.config'),
    PATH: `${bin}:${base['PATH'] ?? ''}`,
    ...testCase.env?.(home),
  });
  return { env };
}

function predict(target: Parameters<typeof resolveFor>[1], env: NodeJS.ProcessEnv): Promise<Resolution> {
  return resolveFor('crane', target, resolveContext({ clients: ['crane'], env }));
}

for (const testCase of cases) {
  test(`crane manifest: ${testCase.name}`, async () => {
    const { env } = prepare(testCase);
    const predicted = await predict(craneTarget(testCase.image), env);
    const seen = await testbed.usersSeen(testCase.registry, () => run(oracleBinary('crane'), ['manifest', testCase.image], { env, timeoutMs: 60_000 }));
    const why = JSON.stringify({ stderr: seen.result.stderr, predicted: { username: predicted.username, error: predicted.error, key: predicted.key } });
    if (predicted.error !== null) {
      assert.notEqual(seen.result.code, 0, why);
      assert.ok(seen.result.stderr.includes(predicted.error), why);
      assert.deepEqual(seen.users, [], why);
      return;
    }
    assert.equal(seen.result.code, 0, why);
    if (testCase.tokenOwner !== undefined) assert.equal(predicted.secretKind, 'identitytoken', why);
    const expected = testCase.tokenOwner ?? predicted.username;
    assert.deepEqual(seen.users, expected === null ? [] : [expected], why);
    assert.deepEqual(seen.rejected, [], why);
  });
}

const authGetCases: Array<{ registry: string; target: string; files: () => Record<string, unknown> }> = [
  { registry: 'index.docker.io', target: 'docker.io', files: () => ({ '.docker/config.json': { auths: { 'https://index.docker.io/v1/': auth('alice'), 'docker.io': auth('bob') } } }) },
  { registry: 'myreg.example.com', target: 'myreg.example.com', files: () => ({ '.docker/config.json': { auths: { 'https://myreg.example.com': auth('carol') } } }) },
  { registry: 'myreg.example.com:5000', target: 'myreg.example.com:5000', files: () => ({ '.docker/config.json': { auths: { 'myreg.example.com': auth('carol') } } }) },
];

for (const testCase of authGetCases) {
  test(`crane auth get ${testCase.registry}`, async () => {
    const { env } = prepare({ name: testCase.registry, image: testCase.registry, registry: 'myreg', files: testCase.files });
    const predicted = await predict({ registry: testCase.target, repository: null }, env);
    const result = await run(oracleBinary('crane'), ['auth', 'get', testCase.registry], { env, timeoutMs: 30_000 });
    if (!predicted.secretPresent) {
      // anonymous: crane says so and fails
      assert.equal(result.code, 1);
      assert.match(result.stdout + result.stderr, /credentials not found in native keychain/);
      assert.equal(predicted.error, null);
      return;
    }
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
    assert.equal(printed.Username ?? '', predicted.username ?? '');
    // compared, never printed
    assert.ok((printed.Secret ?? '') === (predicted.credentials?.password?.reveal() ?? ''), 'the secret crane prints is not the one regauth resolves');
  });
}
