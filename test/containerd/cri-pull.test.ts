import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerdRelease } from '../../src/clients/containerd.js';
import type { Resolution } from '../../src/clients/model.js';
import { resolveContext, resolveFor, targetOfText } from '../../src/resolve/resolve.js';
import { oracleBinary } from '../oracles/oracle.js';
import { run } from '../testbed/process.js';
import type { RegistryName } from '../testbed/descriptor.js';
import { type Testbed, loadTestbed } from '../testbed/testbed.js';

/**
 * The real containerd (Debian's 1.6.20, and 2.3 built from its module: a private daemon per case
 * with its own root, state and socket) and its CRI plugin, driven by the real crictl (cri-tools, built from the module proxy): the user a
 * testbed registry sees while `crictl pull IMAGE` runs must be the one `resolve --client
 * containerd` predicts for the host that serves the image; an anonymous prediction or a
 * configuration containerd refuses must fail the pull.
 */
const testbed: Testbed = loadTestbed();
after(() => testbed.close());

const password = (name: string): string => testbed.user(name).password;
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const CRI = '[plugins."io.containerd.grpc.v1.cri".registry';

interface CriCase {
  name: string;
  image: string;
  /** the registry section of config.toml (version 2); CONFIG_PATH stands for the case's hosts directory */
  config: () => string;
  /** hosts.toml files by directory name */
  hosts?: () => Record<string, string>;
  /** whose refresh token the config holds: the token server names that user, regauth sends no username */
  tokenOwner?: string;
}

const refreshTokens = new Map<string, string>();
const refreshToken = (name: string): string => refreshTokens.get(name) ?? '';
before(async () => {
  const { realm, service } = testbed.descriptor.tokenServer;
  for (const name of ['bob']) {
    const form = new URLSearchParams({ grant_type: 'password', username: name, password: password(name), service, client_id: 'regauth-test', access_type: 'offline' });
    const reply = (await (await fetch(realm, { method: 'POST', body: form })).json()) as { refresh_token: string };
    refreshTokens.set(name, reply.refresh_token);
  }
});

