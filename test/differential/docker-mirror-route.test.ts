/**
 * daemon.json registry-mirrors: what the real Docker CLI hands dockerd for a pull (X-Registry-Auth,
 * recorded by the stand-in daemon) is what regauth says each mirror is offered. dockerd itself
 * cannot run here; that it offers the same account to every endpoint, mirrors included, and uses
 * mirrors only for Docker Hub pulls is read from moby (registry/service_v2.go lookupV2Endpoints,
 * distribution/registry.go newRepository: one static credential store for all endpoints).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAll, targetOfText } from '../../src/resolve/resolve.js';
import { checkRouting } from '../../src/doctor/checks/routing.js';
import type { Facts } from '../../src/doctor/facts.js';
import { startRecordingDaemon } from '../testbed/recording-daemon.js';
import { run } from '../testbed/process.js';
import { basicAuthField, loadTestbed } from '../testbed/testbed.js';

const testbed = loadTestbed();
after(() => testbed.close());

test('Docker: registry-mirrors get the Hub account the CLI sends, for Hub pulls only', async () => {
  const home = testbed.tempDir('docker-mirrors');
  const daemonJson = join(home, 'daemon.json');
  writeFileSync(daemonJson, '{\n  "registry-mirrors": ["mirror.example.com"]\n}\n');
  const configDir = join(home, '.docker');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, 'config.json'),
    JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: basicAuthField(testbed.user('alice')) }, 'mirror.example.com': { auth: basicAuthField(testbed.user('bob')) } } }),
  );
  const daemon = await startRecordingDaemon(home);
  after(() => daemon.close());
  const env = testbed.env({ HOME: home, DOCKER_CONFIG: configDir, DOCKER_HOST: daemon.host });

  const [hub] = await resolveAll(targetOfText('alice/app'), { clients: ['docker'], env, daemonConfig: daemonJson });
  const pulled = await run(testbed.bins.docker, ['pull', 'alice/app'], { env, timeoutMs: 30_000 });
  assert.equal(pulled.code, 0, pulled.stderr);
  const sent = daemon.recorded.filter((item) => item.action === 'pull').at(-1)?.auth?.username ?? null;
  assert.equal(sent, 'alice');
  assert.deepEqual(
    hub?.route?.endpoints.map((endpoint) => `${endpoint.role} ${endpoint.registry} ${endpoint.username}`),
    [`mirror mirror.example.com ${sent}`, `primary registry-1.docker.io ${sent}`],
    'every endpoint is offered what the CLI sent; the mirror\'s own entry (bob) is not used',
  );
  assert.equal(hub?.route?.endpoints[0]?.line, 2);

  const [pushed] = await resolveAll(targetOfText('alice/app'), { clients: ['docker'], env, daemonConfig: daemonJson, operation: 'push' });
  assert.deepEqual(pushed?.route?.endpoints.map((endpoint) => endpoint.registry), ['registry-1.docker.io']);

  const [other] = await resolveAll(targetOfText('myreg.example.com/app'), { clients: ['docker'], env, daemonConfig: daemonJson });
  assert.deepEqual(other?.route?.endpoints.map((endpoint) => endpoint.registry), ['myreg.example.com']);
  assert.deepEqual(other?.route?.unused, [{ registry: 'mirror.example.com', why: 'registry-mirrors apply to Docker Hub images only', file: daemonJson, line: 2 }]);
  const facts = {
    clients: { probes: [{ image: 'myreg.example.com/app', registry: 'myreg.example.com', why: 'test', outcomes: [{ client: 'docker', route: other?.route }] }, { image: 'docker.io/alice/app', registry: 'docker.io', why: 'test', outcomes: [{ client: 'docker', route: hub?.route }] }] },
    daemon: { path: daemonJson, mirrors: ['mirror.example.com'], insecureRegistries: [], proxies: {}, error: null },
  } as unknown as Facts;
  const findings = checkRouting(facts);
  assert.deepEqual(findings.map((item) => `${item.id} ${item.file}:${item.line}`).sort(), [`docker-mirror-hub-credentials ${daemonJson}:2`, `docker-mirror-hub-only ${daemonJson}:2`]);
});