const cases: CriCase[] = [
  {
    name: 'legacy configs: the exact host',
    image: 'myreg.example.com/app',
    config: () => `${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n  password = "${password('alice')}"\n`,
  },
  {
    name: 'legacy configs: a key with a scheme never matches',
    image: 'myreg.example.com/app',
    config: () => `${CRI}.configs."https://myreg.example.com".auth]\n  username = "alice"\n  password = "${password('alice')}"\n`,
  },
  {
    name: 'deprecated auths: the URL key is reduced to its host',
    image: 'myreg.example.com/app',
    config: () => `${CRI}.auths."https://myreg.example.com"]\n  username = "bob"\n  password = "${password('bob')}"\n`,
  },
  {
    name: 'deprecated auths: Go reads "host:port" as a scheme, so the entry names no host',
    image: 'myreg.example.com:5000/app',
    config: () => `${CRI}.auths."myreg.example.com:5000"]\n  username = "bob"\n  password = "${password('bob')}"\n`,
  },
  {
    name: 'legacy configs: the port is part of the key',
    image: 'myreg.example.com:5000/app',
    config: () =>
      `${CRI}.configs."myreg.example.com".auth]\n  username = "bob"\n  password = "${password('bob')}"\n${CRI}.configs."myreg.example.com:5000".auth]\n  username = "carol"\n  password = "${password('carol')}"\n`,
  },
  {
    name: 'config_path: localhost on another port (plain http; 2.x tries https first)',
    image: 'localhost:5001/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.configs."localhost:5001".auth]\n  username = "frank"\n  password = "${password('frank')}"\n`,
  },
  {
    name: 'legacy configs: the base64 auth field',
    image: 'other.example.com/app',
    config: () => `${CRI}.configs."other.example.com".auth]\n  auth = "${b64(`bob:${password('bob')}`)}"\n`,
  },
  {
    name: 'legacy mirrors: the mirror host gets its own configs entry',
    image: 'docker.io/team/app',
    config: () => `${CRI}.mirrors."docker.io"]\n  endpoint = ["https://myreg.example.com"]\n${CRI}.configs."myreg.example.com".auth]\n  username = "dave"\n  password = "${password('dave')}"\n`,
  },
  {
    name: 'config_path: a hosts.toml mirror for docker.io',
    image: 'docker.io/team/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.configs."myreg.example.com".auth]\n  username = "erin"\n  password = "${password('erin')}"\n`,
    hosts: () => ({ 'docker.io': 'server = "https://registry-1.docker.io"\n\n[host."https://myreg.example.com"]\n  capabilities = ["pull", "resolve"]\n' }),
  },
  {
    name: 'config_path: the key "docker.io" is not the host Docker Hub is pulled from',
    image: 'alice/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.configs."docker.io".auth]\n  username = "alice"\n  password = "${password('alice')}"\n`,
  },
  {
    name: 'config_path: the key "registry-1.docker.io" is',
    image: 'alice/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.configs."registry-1.docker.io".auth]\n  username = "frank"\n  password = "${password('frank')}"\n`,
  },
  {
    name: 'config_path: a hosts.toml with only a server (1.6 ignores it, server included)',
    image: 'myreg.example.com/app',
    config: () =>
      `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.configs."myreg.example.com".auth]\n  username = "bob"\n  password = "${password('bob')}"\n${CRI}.configs."myreg.example.com:5000".auth]\n  username = "carol"\n  password = "${password('carol')}"\n`,
    hosts: () => ({ 'myreg.example.com': 'server = "https://myreg.example.com:5000"\n' }),
  },
  {
    name: 'config_path: a static Authorization header in hosts.toml',
    image: 'other.example.com/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n`,
    hosts: () => ({ 'other.example.com': `[host."https://other.example.com"]\n  capabilities = ["pull", "resolve"]\n  [host."https://other.example.com".header]\n    Authorization = "Basic ${b64(`carol:${password('carol')}`)}"\n` }),
  },
  {
    name: 'config_path: the _default directory',
    image: 'other.example.com/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n  password = "${password('alice')}"\n`,
    hosts: () => ({ _default: '[host."https://myreg.example.com"]\n  capabilities = ["pull", "resolve"]\n' }),
  },
  {
    name: 'config_path: an identity token is exchanged at the Hub token server',
    image: 'alice/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.configs."registry-1.docker.io".auth]\n  identitytoken = "${refreshToken('bob')}"\n`,
    tokenOwner: 'bob',
  },
  // containerd's own TestParseAuth: which field of an auth table wins, and what fails
  {
    name: 'ParseAuth: username and password win over the auth field',
    image: 'myreg.example.com/app',
    config: () => `${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n  password = "${password('alice')}"\n  auth = "${b64(`bob:${password('bob')}`)}"\n`,
  },
  {
    name: 'ParseAuth: a username wins over an identity token',
    image: 'other.example.com/app',
    config: () => `${CRI}.configs."other.example.com".auth]\n  username = "carol"\n  password = "${password('carol')}"\n  identitytoken = "not-a-token"\n`,
  },
  {
    name: 'ParseAuth: an empty auth table pulls anonymously',
    image: 'myreg.example.com/app',
    config: () => `${CRI}.configs."myreg.example.com".auth]\n`,
  },
  {
    name: 'ParseAuth: a decoded auth without a colon fails the pull',
    image: 'myreg.example.com/app',
    config: () => `${CRI}.configs."myreg.example.com".auth]\n  auth = "${b64(`dave@${password('dave')}`)}"\n`,
  },
  // containerd's own TestRegistryEndpoints: the legacy mirrors a registry gets
  {
    name: 'legacy mirrors: the registry\'s own entry wins over "*"',
    image: 'myreg.example.com/app',
    config: () =>
      `${CRI}.mirrors."*"]\n  endpoint = ["https://other.example.com"]\n${CRI}.mirrors."myreg.example.com"]\n  endpoint = ["https://myreg.example.com:5000"]\n${CRI}.configs."myreg.example.com:5000".auth]\n  username = "carol"\n  password = "${password('carol')}"\n${CRI}.configs."other.example.com".auth]\n  username = "bob"\n  password = "${password('bob')}"\n`,
  },
  {
    name: 'legacy mirrors: "*" serves a registry without an entry of its own',
    image: 'other.example.com/app',
    config: () => `${CRI}.mirrors."*"]\n  endpoint = ["https://myreg.example.com"]\n${CRI}.configs."myreg.example.com".auth]\n  username = "dave"\n  password = "${password('dave')}"\n`,
  },
  {
    name: 'legacy mirrors: an endpoint without scheme is https',
    image: 'other.example.com/app',
    config: () => `${CRI}.mirrors."other.example.com"]\n  endpoint = ["myreg.example.com"]\n${CRI}.configs."myreg.example.com".auth]\n  username = "erin"\n  password = "${password('erin')}"\n`,
  },
  {
    name: 'legacy mirrors: a localhost endpoint without scheme is plain http',
    image: 'other.example.com/app',
    config: () => `${CRI}.mirrors."other.example.com"]\n  endpoint = ["localhost:5001"]\n${CRI}.configs."localhost:5001".auth]\n  username = "frank"\n  password = "${password('frank')}"\n`,
  },
  {
    name: 'legacy mirrors: an endpoint Go cannot parse fails the pull',
    image: 'myreg.example.com/app',
    config: () => `${CRI}.mirrors."myreg.example.com"]\n  endpoint = ["https://bad host.example.com", "https://myreg.example.com"]\n${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n  password = "${password('alice')}"\n`,
  },
  {
    name: 'config_path and mirrors together: the CRI plugin refuses to load',
    image: 'myreg.example.com/app',
    config: () => `${CRI}]\n  config_path = "CONFIG_PATH"\n${CRI}.mirrors."docker.io"]\n  endpoint = ["https://myreg.example.com"]\n${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n  password = "${password('alice')}"\n`,
  },
];

/** The daemons compared: Debian's containerd 1.6 and containerd 2.3 built from its module. */
const DAEMONS: Array<{ release: ContainerdRelease; bin: () => string }> = [
  { release: '1.6', bin: () => '/usr/bin/containerd' },
  { release: '2', bin: () => oracleBinary('containerd-2-daemon') },
];

const REGISTRY_OF_HOST: Record<string, RegistryName> = {
  'registry-1.docker.io': 'hub',
  'myreg.example.com': 'myreg',
  'myreg.example.com:5000': 'myreg5000',
  'other.example.com': 'other',
  'localhost:5001': 'local',
};

/** The testbed registry regauth says the pull resolves on first. */
function watchedRegistry(resolution: Resolution): RegistryName {
  const host = resolution.endpoints?.find((endpoint) => endpoint.capabilities.includes('resolve'))?.host ?? '';
  const registry = REGISTRY_OF_HOST[host];
  if (registry === undefined) throw new Error(`regauth predicts a host the testbed does not serve: ${host}`);
  return registry;
}

/** The daemon's own root, state and sockets inside the case directory. */
function daemonPaths(dir: string): string[] {
  return [
    `root = "${join(dir, 'root')}"`,
    `state = "${join(dir, 'state')}"`,
    '[grpc]',
    `  address = "${join(dir, 'containerd.sock')}"`,
    '[ttrpc]',
    `  address = "${join(dir, 'containerd.sock.ttrpc')}"`,
  ];
}

function daemonConfig(dir: string, registrySection: string): string {
  return [
    'version = 2',
    ...daemonPaths(dir),
    '[plugins."io.containerd.grpc.v1.cri"]',
    '  disable_tcp_service = true',
    '[plugins."io.containerd.grpc.v1.cri".containerd]',
    '  snapshotter = "native"',
    '[plugins."io.containerd.grpc.v1.cri".cni]',
    `  conf_dir = "${join(dir, 'cni')}"`,
    registrySection,
  ].join('\n');
}

async function startDaemon(dir: string, containerdBin: string): Promise<{ daemon: ChildProcess; socket: string; log: () => string }> {
  const configFile = join(dir, 'config.toml');
  let output = '';
  const daemon = spawn(containerdBin, ['--config', configFile, '--log-level', 'info'], { env: testbed.env(), stdio: ['ignore', 'pipe', 'pipe'] });
  daemon.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  daemon.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const socket = join(dir, 'containerd.sock');
  for (let waited = 0; waited < 20_000 && !existsSync(socket); waited += 100) {
    if (daemon.exitCode !== null) break;
    await sleep(100);
  }
  if (!existsSync(socket)) {
    daemon.kill('SIGKILL');
    throw new Error(`containerd did not start: ${output}`);
  }
  // the socket is there before the CRI plugin has finished starting: until then every CRI call
  // (crictl's own check of the image API included) fails with "server is not initialized yet"
  const endpoint = `unix://${socket}`;
  for (let waited = 0; ; waited += 100) {
    const probe = await run(oracleBinary('crictl'), ['--runtime-endpoint', endpoint, '--image-endpoint', endpoint, '--timeout', '10s', 'images', '-q'], { env: testbed.env(), timeoutMs: 20_000 });
    if (!probe.stderr.includes('not initialized')) break;
    if (waited >= 20_000) {
      daemon.kill('SIGKILL');
      throw new Error(`containerd's CRI plugin did not start: ${probe.stderr}\n${output}`);
    }
    await sleep(100);
  }
  return { daemon, socket, log: () => output };
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

for (const daemonModel of DAEMONS) for (const testCase of cases) {
  test(`containerd ${daemonModel.release} CRI pull: ${testCase.name}`, async () => {
    const dir = testbed.tempDir('containerd');
    const hostsRoot = join(dir, 'certs.d');
    mkdirSync(hostsRoot, { recursive: true });
    for (const [host, text] of Object.entries(testCase.hosts?.() ?? {})) {
      mkdirSync(join(hostsRoot, host), { recursive: true });
      writeFileSync(join(hostsRoot, host, 'hosts.toml'), text);
    }
    const registrySection = testCase.config().replaceAll('CONFIG_PATH', hostsRoot);
    writeFileSync(join(dir, 'config.toml'), daemonConfig(dir, registrySection), { mode: 0o600 });
    const env = testbed.env();
    const predicted = await resolveFor('containerd', targetOfText(testCase.image), resolveContext({ clients: ['containerd'], env, containerdConfig: join(dir, 'config.toml'), containerdRelease: daemonModel.release }));
    const registry = predicted.error === null ? watchedRegistry(predicted) : 'myreg';
    const { daemon, socket, log } = await startDaemon(dir, daemonModel.bin());
    try {
      const endpoint = `unix://${socket}`;
      const args = ['--runtime-endpoint', endpoint, '--image-endpoint', endpoint, '--timeout', '60s', 'pull', testCase.image];
      const seen = await testbed.usersSeen(registry, () => run(oracleBinary('crictl'), args, { env, timeoutMs: 90_000 }));
      const why = JSON.stringify({ code: seen.result.code, stdout: seen.result.stdout.slice(-300), stderr: seen.result.stderr.slice(-800), seen: seen.users, predicted: { username: predicted.username, key: predicted.key, error: predicted.error, endpoints: predicted.endpoints } });
      if (predicted.error !== null) {
        assert.notEqual(seen.result.code, 0, why);
        assert.deepEqual(seen.users, [], why);
        // the daemon's log and crictl quote the error with escaped quotes
        const said = `${log()}\n${seen.result.stderr}`.replaceAll('\\', '');
        assert.ok(said.includes(predicted.error), `${why} ${log().slice(-1500)}`);
        return;
      }
      if (testCase.tokenOwner !== undefined) {
        assert.equal(predicted.secretKind, 'identitytoken', why);
        assert.equal(seen.result.code, 0, why);
        assert.deepEqual(seen.users, [testCase.tokenOwner], why);
        return;
      }
      if (predicted.username === null) {
        // anonymous: the htpasswd registries refuse the pull, the offline Hub serves it
        if (registry !== 'hub') assert.notEqual(seen.result.code, 0, why);
        assert.deepEqual(seen.users, [], why);
        return;
      }
      assert.equal(seen.result.code, 0, why);
      assert.deepEqual(seen.users, [predicted.username], why);
      assert.deepEqual(seen.rejected, [], why);
    } finally {
      await stopDaemon(daemon);
    }
  });
}

test('containerd 1.6 CRI pull: credentials the kubelet passes through CRI replace the configured ones', async () => {
  const dir = testbed.tempDir('containerd');
  const registry = `${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n  password = "${password('alice')}"\n`;
  writeFileSync(join(dir, 'config.toml'), daemonConfig(dir, registry), { mode: 0o600 });
  const env = testbed.env();
  const predicted = await resolveFor('containerd', targetOfText('myreg.example.com/app'), resolveContext({ clients: ['containerd'], env, containerdConfig: join(dir, 'config.toml'), containerdRelease: '1.6' }));
  assert.equal(predicted.username, 'alice');
  assert.ok(predicted.trace.some((step) => step.step === 'containerd.docker-config' && /replace these credentials for every host/.test(step.why)));
  const { daemon, socket } = await startDaemon(dir, '/usr/bin/containerd');
  try {
    const endpoint = `unix://${socket}`;
    const seen = await testbed.usersSeen('myreg', () => run(oracleBinary('crictl'), ['--runtime-endpoint', endpoint, '--image-endpoint', endpoint, 'pull', '--creds', `carol:${password('carol')}`, 'myreg.example.com/app'], { env, timeoutMs: 90_000 }));
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['carol']);
  } finally {
    await stopDaemon(daemon);
  }
});

test('containerd 2.3 CRI pull: a version 3 config is migrated, the CRI plugin registry table replaces the images one', async () => {
  const dir = testbed.tempDir('containerd');
  const images = "[plugins.'io.containerd.cri.v1.images'";
  const base = [
    'version = 3',
    ...daemonPaths(dir),
    `${images}]`,
    '  snapshotter = "native"',
    `${images}.registry.configs."myreg.example.com".auth]`,
    '  username = "erin"',
    `  password = "${password('erin')}"`,
  ];
  const migrated = [`${CRI}.configs."other.example.com".auth]`, '  username = "dave"', `  password = "${password('dave')}"`];
  const env = testbed.env();
  for (const lines of [base, [...base, ...migrated]]) {
    writeFileSync(join(dir, 'config.toml'), lines.join('\n'), { mode: 0o600 });
    const context = resolveContext({ clients: ['containerd'], env, containerdConfig: join(dir, 'config.toml'), containerdRelease: '2' });
    const predicted = new Map<RegistryName, string | null>();
    for (const [registry, image] of [['myreg', 'myreg.example.com/app'], ['other', 'other.example.com/app']] as const) predicted.set(registry, (await resolveFor('containerd', targetOfText(image), context)).username);
    const { daemon, socket } = await startDaemon(dir, oracleBinary('containerd-2-daemon'));
    try {
      const endpoint = `unix://${socket}`;
      for (const [registry, image] of [['myreg', 'myreg.example.com/app'], ['other', 'other.example.com/app']] as const) {
        const seen = await testbed.usersSeen(registry, () => run(oracleBinary('crictl'), ['--runtime-endpoint', endpoint, '--image-endpoint', endpoint, 'pull', image], { env, timeoutMs: 90_000 }));
        const user = predicted.get(registry) ?? null;
        assert.deepEqual(seen.users, user === null ? [] : [user], `${image} with ${lines === base ? 'the images table only' : 'both tables'}: ${seen.result.stderr.slice(-400)}`);
        assert.equal(seen.result.code === 0, user !== null);
      }
    } finally {
      await stopDaemon(daemon);
    }
  }
});
